// Node's built-in modules as far as gradlab's code uses them in the browser worker: enough to load, and a
// plain error naming what is missing where a Node-only feature is called.
const missing = (what) => () => {
  throw new Error(`${what} is not available in the browser`);
};
export const existsSync = () => false;
export const readFileSync = missing("reading files (node:fs)");
export const writeFileSync = missing("writing files (node:fs)");
export const statSync = missing("node:fs");
export const mkdirSync = missing("node:fs");
export const randomUUID = () => crypto.randomUUID();
export const availableParallelism = () => navigator.hardwareConcurrency || 1;
export const cpus = () => new Array(availableParallelism()).fill({});
const crcTable = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
export const crc32 = (data, value = 0) => {
  let c = ~value;
  for (const byte of data) c = crcTable[(c ^ byte) & 255] ^ (c >>> 8);
  return ~c >>> 0;
};
/**
 * zlib's format (what widgets/chart/png.ts puts in a PNG) with the data in stored blocks, uncompressed:
 * any inflater reads it, for a few lines instead of a compressor. Pictures are larger than in Node.
 */
export const deflateSync = (data) => {
  const blocks = Math.max(1, Math.ceil(data.length / 65535));
  const out = new Uint8Array(2 + 5 * blocks + data.length + 4);
  out.set([0x78, 0x01]);
  let at = 2;
  for (let i = 0; i < blocks; i++) {
    const part = data.subarray(i * 65535, (i + 1) * 65535);
    const n = part.length;
    out.set([i === blocks - 1 ? 1 : 0, n & 255, n >>> 8, ~n & 255, (~n >>> 8) & 255], at);
    out.set(part, at + 5);
    at += 5 + n;
  }
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  out.set([b >>> 8, b & 255, a >>> 8, a & 255], at);
  return out;
};
export const gunzipSync = missing("node:zlib");
export const createRequire = () => missing("require");
export class SourceMap {
  findEntry() {
    return {};
  }
}
/**
 * node:worker_threads's Worker for code given as source (`eval: true`), as a web worker: the source runs
 * once its workerData arrives, with a `require` that gives it workerData and parentPort. (The SIMD
 * kernel's thread pool is written this way; it needs shared memory, so a cross-origin-isolated page.)
 */
export class Worker {
  constructor(source, options = {}) {
    if (!options.eval) throw new Error("node:worker_threads in the browser runs only code given as source");
    const text = `self.onmessage = (first) => {
  const workerData = first.data;
  const listeners = [];
  self.onmessage = (event) => listeners.forEach((f) => f(event.data));
  const parentPort = { on: (name, f) => name === "message" && listeners.push(f), postMessage: (m) => self.postMessage(m) };
  const require = (id) => {
    if (/^(node:)?worker_threads$/.test(id)) return { workerData, parentPort, isMainThread: false };
    throw new Error("require('" + id + "') in a browser worker");
  };
  run(require);
};
function run(require) {
${source}
}`;
    const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    this.worker = new globalThis.Worker(url);
    URL.revokeObjectURL(url);
    this.worker.postMessage(options.workerData);
  }
  postMessage(message) {
    this.worker.postMessage(message);
  }
  on(name, listener) {
    if (name === "message") this.worker.addEventListener("message", (e) => listener(e.data));
    if (name === "error")
      this.worker.addEventListener("error", (e) => listener(e.error ?? new Error(e.message)));
    return this;
  }
  unref() {
    return this;
  }
  terminate() {
    this.worker.terminate();
    return Promise.resolve(0);
  }
}
export const isMainThread = true;
export const parentPort = null;
export const workerData = undefined;
export class AsyncLocalStorage {
  run(store, fn, ...args) {
    return fn(...args);
  }
  getStore() {
    return undefined;
  }
}
// Node's own util.inspect and util.format, extracted for the web: values print in the page exactly as
// `gradlab run` prints them in Node (line breaks, quoting, numbers grouped in columns)
import { formatWithOptions, inspect } from "node-inspect-extracted";
export { formatWithOptions, inspect };
export const types = { isPromise: (v) => v instanceof Promise };
export const sep = "/";
export default { inspect, formatWithOptions, randomUUID };
