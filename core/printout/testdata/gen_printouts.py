#!/usr/bin/python3
"""Regenerates testdata/printouts/*.txt (run by hand; tests never need torch).

Real printouts: print(model) of torchvision 0.14.1 models with weights=None
under torch 1.13 (Debian python3-torch). "Newer PyTorch" printouts
(*.new.txt): the same models printed by new_repr below, which follows
torch 2.x's Module.__repr__ and its ModuleList.__repr__ (torch >= 2.0
collapses runs of identical consecutive ModuleList items into
"(0-3): 4 x Block(...)"; Sequential and ModuleDict are not collapsed).
"*.collapsed.txt" are synthetic: every container collapsed that way, to
exercise run-length groups on torchvision models whose containers are
Sequential; no PyTorch version prints those.

Each file starts with the printout itself; provenance is in testdata/README.md.
"""
import os, sys
import torch, torchvision
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "printouts")


def _addindent(s_, n):
    s = s_.split("\n")
    if len(s) == 1:
        return s_
    first = s.pop(0)
    return first + "\n" + "\n".join((n * " ") + line for line in s)


def new_repr(module, collapse=(nn.ModuleList,)):
    if type(module).__repr__ not in (nn.Module.__repr__, nn.ModuleList.__repr__):
        return repr(module)  # a class with its own __repr__ (StochasticDepth)
    if isinstance(module, collapse) and len(module._modules) > 0 and all(
        k == str(i) for i, k in enumerate(module._modules)
    ):
        reprs = [new_repr(m, collapse) for m in module._modules.values()]
        spans, blocks = [[0, 0]], [reprs[0]]
        for i, r in enumerate(reprs[1:], 1):
            if r == blocks[-1]:
                spans[-1][1] += 1
                continue
            spans.append([i, i])
            blocks.append(r)
        lines = []
        for (a, b), r in zip(spans, blocks):
            local = f"({a}): {r}"
            if a != b:
                local = f"({a}-{b}): {b - a + 1} x {r}"
            lines.append(_addindent(local, 2))
        return module._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"
    extra = module.extra_repr()
    extra_lines = extra.split("\n") if extra else []
    child_lines = [
        "(" + k + "): " + _addindent(new_repr(m, collapse), 2) for k, m in module._modules.items()
    ]
    lines = extra_lines + child_lines
    s = module._get_name() + "("
    if lines:
        if len(extra_lines) == 1 and not child_lines:
            s += extra_lines[0]
        else:
            s += "\n  " + "\n  ".join(lines) + "\n"
    return s + ")"


def write(name, text):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(text + "\n")


def params(m):
    return sum(p.numel() for p in m.parameters())


models = {
    "resnet18": torchvision.models.resnet18,
    "resnet50": torchvision.models.resnet50,
    "densenet121": torchvision.models.densenet121,
    "mobilenet_v2": torchvision.models.mobilenet_v2,
    "mobilenet_v3_small": torchvision.models.mobilenet_v3_small,
    "squeezenet1_0": torchvision.models.squeezenet1_0,
    "shufflenet_v2_x0_5": torchvision.models.shufflenet_v2_x0_5,
    "mnasnet1_0": torchvision.models.mnasnet1_0,
    "efficientnet_b0": torchvision.models.efficientnet_b0,
    "regnet_x_400mf": torchvision.models.regnet_x_400mf,
    "vgg11_bn": torchvision.models.vgg11_bn,
    # transformers and multi-branch CNNs (issue #5)
    "vit_b_16": torchvision.models.vit_b_16,
    "swin_t": torchvision.models.swin_t,
    "convnext_tiny": torchvision.models.convnext_tiny,
    # aux_logits=False: the evaluation form, as pretrained weights load
    # (torchvision drops aux1/aux2 and AuxLogits after loading them)
    "googlenet": lambda weights: torchvision.models.googlenet(weights=weights, aux_logits=False, init_weights=False),
    "inception_v3": lambda weights: torchvision.models.inception_v3(weights=weights, aux_logits=False, init_weights=False),
    # weights=None defaults: the auxiliary classifiers are printed
    "googlenet_aux": lambda weights: torchvision.models.googlenet(weights=weights, init_weights=False),
    "inception_v3_aux": lambda weights: torchvision.models.inception_v3(weights=weights, init_weights=False),
}
counts = {}
for name, fn in models.items():
    m = fn(weights=None)
    assert new_repr(m, collapse=()) == repr(m), name  # the emulation is faithful
    write(name + ".txt", repr(m))
    counts[name] = params(m)
for name in ["resnet18", "densenet121", "mobilenet_v2"]:
    m = models[name](weights=None)
    write(name + ".collapsed.txt", new_repr(m, collapse=(nn.Sequential, nn.ModuleList, nn.ModuleDict)))

# A model built on ModuleList: what newer PyTorch collapses.
torch.manual_seed(0)
enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model=256, nhead=8, dim_feedforward=1024), num_layers=6)
write("transformer_encoder.txt", repr(enc))
write("transformer_encoder.new.txt", new_repr(enc))
counts["transformer_encoder"] = params(enc)
# One nn.TransformerEncoderLayer alone (batch_first and nhead are not printed).
layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048, batch_first=True)
write("transformer_encoder_layer.txt", repr(layer))
counts["transformer_encoder_layer"] = params(layer)


class Blocks(nn.Module):  # a custom model: its forward is not torchvision's
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 32, 3, padding=1)
        self.blocks = nn.ModuleList([torchvision.models.resnet.BasicBlock(32, 32) for _ in range(4)])
        self.head = nn.Linear(32, 10)


b = Blocks()
write("blocks.txt", repr(b))
write("blocks.new.txt", new_repr(b))
counts["blocks"] = params(b)
for k, v in counts.items():
    print(k, v)
