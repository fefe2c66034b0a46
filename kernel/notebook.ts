// Runs a notebook's code cells on a kernel connection and records what each shows as nbformat outputs,
// as a front end would: streams merged, clear_output honoured, displays updated in place by display_id.
import type { Kernel, KernelMessage } from "@jupyterlab/services";

export interface Output {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  [key: string]: unknown;
}

export interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
  [key: string]: unknown;
}

export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string }; [key: string]: unknown };
  [key: string]: unknown;
}

export interface CellFailure {
  index: number;
  ename: string;
  evalue: string;
  traceback: string[];
}

export const sourceOf = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

/** nbformat stores multi-line text as a list of lines, each keeping its "\n". */
function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/** Outputs of one cell, plus the displays (by id) that later updates must find anywhere in the notebook. */
class CellOutputs {
  readonly outputs: Output[] = [];
  private clearOnNext = false;

  constructor(private readonly displays: Map<string, Output[]>) {}

  add(msg: KernelMessage.IIOPubMessage): void {
    const type = msg.header.msg_type;
    const content = msg.content as Record<string, unknown>;
    if (type === "clear_output") {
      if (content.wait) this.clearOnNext = true;
      else this.outputs.length = 0;
      return;
    }
    if (!["stream", "display_data", "execute_result", "error"].includes(type)) return;
    if (this.clearOnNext) {
      this.outputs.length = 0;
      this.clearOnNext = false;
    }
    this.push(type as Output["output_type"], content);
  }

  private push(type: Output["output_type"], content: Record<string, unknown>): void {
    const last = this.outputs.at(-1);
    if (type === "stream" && last?.output_type === "stream" && last.name === content.name) {
      last.text = lines((last.text as string[]).join("") + String(content.text));
      return;
    }
    const output: Output =
      type === "stream"
        ? { output_type: type, name: content.name, text: lines(String(content.text)) }
        : type === "error"
          ? { output_type: type, ename: content.ename, evalue: content.evalue, traceback: content.traceback }
          : { output_type: type, data: content.data, metadata: content.metadata ?? {} };
    if (type === "execute_result") output.execution_count = content.execution_count;
    this.outputs.push(output);
    const id = (content.transient as { display_id?: string } | undefined)?.display_id;
    if (id) this.displays.set(id, [...(this.displays.get(id) ?? []), output]);
  }
}

/** update_display_data reaches the kernel connection, not the future of the cell that sent it. */
function updateDisplays(displays: Map<string, Output[]>, msg: KernelMessage.IIOPubMessage): void {
  if (msg.header.msg_type !== "update_display_data") return;
  const content = msg.content as { data: unknown; metadata?: unknown; transient?: { display_id?: string } };
  for (const output of displays.get(content.transient?.display_id ?? "") ?? []) {
    output.data = content.data;
    output.metadata = content.metadata ?? {};
  }
}

export interface ExecuteOptions {
  /** Run the cells after a failing one too (grading: a student's broken cell costs only its exercise). */
  continueOnError?: boolean;
  /** Called before each code cell runs, with its index (grading names the cell a notebook hung in). */
  onCell?: (index: number) => void;
}

/** Executes every code cell in order, filling in outputs; stops at the first cell that fails unless
 * `continueOnError`. Returns the first failure. */
export async function executeNotebook(
  notebook: Notebook,
  kernel: Kernel.IKernelConnection,
  options: ExecuteOptions = {},
): Promise<CellFailure | undefined> {
  const displays = new Map<string, Output[]>();
  let failure: CellFailure | undefined;
  const onIopub = (_: unknown, msg: KernelMessage.IIOPubMessage) => updateDisplays(displays, msg);
  kernel.iopubMessage.connect(onIopub);
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      options.onCell?.(index);
      const recorder = new CellOutputs(displays);
      const future = kernel.requestExecute({
        code: sourceOf(cell),
        stop_on_error: !options.continueOnError,
        allow_stdin: false,
      });
      future.onIOPub = (msg) => recorder.add(msg);
      const reply = (await future.done).content;
      cell.outputs = recorder.outputs;
      cell.execution_count = reply.execution_count ?? null;
      if (reply.status === "error") {
        failure ??= { index, ename: reply.ename, evalue: reply.evalue, traceback: reply.traceback };
        if (!options.continueOnError) return failure;
      }
    }
    return failure;
  } finally {
    kernel.iopubMessage.disconnect(onIopub);
  }
}
