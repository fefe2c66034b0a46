# The PyTorch twins of the models in safetensors.test.ts and batchnorm.test.ts, with the file format read
# and written by safetensors_check.py. Reads one JSON request on stdin, writes one JSON answer on stdout.
#   {"op": "load", "model": NAME, "file": PATH, "input": SPEC}
#       the twin loads PATH with load_state_dict(strict=True) and answers its state_dict after loading
#       and its eval() output for input
#   {"op": "save", "model": NAME, "file": PATH, "input": SPEC, "steps": [SPEC, ...]}
#       a seeded twin runs a training forward and an SGD step on each of steps (so the running statistics
#       move), saves its state_dict to PATH, and answers its eval() output for input
#   {"op": "batchnorm", "dims": 1 | 2, "features": C, "momentum": M, "eps": E, "state": {...}, "steps": [...], "input": SPEC}
#       nn.BatchNormNd with the given starting state, trained forward on each step: the state after each
#       step, and the eval() output for input
import json
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
from safetensors_check import read, write  # noqa: E402

torch.set_num_threads(1)
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int64}
CODES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}


def model(name):
    if name == "cnn":  # every layer with weights or buffers, and every layer without, between them
        return nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1),
            nn.BatchNorm2d(4),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(4, 4, 3, padding=1, bias=False, groups=2),
            nn.BatchNorm2d(4, affine=False, momentum=0.3),
            nn.LeakyReLU(0.1),
            nn.AvgPool2d(2),
            nn.Flatten(),
            nn.Linear(4, 6),
            nn.BatchNorm1d(6, eps=1e-3),
            nn.Tanh(),
            nn.Dropout(0.5),
            nn.Linear(6, 3, bias=False),
            nn.Sigmoid(),
        )
    if name == "embedding":
        return nn.Sequential(nn.Embedding(10, 4), nn.Flatten(), nn.Linear(12, 2), nn.GELU(), nn.Softmax(-1))
    raise ValueError(name)


def tensor(spec):
    return torch.tensor(spec["data"], dtype=DTYPES[spec.get("dtype", "float32")]).reshape(spec["shape"])


def flat(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).double().tolist()}


def state_from_file(path):
    return {n: tensor_of(t) for n, t in read(path)["tensors"].items()}


def tensor_of(t):
    dtype = {"F32": torch.float32, "F64": torch.float64, "I32": torch.int32, "I64": torch.int64}[t["dtype"]]
    return torch.tensor(t["data"], dtype=dtype).reshape(t["shape"])


def evaluate(m, spec):
    m.eval()
    with torch.no_grad():
        return flat(m(tensor(spec)))


def answer(req):
    if req["op"] == "load":
        m = model(req["model"])
        m.load_state_dict(state_from_file(req["file"]), strict=True)
        state = {n: flat(t) for n, t in m.state_dict().items()}
        return {"out": evaluate(m, req["input"]), "state": state}
    if req["op"] == "save":
        torch.manual_seed(0)
        m = model(req["model"])
        optimizer = torch.optim.SGD(m.parameters(), lr=0.1)
        for step in req["steps"]:
            m.train()
            optimizer.zero_grad()
            m(tensor(step)).pow(2).sum().backward()
            optimizer.step()
        state = m.state_dict()
        write(
            req["file"],
            {
                n: {"dtype": CODES[t.dtype], "shape": list(t.shape), "data": t.reshape(-1).tolist()}
                for n, t in state.items()
            },
        )
        return {"out": evaluate(m, req["input"])}
    if req["op"] == "batchnorm":
        layer = {1: nn.BatchNorm1d, 2: nn.BatchNorm2d}[req["dims"]]
        bn = layer(req["features"], momentum=req["momentum"], eps=req["eps"])
        with torch.no_grad():
            for n, spec in req["state"].items():
                getattr(bn, n).copy_(tensor(spec))
        states = []
        for step in req["steps"]:
            bn.train()
            bn(tensor(step))
            states.append({n: flat(t) for n, t in bn.state_dict().items()})
        return {"states": states, "out": evaluate(bn, req["input"])}
    raise ValueError(req["op"])


json.dump(answer(json.load(sys.stdin)), sys.stdout)
