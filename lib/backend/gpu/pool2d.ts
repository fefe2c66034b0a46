// Pooling as gpu.js kernels. Backward passes are written as gathers (each input cell sums the windows
// that contain it) because a GPU thread can only write its own output cell.
//
// Integer arithmetic happens in floats on GL; floor((v + 0.5) / s) divides exact integers safely even
// where a / b is not correctly rounded.
import { poolOutputSize, type FloatArray, type Pool2dGeometry } from "../kernels";
import type { KernelRunner, KernelThis } from "./kernel-cache";

function constantsOf(g: Pool2dGeometry) {
  const [oh, ow] = poolOutputSize(g);
  const [, , h, w] = g.xShape;
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [ph, pw] = g.padding;
  return { h, w, oh, ow, kh, kw, sh, sw, ph, pw, area: kh * kw };
}

/** The in-plane index (ih·W + iw) of each window's first maximum, −1 for a window of padding only. */
function maxPoolArgmax(this: KernelThis, x: Float32Array): number {
  const plane = Math.floor((this.thread.x + 0.5) / (this.constants.oh * this.constants.ow));
  const cell = this.thread.x - plane * this.constants.oh * this.constants.ow;
  const oy = Math.floor((cell + 0.5) / this.constants.ow);
  const ox = cell - oy * this.constants.ow;
  let best = -1;
  let bestValue = 0;
  for (let i = 0; i < this.constants.kh; i++) {
    const ih = oy * this.constants.sh - this.constants.ph + i;
    for (let j = 0; j < this.constants.kw; j++) {
      const iw = ox * this.constants.sw - this.constants.pw + j;
      if (ih >= 0 && ih < this.constants.h && iw >= 0 && iw < this.constants.w) {
        const v = x[(plane * this.constants.h + ih) * this.constants.w + iw];
        if (best < 0 || v > bestValue) {
          best = ih * this.constants.w + iw;
          bestValue = v;
        }
      }
    }
  }
  return best;
}

function avgPool(this: KernelThis, x: Float32Array): number {
  const plane = Math.floor((this.thread.x + 0.5) / (this.constants.oh * this.constants.ow));
  const cell = this.thread.x - plane * this.constants.oh * this.constants.ow;
  const oy = Math.floor((cell + 0.5) / this.constants.ow);
  const ox = cell - oy * this.constants.ow;
  let sum = 0;
  for (let i = 0; i < this.constants.kh; i++) {
    const ih = oy * this.constants.sh - this.constants.ph + i;
    for (let j = 0; j < this.constants.kw; j++) {
      const iw = ox * this.constants.sw - this.constants.pw + j;
      if (ih >= 0 && ih < this.constants.h && iw >= 0 && iw < this.constants.w) {
        sum += x[(plane * this.constants.h + ih) * this.constants.w + iw];
      }
    }
  }
  return sum / this.constants.area;
}

/**
 * Gradient of one input cell: Σ over windows (oy, ox) that hold it at offset (i, j), i.e.
 * oy·sh − ph + i = ih, of dy[window] (avg: / area; max: only where the window's argmax is this cell).
 */
function poolGrad(this: KernelThis, dy: Float32Array, argmax: Float32Array): number {
  const plane = Math.floor((this.thread.x + 0.5) / (this.constants.h * this.constants.w));
  const cell = this.thread.x - plane * this.constants.h * this.constants.w;
  const ih = Math.floor((cell + 0.5) / this.constants.w);
  const iw = cell - ih * this.constants.w;
  let sum = 0;
  for (let i = 0; i < this.constants.kh; i++) {
    const ty = ih + this.constants.ph - i;
    const oy = Math.floor((ty + 0.5) / this.constants.sh);
    for (let j = 0; j < this.constants.kw; j++) {
      const tx = iw + this.constants.pw - j;
      const ox = Math.floor((tx + 0.5) / this.constants.sw);
      if (ty >= 0 && tx >= 0 && oy * this.constants.sh === ty && ox * this.constants.sw === tx) {
        if (oy < this.constants.oh && ox < this.constants.ow) {
          const o = (plane * this.constants.oh + oy) * this.constants.ow + ox;
          if (this.constants.max === 0) {
            sum += dy[o] / this.constants.area;
          } else if (argmax[o] === cell) {
            sum += dy[o];
          }
        }
      }
    }
  }
  return sum;
}

export function gpuMaxPool2d(cache: KernelRunner, x: Float32Array, g: Pool2dGeometry) {
  const c = constantsOf(g);
  const planes = g.xShape[0] * g.xShape[1];
  const local = cache.run(maxPoolArgmax, c, planes * c.oh * c.ow, x);
  const y = new Float32Array(local.length);
  const argmax = new Int32Array(local.length);
  for (let o = 0; o < local.length; o++) {
    const plane = Math.floor(o / (c.oh * c.ow));
    argmax[o] = local[o] < 0 ? -1 : plane * c.h * c.w + local[o];
    y[o] = local[o] < 0 ? -Infinity : x[argmax[o]];
  }
  return { y, argmax };
}

export function gpuMaxPool2dGrad(
  cache: KernelRunner,
  dy: Float32Array,
  argmax: Int32Array,
  g: Pool2dGeometry,
) {
  const c = constantsOf(g);
  const planeSize = c.h * c.w;
  // the kernel compares in-plane indices: flat ones would not fit a float32 exactly in big batches
  const local = new Float32Array(argmax.length);
  for (let o = 0; o < argmax.length; o++) local[o] = argmax[o] < 0 ? -1 : argmax[o] % planeSize;
  return cache.run(
    poolGrad,
    { ...c, max: 1 },
    g.xShape.reduce((a, b) => a * b),
    dy,
    local,
  );
}

export function gpuAvgPool2d(cache: KernelRunner, x: Float32Array, g: Pool2dGeometry): FloatArray {
  const c = constantsOf(g);
  return cache.run(avgPool, c, g.xShape[0] * g.xShape[1] * c.oh * c.ow, x);
}

export function gpuAvgPool2dGrad(cache: KernelRunner, dy: Float32Array, g: Pool2dGeometry): FloatArray {
  const c = constantsOf(g);
  // the argmax argument is unused when max = 0; a one-element array keeps the signature uniform
  return cache.run(
    poolGrad,
    { ...c, max: 0 },
    g.xShape.reduce((a, b) => a * b),
    dy,
    new Float32Array(1),
  );
}
