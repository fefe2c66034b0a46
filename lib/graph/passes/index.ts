// Graph passes: each takes a program (a graph and the outputs wanted) and gives a smaller or faster one
// computing the same values. Compose them with optimize(); print one with its graph's toString().
import { eliminateCommonSubexpressions } from "./cse";
import { foldConstants } from "./fold";
import { type Program, prune } from "./program";

export { type Program, type Rewrite, rebuild, prune } from "./program";
export { foldConstants } from "./fold";
export { eliminateCommonSubexpressions } from "./cse";

/** Every pass, in the order each helps the next: prune, fold constants, eliminate common subexpressions. */
export const optimize = (p: Program): Program => eliminateCommonSubexpressions(foldConstants(prune(p)));
