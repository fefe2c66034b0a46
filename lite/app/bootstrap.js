// The first script of every page of the site. It reads the site's configuration (jupyter-lite.json at the
// site's root, then the one beside the page, as `jupyter lite build` lays them out), turns its relative
// URLs into absolute ones so the site works under any path (GitHub Pages serves it under /REPO/), loads
// the federated extensions (the gradlab kernel is one) into the shared module scope, and starts the app.

const root = window.__GRADLAB_ROOT__; // the site's root path, set by the page (each page knows its depth)
// eslint-disable-next-line no-undef
__webpack_public_path__ = root + "build/";

async function readConfig(url) {
  try {
    const response = await fetch(url);
    if (!response.ok) return {};
    return (await response.json())["jupyter-config-data"] ?? {};
  } catch {
    return {};
  }
}

async function pageConfig() {
  const site = await readConfig(root + "jupyter-lite.json");
  const page = await readConfig("./jupyter-lite.json");
  const config = { ...site, ...page };
  const join = (path) => root + path.replace(/^\.?\//, "");
  Object.assign(config, {
    baseUrl: root,
    wsUrl: "",
    appUrl: join(config.appUrl ?? "./lab"),
    fullStaticUrl: join("build"),
    fullLabextensionsUrl: join("extensions"),
    settingsUrl: join("build/schemas"),
    themesUrl: "build/themes",
    federated_extensions: config.federated_extensions ?? [],
  });
  const element = document.getElementById("jupyter-config-data");
  element.textContent = JSON.stringify(config);
  return config;
}

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.onerror = () => reject(new Error(`could not load ${url}`));
    script.onload = resolve;
    script.async = true;
    script.src = url;
    document.head.appendChild(script);
  });
}

/** Loads one federated extension's remote entry and joins it to the shared module scope. */
async function loadExtension(config, { name, load }) {
  await loadScript(`${config.fullLabextensionsUrl}/${name}/${load}`);
  // eslint-disable-next-line no-undef
  await __webpack_init_sharing__("default");
  const container = window._JUPYTERLAB[name];
  // eslint-disable-next-line no-undef
  await container.init(__webpack_share_scopes__.default);
  return container;
}

/** The gradlab kernel's worker, started before the app loads: its type-checker warms up meanwhile, and
 * the kernel plugin (lite/kernel/src/index.ts) takes it for the first kernel. Pages with no kernel skip it. */
function startKernelWorker(config) {
  const gradlab = config.federated_extensions.some((e) => e.name === "@gradlab/lite-kernel");
  if (gradlab && ["lab", "notebooks"].includes(window.__GRADLAB_PAGE__))
    window.__gradlabWorker = new Worker(
      `${config.fullLabextensionsUrl}/@gradlab/lite-kernel/static/worker.js`,
    );
}

void (async () => {
  const config = await pageConfig();
  startKernelWorker(config);
  const loaded = await Promise.allSettled(
    config.federated_extensions.map((data) => loadExtension(config, data)),
  );
  const federated = [];
  loaded.forEach((result, i) => {
    if (result.status === "rejected") console.error(result.reason);
    else federated.push({ data: config.federated_extensions[i], container: result.value });
  });
  const { main } = await import("./main.js");
  await main(window.__GRADLAB_PAGE__, federated);
})();
