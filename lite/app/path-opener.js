// Notebook 7 opens a notebook or a file in a new tab at PAGE/PATH (notebooks/02-autograd.ipynb), a URL a
// server answers. A static site has only PAGE/index.html: open PAGE/index.html?path=PATH instead, which
// JupyterLite's opener reads.
import { INotebookPathOpener } from "@jupyter-notebook/application";
import { URLExt } from "@jupyterlab/coreutils";

export default {
  id: "@gradlab/lite-app:path-opener",
  description: "Opens paths as PAGE/index.html?path=PATH, the URLs of a static site",
  autoStart: true,
  provides: INotebookPathOpener,
  activate: () => ({
    open({ prefix, path, searchParams, target, features }) {
      const url = new URL(URLExt.join(prefix, "index.html"), window.location.origin);
      const params = new URLSearchParams(searchParams ?? undefined);
      if (path) params.set("path", path);
      url.search = params.toString();
      return window.open(url, target, features);
    },
  }),
};
