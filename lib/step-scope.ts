// Step scopes: what decides, in eager mode, which tensors are garbage. A training step allocates a few
// dozen tensors (activations, their gradients, temporaries) that are dead once the optimizer has stepped.
// stepScope() runs one step, then hands the storage of every tensor the step made back to the storage
// pool — except what is still reachable from what you keep (the model, the optimizer, the step's return
// value, keep()) — so the next step reuses the same arrays instead of allocating fresh ones. A tensor
// whose storage was recycled throws a RecycledTensorError on any read: never silently wrong numbers.
import type { Storage } from "./dtype";
import { recordTakes, recycleStorage } from "./storage-pool";
import { Tensor, markRecycled, recordTensors, storageOf } from "./tensor";

const kept: Tensor[][] = [];

/**
 * Keeps `t` (its values and its gradient) past the end of the enclosing stepScope: use it for a value
 * the step makes that you want to look at later. Outside a scope it does nothing. Returns `t`.
 */
export function keep<T extends Tensor>(t: T): T {
  kept.at(-1)?.push(t);
  return t;
}

/**
 * Runs `step` (a training step: forward, loss, backward, optimizer step) and then recycles the storage
 * of every tensor it made, except what is reachable from its return value, from `keep` (a model, an
 * optimizer, tensors, arrays or objects of them: searched through their properties) and from keep().
 * A recycled tensor throws a RecycledTensorError when read. The step must be synchronous; if it throws,
 * or if what it keeps includes a graph not yet back-propagated (a loss before its backward()), nothing
 * is recycled. Scopes nest: what an inner one keeps belongs to the outer one.
 * @example
 * for (const [x, y] of loader) {
 *   const loss = stepScope(() => {
 *     opt.zeroGrad();
 *     const loss = nn.functional.crossEntropy(model.forward(x), y);
 *     loss.backward();
 *     opt.step();
 *     return loss.item(); // a number: every tensor of the step is recycled
 *   }, [model, opt]);
 * }
 */
export function stepScope<T>(step: () => T, keepAlso: readonly unknown[] = []): T {
  const storages: Storage[] = [];
  const tensors: Tensor[] = [];
  const previousStorages = recordTakes(storages);
  const previousTensors = recordTensors(tensors);
  const keptHere: Tensor[] = [];
  kept.push(keptHere);
  let result: T;
  try {
    result = step();
  } finally {
    recordTakes(previousStorages);
    recordTensors(previousTensors);
    kept.pop();
  }
  if (result instanceof Promise)
    throw new Error("stepScope: the step must be synchronous (it returned a Promise); await outside it");
  const { buffers: live, graphs } = reachable([result, keepAlso, keptHere]);
  // A graph that can still be back-propagated (returned or kept before its backward()) may need any of
  // the step's storage, some of it held only by its closures (max-pool's argmax): then nothing goes.
  const dead = new Set<ArrayBufferLike>();
  for (const s of storages) {
    if (graphs || live.has(s.buffer)) previousStorages?.push(s);
    else dead.add(s.buffer);
  }
  for (const t of tensors) {
    const data = storageOf(t);
    if (data && dead.has(data.buffer)) markRecycled(t);
    else previousTensors?.push(t);
  }
  for (const s of storages) if (dead.has(s.buffer)) recycleStorage(s);
  return result;
}

/**
 * The buffers of every tensor (and its gradient) reachable from `roots` through properties and items;
 * `graphs`: whether one of those tensors has a graph not yet back-propagated.
 */
function reachable(roots: unknown): { buffers: Set<ArrayBufferLike>; graphs: boolean } {
  const buffers = new Set<ArrayBufferLike>();
  let graphs = false;
  const seen = new Set<object>();
  const stack: unknown[] = [roots];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Tensor) {
      const data = storageOf(value);
      if (data) buffers.add(data.buffer);
      stack.push(value.grad);
      if (value.gradFn?.backward) graphs = true;
    } else if (ArrayBuffer.isView(value)) buffers.add(value.buffer);
    else if (value instanceof Map) for (const [k, v] of value) stack.push(k, v);
    else if (value instanceof Set || Array.isArray(value)) for (const v of value) stack.push(v);
    else for (const v of Object.values(value)) stack.push(v);
  }
  return { buffers, graphs };
}
