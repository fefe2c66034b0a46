// 2-D max and average pooling in NCHW, as torch.nn.functional.max_pool2d / avg_pool2d. The loops run on
// the active backend's kernels.
//
//   max:  y = the largest x in each window      ∂L/∂x: each window's g goes to the x that won it
//   avg:  y = the mean of each window           ∂L/∂x: each window's g is shared evenly by its cells
//
// Both gradients are linear in g, and each has a simple gradient of its own (maxPool2d's backward gathers
// by the winners' positions, avgPool2d's is avgPool2d again), so gradients of gradients work too.
import { record } from "../autograd";
import { kernels } from "../backend";
import { type FloatArray, type Pool2dGeometry, poolOutputSize } from "../backend/kernels";
import { floatOf } from "../dtype";
import { ShapeError, formatShape } from "../shape";
import { Tensor } from "../tensor";
import { div } from "./arithmetic";
import { to } from "./cast";
import { onesLike } from "../creation";
import { type Pair, pair } from "./conv";
import { takeAt } from "./indexing";
import { addMethods } from "./methods";
import { squeeze, unsqueeze } from "./movement";

/** Options of {@link maxPool2d}. */
export interface Pool2dOptions {
  /** step between windows; default: the kernel size (windows side by side, as PyTorch) */
  stride?: Pair;
  /** implicit padding on each side, at most half the kernel; −∞ for max, 0 for avg */
  padding?: Pair;
}

/** Options of {@link avgPool2d}. */
export interface AvgPool2dOptions extends Pool2dOptions {
  /** count the padding zeros in each window's divisor (PyTorch's default, true) */
  countIncludePad?: boolean;
}

function poolGeometry(op: string, x: Tensor, kernelSize: Pair, options: Pool2dOptions): Pool2dGeometry {
  if (x.ndim !== 4) {
    throw new ShapeError(
      `${op}: input ${formatShape(x.shape)} should be [N, C, H, W] (or [C, H, W] unbatched); got ${x.ndim} dims`,
    );
  }
  const kernel = pair(kernelSize);
  const stride = pair(options.stride ?? kernel);
  const padding = pair(options.padding ?? 0);
  if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
    throw new ShapeError(
      `${op}: padding [${padding}] should be at most half the kernel size [${kernel}] (as in PyTorch)`,
    );
  }
  const [n, c, h, w] = x.shape;
  const g: Pool2dGeometry = { xShape: [n, c, h, w], kernel, stride, padding };
  const [oh, ow] = poolOutputSize(g);
  if (oh < 1 || ow < 1) {
    throw new ShapeError(
      `${op}: input ${formatShape(x.shape)} (${h}×${w} plus padding [${padding}]) is smaller than the kernel [${kernel}]`,
    );
  }
  return g;
}

const floats = (t: Tensor) => to(t, floatOf(t.dtype)).data as FloatArray;
const outShape = (g: Pool2dGeometry) => [g.xShape[0], g.xShape[1], ...poolOutputSize(g)];

/** The largest value in each kernelSize window: [N, C, H, W] → [N, C, OH, OW]. */
export function maxPool2d(x: Tensor, kernelSize: Pair, options: Pool2dOptions = {}): Tensor {
  if (x.ndim === 3) return squeeze(maxPool2d(unsqueeze(x, 0), kernelSize, options), 0);
  const xf = to(x, floatOf(x.dtype));
  const g = poolGeometry("maxPool2d", xf, kernelSize, options);
  const { y, argmax } = kernels().maxPool2d(floats(xf), g);
  return record("maxPool2d", [xf], new Tensor(y, outShape(g)), (dy) => [maxPool2dGrad(dy, argmax, g)], {
    kernel: g.kernel,
    stride: g.stride,
    padding: g.padding,
  });
}

/** Routes each window's gradient to the input cell that won it.   ∂/∂dy: G read back at the winners */
function maxPool2dGrad(dy: Tensor, argmax: Int32Array, g: Pool2dGeometry): Tensor {
  const dx = kernels().maxPool2dGrad(floats(dy), argmax, g);
  return record("maxPool2dGrad", [dy], new Tensor(dx, g.xShape), (G) => [takeAt(G, argmax, dy.shape)]);
}

/** The mean of each kernelSize window: [N, C, H, W] → [N, C, OH, OW]. */
export function avgPool2d(x: Tensor, kernelSize: Pair, options: AvgPool2dOptions = {}): Tensor {
  if (x.ndim === 3) return squeeze(avgPool2d(unsqueeze(x, 0), kernelSize, options), 0);
  const xf = to(x, floatOf(x.dtype));
  const g = poolGeometry("avgPool2d", xf, kernelSize, options);
  const y = averageWindows(xf, g);
  // Without the padding in the divisor, each window's mean is sum / (cells inside), and the fraction of
  // a window inside the image is exactly the average of ones.
  return options.countIncludePad === false ? div(y, averageWindows(onesLike(xf), g)) : y;
}

/** The mean over each window, padding counted as zeros.   ∂/∂x = avgPool2dGrad(g) */
function averageWindows(x: Tensor, g: Pool2dGeometry): Tensor {
  const y = kernels().avgPool2d(floats(x), g);
  return record("avgPool2d", [x], new Tensor(y, outShape(g)), (dy) => [avgPool2dGrad(dy, g)], {
    kernel: g.kernel,
    stride: g.stride,
    padding: g.padding,
  });
}

/** Spreads each window's gradient evenly over its cells.   ∂/∂dy = avgPool2d(G): the same windows, read */
function avgPool2dGrad(dy: Tensor, g: Pool2dGeometry): Tensor {
  const dx = kernels().avgPool2dGrad(floats(dy), g);
  return record("avgPool2dGrad", [dy], new Tensor(dx, g.xShape), (G) => [averageWindows(G, g)]);
}

declare module "../tensor" {
  interface Tensor {
    /**
     * Max over each kernelSize window of t [N, C, H, W] (stride defaults to kernelSize). See {@link maxPool2d}.
     */
    maxPool2d(kernelSize: Pair, options?: Pool2dOptions): Tensor;
    /** Mean over each kernelSize window of t [N, C, H, W]. See {@link avgPool2d}. */
    avgPool2d(kernelSize: Pair, options?: AvgPool2dOptions): Tensor;
  }
}

addMethods({ maxPool2d, avgPool2d });
