// The backends the op suites run on: every heavy op is checked against PyTorch on each of them.
// GRADLAB_TEST_BACKENDS narrows or widens the list (the headless-gl run sets "gpu:headlessgl" under xvfb).
export function testBackends(): string[] {
  const list = process.env.GRADLAB_TEST_BACKENDS;
  return list ? list.split(",").map((s) => s.trim()) : ["reference", "gpu:webasm", "gpu:cpu"];
}
