// Average pooling for the CPU path (webasm with the SIMD matmul; max-pooling is WebAssembly there, see
// simd/pool.ts): direct loops over each window's rows and columns, clipped to the input once instead of
// tested per cell. Pooling is memory-bound, so what pays on a CPU is touching each value once: gpu.js's
// kernels copy every input into WebAssembly memory and out again, and the backward passes, written as
// gathers for the GPU, measured 10–50× slower here than these scatters. Same semantics as reference/pool2d.ts.
import { poolOutputSize, type Pool2dGeometry } from "../kernels";

/**
 * Calls visit(yIndex, rowStart, iw0, iw1, rows) for each window: its first input row's offset, its
 * columns [iw0, iw1) and how many rows it has inside the input (rows are w apart).
 */
function forEachWindow(
  g: Pool2dGeometry,
  visit: (yi: number, rowStart: number, iw0: number, iw1: number, rows: number) => void,
) {
  const [n, c, h, w] = g.xShape;
  const [oh, ow] = poolOutputSize(g);
  for (let plane = 0; plane < n * c; plane++) {
    for (let oy = 0; oy < oh; oy++) {
      const top = oy * g.stride[0] - g.padding[0];
      const ih0 = Math.max(0, top);
      const rows = Math.min(h, top + g.kernel[0]) - ih0;
      for (let ox = 0; ox < ow; ox++) {
        const left = ox * g.stride[1] - g.padding[1];
        const iw0 = Math.max(0, left);
        const iw1 = Math.min(w, left + g.kernel[1]);
        visit((plane * oh + oy) * ow + ox, (plane * h + ih0) * w, iw0, iw1, rows);
      }
    }
  }
}

const outputLength = (g: Pool2dGeometry) => {
  const [oh, ow] = poolOutputSize(g);
  return g.xShape[0] * g.xShape[1] * oh * ow;
};
const inputLength = (g: Pool2dGeometry) => g.xShape.reduce((a, b) => a * b);

export function avgPool2d(x: Float32Array, g: Pool2dGeometry): Float32Array {
  const w = g.xShape[3];
  const y = new Float32Array(outputLength(g));
  const area = g.kernel[0] * g.kernel[1];
  forEachWindow(g, (yi, row, iw0, iw1, rows) => {
    let sum = 0;
    for (let r = 0; r < rows; r++)
      for (let xi = row + r * w + iw0; xi < row + r * w + iw1; xi++) sum += x[xi];
    y[yi] = sum / area;
  });
  return y;
}

export function avgPool2dGrad(dy: Float32Array, g: Pool2dGeometry): Float32Array {
  const w = g.xShape[3];
  const dx = new Float32Array(inputLength(g));
  const area = g.kernel[0] * g.kernel[1];
  forEachWindow(g, (yi, row, iw0, iw1, rows) => {
    const share = dy[yi] / area;
    for (let r = 0; r < rows; r++)
      for (let xi = row + r * w + iw0; xi < row + r * w + iw1; xi++) dx[xi] += share;
  });
  return dx;
}
