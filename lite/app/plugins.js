// Which plugins each page of the site runs. JupyterLite's own plugins replace the server-backed ones of
// JupyterLab (router, resolver, workspaces, downloads, the service managers), which are disabled here.

const liteReplaces = [
  // JupyterLite's service worker serves files to Pyodide kernels; the gradlab kernel does not need it
  "@jupyterlite/application-extension:service-worker-manager",
  "@jupyterlab/application-extension:logo",
  "@jupyterlab/application-extension:main",
  "@jupyterlab/application-extension:tree-resolver",
  "@jupyterlab/lsp-extension:plugin",
  "@jupyterlab/application-extension:router",
  "@jupyterlab/apputils-extension:announcements",
  "@jupyterlab/apputils-extension:resolver",
  "@jupyterlab/apputils-extension:workspaces",
  "@jupyterlab/apputils-extension:licenses-client",
  "@jupyterlab/docmanager-extension:download",
  "@jupyterlab/filebrowser-extension:download",
  "@jupyterlab/filebrowser-extension:share-file",
  "@jupyterlab/help-extension:about",
  "@jupyterlab/translation-extension:translator-connector",
  "@jupyterlab/services-extension:config-section-manager",
  "@jupyterlab/services-extension:default-drive",
  "@jupyterlab/services-extension:event-manager",
  "@jupyterlab/services-extension:kernel-manager",
  "@jupyterlab/services-extension:kernel-spec-manager",
  "@jupyterlab/services-extension:nbconvert-manager",
  "@jupyterlab/services-extension:session-manager",
  "@jupyterlab/services-extension:setting-manager",
  "@jupyterlab/services-extension:terminal-manager",
  "@jupyterlab/services-extension:user-manager",
  "@jupyterlab/services-extension:workspace-manager",
];

const services = () => [
  import("@jupyterlab/services-extension"),
  import("@jupyterlite/services-extension"),
  import("@jupyterlite/application-extension"),
  import("@jupyterlite/apputils-extension"),
];

const shared = () => [
  import("@jupyterlab/application-extension"),
  import("@jupyterlab/apputils-extension"),
  import("@jupyterlab/cell-toolbar-extension"),
  import("@jupyterlab/codemirror-extension"),
  import("@jupyterlab/completer-extension"),
  import("@jupyterlab/console-extension"),
  import("@jupyterlab/docmanager-extension"),
  import("@jupyterlab/documentsearch-extension"),
  import("@jupyterlab/filebrowser-extension"),
  import("@jupyterlab/fileeditor-extension"),
  import("@jupyterlab/help-extension"),
  import("@jupyterlab/imageviewer-extension"),
  import("@jupyterlab/lsp-extension"),
  import("@jupyterlab/mainmenu-extension"),
  import("@jupyterlab/markdownviewer-extension"),
  import("@jupyterlab/markedparser-extension"),
  import("@jupyterlab/mathjax-extension"),
  import("@jupyterlab/metadataform-extension"),
  import("@jupyterlab/notebook-extension"),
  import("@jupyterlab/rendermime-extension"),
  import("@jupyterlab/running-extension"),
  import("@jupyterlab/settingeditor-extension"),
  import("@jupyterlab/shortcuts-extension"),
  import("@jupyterlab/statusbar-extension"),
  import("@jupyterlab/theme-dark-extension"),
  import("@jupyterlab/theme-light-extension"),
  import("@jupyterlab/toc-extension"),
  import("@jupyterlab/tooltip-extension"),
  import("@jupyterlab/translation-extension"),
  import("@jupyterlab/ui-components-extension"),
];

// Notebook 7's pages take only these of JupyterLab's application and apputils plugins (as Notebook's own
// app does): the others belong to JupyterLab's shell (its layout, its tabs, its status bar).
const notebookKeeps = {
  "@jupyterlab/application-extension": ["commands", "context-menu", "top-bar", "top-spacer"],
  "@jupyterlab/apputils-extension": [
    "palette",
    "notification",
    "sanitizer",
    "sessionDialogs",
    "settings",
    "state",
    "themes",
    "themes-palette-menu",
    "toolbar-registry",
    "utilityCommands",
  ],
  "@jupyterlab/filebrowser-extension": [
    "browser",
    "default-file-browser",
    "factory",
    "file-upload-status",
    "open-with",
    "search",
    "settings",
    "widget",
  ],
};

