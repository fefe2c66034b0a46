// 2-D convolution (NCHW input, OIHW weight), as torch.nn.functional.conv2d. The loops run on the active
// backend's kernels; this file resolves the options, checks the shapes, and wires up the gradients.
//
// A convolution is linear in x and in w, so its gradients are convolutions too:
//
//   y  = conv2d(x, w)                 (+ bias per output channel)
//   ∂L/∂x = conv2dInputGrad(g, w)     each output's g sent back through the same taps (a "transposed conv")
//   ∂L/∂w = conv2dWeightGrad(x, g)    each tap's weight collects g · the input it read
//   ∂L/∂b = Σ g over N, H, W
//
// Those three ops are each other's gradients, so a gradient of a gradient (createGraph) works too.
import { record } from "../autograd";
import { kernels } from "../backend";
import { type Conv2dGeometry, type FloatArray, convOutputSize } from "../backend/kernels";
import { floatOf, promote } from "../dtype";
import { ShapeError, formatShape } from "../shape";
import { Tensor } from "../tensor";
import { to } from "./cast";
import { addMethods } from "./methods";
import { squeeze, unsqueeze } from "./movement";
import { sum } from "./reduce";

/** One number for both spatial dims, or [height, width]. */
export type Pair = number | readonly [number, number];

/** Options of {@link conv2d} (and nn.Conv2d), as in PyTorch. */
export interface Conv2dOptions {
  /** step between windows: one number or [h, w]; default 1 */
  stride?: Pair;
  /** zeros added around the input: a number, [h, w], "valid" (none) or "same" (output size = input size) */
  padding?: Pair | "same" | "valid";
  /** spacing between kernel taps; default 1 */
  dilation?: Pair;
  /** split channels into groups convolved separately; groups = in_channels is a depthwise conv */
  groups?: number;
}

/** A {@link Pair} as [height, width]. */
export const pair = (p: Pair): [number, number] => (typeof p === "number" ? [p, p] : [p[0], p[1]]);

/**
 * Padding "same" as PyTorch resolves it: a dilated kernel spans d·(k−1)+1 pixels, so d·(k−1) must be
 * padded in all; half before, and the odd one out (even kernels) after — at the bottom and right.
 */
function samePadding(kernel: [number, number], dilation: [number, number]): [number, number, number, number] {
  const [th, tw] = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)];
  const [top, left] = [Math.floor(th / 2), Math.floor(tw / 2)];
  return [top, th - top, left, tw - left];
}

/** Checks x, w and bias against each other and resolves the options into the kernels' geometry. */
function convGeometry(
  x: Tensor,
  w: Tensor,
  bias: Tensor | undefined,
  options: Conv2dOptions,
): Conv2dGeometry {
  const [xs, ws] = [formatShape(x.shape), formatShape(w.shape)];
  if (x.ndim !== 4) {
    throw new ShapeError(
      `conv2d: input ${xs} should be [N, C, H, W] (or [C, H, W] unbatched); got ${x.ndim} dims`,
    );
  }
  if (w.ndim !== 4) {
    throw new ShapeError(
      `conv2d: weight ${ws} should be [out_channels, in_channels / groups, kH, kW]; got ${w.ndim} dims`,
    );
  }
  const groups = options.groups ?? 1;
  const [n, c, h, wd] = x.shape;
  const [o, cg, kh, kw] = w.shape;
  if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0 || o % groups !== 0) {
    throw new ShapeError(
      `conv2d: groups ${groups} must divide both the input's ${c} channels (input ${xs}) and the weight's ${o} output channels (weight ${ws})`,
    );
  }
  if (c !== cg * groups) {
    throw new ShapeError(
      `conv2d: input ${xs} has ${c} channels but weight ${ws} expects ${cg * groups} (${cg} × groups ${groups}) — ` +
        `did you mean in_channels=${c / groups}? (weight is [out_channels, in_channels / groups, kH, kW])`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== o)) {
    throw new ShapeError(
      `conv2d: bias ${formatShape(bias.shape)} should be [${o}], one value per output channel of weight ${ws}`,
    );
  }
  const stride = pair(options.stride ?? 1);
  const dilation = pair(options.dilation ?? 1);
  const p = options.padding ?? 0;
  let padding: [number, number, number, number];
  if (p === "same") {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ShapeError(
        `conv2d: padding "same" needs stride 1 (PyTorch allows it only then), got stride [${stride}] — ` +
          `give the padding as a number instead, e.g. padding: ${Math.floor((kh - 1) / 2)}`,
      );
    }
    padding = samePadding([kh, kw], dilation);
  } else {
    const [ph, pw] = p === "valid" ? [0, 0] : pair(p);
    padding = [ph, ph, pw, pw];
  }
  const g: Conv2dGeometry = {
    xShape: [n, c, h, wd],
    wShape: [o, cg, kh, kw],
    stride,
    padding,
    dilation,
    groups,
  };
  const [oh, ow] = convOutputSize(g);
  if (oh < 1 || ow < 1) {
    throw new ShapeError(
      `conv2d: input ${xs} padded to ${h + padding[0] + padding[1]}×${wd + padding[2] + padding[3]} is smaller than ` +
        `the kernel of weight ${ws} (which spans ${dilation[0] * (kh - 1) + 1}×${dilation[1] * (kw - 1) + 1} with dilation [${dilation}]) — ` +
        `use a smaller kernel or more padding`,
    );
  }
  return g;
}

