// Graph passes: each takes a program (a graph and the outputs wanted) and gives a smaller or faster one
// computing the same values. Compose them with optimize(); print one with its graph's toString().
import { eliminateCommonSubexpressions } from "./cse";
import { foldConstants } from "./fold";
import { fuseElementwise } from "./fuse";
import { type Program, prune } from "./program";

export { type Program, type Rewrite, rebuild, prune } from "./program";
export { foldConstants } from "./fold";
export { eliminateCommonSubexpressions } from "./cse";
export { fuseElementwise, fusedKernel, type FusedKernel } from "./fuse";

/**
 * Every pass, in the order each helps the next: prune, fold constants, eliminate common subexpressions,
 * then fuse elementwise chains (`{ fuse: false }` to stop before fusing).
 */
export const optimize = (p: Program, { fuse = true } = {}): Program => {
  const simpler = eliminateCommonSubexpressions(foldConstants(prune(p)));
  return fuse ? fuseElementwise(simpler) : simpler;
};
