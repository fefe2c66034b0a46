// Embedding: a lookup table of learned vectors, one per token id: [*] int32 → [*, dim].
// Its gradient adds each output row's gradient back into the row it was read from (indexSelect's).
import { indexSelect } from "../ops/indexing";
import { reshape } from "../ops/movement";
import type { Tensor } from "../tensor";
import { normal } from "./init";
import { Module } from "./module";
import { empty } from "./parameter";

/**
 * A lookup table of learned vectors: int32 ids [*] → [*, embeddingDim].
 * @example
 * const emb = new nn.Embedding(100, 8);
 * emb.forward(tensor([3, 7], { dtype: "int32" })).shape // [2, 8]
 */
export class Embedding extends Module {
  /** [numEmbeddings, embeddingDim], N(0, 1) at the start as in PyTorch */
  weight: Tensor;

  constructor(
    /** how many ids (rows of the table) */
    readonly numEmbeddings: number,
    /** length of each vector */
    readonly embeddingDim: number,
  ) {
    super();
    this.weight = normal(empty([numEmbeddings, embeddingDim]));
  }

  forward(ids: Tensor): Tensor {
    const rows = indexSelect(this.weight, 0, reshape(ids, [-1]));
    return reshape(rows, [...ids.shape, this.embeddingDim]);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}`;
  }
}
