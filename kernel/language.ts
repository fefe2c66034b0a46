// language_info for kernel_info_reply: how front ends highlight and save TypeScript cells.
import { version as typescriptVersion } from "@tslab/typescript-for-tslab";

export function languageInfo() {
  return {
    name: "typescript",
    version: typescriptVersion,
    mimetype: "text/typescript",
    file_extension: ".ts",
    // CodeMirror 5 (classic Notebook) knows TypeScript as the javascript mode with this flag.
    codemirror_mode: { name: "javascript", typescript: true },
    pygments_lexer: "typescript",
  };
}
