// The backward-pass stepper.
export { stepper, StepperView, type StepperOptions } from "./view";
export type { Step, InputGradient, Contribution } from "./steps";
