// The gradlab kernel's front-end plugin: registers the "gradlab" kernelspec with JupyterLite's in-browser
// kernel service. Each kernel is a web worker (worker.ts) that type-checks and runs the cells.
import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import { IKernelClient, IKernelSpecs, type IKernel } from "@jupyterlite/services";
import { GradlabKernel } from "./kernel";

const plugin: JupyterFrontEndPlugin<void> = {
  id: "@gradlab/lite-kernel:kernel",
  description: "TypeScript cells with the gradlab library, run in a web worker",
  autoStart: true,
  requires: [IKernelSpecs],
  optional: [IKernelClient],
  activate: (_app: unknown, specs: IKernelSpecs, client: IKernelClient | null) => {
    const base = URLExt.join(PageConfig.getOption("fullLabextensionsUrl"), "@gradlab/lite-kernel", "static");
    const workerUrl = URLExt.join(base, "worker.js");
    // Started by the page's first script (lite/app/bootstrap.js), or now: the first kernel finds its
    // type-checker warm. Notebook 7's file browser (tree/) runs no kernel.
    const page = window as { __gradlabWorker?: Worker; __GRADLAB_PAGE__?: string };
    let spare: Worker | undefined =
      page.__gradlabWorker ?? (page.__GRADLAB_PAGE__ === "tree" ? undefined : new Worker(workerUrl));
    delete page.__gradlabWorker;
    // JupyterLite's interrupt cancels the queued cells only; the running one is the kernel's to stop.
    if (client) {
      const interrupt = client.interrupt.bind(client);
      client.interrupt = async (id: string) => {
        GradlabKernel.byId.get(id)?.interrupt();
        return interrupt(id);
      };
    }
    specs.register({
      spec: {
        name: "gradlab",
        display_name: "TypeScript (gradlab)",
        language: "typescript",
        argv: [],
        resources: { "logo-32x32": "", "logo-64x64": "" },
      },
      create: async (options: IKernel.IOptions): Promise<IKernel> => {
        const worker = spare;
        spare = undefined;
        return new GradlabKernel({ ...options, workerUrl, worker });
      },
    });
  },
};

export default plugin;
