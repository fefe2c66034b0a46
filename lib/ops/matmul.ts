// Matrix products with PyTorch's rules; the multiply itself runs on the active backend's kernel.
import { record } from "../autograd";
import { kernels } from "../backend";
import type { FloatArray } from "../backend/kernels";
import { allocate, isFloat, promote } from "../dtype";
import { ShapeError, broadcastShapes, formatShape, sizeOf } from "../shape";
import { Tensor } from "../tensor";
import { add } from "./arithmetic";
import { addMethods } from "./methods";
import { to } from "./cast";
import { expand, reshape, squeeze, transpose, unsqueeze } from "./movement";

/**
 * The inner dims clash. Suggests the transpose that would make the product work — of a, of b or of
 * both — and none when no transpose would (e.g. [2,3] @ [4,5]).
 */
function matmulError(a: Tensor, b: Tensor): ShapeError {
  const [k, k2] = [a.shape.at(-1)!, b.ndim === 1 ? b.shape[0] : b.shape.at(-2)!];
  const aRows = a.ndim >= 2 ? a.shape.at(-2) : undefined; // a.transpose() has k = aRows
  const bCols = b.ndim >= 2 ? b.shape.at(-1) : undefined; // b.transpose() has k2 = bCols
  const hint =
    k === bCols
      ? " — did you mean a @ b.transpose()?"
      : aRows === k2
        ? " — did you mean a.transpose() @ b?"
        : aRows !== undefined && aRows === bCols
          ? " — did you mean a.transpose() @ b.transpose()?"
          : "";
  return new ShapeError(
    `matmul: ${formatShape(a.shape)} @ ${formatShape(b.shape)}: inner dims ${k} ≠ ${k2} ` +
      `(a's last dim must equal b's ${b.ndim === 1 ? "only" : "second-to-last"} dim)${hint}`,
  );
}

/**
 * Batched (…, m, k) @ (…, k, n) with the batch dims already broadcast to one shape. `ta` / `tb` say an
 * operand is stored transposed (its last two dims swapped): the kernel reads it that way, so no transpose
 * is ever copied.
 */
function batchedMatmul(a: Tensor, b: Tensor, ta = false, tb = false): Tensor {
  const [m, k] = ta ? [a.shape.at(-1)!, a.shape.at(-2)!] : [a.shape.at(-2)!, a.shape.at(-1)!];
  const n = tb ? b.shape.at(-2)! : b.shape.at(-1)!;
  const batchShape = a.shape.slice(0, -2);
  const dtype = promote(a.dtype, b.dtype);
  // kernels multiply floats; integers go through float64, exact for products below 2⁵³, and come back int32
  const float = isFloat(dtype) ? dtype : "float64";
  const [da, db] = [to(a, float).data, to(b, float).data] as FloatArray[];
  const batch = sizeOf(batchShape);
  // an empty product (some size 0) is all zeros, and no kernel needs to handle that corner
  const out =
    batch * m * n * k === 0
      ? allocate(float, batch * m * n)
      : kernels().matmul({ a: da, b: db, batch, m, k, n, transA: ta, transB: tb });
  const product = new Tensor(out, [...batchShape, m, n]);
  return isFloat(dtype) ? product : to(product, dtype === "bool" ? "int32" : dtype);
}

/**
 * C = A·B where A is a (or aᵀ when `ta`) and B is b (or bᵀ when `tb`), batch dims already broadcast.
 *   ∂/∂A = G·Bᵀ,  ∂/∂B = Aᵀ·G
 * and where an operand is stored transposed, its gradient is the transpose of that: ∂/∂a = B·Gᵀ when ta,
 * ∂/∂b = Gᵀ·A when tb. Every one of these is again a product of stored tensors, read transposed or not.
 */
