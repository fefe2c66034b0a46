// `gradlab install`: write the kernelspec so Jupyter lists "TypeScript (gradlab)".
import { installKernelspec } from "../kernel/kernelspec";
import { helpOption, type Command } from "./command";

export const install: Command = {
  name: "install",
  summary: "Register the gradlab kernel with Jupyter (kernelspec)",
  usage: "[--user | --sys-prefix | --prefix DIR] [--python PATH]",
  options: {
    ...helpOption,
    user: { type: "boolean" },
    "sys-prefix": { type: "boolean" },
    prefix: { type: "string" },
    python: { type: "string" },
  },
  async run(values) {
    const spec = installKernelspec({
      user: values.user === true || (!values["sys-prefix"] && !values.prefix),
      sysPrefix: values["sys-prefix"] === true,
      prefix: values.prefix as string | undefined,
      python: values.python as string | undefined,
    });
    console.log(`Installed kernelspec ${spec.name} in ${spec.dir}`);
    return 0;
  },
};
