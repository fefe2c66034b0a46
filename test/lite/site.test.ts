// The JupyterLite site (npm run build:lite) served by `gradlab lite`: it opens JupyterLab in a real browser.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { liteSiteDir, serveLite, type LiteServer } from "../../cli/lite";
import { launchBrowser, openPage, screenshot } from "../helpers/browser";
import { runCells } from "./helpers";

const site = liteSiteDir();

describe("gradlab lite: the site", () => {
  let server: LiteServer;
  let browser: Browser;

  before(async () => {
    assert.ok(existsSync(join(site, "jupyter-lite.json")), `no site in ${site}: run npm run build:lite`);
    server = await serveLite(site);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("serves the pages with the cross-origin-isolation headers", async () => {
    const response = await fetch(server.url + "lab/index.html");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cross-origin-opener-policy"), "same-origin");
    assert.equal(response.headers.get("cross-origin-embedder-policy"), "require-corp");
    assert.equal((await fetch(server.url + "../../etc/passwd")).status, 404);
  });

  it("opens JupyterLab", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page, errors } = await openPage(context, server.url + "lab/index.html");
    await page.waitForSelector("body[data-gradlab-ready]", { state: "attached", timeout: 30_000 });
    await page.waitForSelector(".jp-LabShell .jp-DirListing", { timeout: 30_000 });
    assert.equal(await page.evaluate("crossOriginIsolated"), true);
    await screenshot(page, "lite-lab");
    assert.deepEqual(
      errors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
    await context.close();
  });
});

describe("gradlab lite: the browser kernel", () => {
  let server: LiteServer;
  let browser: Browser;

  before(async () => {
    server = await serveLite(site);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("is the default kernel and runs cells with the Node kernel's semantics", async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context, server.url + "lab/index.html");
    await page.waitForSelector("body[data-gradlab-ready]", { state: "attached", timeout: 30_000 });
    const defaultKernel = await page.evaluate(
      "window.jupyterapp.serviceManager.kernelspecs.ready.then(() => window.jupyterapp.serviceManager.kernelspecs.specs.default)",
    );
    const results = await runCells(page, [
      "const a: number = 1 + 1;\na * 21",
      'import { tensor } from "gradlab";\nconst x = tensor([1, 2, 3]);\nconsole.log(x.sum().item());\nx',
      "x.shape.length + a",
      "const s: string = 3;",
      'throw new RangeError("boom")',
    ]);
    assert.equal(defaultKernel, "gradlab");
    const [answer, tensorCell, crossCell, typeError, throwing] = results;
    assert.equal(answer.status, "ok");
    assert.deepEqual(answer.outputs[0].content.data, { "text/plain": "42" });
    assert.equal(tensorCell.status, "ok");
    assert.deepEqual(tensorCell.outputs[0].content, { name: "stdout", text: "6\n" });
    const bundle = tensorCell.outputs[1].content.data as Record<string, string>;
    assert.equal(bundle["text/plain"], "tensor([1., 2., 3.], shape=[3], dtype=float32)");
    assert.ok(bundle["text/html"], "the tensor's HTML view");
    assert.deepEqual(
      crossCell.outputs[0].content.data,
      { "text/plain": "3" },
      "types and values across cells",
    );
    assert.equal(typeError.status, "error");
    assert.equal(typeError.outputs[0].content.ename, "TypeScriptError");
    assert.match(String(typeError.outputs[0].content.evalue), /^cell\[4\]:1:7 - error TS2322/);
    assert.equal(throwing.status, "error");
    assert.deepEqual(
      [throwing.outputs[0].content.ename, throwing.outputs[0].content.evalue],
      ["RangeError", "boom"],
    );
    await context.close();
  });
});
