// gradlab in headless Chromium, on `gradlab lite`'s site (npm run build:lite first): matmul 512 in GFLOP/s
// and the MNIST-MLP training step (784 → 128 → relu → 10, batch 64, Adam) in samples/s, on the browser
// kernel's backends against the same measurement in Node in the same run. One JavaScript function
// measures everywhere: Node calls it directly, the page's kernel evaluates its source in a cell.
// WebGL 2 and WebGPU run on SwiftShader (a CPU rasterizer) here: their rows are a figure plus a
// correctness check (the product against the reference backend), not a speed claim.
import { kernelsOf } from "../../lib/backend";
import * as gradlab from "../../lib";
import { liteSiteDir, serveLite } from "../../cli/lite";
import { launchBrowser, openPage, webgpuArgs } from "../../test/helpers/browser";
import { runCells } from "../../test/lite/helpers";
import type { BenchContext, Row, Suite } from "../row";

interface Measured {
  info: { mode?: string; threadCount?: number; summary?: string };
  /** worst |c − reference| / max |reference| of the 512 product */
  worst: number;
  matmulMs: number;
  stepMs: number;
  firstLoss: number;
}

/** (gradlab, kernelsOf, backend, quick) → Measured, as plain JavaScript that a cell can evaluate too. */
const measureSource = `async (gl, kernelsOf, backend, quick) => {
  gl.setBackend(backend);
  const info = gl.backendInfo();
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = async (fn) => {
    await fn();
    const times = [];
    const start = performance.now();
    while (times.length < 3 || (performance.now() - start < (quick ? 1000 : 3000) && times.length < 50)) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    return median(times);
  };
  const n = 512;
  const a = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: n * n }, (_, i) => Math.cos(0.7 * i));
  const args = { a, b, batch: 1, m: n, k: n, n };
  const kernels = kernelsOf(backend);
  const c = kernels.matmul(args);
  const ref = kernelsOf("reference").matmul(args);
  let scale = 1e-6;
  let worst = 0;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]));
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i] - c[i]) / scale);
  const matmulMs = await time(() => kernels.matmul(args));
  gl.manualSeed(0);
  const nn = gl.nn;
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const optimizer = new gl.optim.Adam(model, { lr: 1e-3 });
  const x = gl.randn([64, 784]);
  const y = new gl.Tensor(Int32Array.from({ length: 64 }, (_, i) => i % 10), [64]);
  let loss = NaN;
  const step = () =>
    gl.stepScope(() => {
      optimizer.zeroGrad();
      const l = gl.crossEntropy(model.forward(x), y);
      l.backward();
      optimizer.step();
      loss = l.item();
    }, [model, optimizer]);
  step();
  const firstLoss = loss;
  const stepMs = await time(step);
  return { info, worst, matmulMs, stepMs, firstLoss };
}`;

type Measure = (
  gl: typeof gradlab,
  of: typeof kernelsOf,
  backend: string,
  quick: boolean,
) => Promise<Measured>;

/** The browser kernel's backends: [row impl, setBackend name, the mode it must run, a page served cross-origin isolated]. */
const browserBackends: [string, string, string, boolean][] = [
  ["gradlab-browser-wasm", "gpu:webasm", "webasm", true],
  ["gradlab-browser-webgl2-swiftshader", "gpu:webgl2", "webgl2", true],
  ["gradlab-browser-webgpu-swiftshader", "gpu:webgpu", "webgpu", true],
  // a static host's page (GitHub Pages): no shared memory, so the SIMD kernel on one thread
  ["gradlab-browser-wasm-not-isolated", "gpu", "webasm", false],
];

async function measure(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (impl: string, m: Measured) => {
    rows.push(
      {
        suite: "browser",
        case: "matmul 512",
        impl,
        value: (2 * 512 ** 3) / m.matmulMs / 1e6,
        unit: "GFLOP/s",
      },
      { suite: "browser", case: "mnist-mlp step", impl, value: 64 / (m.stepMs / 1000), unit: "samples/s" },
      { suite: "browser", case: "matmul 512 vs reference", impl, value: m.worst, unit: "max rel. diff" },
    );
    ctx.log(
      `browser: ${impl}: ${m.info.mode} on ${m.info.threadCount ?? 1} thread(s); first step's loss ${m.firstLoss}`,
    );
  };
  const run = (0, eval)(`(${measureSource})`) as Measure;
  add("gradlab-node", await run(gradlab, kernelsOf, "gpu", ctx.quick));
  gradlab.setBackend("reference");

  const servers = {
    isolated: await serveLite(liteSiteDir()),
    plain: await serveLite(liteSiteDir(), 0, false),
  };
  const browser = await launchBrowser(webgpuArgs);
  try {
    for (const [impl, backend, mode, isolated] of browserBackends) {
      const context = await browser.newContext();
      const server = isolated ? servers.isolated : servers.plain;
      const { page } = await openPage(context, server.url + "lab/index.html");
      await page.waitForSelector("body[data-gradlab-ready]", { state: "attached", timeout: 60_000 });
      const [result] = await runCells(page, [
        `import * as gl from "gradlab";
import { kernelsOf } from "gradlab/lib/backend";
const measure = (0, eval)(${JSON.stringify(`(${measureSource})`)});
console.log(JSON.stringify(await measure(gl, kernelsOf, ${JSON.stringify(backend)}, ${ctx.quick})));`,
      ]);
      await context.close();
      const out = result.outputs.find((o) => o.type === "stream" && o.content.name === "stdout");
      if (result.status !== "ok" || !out) throw new Error(`${impl}: ${JSON.stringify(result.outputs)}`);
      const measured = JSON.parse(String(out.content.text)) as Measured;
      if (measured.info.mode !== mode)
        throw new Error(`${impl}: runs ${measured.info.mode}, not ${mode}: ${measured.info.summary}`);
      add(impl, measured);
    }
    ctx.log(
      "browser: the SwiftShader rows (WebGL 2, WebGPU on the CPU) are a correctness check, not a speed claim",
    );
  } finally {
    await browser.close();
    await servers.isolated.close();
    await servers.plain.close();
  }
  return rows;
}

/** The `browser` suite (`npm run bench -- --only browser`): needs the site built (npm run build:lite). */
export const browserSuite: Suite = { name: "browser", run: measure };
