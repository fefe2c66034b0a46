// gpu.js under its asynchronous contract, in a web worker of its own (see shims/async-bridge.js): the
// worker side shared with the Node kernel's worker thread (lib/backend/gpu/blocking-worker.ts), given the
// browser's gpu.js (bundled here; WebGPU's navigator.gpu is the page's own) and this worker's messages.
import { GPU } from "gpu.js";
import { ERROR_BYTES } from "../../../lib/backend/gpu/blocking-call";
import { serveGpuJobs, type GpuClass } from "../../../lib/backend/gpu/blocking-worker";

serveGpuJobs(
  async () => GPU as unknown as GpuClass,
  (onJob) => {
    self.onmessage = (event) => void onJob(event.data);
  },
  ERROR_BYTES,
);
