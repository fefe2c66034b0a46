// The notebook view of a ConfusionMatrix: true classes down, predicted classes across, each cell shaded by
// its share of its row (so a rare class's mistakes show as clearly as a common one's) and labelled with
// its count. The diagonal is what the model got right.
import type { ConfusionMatrix } from "../lib/train/metrics";
import { ChartView } from "./chart/view";
import { colorScales } from "./chart/figure";

/**
 * A confusion matrix as a heatmap: true classes down, predicted across, each cell shaded by its share of
 * its row and labelled with its count. A ConfusionMatrix displayed in a notebook shows this by itself.
 * @example
 * confusionView(confusionMatrix(predict(model, test), test.targets));
 */
export function confusionView(cm: ConfusionMatrix): ChartView {
  const shares = cm.counts.map((row) => {
    const sum = Math.max(
      1,
      row.reduce((a, b) => a + b, 0),
    );
    return row.map((c) => c / sum);
  });
  const size = Math.max(260, 40 + 28 * cm.labels.length);
  const title = `confusion matrix · accuracy ${(100 * cm.accuracy()).toFixed(2)}% of ${cm.total}`;
  return new ChartView(
    {
      panelWidth: size + 60,
      panelHeight: size,
      panels: [
        {
          title,
          xLabel: "predicted",
          yLabel: "true",
          yReversed: true,
          traces: [
            {
              type: "heatmap",
              z: shares,
              x: cm.labels,
              y: cm.labels,
              colors: colorScales.blues,
              zmin: 0,
              zmax: 1,
              text: cm.counts.map((row) => row.map(String)),
            },
          ],
        },
      ],
    },
    cm.toString(),
  );
}
