// The chart view's interactive layer (placeholder until the view lands).
import { defineView } from "./lib/define";

defineView<unknown>("chart", (root) => root.setAttribute("data-ready", "true"));
