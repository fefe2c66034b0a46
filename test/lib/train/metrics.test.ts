// Metrics on hand-checked examples.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { tensor } from "../../../lib";
import { accuracy, confusionMatrix, topKAccuracy } from "../../../lib/train";

const scores = tensor([
  [0.1, 0.7, 0.2],
  [0.5, 0.4, 0.1],
  [0.2, 0.3, 0.5],
  [0.6, 0.3, 0.1],
]);
const targets = tensor([1, 1, 2, 0], { dtype: "int32" });

describe("metrics", () => {
  test("accuracy: argmax against the targets", () => {
    assert.equal(accuracy(scores, targets), 0.75);
  });

  test("binary accuracy: probabilities cut at 0.5, logits at 0", () => {
    const labels = tensor([1, 0, 1], { dtype: "int32" });
    assert.equal(accuracy(tensor([0.9, 0.2, 0.4]), labels), 2 / 3);
    assert.equal(accuracy(tensor([[2.0], [-1.0], [0.3]]), labels), 1);
  });

  test("top-k: the target among the k best", () => {
    assert.equal(topKAccuracy(scores, targets, 1), 0.75);
    assert.equal(topKAccuracy(scores, targets, 2), 1);
  });

  test("confusion matrix: rows are the truth, columns the predictions", () => {
    const cm = confusionMatrix(scores, targets, { labels: ["a", "b", "c"] });
    assert.deepEqual(cm.counts, [
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    assert.equal(cm.accuracy(), 0.75);
    assert.equal(cm.recall(1), 0.5);
    assert.equal(cm.precision(0), 0.5);
    assert.match(String(cm), /accuracy 75\.00%/);
    const bundle = (cm as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for("Jupyter.display")
    ]();
    assert.match(bundle["text/html"], /<table/);
  });
});
