// Imported first by an oracle test file: starts PyTorch while the rest of the file (and gradlab) loads.
import { warmTorch } from "./torch";

warmTorch();
