// What inspection (Shift+Tab, `name?`) shows: the checker's signature, then the doc comment as a student
// reads it — the summary, then its tags: examples as indented code, parameters as a list, the rest by name.

interface Part {
  text: string;
  kind: string;
}

interface QuickInfo {
  displayParts?: Part[];
  documentation?: Part[];
  tags?: { name: string; text?: Part[] | string }[];
}

/** Doc text with `{@link sum}` shown as `sum`. */
const partsText = (parts: Part[] | string | undefined): string =>
  typeof parts === "string"
    ? parts
    : (parts ?? [])
        .filter((p) => p.kind !== "link")
        .map((p) => p.text)
        .join("");

const indent = (text: string) =>
  text
    .split("\n")
    .map((line) => (line.trim() ? `    ${line}` : ""))
    .join("\n");

const titles: Record<string, string> = {
  returns: "Returns",
  return: "Returns",
  see: "See",
  throws: "Throws",
};

/** The plain-text page for one symbol: signature, documentation, then its JSDoc tags, readably. */
export function quickInfoText(info: QuickInfo): string {
  const sections = [partsText(info.displayParts), partsText(info.documentation).trim()];
  const tags = info.tags ?? [];
  const params = tags.filter((t) => t.name === "param");
  if (params.length > 0) {
    const lines = params.map((t) => {
      const [name, ...rest] = partsText(t.text)
        .trim()
        .split(/\s+(?:-\s+)?/);
      return `  ${name}${rest.length > 0 ? ` — ${rest.join(" ")}` : ""}`;
    });
    sections.push(`Parameters:\n${lines.join("\n")}`);
  }
  for (const tag of tags) {
    if (tag.name === "param") continue;
    const text = partsText(tag.text).replace(/^\n+/, "").trimEnd();
    if (tag.name === "example") sections.push(`Example:\n${indent(text)}`);
    else {
      const title = titles[tag.name] ?? tag.name[0].toUpperCase() + tag.name.slice(1);
      sections.push(text ? `${title}: ${text}` : title);
    }
  }
  return sections.filter((s) => s !== "").join("\n\n");
}
