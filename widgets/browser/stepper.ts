// The stepper view's interactive layer (placeholder until the view lands).
import { defineView } from "./lib/define";

defineView<unknown>("stepper", (root) => root.setAttribute("data-ready", "true"));
