// The site's gradlab kernel beyond the basics (site.test.ts): tutorials and MNIST served by the site,
// runtime errors on cell lines, interrupt, input(), completion with each match's kind and type in
// JupyterLab's completer, and the library's backends in the page (WebGL 2, WebGPU on SwiftShader,
// WebAssembly SIMD) against the reference backend on the op suites' cases.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { liteSiteDir, serveLite, type LiteServer } from "../../cli/lite";
import { data } from "../../lib";
import { launchBrowser, openPage, screenshot, webgpuArgs } from "../helpers/browser";
import { casesScript, compareBackendCell, runCells, type CellRun } from "./helpers";
import { openNotebook } from "./lab";

const site = liteSiteDir();
/** The first line a cell printed to stdout, as JSON. */
const printed = (run: CellRun) => {
  const out = run.outputs.find((o) => o.type === "stream" && o.content.name === "stdout");
  return JSON.parse(String(out?.content.text ?? "null").split("\n")[0]);
};
const textOf = (run: CellRun) =>
  run.outputs
    .map((o) =>
      o.type === "stream"
        ? String(o.content.text)
        : o.type === "error"
          ? `${String(o.content.ename)}: ${String(o.content.evalue)}\n${(o.content.traceback as string[]).join("\n")}`
          : String((o.content.data as Record<string, string> | undefined)?.["text/plain"] ?? ""),
    )
    .join("\n");

/** A cell that switches to `backend` and prints backendInfo() (with whether the page is isolated) as JSON. */
const backendCell = (backend: string) =>
  `import { backendInfo, setBackend } from "gradlab";\nsetBackend(${JSON.stringify(backend)});\n` +
  "console.log(JSON.stringify({ isolated: crossOriginIsolated, ...backendInfo() }));";

async function withPage<T>(
  browser: Browser,
  url: string,
  body: (page: import("playwright-core").Page) => Promise<T>,
) {
  const context = await browser.newContext();
  try {
    const { page } = await openPage(context, url);
    await page.waitForSelector("body[data-gradlab-ready]", { state: "attached", timeout: 30_000 });
    return await body(page);
  } finally {
    await context.close();
  }
}