const floats = (t: Tensor) => t.data as FloatArray;

/**
 * torch.nn.functional.conv2d: x [N, C, H, W] (or [C, H, W]) with weight [O, C / groups, kH, kW] and an
 * optional bias [O] gives [N, O, OH, OW].
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor, options: Conv2dOptions = {}): Tensor {
  if (x.ndim === 3) return squeeze(conv2d(unsqueeze(x, 0), weight, bias, options), 0);
  const g = convGeometry(x, weight, bias, options);
  const dtype = floatOf(promote(x.dtype, weight.dtype));
  return convolve(to(x, dtype), to(weight, dtype), bias && to(bias, dtype), g);
}

/** y = conv(x, w) + b for a resolved geometry; the three tensors share one float dtype. */
export function convolve(x: Tensor, w: Tensor, bias: Tensor | undefined, g: Conv2dGeometry): Tensor {
  const y = kernels().conv2d(floats(x), floats(w), bias && floats(bias), g);
  const [oh, ow] = convOutputSize(g);
  const inputs = bias ? [x, w, bias] : [x, w];
  const { stride, padding, dilation, groups } = g;
  return record(
    "conv2d",
    inputs,
    new Tensor(y, [g.xShape[0], g.wShape[0], oh, ow]),
    (dy) => [
      x.requiresGrad ? conv2dInputGrad(dy, w, g) : null,
      w.requiresGrad ? conv2dWeightGrad(x, dy, g) : null,
      bias?.requiresGrad ? sum(dy, [0, 2, 3]) : null,
    ],
    { stride, padding, dilation, groups },
  );
}

/**
 * ∂L/∂x of a convolution, given the output's gradient dy: [N, C, H, W]. As a function of dy this is the
 * transposed convolution. It is linear in dy and in w, so:   ∂/∂dy = conv2d(G, w),  ∂/∂w = conv2dWeightGrad(G, dy)
 */
export function conv2dInputGrad(dy: Tensor, w: Tensor, g: Conv2dGeometry): Tensor {
  const d = to(dy, w.dtype);
  const dx = kernels().conv2dInputGrad(floats(d), floats(w), g);
  return record("conv2dInputGrad", [d, w], new Tensor(dx, g.xShape), (G) => [
    d.requiresGrad ? convolve(G, w, undefined, g) : null,
    w.requiresGrad ? conv2dWeightGrad(G, d, g) : null,
  ]);
}

/**
 * ∂L/∂w of a convolution, given its input x and the output's gradient dy: [O, C / groups, kH, kW].
 * Linear in x and in dy:   ∂/∂x = conv2dInputGrad(dy, G),  ∂/∂dy = conv2d(x, G)
 */
export function conv2dWeightGrad(x: Tensor, dy: Tensor, g: Conv2dGeometry): Tensor {
  const d = to(dy, x.dtype);
  const dw = kernels().conv2dWeightGrad(floats(x), floats(d), g);
  return record("conv2dWeightGrad", [x, d], new Tensor(dw, g.wShape), (G) => [
    x.requiresGrad ? conv2dInputGrad(d, G, g) : null,
    d.requiresGrad ? convolve(x, G, undefined, g) : null,
  ]);
}

declare module "../tensor" {
  interface Tensor {
    /**
     * 2-D convolution of t [N, C, H, W] with `weight` [F, C/groups, kh, kw] → [N, F, H', W']. See {@link conv2d}.
     */
    conv2d(weight: Tensor, bias?: Tensor, options?: Conv2dOptions): Tensor;
  }
}

addMethods({ conv2d });
