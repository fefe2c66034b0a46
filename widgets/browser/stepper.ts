// The stepper's interactive layer: previous / play / next buttons, a slider, the arrow keys (and Home,
// End, space) once the stepper has focus, and a click on a row of the step table. The current step's
// nodes are outlined in the graph and its numbers shown above it. Everything was computed on the kernel
// side; the page only moves between steps.
import { defineView } from "./lib/define";

interface StepperData {
  svg: string;
  current: number;
  steps: { html: string; nodes: string[]; related: string[] }[];
}

const css = `
.gradlab-stepper-controls { display:flex; gap:6px; align-items:center; margin:4px 0; font:12px sans-serif }
.gradlab-stepper-controls button { cursor:pointer; min-width:32px }
.gradlab-stepper-controls input[type=range] { flex:1; max-width:400px }
.gradlab-current > path, .gradlab-current > ellipse, .gradlab-current > polygon { stroke:#e66100; stroke-width:3px }
.gradlab-related > path, .gradlab-related > ellipse, .gradlab-related > polygon { stroke:#1f78b4; stroke-width:2px }
.gradlab-stepper-steps { max-height:320px; overflow:auto }
.gradlab-stepper-steps tr { cursor:pointer }
.gradlab-stepper-steps tr.gradlab-step-current { background:#fff1e0 }`;

function addStyle(): void {
  if (document.getElementById("gradlab-stepper-style")) return;
  const style = document.createElement("style");
  style.id = "gradlab-stepper-style";
  style.textContent = css;
  document.head.appendChild(style);
}

function button(text: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.textContent = text;
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

defineView<StepperData>("stepper", (root, data) => {
  addStyle();
  const panel = root.querySelector<HTMLElement>(".gradlab-stepper-panel");
  const holder = root.querySelector<HTMLElement>(".gradlab-graph");
  const table = root.querySelector<HTMLElement>(".gradlab-stepper-steps");
  if (!panel || !holder || !table) return;
  holder.innerHTML = data.svg; // the graph without the static output's outlines: classes mark the step
  const count = data.steps.length;
  let current = data.current;
  let timer: number | undefined;

  const slider = document.createElement("input");
  slider.type = "range";
  slider.min = "0";
  slider.max = String(count - 1);
  const label = document.createElement("span");
  const toggle = () => (timer === undefined ? start() : stop());
  const play = button("▶", "play (space)", toggle);
  const controls = document.createElement("div");
  controls.className = "gradlab-stepper-controls";
  controls.append(
    button("|◀", "first step (Home)", () => show(0)),
    button("◀", "previous step (←)", () => show(current - 1)),
    play,
    button("▶|", "next step (→)", () => show(current + 1)),
    slider,
    label,
  );
  panel.before(controls);

  const mark = (ids: string[], cls: string) =>
    ids.forEach((id) => document.getElementById(id)?.classList.add(cls));
  const unmark = (cls: string) =>
    holder.querySelectorAll(`.${cls}`).forEach((el) => el.classList.remove(cls));

  function show(k: number): void {
    current = Math.max(0, Math.min(count - 1, k));
    const step = data.steps[current];
    panel!.innerHTML = step.html;
    unmark("gradlab-current");
    unmark("gradlab-related");
    mark(step.related, "gradlab-related");
    mark(step.nodes, "gradlab-current");
    slider.value = String(current);
    label.textContent = `step ${current + 1} of ${count}`;
    root.setAttribute("data-step", String(current + 1));
    table!.querySelectorAll("tr").forEach((tr) => {
      const on = tr.dataset.step === String(current);
      tr.classList.toggle("gradlab-step-current", on);
      tr.style.background = "";
      // keep the current row in view inside the table's own scroll box, without scrolling the page
      if (on) table!.scrollTop = tr.offsetTop - table!.clientHeight / 2;
    });
    if (current === count - 1) stop();
  }

  function start(): void {
    if (current === count - 1) show(0);
    play.textContent = "❚❚";
    timer = window.setInterval(() => show(current + 1), 900);
  }

  function stop(): void {
    window.clearInterval(timer);
    timer = undefined;
    play.textContent = "▶";
  }

  slider.addEventListener("input", () => show(Number(slider.value)));
  table.addEventListener("click", (e) => {
    const row = (e.target as HTMLElement).closest("tr");
    if (row?.dataset.step) show(Number(row.dataset.step));
  });
  root.tabIndex = 0; // focusable, so the arrow keys reach it
  root.addEventListener("keydown", (e) => {
    const moves: Record<string, number> = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      Home: 0,
      End: count - 1,
    };
    if (e.key in moves) show(moves[e.key]);
    else if (e.key === " ") toggle();
    else return;
    e.preventDefault(); // the notebook must not also act on the key (e.g. move between cells)
    e.stopPropagation();
  });
  show(current);
});
