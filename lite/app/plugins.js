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

export const pages = {
  lab: {
    app: async () => (await import("@jupyterlab/application")).JupyterLab,
    styles: () => import("../.build/style.js"),
    extensions: () => [...services(), ...shared(), import("@jupyterlab/launcher-extension")],
    mimeExtensions: () => [import("@jupyterlab/json-extension")],
    disabled: liteReplaces,
  },
};
