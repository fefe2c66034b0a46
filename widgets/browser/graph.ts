// The graph view's interactive layer (placeholder until the view lands).
import { defineView } from "./lib/define";

defineView<unknown>("graph", (root) => root.setAttribute("data-ready", "true"));
