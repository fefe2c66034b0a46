// The safetensors format (Hugging Face), so weights move between gradlab and PyTorch:
//   8 bytes   N, the header's length, little-endian u64
//   N bytes   JSON: { name: { dtype: "F32", shape: [...], data_offsets: [begin, end] }, "__metadata__": {...} }
//   the rest  every tensor's raw little-endian bytes, at its offsets (counted from the end of the header)
// Unlike pickle, it is only data: loading a file cannot run code. I64 (PyTorch's int64) reads as int32.
import { readFileSync, writeFileSync } from "node:fs";
import type { DType } from "../dtype";
import { Tensor } from "../tensor";

const codes: Record<DType, string> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };
const dtypes = Object.fromEntries(Object.entries(codes).map(([d, c]) => [c, d])) as Record<string, DType>;

interface Entry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** The file's bytes for `tensors` (in name order) and optional string metadata. */
export function encodeSafetensors(
  tensors: Record<string, Tensor>,
  metadata: Record<string, string> = {},
): Buffer {
  const names = Object.keys(tensors).sort();
  const header: Record<string, Entry | Record<string, string>> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    header[name] = {
      dtype: codes[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  // pad the header with spaces to a multiple of 8 bytes, so the data that follows is aligned
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  // typed arrays are in the machine's byte order, which is little-endian on every platform Node runs on
  const bodies = names.map((n) =>
    Buffer.from(tensors[n].data.buffer, tensors[n].data.byteOffset, tensors[n].data.byteLength),
  );
  return Buffer.concat([head, Buffer.from(json), ...bodies]);
}

/** The tensors (and metadata) in a safetensors file's bytes. */
export function decodeSafetensors(bytes: Uint8Array): {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
} {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString("utf8")) as Record<
    string,
    unknown
  >;
  const start = 8 + n;
  const tensors: Record<string, Tensor> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = value as Entry;
    if (dtype === "I64") {
      tensors[name] = fromInt64(name, bytes.subarray(start + begin, start + end), shape);
      continue;
    }
    const type = dtypes[dtype];
    if (!type)
      throw new Error(
        `safetensors: "${name}" has dtype ${dtype}; gradlab reads ${[...Object.keys(dtypes), "I64"].join(", ")}`,
      );
    const raw = new Uint8Array(bytes.subarray(start + begin, start + end)); // a copy, so the typed array is aligned
    const Ctor = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array }[type];
    tensors[name] = new Tensor(
      new Ctor(raw.buffer, raw.byteOffset, (end - begin) / Ctor.BYTES_PER_ELEMENT),
      shape,
    );
  }
  return { tensors, metadata: (header.__metadata__ as Record<string, string>) ?? {} };
}

/**
 * PyTorch's int64 tensors (batch norm's num_batches_tracked, class ids) as int32, gradlab's integer dtype:
 * exact for every value within ±2³¹, an error otherwise.
 */
function fromInt64(name: string, raw: Uint8Array, shape: number[]): Tensor {
  const wide = new BigInt64Array(new Uint8Array(raw).buffer);
  const narrow = Int32Array.from(wide, (v) => {
    if (v > 2147483647n || v < -2147483648n)
      throw new Error(`safetensors: "${name}" holds the int64 ${v}, beyond gradlab's int32`);
    return Number(v);
  });
  return new Tensor(narrow, shape);
}

/**
 * Writes named tensors to a .safetensors file (the format PyTorch and Hugging Face use).
 * @example
 * nn.save("model.safetensors", model.stateDict());
 */
export function saveSafetensors(
  path: string,
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): void {
  writeFileSync(path, encodeSafetensors(tensors, metadata));
}

/**
 * Reads the named tensors of a .safetensors file.
 * @example
 * model.loadStateDict(nn.load("model.safetensors"));
 */
export function loadSafetensors(path: string): Record<string, Tensor> {
  return decodeSafetensors(readFileSync(path)).tensors;
}
