// Messages between the kernel in the page (kernel.ts) and its worker (worker.ts).
export type ToWorker =
  | { type: "init"; id: number; interruptBuffer?: SharedArrayBuffer }
  | { type: "execute"; id: number; code: string; count: number; allowStdin: boolean }
  | { type: "complete"; id: number; code: string; cursor: number }
  | { type: "inspect"; id: number; code: string; cursor: number }
  | { type: "is_complete"; id: number; code: string }
  | { type: "input_reply"; id: number; value: string }
  | { type: "interrupt"; id: number };

export type FromWorker =
  | { type: "reply"; id: number; content: Record<string, unknown> }
  | { type: "publish"; msgType: string; content: Record<string, unknown> };
