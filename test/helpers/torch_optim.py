# The optimizer oracle: runs torch.optim optimizers and lr schedulers on given parameters and gradients.
# Reads {"optimizers": [...], "schedulers": [...]} as JSON on stdin, writes the trajectories on stdout.
#   optimizer case: {"name": "Adam", "kwargs": {...}, "params": [[...]], "grads": [[[...] per param] per step]}
#     → the parameters after every step
#   scheduler case: {"name": "StepLR", "kwargs": {...}, "lr": 0.1, "steps": 10} → the lr after every step
import json
import sys

import torch

torch.set_num_threads(1)


def run_optimizer(case):
    params = [torch.tensor(p, dtype=torch.float32, requires_grad=True) for p in case["params"]]
    opt = getattr(torch.optim, case["name"])(params, **case["kwargs"])
    trajectory = []
    for grads in case["grads"]:
        for p, g in zip(params, grads):
            p.grad = torch.tensor(g, dtype=torch.float32)
        opt.step()
        trajectory.append([p.detach().tolist() for p in params])
    return trajectory


def run_scheduler(case):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=case["lr"])
    sched = getattr(torch.optim.lr_scheduler, case["name"])(opt, **case["kwargs"])
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(case["steps"]):
        opt.step()
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


request = json.load(sys.stdin)
json.dump(
    {
        "optimizers": [run_optimizer(c) for c in request.get("optimizers", [])],
        "schedulers": [run_scheduler(c) for c in request.get("schedulers", [])],
    },
    sys.stdout,
)