function product(a: Tensor, b: Tensor, ta: boolean, tb: boolean): Tensor {
  const out = batchedMatmul(a.detach(), b.detach(), ta, tb);
  const attrs = ta || tb ? { transA: ta, transB: tb } : undefined;
  return record(
    "matmul",
    [a, b],
    out,
    (g) => [
      // only the gradients someone needs (an MLP's input x needs none), as conv2d's backward does
      !a.requiresGrad ? null : ta ? product(b, g, tb, true) : product(g, b, false, !tb),
      !b.requiresGrad ? null : tb ? product(g, a, true, ta) : product(a, g, !ta, false),
    ],
    attrs,
  );
}

/**
 * a @ b, as torch.matmul: [m, k] @ [k, n] → [m, n].   ∂/∂a = g @ bᵀ,  ∂/∂b = aᵀ @ g
 *
 * Shapes: a's last dim must equal b's second-to-last (its only dim when b is a vector). Vectors are
 * promoted to matrices and the extra dim removed afterwards ([k] @ [k, n] → [n]), and leading batch
 * dims broadcast ([B, m, k] @ [k, n] → [B, m, n]).
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])) // [[17], [39]], shape [2, 1]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0)
    throw new ShapeError(
      `matmul: both arguments need at least one dim, got ${formatShape(a.shape)} @ ${formatShape(b.shape)}`,
    );
  if (a.shape.at(-1) !== b.shape.at(b.ndim === 1 ? 0 : -2)) throw matmulError(a, b);
  // vectors become a row (a) or a column (b) for the product; that dim is removed again afterwards
  if (a.ndim === 1 && b.ndim === 1) return reshape(matmul(unsqueeze(a, 0), unsqueeze(b, 1)), []);
  if (a.ndim === 1) return squeeze(matmul(unsqueeze(a, 0), b), -2);
  if (b.ndim === 1) return squeeze(matmul(a, unsqueeze(b, -1)), -1);
  const batch = broadcastShapes(
    `matmul: batch dims of ${formatShape(a.shape)} @ ${formatShape(b.shape)}`,
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  const x = expand(a, [...batch, ...a.shape.slice(-2)]);
  const y = expand(b, [...batch, ...b.shape.slice(-2)]);
  return product(x, y, false, false);
}

/**
 * y = x Wᵀ + b, as torch.nn.functional.linear (W is [out, in]). The kernel reads W transposed in place,
 * and any leading dims of x are rows of one product.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  const y = fitsLinear(x, weight)
    ? reshape(product(rowsOf(x), weight, false, true), [...x.shape.slice(0, -1), weight.shape[0]])
    : matmul(x, transpose(weight)); // other shapes as matmul takes them (or matmul's error, with its hints)
  return bias ? add(y, bias) : y;
}

const fitsLinear = (x: Tensor, w: Tensor) => x.ndim >= 1 && w.ndim === 2 && x.shape.at(-1) === w.shape[1];

/** x as a matrix: its leading dims flattened into rows (free: a reshape shares storage). */
const rowsOf = (x: Tensor) => reshape(x, [sizeOf(x.shape.slice(0, -1)), x.shape.at(-1)!]);

/** Dot product of two vectors [n] · [n] → a scalar: Σ aᵢbᵢ.   ∂/∂a = g·b, ∂/∂b = g·a */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1)
    throw new ShapeError(`dot: needs two vectors, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  return matmul(a, b);
}

declare module "../tensor" {
  interface Tensor {
    /**
     * Matrix product t @ other: [m, k] @ [k, n] → [m, n], vectors and batch dims as in {@link matmul}.   ∂/∂t = g @ otherᵀ, ∂/∂other = tᵀ @ g
     * @example
     * tensor([[1, 2], [3, 4]]).matmul(tensor([[5], [6]])) // [[17], [39]]
     */
    matmul(other: Tensor): Tensor;
    /** Dot product of two vectors [n] · [n] → a scalar. */
    dot(other: Tensor): Tensor;
  }
}

addMethods({ matmul, dot });
