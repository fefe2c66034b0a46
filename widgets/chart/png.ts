// A minimal PNG encoder (8-bit RGB), so images and large heatmaps travel as one small picture instead of
// thousands of SVG rectangles. PNG is a signature and three chunks; zlib does the compression. Plain
// typed arrays, no Buffer: the same code runs in the browser kernel (where node:zlib is a small shim).
import { crc32, deflateSync } from "node:zlib";
import { base64 } from "../base64";

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}

/** A `data:image/png;base64,…` URI of a width × height picture; `rgb` holds 3 bytes per pixel, row by row. */
export function pngDataUri(width: number, height: number, rgb: Uint8Array): string {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, colour type 2 (RGB), no interlace
  // each row starts with its filter type (0: none)
  const rows = new Uint8Array(height * (1 + 3 * width));
  for (let r = 0; r < height; r++)
    rows.set(rgb.subarray(r * 3 * width, (r + 1) * 3 * width), r * (1 + 3 * width) + 1);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (png.set(p, at), at + p.length), 0);
  return `data:image/png;base64,${base64(png)}`;
}
