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
export const crc32 = missing("node:zlib");
export const deflateSync = missing("PNG encoding (node:zlib)");
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
export function inspect(value, options = {}) {
  return format(value, options.depth ?? 2, new Set());
}
function format(value, depth, seen) {
  if (typeof value === "string") return depth === 2 ? `'${value}'` : `'${value}'`;
  if (typeof value === "function") return `[Function: ${value.name || "(anonymous)"}]`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value !== "object" || value === null) return String(value);
  if (seen.has(value)) return "[Circular]";
  if (value instanceof Error) return value.stack ?? String(value);
  if (depth < 0) return Array.isArray(value) ? "[Array]" : "[Object]";
  seen.add(value);
  try {
    if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      const items = Array.from(value, (v) => format(v, depth - 1, seen));
      const prefix = Array.isArray(value) ? "" : `${value.constructor.name}(${value.length}) `;
      return `${prefix}[ ${items.join(", ")} ]`;
    }
    if (value instanceof Map)
      return `Map(${value.size}) { ${[...value].map(([k, v]) => `${format(k, depth - 1, seen)} => ${format(v, depth - 1, seen)}`).join(", ")} }`;
    if (value instanceof Set)
      return `Set(${value.size}) { ${[...value].map((v) => format(v, depth - 1, seen)).join(", ")} }`;
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${format(v, depth - 1, seen)}`);
    const name = value.constructor && value.constructor !== Object ? `${value.constructor.name} ` : "";
    return entries.length ? `${name}{ ${entries.join(", ")} }` : `${name}{}`;
  } finally {
    seen.delete(value);
  }
}
export const types = { isPromise: (v) => v instanceof Promise };
export const sep = "/";
export default { inspect, randomUUID };
