#!/usr/bin/env python3
"""Write golden data for FlopLab gallery presets from real torchvision models.

Run by hand (never by tests), with Debian's python3-torch / python3-torchvision:

    /usr/bin/python3 scripts/golden_presets.py resnet18 inception_v3@1x3x299x299 ...
    /usr/bin/python3 scripts/golden_presets.py --published /work/shared/reference/torchvision_published.json

For each NAME it builds torchvision.models.NAME(weights=None) (googlenet and
inception_v3 also get aux_logits=False, init_weights=False, the evaluation
form), puts it in eval mode, runs one forward pass under torch.no_grad() on a
zero tensor of the given input shape (default 1x3x224x224; inception_v3
defaults to 1x3x299x299) and writes core/presets/testdata/golden/NAME.json:

  provenance        torch/torchvision versions, constructor call, eval mode, input
  params            sum(p.numel() for p in model.parameters())
  trainable_params  same, requires_grad only
  buffers           sum(b.numel() for b in model.buffers()), incl. num_batches_tracked
  modules           model.named_modules() in registration order, root first:
                    [dotted path ("" for the root), class name]
  calls             forward-hook calls of LEAF modules (no children), in execution
                    order, one row per call: [dotted name, class name, output
                    shape, params held by that module]; a module called twice
                    appears twice

Arguments:
  NAME[@SHAPE]        e.g. vgg16, inception_v3@1x3x299x299, bert@1x128 (SHAPE: AxBxC)
  --kwargs JSON       extra constructor kwargs for every NAME of this invocation
  --dtype long        integer (token id) input instead of float
  --out DIR           output directory (default core/presets/testdata/golden
                      next to this script's repository)
  --published FILE    also (re)write core/presets/testdata/published.json from
                      /work/shared/reference/torchvision_published.json
"""
import argparse
import datetime
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "core", "presets", "testdata", "golden")

# Constructor kwargs that give the evaluation form of a model.
EVAL_KWARGS = {
    "googlenet": {"aux_logits": False, "init_weights": False},
    "inception_v3": {"aux_logits": False, "init_weights": False},
}
DEFAULT_SHAPE = {
    "inception_v3": [1, 3, 299, 299],
}


def parse_name(arg):
    name, _, shape = arg.partition("@")
    if shape:
        dims = [int(d) for d in shape.lower().split("x")]
    else:
        dims = DEFAULT_SHAPE.get(name, [1, 3, 224, 224])
    return name, dims


def shape_of(out):
    """Output shape of a hook call: a list for a tensor, a list of shapes for tuples."""
    import torch

    if isinstance(out, torch.Tensor):
        return list(out.shape)
    if isinstance(out, (tuple, list)):
        return [shape_of(o) for o in out]
    if out is None:
        return None
    # namedtuples and dataclass-like outputs
    if hasattr(out, "_asdict"):
        return [shape_of(o) for o in out]
    return repr(type(out).__name__)


def golden(name, dims, extra_kwargs, dtype):
    import torch
    import torchvision

    kwargs = {"weights": None}
    kwargs.update(EVAL_KWARGS.get(name, {}))
    kwargs.update(extra_kwargs)
    ctor = getattr(torchvision.models, name)
    torch.manual_seed(0)
    model = ctor(**kwargs)
    model.eval()

    calls = []
    handles = []
    for mname, mod in model.named_modules():
        if any(True for _ in mod.children()):
            continue
        nparams = sum(p.numel() for p in mod.parameters())

        def hook(m, inp, out, mname=mname, nparams=nparams):
            calls.append([mname, type(m).__name__, shape_of(out), nparams])

        handles.append(mod.register_forward_hook(hook))

    if dtype == "long":
        x = torch.zeros(dims, dtype=torch.long)
    else:
        x = torch.zeros(dims)
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()

    call_src = "torchvision.models.%s(%s)" % (
        name,
        ", ".join("%s=%r" % (k, v) for k, v in kwargs.items()),
    )
    return {
        "provenance": {
            "generator": "scripts/golden_presets.py",
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "python": sys.version.split()[0],
            "model": call_src,
            "weights": None,
            "mode": "eval, torch.no_grad()",
            "input_shape": dims,
            "input_dtype": dtype,
            "modules": "model.named_modules() in registration order: [path, class]",
            "calls": "forward hooks on every leaf module (no children), in call order: [name, class, output shape, params]",
            "date": datetime.date.today().isoformat(),
        },
        "preset": name,
        "input_shape": dims,
        "params": sum(p.numel() for p in model.parameters()),
        "trainable_params": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "buffers": sum(b.numel() for b in model.buffers()),
        "modules": [[n, type(m).__name__] for n, m in model.named_modules()],
        "calls": calls,
    }


def dump(doc):
    """JSON with one row per line for the row lists (modules, calls)."""
    rowkeys = [k for k in ("modules", "calls") if k in doc]
    lines = ["{"]
    keys = [k for k in doc if k not in rowkeys]
    for k in keys:
        lines.append("  %s: %s," % (json.dumps(k), json.dumps(doc[k])))
    for j, k in enumerate(rowkeys):
        lines.append("  %s: [" % json.dumps(k))
        rows = [json.dumps(r, separators=(",", ":")) for r in doc[k]]
        for i, r in enumerate(rows):
            lines.append("    " + r + ("," if i < len(rows) - 1 else ""))
        lines.append("  ]" + ("," if j < len(rowkeys) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_published(src, out_path):
    with open(src) as f:
        ref = json.load(f)
    doc = {
        "provenance": {
            "copied_from": "/work/shared/reference/torchvision_published.json (FlopLab reference material)",
            "copied_by": "scripts/golden_presets.py --published",
            "what": ref["what"],
            "source_repo": ref["source_repo"],
            "source_paths": ref["source_paths"],
            "how_retrieved": ref["how_retrieved"],
            "how_ops_were_computed_upstream": ref["how_ops_were_computed_upstream"],
        },
        "models": {},
    }
    for m in ref["models"]:
        doc["models"][m["model"]] = {
            "weights": m["weights"],
            "source": m["source"],
            "num_params": m["num_params"],
            "_ops": m["_ops_GFLOPS"],
            "_file_size": m["_file_size_MB"],
        }
    lines = ["{", '  "provenance": ' + json.dumps(doc["provenance"], indent=2).replace("\n", "\n  ") + ",", '  "models": {']
    items = list(doc["models"].items())
    for i, (k, v) in enumerate(items):
        lines.append("    %s: %s%s" % (json.dumps(k), json.dumps(v), "," if i < len(items) - 1 else ""))
    lines.append("  }")
    lines.append("}")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", out_path, len(items), "models")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="NAME[@SHAPE]")
    ap.add_argument("--kwargs", default="{}", help="JSON constructor kwargs for every NAME")
    ap.add_argument("--dtype", default="float", choices=["float", "long"])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--published", metavar="FILE")
    args = ap.parse_args()
    if args.published:
        write_published(args.published, os.path.join(os.path.dirname(args.out.rstrip("/")), "published.json"))
    extra = json.loads(args.kwargs)
    os.makedirs(args.out, exist_ok=True)
    for arg in args.names:
        name, dims = parse_name(arg)
        doc = golden(name, dims, extra, args.dtype)
        path = os.path.join(args.out, name + ".json")
        with open(path, "w") as f:
            f.write(dump(doc))
        print("wrote %s: params=%d buffers=%d calls=%d" % (path, doc["params"], doc["buffers"], len(doc["calls"])))


if __name__ == "__main__":
    main()
