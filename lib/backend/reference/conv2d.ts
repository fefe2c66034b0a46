// conv2d and its two gradients as one loop nest, written three times.
//
//   y[n][o][oh][ow] = bias[o] + Σ_{c, kh, kw} x[n][g·Cg + c][ih][iw] · w[o][c][kh][kw]
//   where ih = oh·stride − padTop + kh·dilation, iw likewise, g = the group of output channel o,
//   and taps that land in the padding read zero.
//
// Backward is the same nest: each product x·w sent dy·w back to x and dy·x back to w.
import { convOutputSize, type Conv2dGeometry, type FloatArray } from "../kernels";
import { like } from "./alloc";

/** Calls visit(yIndex, xIndex, wIndex) for every (output, input, weight) triple that multiplies. */
function forEachTap(g: Conv2dGeometry, visit: (yi: number, xi: number, wi: number) => void): void {
  const [batch, channels, h, w] = g.xShape;
  const [outChannels, groupChannels, kh, kw] = g.wShape;
  const [oh, ow] = convOutputSize(g);
  const [padTop, , padLeft] = g.padding;
  const outPerGroup = outChannels / g.groups;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outChannels; o++) {
      const group = Math.floor(o / outPerGroup);
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          const yi = ((n * outChannels + o) * oh + y) * ow + x;
          for (let c = 0; c < groupChannels; c++) {
            const inChannel = group * groupChannels + c;
            for (let i = 0; i < kh; i++) {
              const ih = y * g.stride[0] - padTop + i * g.dilation[0];
              if (ih < 0 || ih >= h) continue; // padding: contributes zero
              for (let j = 0; j < kw; j++) {
                const iw = x * g.stride[1] - padLeft + j * g.dilation[1];
                if (iw < 0 || iw >= w) continue;
                const xi = ((n * channels + inChannel) * h + ih) * w + iw;
                const wi = ((o * groupChannels + c) * kh + i) * kw + j;
                visit(yi, xi, wi);
              }
            }
          }
        }
      }
    }
  }
}

export function conv2d(
  x: FloatArray,
  w: FloatArray,
  bias: FloatArray | undefined,
  g: Conv2dGeometry,
): FloatArray {
  const [batch] = g.xShape;
  const [outChannels] = g.wShape;
  const [oh, ow] = convOutputSize(g);
  const y = like(x, batch * outChannels * oh * ow);
  // Sum in float64 (JS numbers) and round to the output type once, as an accumulator register would.
  const sums = new Float64Array(y.length);
  forEachTap(g, (yi, xi, wi) => (sums[yi] += x[xi] * w[wi]));
  const plane = oh * ow;
  for (let i = 0; i < y.length; i++) y[i] = sums[i] + (bias ? bias[Math.floor(i / plane) % outChannels] : 0);
  return y;
}

/** ∂L/∂x[xi] = Σ over every tap that read x[xi] of dy[yi] · w[wi]. */
export function conv2dInputGrad(dy: FloatArray, w: FloatArray, g: Conv2dGeometry): FloatArray {
  const sums = new Float64Array(g.xShape.reduce((a, b) => a * b));
  forEachTap(g, (yi, xi, wi) => (sums[xi] += dy[yi] * w[wi]));
  return copyInto(like(dy, sums.length), sums);
}

/** ∂L/∂w[wi] = Σ over every tap that used w[wi] of dy[yi] · x[xi]. */
export function conv2dWeightGrad(x: FloatArray, dy: FloatArray, g: Conv2dGeometry): FloatArray {
  const sums = new Float64Array(g.wShape.reduce((a, b) => a * b));
  forEachTap(g, (yi, xi, wi) => (sums[wi] += dy[yi] * x[xi]));
  return copyInto(like(x, sums.length), sums);
}

function copyInto(out: FloatArray, sums: Float64Array): FloatArray {
  out.set(sums);
  return out;
}
