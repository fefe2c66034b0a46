// A real headless browser for the view tests: Debian's Chromium driven by playwright-core (which cannot
// download browsers here). Screenshots go to .artifacts/ — the README's pictures are taken from there.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const artifactsDir = resolve(__dirname, "../../.artifacts");

/** WebGPU on SwiftShader (a CPU adapter): correctness in CI, not speed; the page must be on localhost. */
export const webgpuArgs = [
  "--enable-unsafe-webgpu",
  "--enable-features=Vulkan,WebGPU",
  "--use-webgpu-adapter=swiftshader",
];

/** Headless Chromium with a fresh profile (playwright makes one per launch) and nothing phoning home. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const gpu = extraArgs.some((a) => a.includes("webgpu"));
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      ...extraArgs,
      "--no-sandbox",
      ...(gpu ? [] : ["--disable-gpu"]),
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page whose console errors and uncaught exceptions are collected, so a test can assert there were none. */
export async function openPage(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

/** Saves a screenshot of `page` (or of one element) as .artifacts/NAME.png. */
export async function screenshot(page: Page, name: string, selector?: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  if (selector) await page.locator(selector).first().screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
  return path;
}
