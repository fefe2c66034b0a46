# PyTorch as a peer: times the benchmark cases it is sent (JSON on stdin), one thread unless told.
# Prints JSON: {"threads": n, "torch": version, "results": {name: median ms}}.
import json
import sys
import time

import torch
import torch.nn.functional as F


def median_ms(fn, repeats=5):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2]


def main():
    spec = json.load(sys.stdin)
    torch.set_num_threads(spec.get("threads", 1))
    results = {}
    for n in spec.get("matmul", []):
        a, b = torch.rand(n, n) * 2 - 1, torch.rand(n, n) * 2 - 1
        results[f"matmul-{n}"] = median_ms(lambda: a @ b)
    for case in spec.get("conv", []):
        n, h, w, c, o, k = (case[key] for key in "nhwcok")
        x = torch.rand(n, c, h, w) * 2 - 1
        weight = torch.rand(o, c, k, k) * 2 - 1
        dy = torch.rand(n, o, h, w) * 2 - 1
        pad = k // 2
        name = case["name"]
        results[f"{name}-forward"] = median_ms(lambda: F.conv2d(x, weight, padding=pad))
        results[f"{name}-dinput"] = median_ms(lambda: torch.nn.grad.conv2d_input(x.shape, weight, dy, padding=pad))
        results[f"{name}-dweight"] = median_ms(lambda: torch.nn.grad.conv2d_weight(x, weight.shape, dy, padding=pad))
    json.dump({"threads": torch.get_num_threads(), "torch": torch.__version__, "results": results}, sys.stdout)


main()
