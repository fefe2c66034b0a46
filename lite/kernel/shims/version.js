// lib/version.ts in the browser: the version is fixed at build time; there is no package folder to find.
export const version = process.env.GRADLAB_VERSION;
export function packageRoot() {
  return "/gradlab";
}
