// Where a training step's time goes: `node --import tsx bench/profile-step.ts [cnn|mlp] [backend] [steps]`.
// Runs the train suite's models for some steps (forward, crossEntropy, backward, Adam at batch 64) under
// V8's sampling profiler and prints ms/step and the functions with the most self time, with their files.
// Element loops compiled per function (elementwise.ts's loopFor) show up as "(anonymous)" with no file.
import { Session } from "node:inspector/promises";
import { crossEntropy, data, manualSeed, optim, setBackend, stepScope, Tensor } from "../lib";
import { models } from "./models";
import { median } from "./row";

const [kind = "cnn", backend = "gpu", stepsArg = "20"] = process.argv.slice(2);
const steps = Number(stepsArg);

const model = models[kind === "cnn" ? "mnist-cnn" : "mnist-mlp"]();

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

async function main() {
  setBackend(backend);
  manualSeed(0);
  const { train } = data.mnist({ flat: kind !== "cnn" });
  const inputs = data.normalize(train.inputs, data.MNIST_MEAN, data.MNIST_STD);
  const per = inputs.size / inputs.shape[0];
  const batch = (i: number): [Tensor, Tensor] => {
    const start = (i * 64) % (inputs.shape[0] - 64);
    return [
      new Tensor(inputs.data.slice(start * per, (start + 64) * per), [64, ...inputs.shape.slice(1)]),
      new Tensor(train.targets.data.slice(start, start + 64), [64]),
    ];
  };
  const optimizer = new optim.Adam(model, { lr: 1e-3 });
  // in a step scope, as fit() runs it: the step's tensors' storage is reused by the next step
  const step = (i: number) => {
    const [x, y] = batch(i);
    stepScope(() => {
      optimizer.zeroGrad();
      crossEntropy(model.forward(x), y).backward();
      optimizer.step();
    }, [model, optimizer]);
  };
  for (let i = 0; i < 3; i++) step(i); // warm-up: JIT, kernel compilation

  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step(i + 3);
    times.push(performance.now() - t0);
  }
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();

  const middle = median(times);
  console.log(
    `${kind} on ${backend}: ${middle.toFixed(1)} ms/step median (best ${Math.min(...times).toFixed(1)}), ` +
      `${((64 * 1000) / middle).toFixed(0)} samples/s`,
  );
  const nodes = new Map((profile.nodes as ProfileNode[]).map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples!.forEach((id, i) => {
    const { functionName, url } = nodes.get(id)!.callFrame;
    const key = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}`;
    const dt = profile.timeDeltas![i];
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    const perStep = us / 1000 / steps;
    console.log(
      `${perStep.toFixed(1).padStart(7)} ms/step ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`,
    );
  }
  process.exit(0); // the backend's worker threads would keep the process alive
}

void main();
