// `gradlab lite`: serves the JupyterLite site (built by `npm run build:lite` into dist/lite/) on localhost,
// with the cross-origin-isolation headers (COOP/COEP) that SharedArrayBuffer — the kernel's interrupt
// buffer and the WebAssembly threads — needs. Static hosting works too, without them (docs/lite.md).
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { packageRoot } from "../lib/version";
import { helpOption, type Command } from "./command";
import { CliError, exitStatus, shown } from "./errors";

/** Where `npm run build:lite` puts the site; `GRADLAB_LITE_DIR` points the tests and `gradlab lite` at another build. */
export const liteSiteDir = () =>
  process.env.GRADLAB_LITE_DIR
    ? resolve(process.env.GRADLAB_LITE_DIR)
    : join(packageRoot(__dirname), "dist", "lite");

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".ipynb": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

export interface LiteServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1:`port` (0: a free one); `isolated: false` leaves out COOP/COEP, as most static hosts do. */
export function serveLite(dir: string, port = 0, isolated = true): Promise<LiteServer> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "content-length": statSync(file).size,
      "cache-control": "no-cache",
      ...(isolated
        ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" }
        : {}),
      "cross-origin-resource-policy": "same-origin",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/`;
      done({ url, server, close: () => new Promise<void>((closed) => server.close(() => closed())) });
    });
  });
}

export const lite: Command = {
  name: "lite",
  summary: "serve the in-browser site (JupyterLite: JupyterLab with the gradlab kernel, no install)",
  usage: "[--port N] [--dir SITE] [--no-isolation]",
  options: {
    ...helpOption,
    port: { type: "string" },
    dir: { type: "string" },
    "no-isolation": { type: "boolean" },
  },
  async run(values) {
    const dir = resolve((values.dir as string | undefined) ?? liteSiteDir());
    if (!existsSync(join(dir, "jupyter-lite.json")))
      throw new CliError(
        `gradlab lite: no site in ${shown(dir)}; build it with \`npm run build:lite\` (or pass --dir SITE).`,
        exitStatus.missingFile,
      );
    const port = values.port === undefined ? 8000 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CliError(
        `gradlab lite: --port ${String(values.port)} is not a port number; pass 0 to 65535.`,
        exitStatus.usage,
      );
    const { url } = await serveLite(dir, port, !values["no-isolation"]);
    console.log(`gradlab lite: serving ${shown(dir)} at ${url}lab/index.html (Ctrl+C stops it)`);
    await new Promise<never>(() => undefined);
    return 0;
  },
};
