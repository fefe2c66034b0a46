// How cells `require`: npm packages from the notebook's folder, local .ts files the converter transpiled
// ("side outputs"), and "gradlab" itself from any folder.
import Module, { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { packageRoot } from "./paths";

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;

/** Maps "gradlab" and "gradlab/…" to this package, so a notebook in any folder imports the kernel's own library. */
export function resolveGradlabEverywhere(): void {
  const internal = Module as unknown as { _resolveFilename: Resolve };
  const original = internal._resolveFilename;
  internal._resolveFilename = function (request, parent, ...rest) {
    if (request === "gradlab") return original.call(this, packageRoot, parent, ...rest);
    if (request === "gradlab/widgets" || request === "gradlab/exercises")
      return original.call(
        this,
        join(packageRoot, "dist", request.slice("gradlab/".length)),
        parent,
        ...rest,
      );
    if (request.startsWith("gradlab/")) {
      return original.call(this, join(packageRoot, request.slice("gradlab/".length)), parent, ...rest);
    }
    return original.call(this, request, parent, ...rest);
  };
}

/** Local .ts modules transpiled to CommonJS by the converter, keyed by their .js path. */
export class SideModules {
  private readonly sources = new Map<string, string>();
  private readonly loaded = new Map<string, NodeJS.Module>();

  /** New versions replace old ones, and are loaded afresh on the next import. */
  update(outputs: { path: string; data: string }[] = []): void {
    for (const { path, data } of outputs) {
      this.sources.set(path, data);
      this.loaded.delete(path);
    }
  }

  /** A `require` that looks in the side modules first, then does what Node does from `dir`. */
  requireFrom(dir: string): NodeJS.Require {
    const nodeRequire = createRequire(join(dir, "__cell__.js"));
    const require = (id: string): unknown => this.load(dir, id) ?? nodeRequire(id);
    return Object.assign(require, nodeRequire);
  }

  private load(dir: string, id: string): unknown {
    if (!id.startsWith(".")) return undefined;
    let path = join(dir, id);
    if (extname(path) === "") path += ".js";
    else if (path.endsWith(".ts")) path = path.slice(0, -3) + ".js";
    const cached = this.loaded.get(path);
    if (cached) return cached.exports;
    const source = this.sources.get(path);
    if (source === undefined) return undefined;
    const mod = new Module(path) as NodeJS.Module & { _compile(src: string, file: string): void };
    mod.filename = path;
    mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(
      dirname(path),
    );
    mod.require = this.requireFrom(dirname(path));
    this.loaded.set(path, mod);
    mod._compile(source, path);
    return mod.exports;
  }
}
