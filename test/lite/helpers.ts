// Running cells in the site's own gradlab kernel from a test: a page of `gradlab lite`, a kernel started
// through JupyterLite's services, each cell's reply status and iopub messages.
import { buildSync } from "esbuild";
import { join } from "node:path";
import { after, before } from "node:test";
import type { Browser, Page } from "playwright-core";
import { liteSiteDir, serveLite, type LiteServer } from "../../cli/lite";
import { launchBrowser } from "../helpers/browser";
import type { Notebook } from "../../kernel/notebook";

/** The site served by `gradlab lite` and a headless Chromium, started before the tests of the enclosing
 * suite (or file) and closed after them; read `.server` and `.browser` inside the tests. */
export function servedSite(): { server: LiteServer; browser: Browser } {
  const site = {} as { server: LiteServer; browser: Browser };
  before(async () => {
    site.server = await serveLite(liteSiteDir());
    site.browser = await launchBrowser();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

export interface CellRun {
  status: string;
  outputs: { type: string; content: Record<string, unknown> }[];
}

export interface CellOptions {
  /** answers to input() prompts, in order */
  stdin?: string[];
  /** interrupt the kernel this many ms after the cell at index `interruptCell` starts */
  interruptAfterMs?: number;
  interruptCell?: number;
}

/** Starts a gradlab kernel in the page and runs `cells` in it, one after the other. */
export async function runCells(page: Page, cells: string[], options: CellOptions = {}): Promise<CellRun[]> {
  return (await page.evaluate(
    `(async () => {
  const { cells, options } = ${JSON.stringify({ cells, options })};
  const app = window.jupyterapp;
  await app.serviceManager.kernelspecs.ready;
  const kernel = await app.serviceManager.kernels.startNew({ name: "gradlab" });
  const results = [];
  const stdin = [...(options.stdin ?? [])];
  for (const [index, code] of cells.entries()) {
    const outputs = [];
    const future = kernel.requestExecute({ code, allow_stdin: true });
    future.onIOPub = (m) => {
      if (m.header.msg_type !== "status" && m.header.msg_type !== "execute_input")
        outputs.push({ type: m.header.msg_type, content: m.content });
    };
    future.onStdin = (m) => {
      outputs.push({ type: "input_request", content: m.content });
      future.sendInputReply({ status: "ok", value: stdin.shift() ?? "" }, m.header);
    };
    if (index === options.interruptCell)
      setTimeout(() => kernel.interrupt(), options.interruptAfterMs ?? 1000);
    const reply = await future.done;
    results.push({ status: reply.content.status, outputs });
  }
  await kernel.shutdown();
  return results;
})()`,
  )) as CellRun[];
}

/** `entry` bundled as one script a page can evaluate: its exports on globalThis[globalName]. */
function pageScript(entry: string, globalName: string): string {
  const out = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    globalName,
    platform: "browser",
    footer: { js: `globalThis.${globalName} = ${globalName};` },
  });
  return out.outputFiles[0].text;
}

/** test/backend/cases.ts as one script a cell can eval: its cases and inputs on globalThis.__cases. */
export const casesScript = (): string => pageScript(join(__dirname, "..", "backend", "cases.ts"), "__cases");

/** A cell: every matmul, conv2d and pooling case on `backend` against the reference backend; prints the
 * worst relative difference of each op as JSON. */
export const compareBackendCell = (backend: string) => `
import { kernelsOf } from "gradlab/lib/backend";
const cases: any = (globalThis as any).__cases;
const ref = kernelsOf("reference");
const other = kernelsOf(${JSON.stringify(backend)});
const worst: Record<string, number> = {};
const failing: string[] = [];
let current = "";
const diff = (op: string, a: ArrayLike<number>, b: ArrayLike<number>) => {
  let scale = 1e-6;
  let d = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / scale);
  worst[op] = Math.max(worst[op] ?? 0, d);
  if (!(d < 1e-4)) failing.push(\`\${op} \${current}\`);
};
let seed = 1;
for (const c of cases.matmulCases) {
  const { a, b } = cases.matmulInputs(c, seed++);
  current = c.name;
  diff("matmul", ref.matmul({ ...c.args, a, b }), other.matmul({ ...c.args, a, b }));
}
for (const c of cases.convCases) {
  const { x, w, bias, dy } = cases.convInputs(c, seed++);
  current = c.name;
  diff("conv2d", ref.conv2d(x, w, bias, c.g), other.conv2d(x, w, bias, c.g));
  diff("conv2dInputGrad", ref.conv2dInputGrad(dy, w, c.g), other.conv2dInputGrad(dy, w, c.g));
  diff("conv2dWeightGrad", ref.conv2dWeightGrad(x, dy, c.g), other.conv2dWeightGrad(x, dy, c.g));
}
for (const c of cases.poolCases) {
  const { x, dy } = cases.poolInputs(c, seed++);
  current = c.name;
  const r = ref.maxPool2d(x, c.g);
  diff("maxPool2d", r.y, other.maxPool2d(x, c.g).y);
  diff("maxPool2dGrad", ref.maxPool2dGrad(dy, r.argmax, c.g), other.maxPool2dGrad(dy, r.argmax, c.g));
  diff("avgPool2d", ref.avgPool2d(x, c.g), other.avgPool2d(x, c.g));
  diff("avgPool2dGrad", ref.avgPool2dGrad(dy, c.g), other.avgPool2dGrad(dy, c.g));
}
console.log(JSON.stringify(worst));
if (failing.length) console.error("differs from the reference: " + failing.join("; "));
`;

/** kernel/notebook.ts (what `gradlab run` executes notebooks with) as a script for the page: it defines
 * `window.__notebook.executeNotebook`, to run on a kernel of the site's own services. */
export const notebookScript = (): string =>
  pageScript(join(__dirname, "..", "..", "kernel", "notebook.ts"), "__notebook");

/** Runs every code cell of `notebook` in a fresh gradlab kernel of the page (notebookScript() loaded), as
 * `gradlab run` does in Node; gives the notebook with its outputs and the milliseconds the run took from
 * asking for the kernel to the last cell's reply. */
export async function runNotebookInPage(
  page: Page,
  notebook: Notebook,
): Promise<{ notebook: Notebook; ms: number }> {
  return (await page.evaluate(
    `(async () => {
  const notebook = ${JSON.stringify(notebook)};
  const app = window.jupyterapp;
  await app.serviceManager.kernelspecs.ready;
  const started = performance.now();
  const kernel = await app.serviceManager.kernels.startNew({ name: "gradlab" });
  await window.__notebook.executeNotebook(notebook, kernel, { continueOnError: true });
  const ms = performance.now() - started;
  await kernel.shutdown();
  return { notebook, ms };
})()`,
  )) as { notebook: Notebook; ms: number };
}
