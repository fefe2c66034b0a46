// The gradlab kernel's front-end plugin: registers the "gradlab" kernelspec with JupyterLite's in-browser
// kernel service. Each kernel is a web worker (worker.ts) that type-checks and runs the cells.
import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import { IKernelSpecs, type IKernel } from "@jupyterlite/services";
import { GradlabKernel } from "./kernel";

const plugin: JupyterFrontEndPlugin<void> = {
  id: "@gradlab/lite-kernel:kernel",
  description: "TypeScript cells with the gradlab library, run in a web worker",
  autoStart: true,
  requires: [IKernelSpecs],
  activate: (_app: unknown, specs: IKernelSpecs) => {
    const base = URLExt.join(PageConfig.getOption("fullLabextensionsUrl"), "@gradlab/lite-kernel", "static");
    specs.register({
      spec: {
        name: "gradlab",
        display_name: "TypeScript (gradlab)",
        language: "typescript",
        argv: [],
        resources: { "logo-32x32": "", "logo-64x64": "" },
      },
      create: async (options: IKernel.IOptions): Promise<IKernel> =>
        new GradlabKernel({ ...options, workerUrl: URLExt.join(base, "worker.js") }),
    });
  },
};

export default plugin;
