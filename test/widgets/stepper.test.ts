// stepper(): its backward steps are exactly backward()'s (same order, same gradients — checked against
// an independent backward() on a copy of the graph), the users' .grad is left alone, the numbers shown
// are the tensors', the static bundle lists every step, and bad input gets a clear error.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type BackwardStep, Tensor, manualSeed, nn, ones, randn, tensor } from "../../lib/index";
import { ready, stepper } from "../../widgets/index";
import { formatNumber } from "../../widgets/graph/values";
import { bundleParts, elements, group } from "./views";

before(() => ready());

/** loss = h² + tanh(h) with h = x·w + b: h feeds two consumers (three paths), so its gradient is a sum. */
function build() {
  const x = tensor([2, -1], { requiresGrad: true, name: "x" });
  const w = tensor([-3, 0.5], { requiresGrad: true, name: "w" });
  const b = tensor(1, { requiresGrad: true, name: "b" });
  const h = x.mul(w).add(b);
  const loss = h.mul(h).add(h.tanh()).sum();
  return { x, w, b, loss };
}

/** backward() on its own copy of the graph: the ops in its order, what each sent on, the leaves' grads. */
function reference() {
  const { x, w, b, loss } = build();
  const steps: BackwardStep[] = [];
  loss.backward({ onStep: (s) => steps.push(s) });
  return { steps, grads: [x.grad!, w.grad!, b.grad!] };
}

const values = (t: Tensor | null) => (t ? Array.from(t.data) : null);

