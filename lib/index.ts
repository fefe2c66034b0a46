// gradlab: the teaching tensor library. `import { tensor, nn, optim } from "gradlab"`.
export { version } from "./version";
