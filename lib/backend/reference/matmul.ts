// C[b] = A[b] · B[b]: the textbook triple loop, c[i][j] = Σ_p a[i][p] · b[p][j].
import type { FloatArray, MatmulArgs } from "../kernels";
import { like } from "./alloc";

export function matmul({ a, b, batch, m, k, n, transA = false, transB = false }: MatmulArgs): FloatArray {
  const c = like(a, batch * m * n);
  // A[i][p] sits at i·k + p, or at p·m + i when A is stored transposed (k×m); likewise B.
  const aAt = (base: number, i: number, p: number) => a[base + (transA ? p * m + i : i * k + p)];
  const bAt = (base: number, p: number, j: number) => b[base + (transB ? j * k + p : p * n + j)];
  for (let t = 0; t < batch; t++) {
    const aBase = t * m * k;
    const bBase = t * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += aAt(aBase, i, p) * bAt(bBase, p, j);
        c[(t * m + i) * n + j] = sum;
      }
    }
  }
  return c;
}