const notebookDisabled = [
  ...liteReplaces,
  // JupyterLite's opener reads ?path=; Notebook's own asks a server for the tree
  "@jupyter-notebook/application-extension:opener",
  "@jupyter-notebook/application-extension:tree-resolver",
  "@jupyter-notebook/application-extension:logo",
  "@jupyter-notebook/help-extension:about",
  // replaced by ./path-opener.js: a static site's pages are PAGE/index.html?path=PATH
  "@jupyter-notebook/application-extension:path-opener",
  // the busy/idle favicons it swaps in are files of Jupyter Server's
  "@jupyter-notebook/notebook-extension:tab-icon",
];

const notebookCommon = () => [
  import("./path-opener.js"),
  import("@jupyter-notebook/application-extension"),
  import("@jupyter-notebook/docmanager-extension"),
  import("@jupyter-notebook/help-extension"),
  import("@jupyterlab/application-extension"),
  import("@jupyterlab/apputils-extension"),
  import("@jupyterlab/codemirror-extension"),
  import("@jupyterlab/completer-extension"),
  import("@jupyterlab/docmanager-extension"),
  import("@jupyterlab/documentsearch-extension"),
  import("@jupyterlab/mainmenu-extension"),
  import("@jupyterlab/markdownviewer-extension"),
  import("@jupyterlab/markedparser-extension"),
  import("@jupyterlab/mathjax-extension"),
  import("@jupyterlab/rendermime-extension"),
  import("@jupyterlab/shortcuts-extension"),
  import("@jupyterlab/theme-dark-extension"),
  import("@jupyterlab/theme-light-extension"),
  import("@jupyterlab/translation-extension"),
  import("@jupyterlab/ui-components-extension"),
];

/** A Notebook 7 page: the tree (file browser), a notebook, or the file editor. */
const notebookPage = (extra, disabled = []) => ({
  app: async () => (await import("@jupyter-notebook/application")).NotebookApp,
  styles: () => import("../.build/style.js"),
  extensions: () => [...services(), ...notebookCommon(), ...extra()],
  mimeExtensions: () => [import("@jupyterlab/json-extension")],
  disabled: [...notebookDisabled, ...disabled],
  keeps: notebookKeeps,
  prune: true,
});

export const pages = {
  // the notebook and editor factories too: opening a file from the listing makes its widget, which
  // Notebook's opener turns into a new tab at notebooks/ or edit/
  tree: notebookPage(
    () => [
      import("@jupyterlab/notebook-extension"),
      import("@jupyterlab/fileeditor-extension"),
      import("@jupyterlab/filebrowser-extension"),
      import("@jupyter-notebook/tree-extension"),
      import("@jupyterlab/running-extension"),
      import("@jupyterlab/settingeditor-extension"),
      // Notebook's opener (new tabs), not JupyterLab's (the tree page's own main area)
    ],
    ["@jupyterlab/docmanager-extension:opener"],
  ),
  notebooks: notebookPage(() => [
    import("@jupyter-notebook/notebook-extension"),
    import("@jupyterlab/cell-toolbar-extension"),
    import("@jupyterlab/metadataform-extension"),
    import("@jupyterlab/notebook-extension"),
    import("@jupyterlab/tooltip-extension"),
    import("@jupyterlab/filebrowser-extension"),
  ]),
  edit: notebookPage(() => [
    import("@jupyterlab/fileeditor-extension"),
    import("@jupyterlab/filebrowser-extension"),
  ]),
  lab: {
    app: async () => (await import("@jupyterlab/application")).JupyterLab,
    styles: () => import("../.build/style.js"),
    extensions: () => [...services(), ...shared(), import("@jupyterlab/launcher-extension")],
    mimeExtensions: () => [import("@jupyterlab/json-extension")],
    disabled: liteReplaces,
  },
};
