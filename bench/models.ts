// The two models every training benchmark uses, defined once.
//   mnist-cnn  conv 32 3×3 → relu → maxpool → conv 64 3×3 → relu → maxpool → dense 128 → relu → dense 10
//   mnist-mlp  784 → dense 128 → relu → dense 10
import { nn } from "../lib";

export type TrainModel = "mnist-cnn" | "mnist-mlp";

export const models: Record<TrainModel, () => nn.Module> = {
  "mnist-cnn": () =>
    new nn.Sequential(
      new nn.Conv2d(1, 32, 3),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(32, 64, 3),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(1600, 128),
      new nn.ReLU(),
      new nn.Linear(128, 10),
    ),
  "mnist-mlp": () => new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)),
};
