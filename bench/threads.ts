// How many threads gradlab's CPU kernels use in this run: the peers that can thread (PyTorch) get the
// same number in their `torch` rows, and one in their `torch-1t` rows.
import { backendOf } from "../lib/backend/registry";
import "../lib/backend";

export function gradlabThreads(): number {
  return backendOf("gpu").info().threadCount ?? 1;
}

/** The two PyTorch rows of every table: [impl, threads]. */
export const torchRows = (): [string, number][] => [
  ["torch", gradlabThreads()],
  ["torch-1t", 1],
];
