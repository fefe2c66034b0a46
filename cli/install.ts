// `gradlab install`: write the kernelspec so Jupyter lists "TypeScript (gradlab)".
import { installKernelspec } from "../kernel/kernelspec";
import { helpOption, type Command } from "./command";
import { writeFailure } from "./errors";

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
    const prefix = values.prefix as string | undefined;
    let spec;
    try {
      spec = installKernelspec({
        user: values.user === true || (!values["sys-prefix"] && !prefix),
        sysPrefix: values["sys-prefix"] === true,
        prefix,
        python: values.python as string | undefined,
      });
    } catch (err) {
      if (!(err as { code?: string }).code) throw err; // not a file system error
      throw writeFailure(
        err,
        `the kernelspec${prefix ? ` under ${prefix}` : ""}`,
        "pass --user, or --prefix with a folder you can write to.",
      );
    }
    console.log(`Installed kernelspec ${spec.name} in ${spec.dir}`);
    return 0;
  },
};
