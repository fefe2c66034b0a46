// Datasets and loaders: `const { train, test } = data.mnist(); new data.DataLoader(train, { batchSize: 64, shuffle: true })`.
export { type Dataset, type Sample, TensorDataset, takeRows, stackRows } from "./dataset";
export { DataLoader, type DataLoaderOptions } from "./loader";
export { trainTestSplit } from "./split";
export { spiral, moons, circles, xor, blobs, type ToyOptions } from "./toy";
export { mnist, type MnistOptions } from "./mnist";
export { parseIdx, readIdx, loadIdxDataset } from "./idx";
export { iris, irisClasses } from "./iris";
export { normalize, standardScaler, minMaxScaler, MNIST_MEAN, MNIST_STD, type Scaler } from "./normalize";
