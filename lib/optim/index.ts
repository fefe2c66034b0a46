// Optimizers and learning-rate schedules: `new optim.Adam(model, { lr: 1e-3 })`.
export { Optimizer, type Params } from "./optimizer";
export { SGD, type SGDOptions } from "./sgd";
export { Adam, type AdamOptions, type AdamState } from "./adam";
export { AdamW } from "./adamw";
export { RMSProp, type RMSPropOptions } from "./rmsprop";
export { LRScheduler, StepLR, ExponentialLR, CosineAnnealingLR, LinearWarmup, LambdaLR } from "./schedule";
