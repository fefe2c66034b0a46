// Builds the gradlab JupyterLite site into dist/lite/ (or --out DIR), laid out as `jupyter lite build`
// lays out its sites: build/ (the app, settings schemas, themes), extensions/ (federated extensions: the
// gradlab kernel), files/ + api/contents/ (the tutorials), lab/ tree/ notebooks/ edit/ (the pages) and
// jupyter-lite.json (the site's configuration).
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const require = createRequire(join(here, "package.json"));
const args = process.argv.slice(2);
const out = resolve(args.includes("--out") ? args[args.indexOf("--out") + 1] : join(repo, "dist", "lite"));
const development = args.includes("--dev");
const buildDir = join(here, ".build");
const started = Date.now();
const step = (what) => console.log(`[lite] ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const writeJson = (path, value) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
};

rmSync(out, { recursive: true, force: true });
mkdirSync(buildDir, { recursive: true });

// 1. The shared scope: JupyterLab's singletons (its core-meta list) that are installed, and JupyterLite's.
const coreMeta = require("@jupyterlab/core-meta/core.package.json");
const singletons = [
  ...coreMeta.jupyterlab.singletonPackages,
  "@jupyterlite/services",
  "@jupyterlite/localforage",
  "@jupyterlite/apputils",
  "@jupyterlite/application",
];
const installed = {};
for (const name of singletons) {
  try {
    installed[name] = require(`${name}/package.json`).version;
  } catch {
    // not part of this site
  }
}
writeJson(join(buildDir, "core.package.json"), {
  name: "@gradlab/lite-app",
  version: "0.1.0",
  private: true,
  dependencies: installed,
  jupyterlab: { singletonPackages: Object.keys(installed) },
});

// 2. Styles, settings schemas and themes of every front-end extension the pages use.
const { Build } = require("@jupyter/builder");
const liteDeps = Object.keys(readJson(join(here, "package.json")).dependencies);
const extensionPackages = liteDeps.filter((name) => require(`${name}/package.json`).jupyterlab);
const themes = Build.ensureAssets({
  packageNames: extensionPackages,
  output: buildDir,
  schemaOutput: join(out, "build"),
  themeOutput: join(out, "build"),
});
const schemaDir = join(out, "build", "schemas");
const all = [];
for (const pkg of walk(schemaDir).filter((f) => f.endsWith(".json") && !f.endsWith("package.json.orig"))) {
  const rel = relative(schemaDir, pkg);
  const id = `${dirname(rel)}:${rel
    .split("/")
    .at(-1)
    .replace(/\.json$/, "")}`;
  const version = readJson(join(schemaDir, dirname(rel), "package.json.orig")).version;
  all.push({ id, raw: "{}", schema: readJson(pkg), settings: {}, version });
}
writeJson(join(schemaDir, "all.json"), all);
writeJson(join(schemaDir, "all_federated.json"), []);
// English only: the translation service answers with no language packs
writeJson(join(out, "api", "translations", "all.json"), {
  data: { en: { displayName: "English", nativeName: "English" } },
  message: "",
});
writeJson(join(out, "api", "translations", "en.json"), { data: {}, message: "" });
step(`styles, ${all.length} settings schemas and themes`);

// 3. The app.
await bundle([require("./rspack.config.js")({ out, development }), ...themes]);
step("app bundled");

// 4. The pages and the site's configuration.
const template = readFileSync(join(here, "app", "index.html"), "utf8");
for (const page of ["lab"]) {
  const html = template.replaceAll("{{root}}", "../").replaceAll("{{page}}", page);
  mkdirSync(join(out, page), { recursive: true });
  writeFileSync(join(out, page, "index.html"), html);
  writeJson(join(out, page, "jupyter-lite.json"), {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {},
  });
}
writeFileSync(
  join(out, "index.html"),
  `<!doctype html>\n<meta charset="utf-8" />\n<title>gradlab</title>\n<meta http-equiv="refresh" content="0; url=lab/index.html" />\n<a href="lab/index.html">gradlab</a>\n`,
);
const federated = [];
writeJson(join(out, "jupyter-lite.json"), {
  "jupyter-lite-schema-version": 0,
  "jupyter-config-data": {
    appName: "gradlab",
    appVersion: readJson(join(repo, "package.json")).version,
    defaultKernelName: "gradlab",
    appUrl: "./lab",
    treeUrl: "./lab/tree",
    notebookPage: "notebooks",
    federated_extensions: federated,
    disabledExtensions: [],
  },
});
step("pages");

function bundle(config) {
  const { rspack } = require("@rspack/core");
  return new Promise((done, fail) =>
    rspack(config, (err, stats) => {
      if (err) return fail(err);
      if (stats.hasErrors()) return fail(new Error(stats.toString({ all: false, errors: true })));
      done(stats);
    }),
  );
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
