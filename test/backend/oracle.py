# The independent oracle: PyTorch computes every case the TypeScript tests send, in float64.
# Input: a JSON file of cases; output: a JSON file of results, one per case, same order.
import json
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def t(values, shape):
    return torch.tensor(values, dtype=torch.float64).reshape(shape)


def matmul(c):
    a = t(c["a"], c["aShape"])
    b = t(c["b"], c["bShape"])
    if c.get("transA"):
        a = a.transpose(-1, -2)
    if c.get("transB"):
        b = b.transpose(-1, -2)
    return {"y": (a @ b).flatten().tolist()}


def conv(c):
    g = c["g"]
    x = t(c["x"], g["xShape"]).requires_grad_()
    w = t(c["w"], g["wShape"]).requires_grad_()
    bias = t(c["bias"], [g["wShape"][0]]) if c.get("bias") is not None else None
    top, bottom, left, right = g["padding"]
    padded = F.pad(x, (left, right, top, bottom))  # PyTorch's pad order: last dim first
    y = F.conv2d(padded, w, bias, stride=g["stride"], dilation=g["dilation"], groups=g["groups"])
    y.backward(t(c["dy"], list(y.shape)))
    out = {"y": y.detach().flatten().tolist(), "dx": x.grad.flatten().tolist(), "dw": w.grad.flatten().tolist()}
    if c.get("torchSame"):
        same = F.conv2d(x.detach(), w.detach(), bias, padding="same", dilation=g["dilation"], groups=g["groups"])
        out["sameMatches"] = bool(same.shape == y.shape and torch.allclose(same, y.detach()))
    return out


def pool(c):
    g = c["g"]
    x = t(c["x"], g["xShape"]).requires_grad_()
    args = dict(kernel_size=g["kernel"], stride=g["stride"], padding=g["padding"])
    y, idx = F.max_pool2d(x, return_indices=True, **args)
    y.backward(t(c["dy"], list(y.shape)))
    n, ch, h, w = g["xShape"]
    plane = torch.arange(n * ch).reshape(n, ch, 1, 1) * (h * w)  # PyTorch's indices are per plane
    x2 = t(c["x"], g["xShape"]).requires_grad_()
    avg = F.avg_pool2d(x2, count_include_pad=True, **args)
    avg.backward(t(c["dy"], list(avg.shape)))
    return {
        "max": y.detach().flatten().tolist(),
        "argmax": (idx + plane).flatten().tolist(),
        "maxGrad": x.grad.flatten().tolist(),
        "avg": avg.detach().flatten().tolist(),
        "avgGrad": x2.grad.flatten().tolist(),
    }


def main():
    cases = json.load(open(sys.argv[1]))
    results = [{"matmul": matmul, "conv": conv, "pool": pool}[c["kind"]](c) for c in cases]
    json.dump({"torch": torch.__version__, "results": results}, open(sys.argv[2], "w"))


main()
