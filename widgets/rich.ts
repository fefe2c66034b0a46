// The rich views of library objects, registered when gradlab/widgets is loaded (the kernel loads it at
// start-up): a History shows its curves, a ConfusionMatrix a heatmap. Tensors keep their own table view —
// a 2-D tensor may be data rather than an image; plot.heatmap(t) and plot.images(t) draw one on request.
import { History } from "../lib/train/history";
import { ConfusionMatrix } from "../lib/train/metrics";
import { registerView } from "./registry";
import { historyView } from "./history";
import { confusionView } from "./confusion";

registerView(History, historyView);
registerView(ConfusionMatrix, confusionView);
