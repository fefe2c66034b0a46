// Finding, installing and launching Jupyter: what `gradlab start` needs from the outside world.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** A Jupyter front end we can launch, e.g. `jupyter lab` or `jupyter notebook`. */
export interface Frontend {
  jupyter: string;
  app: "lab" | "notebook";
}

function commandWorks(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}

/** JupyterLab if it is there, else classic Notebook; `undefined` when neither is installed. */
export function findFrontend(): Frontend | undefined {
  for (const jupyter of ["jupyter", "/usr/bin/jupyter", "/usr/local/bin/jupyter"]) {
    for (const app of ["lab", "notebook"] as const) {
      if (commandWorks(jupyter, [app, "--version"])) return { jupyter, app };
    }
  }
  return undefined;
}

const aptPackages = [
  "jupyter-notebook",
  "python3-jupyter-server",
  "python3-jupyter-client",
  "python3-nbformat",
];

export const installAdvice = `Jupyter was not found. Install it with one of:
  sudo apt-get install -y ${aptPackages.join(" ")}     (Debian/Ubuntu)
  python3 -m pip install --user jupyterlab                 (anywhere with PyPI)
then run \`npm start\` again.`;

/** Installs Jupyter the way this machine allows; returns whether it worked. */
export function installJupyter(log: (line: string) => void): boolean {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    log(`Installing Jupyter with apt-get: ${aptPackages.join(" ")}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const apt = spawnSync("apt-get", ["install", "-y", "-qq", ...aptPackages], { stdio: "inherit", env });
    if (apt.status === 0) return true;
  }
  log("Installing JupyterLab with pip (python3 -m pip install --user jupyterlab)");
  const pip = spawnSync("python3", ["-m", "pip", "install", "--user", "jupyterlab"], { stdio: "inherit" });
  return pip.status === 0;
}
