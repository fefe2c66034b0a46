// tslab's converter imports TypeScript; in the worker it gets the wrapped one (kernel/core/converter.ts).
module.exports = globalThis.__gradlabTypeScript;