describe("stepper", () => {
  it("steps forward in topological order, then backward in backward()'s order with its gradients", () => {
    const { x, w, b, loss } = build();
    const s = stepper(loss);
    const ref = reference();
    const forward = s.steps.filter((st) => st.kind === "forward");
    const ops = s.steps.filter((st) => st.kind === "backward");
    assert.deepEqual(
      forward.map((st) => st.node.tensor.gradFn!.op),
      ["mul", "add", "mul", "tanh", "add", "sum"],
    );
    assert.deepEqual(
      ops.map((st) => st.node.tensor.gradFn!.op),
      ref.steps.map((st) => st.gradFn.op),
    );
    ops.forEach((st, k) => {
      assert.deepEqual(values(st.upstream), values(ref.steps[k].upstream), `upstream of step ${k}`);
      assert.deepEqual(
        st.inputs.map((i) => values(i.product)),
        ref.steps[k].inputGrads.map(values),
        `products of ${st.node.tensor.gradFn!.op}`,
      );
    });
    const leaves = s.steps.filter((st) => st.kind === "leaf");
    assert.deepEqual(
      leaves.map((st) => st.node.name),
      ["b", "w", "x"],
    );
    const byName = new Map(leaves.map((st) => [st.node.name, values(st.grad)]));
    assert.deepEqual([byName.get("x"), byName.get("w"), byName.get("b")], ref.grads.map(values));
    // no side effects: nobody's .grad changed, and the user's own backward() still runs afterwards
    assert.deepEqual([x.grad, w.grad, b.grad], [null, null, null]);
    loss.backward();
    assert.deepEqual(values(x.grad), values(ref.grads[0]));
  });

  it("shows the sum where a value feeds several consumers, and the local derivative's numbers", () => {
    const { loss } = build();
    const s = stepper(loss);
    const h = s.steps.find((st) => st.kind === "backward" && st.contributions.length > 1);
    assert.ok(h && h.kind === "backward");
    assert.equal(h.node.tensor.gradFn!.op, "add"); // h = x·w + b, used by mul (twice) and tanh
    assert.equal(h.contributions.length, 3);
    const total = h.contributions.reduce((acc, c) => acc.map((v, i) => v + c.grad.data[i]), [0, 0]);
    total.forEach((v, i) => assert.ok(Math.abs(v - h.upstream.data[i]) < 1e-6));
    // mul's local derivative ∂/∂a = b is the other factor, h itself
    const square = s.steps.find(
      (st) =>
        st.kind === "backward" &&
        st.node.tensor.gradFn!.op === "mul" &&
        st.inputs[0].input === st.inputs[1].input,
    );
    assert.ok(square && square.kind === "backward");
    assert.deepEqual(values(square.inputs[0].local), values(square.inputs[0].input.tensor));
    s.goto(s.steps.indexOf(h) + 1);
    const text = String(s);
    assert.match(text, new RegExp(`step ${s.steps.indexOf(h) + 1} of ${s.count} · backward · add`));
    assert.match(
      text,
      /upstream g = .* \(from #\d+ \(tanh\)\) \+ .* \(from #\d+ \(mul\)\) \+ .* \(from #\d+ \(mul\)\) = /,
    );
  });

  it("moves with next, prev and goto, and shows the numbers of the step it is on", () => {
    const s = stepper(build().loss);
    assert.equal(s.position, 1);
    s.prev();
    assert.equal(s.position, 1);
    s.next();
    s.next();
    assert.equal(s.position, 3);
    s.goto(s.count);
    s.next();
    assert.equal(s.position, s.count);
    assert.throws(() => s.goto(0), /no step 0; the steps are numbered 1 to \d+/);
    const last = s.steps[s.count - 1];
    assert.equal(last.kind, "leaf");
    assert.match(
      String(s),
      new RegExp(
        `∂loss/∂#\\d+ x = \\[2\\] \\[${Array.from(last.kind === "leaf" ? last.grad.data : [], formatNumber).join(", ")}\\]`,
      ),
    );
  });

  it("redraws the output the kernel shows under its id, through the kernel's display()", () => {
    const calls: { value: unknown; id?: string; update?: boolean }[] = [];
    const g = globalThis as { display?: unknown };
    g.display = (value: unknown, options?: { id?: string; update?: boolean }) => {
      calls.push({ value, ...options });
    };
    try {
      const s = stepper(build().loss);
      s.next();
      s.next();
      s.goto(5);
      assert.deepEqual(
        calls,
        [1, 2, 3].map(() => ({ value: s, id: s.id, update: true })),
      );
      assert.equal(s.position, 5);
    } finally {
      delete g.display;
    }
  });

  it("gives a bundle with the graph, the current step outlined, and every step as a numbered table", () => {
    const s = stepper(build().loss);
    s.goto(3);
    const { html, svgs, data } = bundleParts(s, "stepper");
    assert.equal(svgs.length, 1);
    const rows = [...html.matchAll(/<tr data-step="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(rows, [...Array(s.count).keys()]);
    for (let k = 1; k <= s.count; k++) assert.ok(html.includes(`Step ${k} of ${s.count}`));
    const d = data as { current: number; svg: string; steps: { nodes: string[] }[] };
    assert.equal(d.current, 2);
    assert.equal(d.steps.length, s.count);
    // step 3 is the mul h·h: its op and output are outlined in the static SVG, in orange
    const op = group(svgs[0], d.steps[2].nodes[0])!;
    assert.equal(elements(op, "ellipse")[0].getAttribute("stroke"), "#e66100");
    assert.equal(elements(op, "text")[0].textContent, "mul");
    // the forward values shown are the tensors' own
    const node = s.steps[2].node;
    assert.ok(html.includes(`Step 3 of ${s.count}`));
    assert.ok(String(s).includes(`= [2] [${Array.from(node.tensor.data, formatNumber).join(", ")}]`));
  });

  it("names parameters by module path", () => {
    manualSeed(4);
    const model = new nn.Sequential(new nn.Linear(2, 2), new nn.Tanh(), new nn.Linear(2, 1));
    const s = stepper(model.forward(randn([3, 2])).mean(), { model });
    const names = s.steps.filter((st) => st.kind === "leaf").map((st) => st.node.name);
    assert.deepEqual(names.sort(), ["0.bias", "0.weight", "2.bias", "2.weight"]);
  });

  it("says what is wrong with bad input", () => {
    const y = tensor([1, 2], { requiresGrad: true }).mul(2);
    assert.throws(() => stepper(y), /the loss has shape \[2\].*stepper\(y, \{ grad: onesLike\(y\) \}\)/s);
    assert.doesNotThrow(() => stepper(y, { grad: ones([2]) }));
    assert.throws(() => stepper(tensor(1)), /no computation graph/);
    const { loss } = build();
    loss.backward();
    assert.throws(() => stepper(loss), /already freed by loss.backward\(\).*retainGraph: true/s);
  });
});
