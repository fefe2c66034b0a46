// `gradlab classroom init DIR` writes a JupyterHub configuration for a class (the gradlab kernel, the
// released tutorials copied into each student's home, a teacher, logins, limits); `gradlab classroom start
// DIR` runs JupyterHub on it. JupyterHub is the engine: gradlab writes its configuration and nothing else.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, join, resolve } from "node:path";
import { installKernelspec } from "../kernel/kernelspec";
import { kernelMain, packageRoot } from "../kernel/paths";
import { parseBytes } from "../kernel/limits";
import { helpOption, type Command, type Values } from "./command";
import { CliError, exitStatus, readNotebook, shown, writeFailure } from "./errors";
import { classReadme, hubConfig, type ClassOptions } from "./hub-config";
import { gradeCells, stampAssignment } from "./nbgrader";
import { unreadableByOthers } from "./readable";
import { releaseNotebook, ReleaseError } from "./solutions";
import { tutorialsDir } from "./start";

/** The proxy JupyterHub drives, pinned as in package.json. */
export const proxyPackage = "configurable-http-proxy@5.3.0";
const accountName = /^[a-z_][a-z0-9_-]{0,31}$/;
const help = "`gradlab classroom --help` lists its options";

const fail = (message: string, status: number = exitStatus.usage) =>
  new CliError(`gradlab classroom: ${message}`, status);

/** Why students could not start the gradlab kernel from this install, as advice; undefined when they can. */
function kernelOutOfReach(): string | undefined {
  const why = unreadableByOthers(kernelMain) ?? unreadableByOthers(process.execPath);
  if (!why) return undefined;
  return (
    `students could not start the gradlab kernel: ${why}. Each student's kernel runs ${kernelMain} ` +
    `as that student. Let them in (chmod o+rx on that folder) or install gradlab where every user can read ` +
    `it (e.g. npm install --global).`
  );
}

function numberOption(values: Values, flag: string, fallback: number, check: (n: number) => boolean): number {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!check(n)) throw fail(`--${flag} ${String(raw)} is not valid; ${help}.`);
  return n;
}

function names(raw: unknown, flag: string): string[] {
  if (raw === undefined) return [];
  const list = String(raw)
    .split(/[\s,]+/)
    .filter(Boolean);
  const bad = list.find((n) => !accountName.test(n));
  if (bad)
    throw fail(
      `--${flag}: "${bad}" is not a plain account name (lower-case letters, digits, _ and -, starting with a letter).`,
    );
  return list;
}

/** The class's options from the command line, with the defaults a workshop on one machine wants. */
function classOptions(dir: string, values: Values): ClassOptions {
  const memoryLimit = String(values["memory-limit"] ?? "1G");
  const memoryBytes = parseBytes(memoryLimit);
  if (memoryBytes === undefined)
    throw fail(`--memory-limit ${memoryLimit} is not a size; pass e.g. 512M or 2G.`);
  const teacher = names(values.teacher ?? "teacher", "teacher")[0];
  if (!teacher) throw fail("--teacher needs a name.");
  return {
    dir,
    ip: String(values.ip ?? "127.0.0.1"),
    port: numberOption(values, "port", 8000, (n) => Number.isInteger(n) && n > 0 && n < 65534),
    teacher,
    students: names(values.students, "students"),
    password: randomBytes(9).toString("base64url"),
    memoryLimit,
    // room for the kernel itself (TypeScript's checker, the widgets) besides the tensors
    processBytes: memoryBytes + 2 * 2 ** 30,
    cellSeconds: numberOption(values, "cell-time-limit", 120, (n) => n > 0),
    proxy: join(dir, "bin", "configurable-http-proxy"),
    homeBase: resolve(String(values["home-base"] ?? "/home")),
    cullSeconds: 3600,
  };
}

