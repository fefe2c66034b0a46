// Embedding: a lookup table of learned vectors, one per token id: [*] int32 → [*, dim].
// Its gradient adds each output row's gradient back into the row it was read from (indexSelect's).
import { indexSelect } from "../ops/indexing";
import { reshape } from "../ops/movement";
import type { Tensor } from "../tensor";
import { normal } from "./init";
import { Module } from "./module";
import { empty } from "./parameter";

export class Embedding extends Module {
  /** [numEmbeddings, embeddingDim], N(0, 1) at the start as in PyTorch */
  weight: Tensor;

  constructor(
    readonly numEmbeddings: number,
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
