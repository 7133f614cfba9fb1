"""Makes the ONNX test files in this directory.

Run with Debian bookworm's python3-torch 1.13.1, python3-torchvision 0.14.1 and python3-onnx 1.12.0:
    /usr/bin/python3 make.py
Large models keep their weights in external data (location/offset/length entries) and the .data file
is deleted afterwards: FlopLab reads only dims and data types, so the graph file alone is enough.
torchvision models are exported with random weights (weights=None): counts do not depend on values.
"""
import os, sys
import torch, torch.nn as nn, torchvision, onnx

torch.manual_seed(0)
here = os.path.dirname(os.path.abspath(__file__))


def randomize(model):
    """Random normalization statistics and affine values, as a trained model has: with the defaults
    (mean 0, var 1, gamma 1, beta 0) every folded bias is zero and the exporter merges the equal
    tensors into one initializer shared through Identity nodes, which a real model never shows."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
                if getattr(m, "running_mean", None) is not None:
                    m.running_mean.uniform_(-1, 1)
                    m.running_var.uniform_(0.5, 2)
                if m.weight is not None:
                    m.weight.uniform_(0.5, 2)
                    m.bias.uniform_(-1, 1)
            elif isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)) and m.bias is not None:
                m.bias.uniform_(-1, 1)
    return model


def export(model, args, name, opset=13, dynamic=None, external=False, keep_data=False, names=None):
    randomize(model).eval()
    path = os.path.join(here, name + ".onnx")
    kw = {}
    if dynamic:
        kw["dynamic_axes"] = dynamic
    torch.onnx.export(model, args, path, opset_version=opset, do_constant_folding=True,
                      input_names=names or ["input"], output_names=["output"], **kw)
    if external:
        m = onnx.load(path)
        data = name + ".onnx.data"
        onnx.save_model(m, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data, size_threshold=1024)
        if not keep_data:
            os.remove(os.path.join(here, data))
    print(name, os.path.getsize(path), file=sys.stderr)


class Tiny(nn.Module):
    """A small CNN: conv+BN (folded at export), ReLU, max-pool, a BN that cannot fold (after a ReLU),
    a ConvTranspose, global pool, flatten, linear (Gemm)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1, groups=2)
        self.bn2 = nn.BatchNorm2d(16)
        self.up = nn.ConvTranspose2d(16, 8, 2, stride=2)
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn1(self.conv1(x))))
        x = self.bn2(torch.relu(self.conv2(x)))
        x = torch.sigmoid(self.up(x))
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)


class Seq(nn.Module):
    """An LSTM and a GRU over an embedding, a shared (tied) output weight, softmax."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(50, 16)
        self.lstm = nn.LSTM(16, 32, batch_first=True)
        self.gru = nn.GRU(32, 16, batch_first=True)
        self.out = nn.Linear(16, 50, bias=False)
        self.out.weight = self.emb.weight

    def forward(self, x):
        h, _ = self.lstm(self.emb(x))
        h, _ = self.gru(h)
        return torch.softmax(self.out(h), -1)


class Attn(nn.Module):
    """A pre-norm transformer block, so that LayerNormalization (opset 17) or its 9-node decomposition
    (opset 13), Einsum-free batched MatMul, Softmax, GELU (Erf), Reshape/Transpose shape subgraphs appear."""

    def __init__(self, d=32, h=4):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, h, batch_first=True)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x):
        y = self.ln1(x)
        x = x + self.attn(y, y, y, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class Misc(nn.Module):
    """Upsample (Resize), Pad, Concat, Split, Slice, Tile/Expand, ReduceMean, Einsum, HardSwish, Clip."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 1)
        self.act = nn.Hardswish()

    def forward(self, x):
        a, b = torch.split(x, 2, dim=1)
        y = torch.cat([b, a], 1)
        y = nn.functional.interpolate(y, scale_factor=2, mode="nearest")
        y = nn.functional.pad(y, (1, 1, 1, 1))
        y = self.act(self.conv(y))[:, :, 1:-1, 1:-1]
        y = torch.clamp(y, 0, 6) + nn.functional.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        m = y.mean(dim=(2, 3))
        return torch.einsum("bc,bd->bcd", m, m)


which = sys.argv[1:] or ["tiny", "seq", "attn", "misc", "resnet18", "vit_b_16"]
if "tiny" in which:
    export(Tiny(), torch.randn(1, 3, 32, 32), "tiny_cnn_dynbatch", dynamic={"input": {0: "batch"}, "output": {0: "batch"}})
    export(Tiny(), torch.randn(1, 3, 32, 32), "tiny_cnn_external", external=True, keep_data=True)
if "seq" in which:
    export(Seq(), torch.randint(0, 50, (2, 7)), "seq_lstm_gru", names=["tokens"])
if "attn" in which:
    export(Attn(), torch.randn(1, 10, 32), "attn_block_op13", opset=13)
    export(Attn(), torch.randn(1, 10, 32), "attn_block_op17", opset=17)
if "misc" in which:
    export(Misc(), torch.randn(1, 4, 8, 8), "misc_ops", opset=13)
if "resnet18" in which:
    export(torchvision.models.resnet18(), torch.randn(1, 3, 224, 224), "resnet18_op13_graph", external=True)
if "vit_b_16" in which:
    export(torchvision.models.vit_b_16(), torch.randn(1, 3, 224, 224), "vit_b_16_op17_graph", opset=17, external=True)

if "fp16" in which or not sys.argv[1:]:
    # The weights stored as float16 (as onnxconverter-common's float16 conversion stores them), made
    # with python3-onnx's numpy_helper from the dynamic-batch export: counting reads dims and types.
    from onnx import numpy_helper
    m = onnx.load(os.path.join(here, "tiny_cnn_dynbatch.onnx"))
    for i, t in enumerate(m.graph.initializer):
        if t.data_type == onnx.TensorProto.FLOAT:
            a = numpy_helper.to_array(t).astype("float16")
            m.graph.initializer[i].CopyFrom(numpy_helper.from_array(a, t.name))
    onnx.save(m, os.path.join(here, "tiny_cnn_fp16.onnx"))
    print("tiny_cnn_fp16", os.path.getsize(os.path.join(here, "tiny_cnn_fp16.onnx")), file=sys.stderr)