describe("gradlab lite: the kernel in the page", () => {
  let server: LiteServer;
  let plain: LiteServer;
  let browser: Browser;
  before(async () => {
    server = await serveLite(site);
    plain = await serveLite(site, 0, false);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await plain?.close();
  });

  it("lists the released tutorials in the file browser, and serves MNIST as a static file", async () => {
    const all = JSON.parse(readFileSync(join(site, "api", "contents", "all.json"), "utf8"));
    const names = all.content.map((m: { name: string }) => m.name) as string[];
    for (const name of ["00-welcome.ipynb", "01-tensors.ipynb", "02-autograd.ipynb"])
      assert.ok(names.includes(name), name);
    for (const name of names) {
      const nb = JSON.parse(readFileSync(join(site, "files", name), "utf8"));
      assert.ok(!JSON.stringify(nb).includes("BEGIN SOLUTION"), `${name}: the students' version`);
    }
    await withPage(browser, server.url + "lab/index.html", async (page) => {
      await page.waitForSelector(".jp-DirListing-itemText >> text=00-welcome.ipynb", { timeout: 30_000 });
    });
  });

  it("loads data.mnist() from the site with the same pixels as in Node, maps runtime errors to cell lines, keeps declarations of a throwing cell, and reads input()", async () => {
    const node = data.mnist({ flat: true });
    const nodeSum = node.train.inputs.sum().item();
    const results = await withPage(browser, server.url + "lab/index.html", (page) =>
      runCells(
        page,
        [
          'import { data } from "gradlab";\nconst m = data.mnist({ flat: true });\nconsole.log(JSON.stringify([m.train.inputs.shape, m.test.targets.shape, m.train.inputs.sum().item()]));',
          'function check(x: number) {\n  if (x > 1)\n    throw new RangeError(`too big: ${x}`);\n}\nconst kept: string = "still here";\ncheck(2);',
          "kept.toUpperCase()",
          'const name = await input("Your name? ");\n`hello ${name}`',
        ],
        { stdin: ["Ada"] },
      ),
    );
    const [mnist, throwing, keptCell, asked] = results;
    assert.equal(mnist.status, "ok", textOf(mnist));
    assert.deepEqual(JSON.parse(textOf(mnist)), [[8000, 784], [2000], nodeSum]);
    assert.equal(throwing.status, "error");
    const traceback = textOf(throwing);
    assert.match(traceback, /RangeError: too big: 2/);
    assert.match(traceback, /at check \(\S*cell\[2\]:3:11/, "the throw's own line and column in the cell");
    assert.match(traceback, /cell\[2\]:6:1/, "the call's line");
    assert.match(textOf(keptCell), /'STILL HERE'/);
    assert.equal(asked.outputs[0].type, "input_request");
    assert.equal(asked.outputs[0].content.prompt, "Your name? ");
    assert.match(textOf(asked), /'hello Ada'/);
  });

  it("interrupts a busy loop through the shared flag when cross-origin isolated, keeping the kernel's variables", async () => {
    const [, loop, after] = await withPage(browser, server.url + "lab/index.html", (page) =>
      runCells(page, ["let spins = 0;", "while (true) {\n  spins++;\n}", "spins > 1000"], {
        interruptCell: 1,
        interruptAfterMs: 1500,
      }),
    );
    assert.equal(loop.status, "error");
    assert.match(textOf(loop), /Interrupt/);
    assert.equal(textOf(after), "true");
  });

  it("without cross-origin isolation, replaces a worker stuck in a busy loop and says the variables are gone", async () => {
    const [, loop, after] = await withPage(browser, plain.url + "lab/index.html", (page) =>
      runCells(page, ["let spins = 0;", "while (true) {\n  spins++;\n}", "1 + 1"], {
        interruptCell: 1,
        interruptAfterMs: 500,
      }),
    );
    assert.equal(loop.status, "error");
    assert.match(textOf(loop), /kernel was restarted: its variables are gone/);
    assert.equal(textOf(after), "2");
  });

  it("completes in JupyterLab's completer with each match's kind, and sends each one's type", async () => {
    await withPage(browser, server.url + "lab/index.html", async (page) => {
      const notebook = {
        cells: [
          {
            cell_type: "code",
            metadata: {},
            source: 'import { tensor } from "gradlab";\nconst forTypes = tensor([1, 2]);',
            outputs: [],
            execution_count: null,
          },
          { cell_type: "code", metadata: {}, source: "forTypes.su", outputs: [], execution_count: null },
        ],
        metadata: {
          kernelspec: { name: "gradlab", display_name: "TypeScript (gradlab)", language: "typescript" },
        },
        nbformat: 4,
        nbformat_minor: 5,
      };
      const panel = await openNotebook(page, "completion.ipynb", notebook);
      await page.evaluate(`window.jupyterapp.commands.execute("notebook:run-cell-and-select-next")`);
      await page.waitForFunction(
        "window.jupyterapp.shell.currentWidget.content.widgets[0].model.executionCount === 1",
        null,
        { timeout: 60_000 },
      );
      // as a student does: the cursor after "forTypes.su", then Tab
      await panel.locator(".jp-Cell").nth(1).locator(".cm-content").click();
      await page.keyboard.press("End");
      await page.keyboard.press("Tab");
      const sum = page.locator('.jp-Completer-item[data-value="sum"]');
      await sum.waitFor({ timeout: 20_000 });
      assert.equal(await sum.locator(".jp-Completer-typeExtended").textContent(), "method");
      assert.equal(await sum.locator(".jp-Completer-monogram").textContent(), "m");
      await screenshot(page, "lite-completer", ".jp-Completer");
      // the reply itself: every match with its kind, and sum's type as the checker prints it
      const reply = (await page.evaluate(`(async () => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  return (await kernel.requestComplete({ code: "forTypes.su", cursor_pos: 11 })).content;
})()`)) as {
        matches: string[];
        metadata: { _jupyter_types_experimental: { text: string; type: string; signature?: string }[] };
      };
      const types = reply.metadata._jupyter_types_experimental;
      assert.equal(types.length, reply.matches.length);
      assert.ok(
        types.every((t) => t.type !== ""),
        JSON.stringify(types),
      );
      assert.match(types.find((t) => t.text === "sum")?.signature ?? "", /^\(.*\) => Tensor$/);
    });
  });

  it('passes WebGL 2 drawn by SwiftShader over: "gpu" is the WebAssembly SIMD kernel, and says why', async () => {
    const [info] = await withPage(browser, server.url + "lab/index.html", (page) =>
      runCells(page, [backendCell("gpu")]),
    );
    const backend = printed(info);
    assert.equal(backend.mode, "webasm", textOf(info));
    assert.match(
      backend.unavailable.webgl2,
      /^WebGL 2 here is drawn on the CPU \(ANGLE .*SwiftShader.*\), where WebAssembly SIMD is far faster: setBackend\("gpu:webgl2"\) uses it anyway$/,
    );
    assert.match(
      backend.summary,
      /on the CPU, with WebAssembly vector \(SIMD\) instructions, on every core\. No usable GPU/,
    );
  });

  it("without cross-origin isolation, runs the SIMD kernel on one thread of unshared memory, as the reference backend does", async () => {
    const [, compared, info] = await withPage(browser, plain.url + "lab/index.html", (page) =>
      runCells(page, [
        `(0, eval)(${JSON.stringify(casesScript())});`,
        compareBackendCell("gpu"),
        backendCell("gpu"),
      ]),
    );
    const backend = printed(info);
    assert.equal(backend.isolated, false);
    assert.equal(backend.mode, "webasm", textOf(info));
    assert.match(backend.detail, /hand-written WebAssembly SIMD matmul on 1 thread\(s\)/);
    assert.equal(compared.status, "ok", textOf(compared));
    const worst = printed(compared) as Record<string, number>;
    assert.equal(Object.keys(worst).length, 8);
    for (const [op, d] of Object.entries(worst)) assert.ok(d < 1e-4, `gpu ${op}: ${d}`);
  });

  for (const backend of ["gpu:webgl2", "gpu:webasm"])
    it(`runs the op suites' matmul, conv2d and pooling cases on ${backend} in the page, as the reference backend does`, async () => {
      const [, compared, info] = await withPage(browser, server.url + "lab/index.html", (page) =>
        runCells(page, [
          `(0, eval)(${JSON.stringify(casesScript())});`,
          compareBackendCell(backend),
          backendCell(backend),
        ]),
      );
      assert.equal(compared.status, "ok", textOf(compared));
      const worst = printed(compared) as Record<string, number>;
      assert.equal(Object.keys(worst).length, 8);
      console.log(`${backend}: ${JSON.stringify(worst)}`);
      for (const [op, d] of Object.entries(worst)) assert.ok(d < 1e-4, `${backend} ${op}: ${d}`);
      const { mode, summary } = printed(info);
      assert.equal(mode, backend.slice(4));
      // the test's Chromium has no GPU: WebGL 2 is SwiftShader's, on the CPU, and the summary says so
      if (backend === "gpu:webgl2")
        assert.match(
          summary,
          /^Matrix products and convolutions run on the CPU, through WebGL 2 drawn in software/,
        );
    });
});

describe("gradlab lite: WebGPU in the page (SwiftShader)", () => {
  let server: LiteServer;
  let browser: Browser;
  before(async () => {
    server = await serveLite(site);
    browser = await launchBrowser(webgpuArgs);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("passes SwiftShader's WebGPU over for WebAssembly, and runs the op suites' cases on it when forced", async () => {
    const [chosen, forced, , compared] = await withPage(browser, server.url + "lab/index.html", (page) =>
      runCells(page, [
        backendCell("gpu"),
        // (backendInfo and setBackend: imported by the cell above)
        'setBackend("gpu:webgpu");\nconsole.log(JSON.stringify(backendInfo()));',
        `(0, eval)(${JSON.stringify(casesScript())});`,
        compareBackendCell("gpu:webgpu"),
      ]),
    );
    // the adapter is SwiftShader's, a CPU: "gpu" says so and takes the WebAssembly kernel instead
    const automatic = printed(chosen);
    assert.equal(automatic.mode, "webasm", textOf(chosen));
    assert.match(automatic.unavailable.webgpu, /WebGPU adapter here \(swiftshader.*\) computes on the CPU/);
    assert.match(automatic.unavailable.webgl2, /WebGL 2 here is drawn on the CPU \(.*SwiftShader/);
    const backend = printed(forced);
    assert.equal(backend.mode, "webgpu", textOf(forced));
    // forced, it runs, and does not claim the GPU
    assert.equal(backend.software, true);
    assert.match(
      backend.summary,
      /^Matrix products and convolutions run on the CPU, through WebGPU drawn in software/,
    );
    assert.equal(compared.status, "ok", textOf(compared));
    console.log(`webgpu: ${textOf(compared)}`);
    // every case agrees, the ragged matmul (67×300 @ 300×61) included: its index split once floored
    // x / n to the previous row there (lib/backend/gpu/matmul.ts)
    const stderr = compared.outputs.filter((o) => o.type === "stream" && o.content.name === "stderr");
    assert.deepEqual(
      stderr.map((o) => String(o.content.text).trim()),
      [],
    );
    const worst = printed(compared) as Record<string, number>;
    assert.ok("matmul" in worst && "conv2d" in worst && "avgPool2dGrad" in worst, JSON.stringify(worst));
    for (const [op, d] of Object.entries(worst)) assert.ok(d < 1e-4, `webgpu ${op}: ${d}`);
  });
});
