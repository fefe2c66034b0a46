// A parameter is a tensor that requires grad and lives on a module; layers create theirs with these.
import { zeros } from "../creation";
import type { Shape } from "../shape";
import type { Tensor } from "../tensor";

/** A float32 parameter of `shape`, zero-filled, for an initialiser to fill in place. */
export function empty(shape: Shape): Tensor {
  return zeros(shape, { requiresGrad: true });
}

/** A parameter holding `value` everywhere (BatchNorm's γ = 1, β = 0). */
export function filled(shape: Shape, value: number): Tensor {
  const t = empty(shape);
  t.data.fill(value);
  return t;
}
