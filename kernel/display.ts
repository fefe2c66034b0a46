// Rich display: Deno's `Symbol.for("Jupyter.display")` convention and the `display` API cells use.
// Exported for other packages (widgets, the tensor library) that want their objects to render themselves.
import { inspect } from "node:util";
import { richView } from "../widgets/registry";
import { View, type PageLibrary } from "../widgets/view";

export const displaySymbol: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: `{ "text/plain": "...", "text/html": "..." }`. */
export type MimeBundle = Record<string, unknown>;

/** Anything that can render itself in a notebook. */
export interface Displayable {
  [displaySymbol](): MimeBundle;
}

export interface DisplayOptions {
  /** A display id: displaying again with the same id, or `update()`, replaces the output in place. */
  id?: string;
  /** Replace what the display `id` shows, wherever it is, instead of adding an output here. */
  update?: boolean;
  metadata?: Record<string, unknown>;
}

export interface DisplayHandle {
  readonly id: string;
  /** Replaces what this display shows (`update_display_data`). */
  update(value: unknown): void;
}

/** What `display()` returns. A class, so the kernel can tell a handle that ends a cell (`display(x)` as the
 * last line) and show nothing for it, as IPython does, instead of printing the handle. */
export class DisplayUpdater implements DisplayHandle {
  constructor(
    readonly id: string,
    private readonly send: (value: unknown) => void,
  ) {}

  update(value: unknown): void {
    this.send(value);
  }
}

export interface Display {
  (value: unknown, options?: DisplayOptions): DisplayHandle;
  html(html: string, options?: DisplayOptions): DisplayHandle;
  markdown(markdown: string, options?: DisplayOptions): DisplayHandle;
  svg(svg: string, options?: DisplayOptions): DisplayHandle;
  /** A PNG image, as bytes or base64 text. */
  png(png: Uint8Array | string, options?: DisplayOptions): DisplayHandle;
  json(value: unknown, options?: DisplayOptions): DisplayHandle;
}

export type ClearOutput = (options?: { wait?: boolean }) => void;
export type Input = (prompt?: string, options?: { password?: boolean }) => Promise<string>;

function isDisplayable(value: unknown): value is Displayable {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as Partial<Displayable>)[displaySymbol] === "function"
  );
}

/** What a value looks like in a notebook: a widgets view if one is registered for it, else its own
 * bundle if it offers one, else readable text. */
export function toMimeBundle(value: unknown): MimeBundle {
  value = richView(value) ?? value;
  if (isDisplayable(value)) {
    const bundle = value[displaySymbol]();
    return "text/plain" in bundle ? bundle : { "text/plain": plainText(value), ...bundle };
  }
  return { "text/plain": plainText(value) };
}

export function plainText(value: unknown): string {
  return typeof value === "string" ? inspect(value) : inspect(value, { depth: 4, colors: false });
}

/** A value carrying a ready-made bundle, e.g. `display.html(...)` builds one of these. */
export function bundle(data: MimeBundle): Displayable {
  return { [displaySymbol]: () => data };
}

export const mimeHelpers = {
  html: (html: string) => bundle({ "text/html": html, "text/plain": "[HTML]" }),
  markdown: (md: string) => bundle({ "text/markdown": md, "text/plain": md }),
  svg: (svg: string) => bundle({ "image/svg+xml": svg, "text/plain": "[SVG]" }),
  png: (png: Uint8Array | string) =>
    bundle({
      "image/png": typeof png === "string" ? png : Buffer.from(png).toString("base64"),
      "text/plain": "[PNG]",
    }),
  json: (value: unknown) => bundle({ "application/json": value, "text/plain": plainText(value) }),
};

/** The page libraries (plotly.js) that showing `value` needs: a view lists them in `needs`. */
export function pageLibraries(value: unknown): readonly PageLibrary[] {
  const view = richView(value) ?? value;
  const needs = (view as { needs?: unknown } | null)?.needs;
  return Array.isArray(needs) ? needs : [];
}

/** A widgets view is shown under its own id, so its methods (a stepper's `next()`) can redraw it in place. */
export function displayIdOf(value: unknown): string | undefined {
  return value instanceof View ? value.id : undefined;
}
