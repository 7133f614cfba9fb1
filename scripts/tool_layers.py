#!/usr/bin/env python3
"""Extract the per-layer records of real counting tools into core/testdata/tool_layers/.

Run by hand (never by tests):

    python3 scripts/tool_layers.py /work/shared/reference/alexnet_layers.json /work/shared/reference/resnet18_layers.json

Each input is one of the project's reference records (torch 1.13.1, torchvision 0.14.1,
weights=None, eval, input 1x3x224x224; every tool run from source at the commit the counting
spec names). For each model it writes MODEL.json keyed by FlopLab convention id:

  thop-0.0.31, thop (0.1.1), ultralytics-thop (2.1.6)
      modules: leaf module name -> MACs thop's hook added (summed over calls)
  ptflops (0.7.6 pytorch backend), ptflops-legacy (the same hooks, count_functional=False)
      modules: module name -> the module hook's delta (whole batch, summed over calls)
      functional: what the patched functions and tensor ops added (ptflops only)
  ptflops-aten
      children: top-level child -> MACs of the aten ops attributed to it
  torchinfo (1.8.0)
      modules: leaf row name -> Mult-Adds (summed over the rows of repeated calls)
  fvcore (0.1.5)
      modules: by_module(): every module path ("" is the model) -> flops
and each tool's printed total.
"""
import json
import os
import sys


def summed(rows, key="macs", leaf=lambda r: True):
    out = {}
    for r in rows:
        if leaf(r):
            out[r["name"]] = out.get(r["name"], 0) + r[key]
    return out


def extract(path):
    d = json.load(open(path))
    t = d["tools"]
    out = {
        "provenance": {
            "source": "reference/" + os.path.basename(path) + " (FlopLab's shared reference records)",
            "torch": t["numel"]["tool_version"],
            "mode": "eval, weights=None, zero input",
            "extracted_by": "scripts/tool_layers.py",
        },
        "model": d["model"],
        "input": d["input_shape"],
        "tools": {},
    }
    tools = out["tools"]
    for conv, key in [("thop-0.0.31", "thop_0.0.31"), ("thop", "thop_0.1.1"), ("ultralytics-thop", "ultralytics_thop_2.1.6")]:
        tools[conv] = {"version": key.split("_")[-1] + " (" + t[key]["tool_version"] + ")",
                       "total": t[key]["totals"]["macs"], "modules": summed(t[key]["layers"])}
    pt = t["ptflops"]["layers"]["ptflops_pytorch"]
    mods = summed(pt["layers"])
    tools["ptflops"] = {"version": t["ptflops"]["tool_version"], "total": t["ptflops"]["totals"]["pytorch"]["macs"],
                        "modules": mods, "functional": pt["functional_and_tensor_ops"]}
    tools["ptflops-legacy"] = {"version": t["ptflops"]["tool_version"] + ", count_functional=False",
                               "total": pt["module_sum"], "modules": mods}
    children = {}
    for name, ops in t["ptflops"]["layers"]["ptflops_aten"]["by_top_level_child"].items():
        if name != "Global":
            children[name] = sum(ops.values())
    tools["ptflops-aten"] = {"version": t["ptflops"]["tool_version"] + " aten backend",
                             "total": t["ptflops"]["totals"]["aten"]["macs"], "children": children}
    tools["torchinfo"] = {"version": t["torchinfo"]["tool_version"], "total": t["torchinfo"]["totals"]["total_mult_adds"],
                          "modules": summed(t["torchinfo"]["layers"]["layers"], leaf=lambda r: r["is_leaf"])}
    tools["fvcore"] = {"version": t["fvcore"]["tool_version"], "total": t["fvcore"]["totals"]["total"],
                       "modules": {r["name"]: r["flops"] for r in t["fvcore"]["layers"]}}
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = os.path.join(here, "..", "core", "testdata", "tool_layers")
    for path in sys.argv[1:]:
        rec = extract(path)
        with open(os.path.join(outdir, rec["model"] + ".json"), "w") as f:
            json.dump(rec, f, indent=1, sort_keys=False)
            f.write("\n")


if __name__ == "__main__":
    main()
