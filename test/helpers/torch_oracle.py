# The numerical oracle: evaluates each case's PyTorch expression on the given inputs and returns the
# output, whether it requires grad and, when asked and it does, the gradient of sum(output * upstream) with
# respect to each input.
# Reads {"cases": [...]} as JSON on stdin, writes {"results": [...]} on stdout. One process for all cases.
import json
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int64, "bool": torch.bool}


def tensor(spec):
    t = torch.tensor(spec["data"], dtype=DTYPES[spec.get("dtype", "float32")]).reshape(spec["shape"])
    if spec.get("requiresGrad"):
        t.requires_grad_(True)
    return t


def flat(t):
    if isinstance(t, (tuple, list)):
        t = t[0]
    t = t.detach()
    if t.dtype == torch.bool:
        t = t.to(torch.int32)
    return {"shape": list(t.shape), "data": t.reshape(-1).double().tolist()}


def run(case):
    inputs = {name: tensor(spec) for name, spec in case["inputs"].items()}
    scope = {"torch": torch, "F": F, **inputs}
    try:
        out = eval(case["expr"], scope)
    except Exception as err:  # an error is an answer too: the case may expect one
        return {"error": f"{type(err).__name__}: {err}"}
    result = {"out": flat(out)}
    y = out[0] if isinstance(out, (tuple, list)) else out
    result["requiresGrad"] = bool(y.requires_grad)
    if case.get("upstream") is not None and y.requires_grad:
        g = tensor(case["upstream"]).to(y.dtype)
        wrt = [t for t in inputs.values() if t.requires_grad]
        grads = torch.autograd.grad((y * g).sum(), wrt, allow_unused=True)
        names = [n for n, t in inputs.items() if t.requires_grad]
        result["grads"] = {n: (None if gr is None else flat(gr)) for n, gr in zip(names, grads)}
    return result


cases = json.load(sys.stdin)["cases"]
json.dump({"results": [run(c) for c in cases]}, sys.stdout)
