# The MNIST models in PyTorch, trained the same way as gradlab's (Adam 1e-3, batch 64, cross-entropy),
# on the same digits, which the bench writes as raw little-endian files into a folder.
# stdin:  {"dir", "models": [...], "steps": {"mnist-cnn": n, ...}, "epochs": {...}, "threads": [1, 2]}
# stdout: {"torch": version, "speed": {model: {threads: samples/s}}, "accuracy": {model: fraction}}
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def build(kind):
    if kind == "mnist-cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10),
        )
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def load(folder, part, kind):
    x = torch.from_numpy(np.fromfile(f"{folder}/{part}-images.f32", dtype="<f4").copy())
    y = torch.from_numpy(np.fromfile(f"{folder}/{part}-labels.i32", dtype="<i4").astype(np.int64))
    return (x.reshape(-1, 1, 28, 28) if kind == "mnist-cnn" else x.reshape(-1, 784)), y


def step(model, opt, x, y):
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    opt.step()


def speed(kind, x, y, steps):
    model = build(kind)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    step(model, opt, x[:64], y[:64])  # warm-up
    t0 = time.perf_counter()
    for i in range(steps):
        b = slice((i + 1) * 64, (i + 2) * 64)
        step(model, opt, x[b], y[b])
    return steps * 64 / (time.perf_counter() - t0)


def accuracy(kind, train, test, epochs):
    torch.manual_seed(0)
    model = build(kind)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = train
    for _ in range(epochs):
        order = torch.randperm(len(y))
        for b in range(0, len(y), 64):
            idx = order[b : b + 64]
            step(model, opt, x[idx], y[idx])
    with torch.no_grad():
        return (model(test[0]).argmax(1) == test[1]).double().mean().item()


ROUNDS = 3
spec = json.load(sys.stdin)
out = {"torch": torch.__version__, "speed": {}, "accuracy": {}}
for kind in spec["models"]:
    train, test = load(spec["dir"], "train", kind), load(spec["dir"], "test", kind)
    out["speed"][kind] = {}
    for threads in spec["threads"]:
        torch.set_num_threads(threads)
        torch.manual_seed(0)
        # the median of ROUNDS runs, as gradlab's (train.ts): the machine may be busy for one of them
        runs = sorted(speed(kind, *train, spec["steps"][kind]) for _ in range(ROUNDS))
        out["speed"][kind][str(threads)] = runs[len(runs) // 2]
    if spec["epochs"].get(kind):
        torch.set_num_threads(1)
        out["accuracy"][kind] = accuracy(kind, train, test, spec["epochs"][kind])
json.dump(out, sys.stdout)
