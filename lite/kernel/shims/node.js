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
export class Worker {
  constructor() {
    throw new Error("node:worker_threads is not available in the browser");
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
