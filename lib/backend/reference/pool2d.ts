// Max and average pooling over k×k windows, and their gradients, in NCHW.
//
//   window (oh, ow) covers rows oh·stride − pad … + k − 1 and columns likewise; padding is −∞ for max
//   and 0 for average (counted in the divisor, PyTorch's count_include_pad = true).
import { poolOutputSize, type FloatArray, type Pool2dGeometry } from "../kernels";
import { like } from "./alloc";

/** Calls visit(yIndex, xIndex) for every input cell inside every window; padding cells are skipped. */
function forEachWindowCell(g: Pool2dGeometry, visit: (yi: number, xi: number) => void): void {
  const [batch, channels, h, w] = g.xShape;
  const [oh, ow] = poolOutputSize(g);
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        const yi = (plane * oh + y) * ow + x;
        for (let i = 0; i < g.kernel[0]; i++) {
          const ih = y * g.stride[0] - g.padding[0] + i;
          if (ih < 0 || ih >= h) continue;
          for (let j = 0; j < g.kernel[1]; j++) {
            const iw = x * g.stride[1] - g.padding[1] + j;
            if (iw < 0 || iw >= w) continue;
            visit(yi, (plane * h + ih) * w + iw);
          }
        }
      }
    }
  }
}

function outputLength(g: Pool2dGeometry): number {
  const [oh, ow] = poolOutputSize(g);
  return g.xShape[0] * g.xShape[1] * oh * ow;
}

/** The first largest value in each window wins (as in PyTorch); NaN wins over everything. */
export function maxPool2d(x: FloatArray, g: Pool2dGeometry): { y: FloatArray; argmax: Int32Array } {
  const y = like(x, outputLength(g)).fill(-Infinity);
  const argmax = new Int32Array(y.length).fill(-1);
  forEachWindowCell(g, (yi, xi) => {
    if (argmax[yi] === -1 || x[xi] > y[yi] || (Number.isNaN(x[xi]) && !Number.isNaN(y[yi]))) {
      y[yi] = x[xi];
      argmax[yi] = xi;
    }
  });
  return { y, argmax };
}

/** Only the winner of each window saw its dy; a cell that won several windows sums them. */
export function maxPool2dGrad(dy: FloatArray, argmax: Int32Array, g: Pool2dGeometry): FloatArray {
  const dx = like(
    dy,
    g.xShape.reduce((a, b) => a * b),
  );
  for (let yi = 0; yi < dy.length; yi++) if (argmax[yi] >= 0) dx[argmax[yi]] += dy[yi];
  return dx;
}

export function avgPool2d(x: FloatArray, g: Pool2dGeometry): FloatArray {
  const area = g.kernel[0] * g.kernel[1];
  const sums = new Float64Array(outputLength(g));
  forEachWindowCell(g, (yi, xi) => (sums[yi] += x[xi]));
  const y = like(x, sums.length);
  for (let i = 0; i < y.length; i++) y[i] = sums[i] / area;
  return y;
}

/** Each input cell gets dy / area from every window it sits in. */
export function avgPool2dGrad(dy: FloatArray, g: Pool2dGeometry): FloatArray {
  const area = g.kernel[0] * g.kernel[1];
  const sums = new Float64Array(g.xShape.reduce((a, b) => a * b));
  forEachWindowCell(g, (yi, xi) => (sums[xi] += dy[yi] / area));
  const dx = like(dy, sums.length);
  dx.set(sums);
  return dx;
}
