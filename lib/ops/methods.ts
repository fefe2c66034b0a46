// Op functions become Tensor methods: `add(a, b)` is also `a.add(b)`. Each ops file declares the
// methods' types (module augmentation) and installs them with this.
import { Tensor } from "../tensor";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OpFunction = (self: Tensor, ...args: any[]) => unknown;

export function addMethods(ops: Record<string, OpFunction>): void {
  for (const [name, op] of Object.entries(ops)) {
    Object.defineProperty(Tensor.prototype, name, {
      value: function (this: Tensor, ...args: unknown[]) {
        return op(this, ...args);
      },
      writable: true,
      configurable: true,
    });
  }
}