/** The students' version of each notebook (solutions → stubs, stamped for grading) in `out`. */
function releaseInto(paths: string[], out: string): string[] {
  mkdirSync(out, { recursive: true, mode: 0o755 });
  return paths.map((path) => {
    const source = readNotebook(path);
    let released;
    try {
      released = releaseNotebook(source);
    } catch (err) {
      if (err instanceof ReleaseError)
        throw new CliError(`${shown(path)}: ${err.message}.`, exitStatus.failed);
      throw err;
    }
    stampAssignment(released.notebook, { name: basename(path, ".ipynb"), exercises: gradeCells(source) });
    const target = join(out, basename(path));
    writeFileSync(target, JSON.stringify(released.notebook, null, 1) + "\n", { mode: 0o644 });
    chmodSync(target, 0o644);
    return basename(path);
  });
}

/** A configurable-http-proxy that runs: gradlab's own (a devDependency), else one on PATH. */
function findProxy(): string | undefined {
  const candidates = [join(packageRoot, "node_modules", ".bin", "configurable-http-proxy")];
  const which = spawnSync("sh", ["-c", "command -v configurable-http-proxy"], { encoding: "utf8" });
  if (which.status === 0) candidates.push(which.stdout.trim());
  return candidates.find((c) => existsSync(c) && works(c, ["--version"]));
}

const works = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;

/** Links DIR/bin/configurable-http-proxy to a working proxy; false when there is none yet. */
function linkProxy(dir: string): boolean {
  const proxy = findProxy() ?? join(dir, "proxy", "node_modules", ".bin", "configurable-http-proxy");
  if (!existsSync(proxy)) return false;
  const link = join(dir, "bin", "configurable-http-proxy");
  mkdirSync(join(dir, "bin"), { recursive: true, mode: 0o755 });
  rmSync(link, { force: true });
  symlinkSync(proxy, link);
  return true;
}

async function init(dir: string, teacherNotebooks: string[], values: Values): Promise<number> {
  const options = classOptions(dir, values);
  const config = join(dir, "jupyterhub_config.py");
  if (existsSync(config) && !values.force)
    throw fail(
      `${shown(config)} exists (your edits would be lost): pass --force to write the class again, or edit it.`,
    );
  const tutorials = [
    ...readdirSync(tutorialsDir)
      .filter((n) => n.endsWith(".ipynb"))
      .sort()
      .map((n) => join(tutorialsDir, n)),
    ...teacherNotebooks.map((p) => resolve(p)),
  ];
  tutorials.forEach(readNotebook); // every notebook checked before anything is written
  let released: string[];
  try {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755); // students' servers read the kernelspec and the tutorials from here
    released = releaseInto(tutorials, join(dir, "tutorials"));
    const spec = installKernelspec({ prefix: dir, maxOldSpaceMb: 2048 });
    const share = join(dir, "share");
    for (const d of [share, join(share, "jupyter"), join(share, "jupyter", "kernels"), spec.dir])
      chmodSync(d, 0o755);
    chmodSync(join(spec.dir, "kernel.json"), 0o644);
    // the shared password is in the config: only root (the hub) reads it
    writeFileSync(config, hubConfig(options), { mode: 0o600 });
    chmodSync(config, 0o600);
    writeFileSync(join(dir, "README.md"), classReadme(options, released), { mode: 0o644 });
    linkProxy(dir);
  } catch (err) {
    if (!(err as { code?: string }).code) throw err;
    throw writeFailure(
      err,
      `the class to ${shown(dir)}`,
      "pass a folder you can write to (as root, for a hub).",
    );
  }
  console.log(`Wrote a JupyterHub class in ${dir}:`);
  console.log(`  jupyterhub_config.py  the hub's configuration (read it: every setting is explained)`);
  console.log(`  tutorials/            ${released.length} released notebooks: ${released.join(", ")}`);
  console.log(`  share/jupyter/        the gradlab kernel for every student`);
  console.log(`  README.md             how to start, log in and grade`);
  console.log(`Teacher (admin): ${options.teacher}. Shared password: ${options.password}`);
  console.log(
    `Limits per kernel: tensors up to ${options.memoryLimit}, ${options.cellSeconds} s of CPU time per cell.`,
  );
  console.log(`Start it with: gradlab classroom start ${shown(dir)}`);
  const outOfReach = kernelOutOfReach();
  if (outOfReach) console.error(`gradlab classroom: warning: ${outOfReach}`);
  return 0;
}

