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
// --worker: rebuild only the kernel's worker, the tutorials and the datasets into an existing site (seconds)
const workerOnly = args.includes("--worker");
const buildDir = join(here, ".build");
const started = Date.now();
const step = (what) => console.log(`[lite] ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const writeJson = (path, value) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
};

const rootRequire = createRequire(join(repo, "package.json"));
const esbuild = rootRequire("esbuild");
const kernelDir = join(here, "kernel");
const extensionOut = join(out, "extensions", "@gradlab", "lite-kernel");
mkdirSync(buildDir, { recursive: true });
if (workerOnly) {
  const config = join(out, "jupyter-lite.json");
  if (!existsSync(config) || !existsSync(join(buildDir, "core.package.json")))
    throw new Error(`--worker needs a full build first (npm run build:lite)`);
  writeJson(config, siteConfig(await buildKernel()));
  step("gradlab kernel");
  writeContents();
  step("tutorials and datasets");
  process.exit(0);
}
rmSync(out, { recursive: true, force: true });

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
// (read from node_modules, not required: a package's "exports" may not list its package.json)
const extensionPackages = liteDeps.filter(
  (name) => readJson(join(here, "node_modules", name, "package.json")).jupyterlab,
);
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

// 4. The gradlab kernel: a federated extension (its plugin, shared with the app) and its web worker.
const federated = await buildKernel();
step("gradlab kernel");

// 5. The pages and the site's configuration.
const template = readFileSync(join(here, "app", "index.html"), "utf8");
// lab/: JupyterLab; tree/, notebooks/ and edit/: Notebook 7 (its file browser, one notebook, one file)
for (const page of ["lab", "tree", "notebooks", "edit"]) {
  const html = template.replaceAll("{{root}}", "../").replaceAll("{{page}}", page);
  mkdirSync(join(out, page), { recursive: true });
  writeFileSync(join(out, page, "index.html"), html);
  writeJson(join(out, page, "jupyter-lite.json"), {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": page === "lab" ? {} : { notebookPage: page, appUrl: "./" + page },
  });
}
writeFileSync(
  join(out, "index.html"),
  `<!doctype html>\n<meta charset="utf-8" />\n<title>gradlab</title>\n<meta http-equiv="refresh" content="0; url=lab/index.html" />\n<a href="lab/index.html">gradlab</a>\n`,
);
writeJson(join(out, "jupyter-lite.json"), siteConfig(federated));
step("pages");
writeContents();
step("tutorials and datasets");

/**
 * The tutorials in the file browser, as `jupyter lite build` lays out contents: the students' versions
 * (what `gradlab release` writes: solutions replaced by stubs) in files/, their models in
 * api/contents/all.json. And the datasets the library loads in the browser, under datasets/.
 */
function writeContents() {
  const { studentVersion, notebookText } = rootRequire(join(repo, "dist", "cli", "release.js"));
  rmSync(join(out, "files"), { recursive: true, force: true });
  mkdirSync(join(out, "files"), { recursive: true });
  const models = [];
  const now = new Date(statSync(join(repo, "package.json")).mtimeMs).toISOString();
  for (const name of readdirSync(join(repo, "notebooks"))
    .filter((n) => n.endsWith(".ipynb"))
    .sort()) {
    let text;
    try {
      text = notebookText(studentVersion(join(repo, "notebooks", name)).notebook);
    } catch (err) {
      console.warn(`[lite] ${name} left out: ${err.message}`);
      continue;
    }
    writeFileSync(join(out, "files", name), text);
    models.push({
      name,
      path: name,
      type: "notebook",
      format: null,
      mimetype: null,
      content: null,
      writable: true,
      created: now,
      last_modified: now,
      size: Buffer.byteLength(text),
    });
  }
  writeJson(join(out, "api", "contents", "all.json"), {
    name: "",
    path: "",
    type: "directory",
    format: "json",
    mimetype: null,
    writable: true,
    created: now,
    last_modified: now,
    size: null,
    content: models,
  });
  mkdirSync(join(out, "datasets"), { recursive: true });
  writeFileSync(join(out, "datasets", "mnist.bin"), encodeMnist(rootRequire("mnist")));
}

/**
 * The `mnist` package's digits (10,000 × 784 pixels, 256 distinct values) in 2-3 MB instead of 41 MB of
 * JSON: a header (the distinct values, sorted, so 0 is index 0; each digit's id and count), then each
 * pixel as the index of its value, a run of zeros as 0 and the run's length (1-255).
 * lite/kernel/shims/mnist.js decodes it to the same numbers.
 */
function encodeMnist(digits) {
  const values = [...new Set(digits.flatMap((d) => [...new Set(d.raw)]))].sort((a, b) => a - b);
  if (values[0] !== 0 || values.length > 256) throw new Error("mnist: unexpected pixel values");
  const index = new Map(values.map((v, i) => [v, i]));
  const header = Buffer.from(
    JSON.stringify({ values, digits: digits.map((d) => ({ id: d.id, length: d.length })) }),
  );
  const bytes = [];
  for (const digit of digits)
    for (let i = 0; i < digit.raw.length;) {
      if (digit.raw[i] === 0) {
        let run = 0;
        while (run < 255 && i < digit.raw.length && digit.raw[i] === 0) (run++, i++);
        bytes.push(0, run);
      } else bytes.push(index.get(digit.raw[i++]));
    }
  const size = Buffer.alloc(4);
  size.writeUInt32LE(header.length);
  return Buffer.concat([size, header, Buffer.from(bytes)]);
}

/** The site's jupyter-lite.json. */
function siteConfig(federated) {
  return {
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
      exposeAppInBrowser: "true",
      contentsAllJsonFile: "all.json",
    },
  };
}

/** The kernel's federated extension (its page plugin) and its worker; the site's federated_extensions. */
async function buildKernel() {
  await esbuild.build({
    entryPoints: [join(kernelDir, "src", "index.ts")],
    outfile: join(kernelDir, "lib", "index.js"),
    bundle: true,
    format: "esm",
    target: "es2022",
    external: ["@jupyterlab/*", "@jupyterlite/*", "@lumino/*"],
    logLevel: "warning",
  });
  execFileSync(
    process.execPath,
    [
      require.resolve("@jupyter/builder/lib/build-labextension.js"),
      "--core-package-file",
      join(buildDir, "core.package.json"),
      ...(development ? ["--development"] : []),
      kernelDir,
    ],
    { cwd: here, stdio: "inherit" },
  );
  rmSync(extensionOut, { recursive: true, force: true });
  cpSync(join(buildDir, "extension"), extensionOut, { recursive: true });
  const extensionData = readJson(join(extensionOut, "package.json"));
  await buildWorker(join(extensionOut, "static"));
  return [{ name: extensionData.name, ...extensionData.jupyterlab._build }];
}

/** The worker: the kernel, the library and the widgets in one script, and the files its type-checker reads. */
async function buildWorker(dir) {
  const shims = join(kernelDir, "shims");
  const builtins = [
    "fs",
    "path",
    "util",
    "crypto",
    "os",
    "zlib",
    "module",
    "worker_threads",
    "async_hooks",
    "v8",
    "vm",
  ];
  const assets = {
    chart: readFileSync(join(repo, "dist", "widgets", "browser", "chart.js"), "utf8"),
    stepper: readFileSync(join(repo, "dist", "widgets", "browser", "stepper.js"), "utf8"),
    graph: readFileSync(join(repo, "dist", "widgets", "browser", "graph.js"), "utf8"),
    plotly: readFileSync(rootRequire.resolve("plotly.js-cartesian-dist-min/plotly-cartesian.min.js"), "utf8"),
  };
  writeFileSync(join(buildDir, "assets.json"), JSON.stringify(assets));
  const browserSeams = {
    name: "gradlab-browser-seams",
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) => ({
        path: args.path === "node:path" ? rootRequire.resolve("path-browserify") : join(shims, "node.js"),
      }));
      build.onResolve({ filter: new RegExp(`^(${builtins.join("|")})$`) }, (args) =>
        args.path === "path"
          ? { path: rootRequire.resolve("path-browserify") }
          : { path: join(shims, "node.js") },
      );
      build.onResolve({ filter: /^@tslab\/typescript-for-tslab$/ }, (args) =>
        /tslab[\\/]dist[\\/]converter/.test(args.importer)
          ? { path: join(shims, "ts-for-converter.js") }
          : undefined,
      );
      build.onResolve({ filter: /\/version$/ }, (args) =>
        resolve(dirname(args.importer), args.path) === join(repo, "lib", "version")
          ? { path: join(shims, "version.js") }
          : undefined,
      );
      build.onResolve({ filter: /\/assets$/ }, (args) =>
        resolve(dirname(args.importer), args.path) === join(repo, "widgets", "assets")
          ? { path: join(shims, "assets.js") }
          : undefined,
      );
      // the gpu backend's Node-only parts: which modes work here, and the async contract's worker
      build.onResolve({ filter: /\/(modes|async-bridge)$/ }, (args) => {
        const name = args.path.split("/").at(-1);
        return resolve(dirname(args.importer), args.path) === join(repo, "lib", "backend", "gpu", name)
          ? { path: join(shims, `${name}.js`) }
          : undefined;
      });
      build.onResolve({ filter: /^mnist$/ }, () => ({ path: join(shims, "mnist.js") }));
      build.onResolve({ filter: /^(gl|webgpu)$/ }, () => ({ path: join(shims, "node.js") }));
    },
  };
  await esbuild.build({
    entryPoints: [join(kernelDir, "src", "worker.ts")],
    outfile: join(dir, "worker.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: !development,
    // classes keep their names: the graph and summaries name modules by their class (Linear, Tanh)
    keepNames: true,
    sourcemap: development,
    plugins: [browserSeams],
    alias: { "gradlab-assets": join(buildDir, "assets.json") },
    define: {
      "process.env": "globalThis.__gradlabEnv",
      __GRADLAB_VERSION__: JSON.stringify(readJson(join(repo, "package.json")).version),
      "process.version": JSON.stringify("v20.0.0"),
      "process.platform": JSON.stringify("browser"),
      __filename: JSON.stringify("/gradlab/worker.js"),
      // the worker's own folder (set by src/env.ts): what a stack frame of the bundle starts with, so
      // the library's "first frame outside gradlab" (anomaly mode) skips the bundle's frames
      __dirname: "globalThis.__gradlabDir",
      global: "globalThis",
    },
    logLevel: "warning",
  });
  // gpu.js for WebGPU, in a worker of its own (its kernels answer asynchronously)
  await esbuild.build({
    entryPoints: [join(kernelDir, "src", "gpu-worker.ts")],
    outfile: join(dir, "gpu-worker.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: !development,
    logLevel: "warning",
  });
  // what the type-checker reads: TypeScript's lib files and gradlab's declarations
  const tsLib = dirname(
    rootRequire.resolve("@tslab/typescript-for-tslab/lib/lib.d.ts", {
      paths: [dirname(rootRequire.resolve("tslab/package.json"))],
    }),
  );
  const files = {};
  // ES2022 and what it references (tslab's target for Node ≥ 18), not lib.dom: cells see
  // src/browser-globals.d.ts instead, and the type-checker starts faster
  for (const name of readdirSync(tsLib).filter((n) =>
    /^lib\.(es5|es20(1\d|2[012])(\.[a-z]+)*|decorators(\.legacy)?)\.d\.ts$/.test(n),
  ))
    files[`/typescript/lib/${name}`] = readFileSync(join(tsLib, name), "utf8");
  for (const folder of ["lib", "widgets", "exercises"])
    for (const file of walk(join(repo, "dist", folder)).filter((f) => f.endsWith(".d.ts")))
      files[`/gradlab/${relative(join(repo, "dist"), file)}`] = readFileSync(file, "utf8");
  for (const name of ["globals.d.ts", "display.d.ts"])
    files[`/gradlab/kernel/${name}`] = readFileSync(join(repo, "dist", "kernel", name), "utf8");
  files["/gradlab/kernel/browser-globals.d.ts"] = readFileSync(
    join(kernelDir, "src", "browser-globals.d.ts"),
    "utf8",
  );
  // the globals file the converter adds to every program names the browser's too
  files["/gradlab/kernel/globals.d.ts"] =
    `/// <reference path="./browser-globals.d.ts" />\n` + files["/gradlab/kernel/globals.d.ts"];
  writeFileSync(join(dir, "files.json"), JSON.stringify(files));
}

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
