// Every layer against its PyTorch twin with copied weights: forward values and the gradients of the
// input and of every parameter.
import { manualSeed, rand, randint, randn, tensor } from "../../../lib";
import * as nn from "../../../lib/nn";
import { layerSuite, type LayerCase } from "./twin";

manualSeed(42);
const x2 = randn([4, 5]);

/** A BatchNorm whose running statistics and affine parameters are not the defaults. */
function withStats<T extends nn.BatchNorm2d>(bn: T): T {
  bn.running_mean.data.set(randn([3]).data);
  bn.running_var.data.set(rand([3]).add(0.5).data);
  bn.weight!.data.set(randn([3]).data);
  bn.bias!.data.set(randn([3]).data);
  return bn;
}
const img = randn([2, 3, 9, 9]);

const layers: LayerCase[] = [
  { name: "Linear", layer: new nn.Linear(5, 3), inputs: [x2], torch: "F.linear(x0, p_weight, p_bias)" },
  {
    name: "Linear without bias, 3-D input",
    layer: new nn.Linear(5, 2, { bias: false }),
    inputs: [randn([2, 3, 5])],
    torch: "F.linear(x0, p_weight)",
  },
  {
    name: "Conv2d stride 2, padding 1",
    layer: new nn.Conv2d(3, 4, 3, { stride: 2, padding: 1 }),
    inputs: [img],
    torch: "F.conv2d(x0, p_weight, p_bias, stride=2, padding=1)",
  },
  {
    name: "Conv2d 'same', no bias, groups",
    layer: new nn.Conv2d(3, 6, [3, 2], { padding: "same", groups: 3, bias: false }),
    inputs: [img],
    torch: "F.conv2d(x0, p_weight, padding='same', groups=3)",
  },
  { name: "MaxPool2d", layer: new nn.MaxPool2d(2), inputs: [img], torch: "F.max_pool2d(x0, 2)" },
  {
    name: "AvgPool2d stride + padding",
    layer: new nn.AvgPool2d(3, { stride: 2, padding: 1 }),
    inputs: [img],
    torch: "F.avg_pool2d(x0, 3, 2, 1)",
  },
  { name: "Flatten", layer: new nn.Flatten(), inputs: [img], torch: "torch.flatten(x0, 1)" },
  { name: "ReLU", layer: new nn.ReLU(), inputs: [x2], torch: "F.relu(x0)" },
  { name: "LeakyReLU", layer: new nn.LeakyReLU(0.2), inputs: [x2], torch: "F.leaky_relu(x0, 0.2)" },
  { name: "Sigmoid", layer: new nn.Sigmoid(), inputs: [x2], torch: "torch.sigmoid(x0)" },
  { name: "Tanh", layer: new nn.Tanh(), inputs: [x2], torch: "torch.tanh(x0)" },
  { name: "GELU", layer: new nn.GELU(), inputs: [x2], torch: "F.gelu(x0)" },
  { name: "GELU tanh", layer: new nn.GELU("tanh"), inputs: [x2], torch: "F.gelu(x0, approximate='tanh')" },
  { name: "Softmax", layer: new nn.Softmax(1), inputs: [x2], torch: "F.softmax(x0, 1)" },
  { name: "LogSoftmax", layer: new nn.LogSoftmax(), inputs: [x2], torch: "F.log_softmax(x0, -1)" },
  {
    name: "Embedding",
    layer: new nn.Embedding(10, 4),
    inputs: [
      tensor(
        [
          [1, 3, 3],
          [9, 0, 1],
        ],
        { dtype: "int32" },
      ),
    ],
    torch: "F.embedding(x0, p_weight)",
  },
  {
    name: "BatchNorm1d, training",
    layer: new nn.BatchNorm1d(5),
    inputs: [x2],
    torch: "F.batch_norm(x0, p_running_mean.clone(), p_running_var.clone(), p_weight, p_bias, training=True)",
  },
  {
    name: "BatchNorm2d, eval (running statistics)",
    layer: withStats(new nn.BatchNorm2d(3, { eps: 1e-3 })),
    inputs: [img],
    mode: "eval",
    torch: "F.batch_norm(x0, p_running_mean, p_running_var, p_weight, p_bias, training=False, eps=1e-3)",
  },
  {
    name: "BatchNorm2d, training, no affine",
    layer: new nn.BatchNorm2d(3, { affine: false }),
    inputs: [img],
    torch: "F.batch_norm(x0, None, None, training=True)",
  },
  {
    name: "Dropout in eval mode is the identity",
    layer: new nn.Dropout(0.3),
    inputs: [x2],
    mode: "eval",
    torch: "x0 * 1",
  },
  {
    name: "Sequential: the MNIST CNN in small",
    layer: new nn.Sequential(
      new nn.Conv2d(3, 4, 3),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(36, 5),
    ),
    inputs: [img],
    torch:
      "F.linear(torch.flatten(F.max_pool2d(F.relu(F.conv2d(x0, p_0_weight, p_0_bias)), 2), 1), p_4_weight, p_4_bias)",
  },
];

const logits = randn([6, 4]);
const classes = randint(0, 4, [6]);
const probs = randn([6, 3]).sigmoid();
const bits = randint(0, 2, [6, 3]).float();

const losses: LayerCase[] = [
  {
    name: "CrossEntropyLoss",
    layer: new nn.CrossEntropyLoss(),
    inputs: [logits, classes],
    torch: "F.cross_entropy(x0, x1)",
  },
  {
    name: "CrossEntropyLoss label smoothing, sum",
    layer: new nn.CrossEntropyLoss({ labelSmoothing: 0.1, reduction: "sum" }),
    inputs: [logits, classes],
    torch: "F.cross_entropy(x0, x1, label_smoothing=0.1, reduction='sum')",
  },
  {
    name: "NLLLoss",
    layer: new nn.NLLLoss(),
    inputs: [logits.logSoftmax(1), classes],
    torch: "F.nll_loss(x0, x1)",
  },
  { name: "MSELoss", layer: new nn.MSELoss(), inputs: [probs, bits], torch: "F.mse_loss(x0, x1)" },
  {
    name: "BCELoss",
    layer: new nn.BCELoss(),
    inputs: [probs, bits],
    torch: "F.binary_cross_entropy(x0, x1)",
  },
  {
    name: "BCEWithLogitsLoss",
    layer: new nn.BCEWithLogitsLoss(),
    inputs: [logits.slice(1, 0, 3), bits],
    torch: "F.binary_cross_entropy_with_logits(x0, x1)",
  },
];

// one PyTorch process for the whole file
layerSuite("layers and loss modules match their PyTorch twins", [...layers, ...losses]);
