// Layers and models: `new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 2))`.
export { Module } from "./module";
export { Summary, type SummaryRow } from "./summary";
export { Linear, type LinearOptions } from "./linear";
export { ReLU, LeakyReLU, Sigmoid, Tanh, GELU, Softmax, LogSoftmax } from "./activation";
export { Sequential } from "./sequential";
export { Flatten } from "./flatten";
export { Conv2d, type Conv2dLayerOptions } from "./conv";
export { MaxPool2d, AvgPool2d } from "./pool";
export { Embedding } from "./embedding";
export { BatchNorm1d, BatchNorm2d, type BatchNormLayerOptions } from "./normalization";
export { Dropout } from "./dropout";
export { CrossEntropyLoss, NLLLoss, MSELoss, BCELoss, BCEWithLogitsLoss } from "./loss";
export * as init from "./init";
export { loadSafetensors as load, saveSafetensors as save } from "../io/safetensors";
