// The app of one page: JupyterLab (lab/) or Notebook 7 (tree/, notebooks/, edit/), with JupyterLite's
// in-browser services (contents in the browser's storage, kernels in web workers) in place of a server.
import { PageConfig } from "@jupyterlab/coreutils";
import { IServiceManager } from "@jupyterlab/services";
import { PluginRegistry } from "@lumino/coreutils";
import { pages } from "./plugins.js";

/** Plugins of an extension module, ES module or CommonJS, one or many. */
function pluginsOf(module) {
  const exports = Object.prototype.hasOwnProperty.call(module, "__esModule") ? module.default : module;
  return Array.isArray(exports) ? exports : [exports];
}

function enabled(disabled, keeps = {}) {
  return (plugin) => {
    const [pkg, name] = plugin.id.split(":");
    return (
      !PageConfig.Extension.isDisabled(plugin.id) &&
      !disabled.some((d) => plugin.id === d || plugin.id.startsWith(d + ":")) &&
      (!(pkg in keeps) || keeps[pkg].includes(name))
    );
  };
}

/** Drops, until none is left, the plugins that require a service no plugin provides here (Notebook 7's
 * pages have no JupyterLab shell: what needs ILabShell goes). */
function prune(plugins) {
  for (;;) {
    const provided = new Set(plugins.filter((p) => p.provides).map((p) => p.provides.name));
    const i = plugins.findIndex((p) => (p.requires ?? []).some((token) => !provided.has(token.name)));
    if (i < 0) return;
    plugins.splice(i, 1);
  }
}

export async function main(pageName, federated) {
  const page = pages[pageName];
  await page.styles();
  const keep = enabled(page.disabled, page.keeps);
  const plugins = (await Promise.all(page.extensions())).flatMap(pluginsOf).filter(keep);
  const mimeExtensions = (await Promise.all(page.mimeExtensions())).flatMap(pluginsOf).filter(keep);
  for (const { data, container } of federated) {
    if (!data.extension) continue;
    const factory = await container.get(data.extension);
    plugins.push(...pluginsOf(factory()).filter(keep));
  }

  if (page.prune) prune(plugins);

  // Services (kernels, contents, settings) are plugins too: resolve the service manager before the app.
  const registry = new PluginRegistry();
  registry.registerPlugins(plugins);
  const serviceManager = await registry.resolveRequiredService(IServiceManager);
  const App = await page.app();
  const app = new App({ pluginRegistry: registry, serviceManager, mimeExtensions });
  app.name = "gradlab";
  if (PageConfig.getOption("exposeAppInBrowser") === "true") window.jupyterapp = app;
  await app.start();
  document.body.dataset.gradlabStarted = "true";
  await app.restored;
  document.body.dataset.gradlabReady = "true";
}