const hubAdvice = `JupyterHub was not found. Install it with:
  sudo apt-get install -y jupyterhub                        (Debian/Ubuntu: JupyterHub 3)
  python3 -m pip install jupyterhub                         (anywhere with PyPI)
and the proxy it drives:
  npm install --prefix CLASS_DIR/proxy ${proxyPackage}
then run \`gradlab classroom start CLASS_DIR\` again.`;

function installHub(log: (line: string) => void): boolean {
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) return false;
  log("Installing JupyterHub with apt-get: jupyterhub");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  return spawnSync("apt-get", ["install", "-y", "-qq", "jupyterhub"], { stdio: "inherit", env }).status === 0;
}

function installProxy(dir: string, log: (line: string) => void): boolean {
  log(`Installing the proxy with npm: ${proxyPackage} in ${join(dir, "proxy")}`);
  const npm = spawnSync(
    "npm",
    ["install", "--prefix", join(dir, "proxy"), "--no-audit", "--no-fund", proxyPackage],
    { stdio: "inherit" },
  );
  return npm.status === 0 && linkProxy(dir);
}

async function start(dir: string, values: Values): Promise<number> {
  const config = join(dir, "jupyterhub_config.py");
  if (!existsSync(config))
    throw fail(
      `${shown(config)} does not exist: write the class first (gradlab classroom init ${shown(dir)}).`,
      exitStatus.missingFile,
    );
  const outOfReach = kernelOutOfReach();
  if (outOfReach) throw fail(outOfReach, exitStatus.failed);
  const install = !values["no-install"];
  if (!works("jupyterhub", ["--version"]) && !(install && installHub(console.log))) {
    console.error(hubAdvice);
    return exitStatus.noJupyter;
  }
  const proxy = join(dir, "bin", "configurable-http-proxy");
  if (!works(proxy, ["--version"]) && !linkProxy(dir) && !(install && installProxy(dir, console.log))) {
    console.error(hubAdvice);
    return exitStatus.noJupyter;
  }
  if (process.getuid?.() !== 0)
    console.error(
      "gradlab classroom: not root — JupyterHub starts each student's server as their own account, which needs root (sudo).",
    );
  const child = spawn("jupyterhub", ["-f", config], { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
  const stop = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGINT", stop("SIGINT"));
  process.on("SIGTERM", stop("SIGTERM"));
  return new Promise<number>((done) => child.on("exit", (code) => done(code ?? 0)));
}

export const classroom: Command = {
  name: "classroom",
  summary: "Write a JupyterHub class (init DIR) and run it (start DIR)",
  usage:
    "init DIR [TEACHER.ipynb...] [--teacher NAME] [--students A,B,...] [--port N] [--ip ADDRESS] " +
    "[--memory-limit SIZE] [--cell-time-limit SECONDS] [--home-base DIR] [--force] | start DIR [--no-install]",
  options: {
    ...helpOption,
    teacher: { type: "string" },
    students: { type: "string" },
    port: { type: "string" },
    ip: { type: "string" },
    "memory-limit": { type: "string" },
    "cell-time-limit": { type: "string" },
    "home-base": { type: "string" },
    force: { type: "boolean" },
    "no-install": { type: "boolean" },
  },
  takesArguments: true,
  async run(values, positionals) {
    const [action, dir, ...rest] = positionals;
    if ((action !== "init" && action !== "start") || !dir)
      throw fail(`say what to do: gradlab classroom init DIR, or gradlab classroom start DIR; ${help}.`);
    if (existsSync(dir) && !statSync(dir).isDirectory())
      throw fail(`${shown(dir)} is a file: name a folder for the class.`, exitStatus.usage);
    if (action === "start" && rest.length > 0)
      throw fail(`start takes only the class folder, not "${rest[0]}".`);
    return action === "init" ? init(resolve(dir), rest, values) : start(resolve(dir), values);
  },
};
