// The JupyterLite site (npm run build:lite) served by `gradlab lite`: it opens JupyterLab in a real browser.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { liteSiteDir, serveLite, type LiteServer } from "../../cli/lite";
import { launchBrowser, openPage, screenshot } from "../helpers/browser";

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
