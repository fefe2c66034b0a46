// What a cell sees of the browser besides ES2022 and the kernel's globals: the few things a notebook
// uses (console, timers, performance), not all of lib.dom.d.ts, which the type-checker would parse at
// every kernel start.
declare global {
  var console: {
    log(...data: unknown[]): void;
    error(...data: unknown[]): void;
    warn(...data: unknown[]): void;
    info(...data: unknown[]): void;
    debug(...data: unknown[]): void;
    table(data: unknown): void;
    time(label?: string): void;
    timeEnd(label?: string): void;
  };
  function setTimeout(handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
  function clearTimeout(id: number | undefined): void;
  function setInterval(handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
  function clearInterval(id: number | undefined): void;
  function queueMicrotask(callback: () => void): void;
  function structuredClone<T>(value: T): T;
  var performance: { now(): number };
  /** whether the page has shared memory (served with COOP/COEP headers) */
  var crossOriginIsolated: boolean;
  var navigator: { hardwareConcurrency: number; userAgent: string; language: string };
  class TextEncoder {
    encode(input?: string): Uint8Array;
  }
  class TextDecoder {
    constructor(label?: string);
    decode(input?: ArrayBufferView | ArrayBuffer): string;
  }
}
export {};
