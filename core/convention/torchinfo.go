package convention

import (
	"math"
	"strings"

	"floplab/core/graph"
	"floplab/core/units"
)

// torchinfo 1.8.0: TylerYep/torchinfo@73ed568 torchinfo/layer_info.py
// calculate_macs, a formula over each leaf module's parameters and output
// shape, whatever the class.

// ti is torchinfo's per-layer "Mult-Adds" (calculate_macs), from the
// module's own parameters and its output shape: "Conv" classes multiply
// each weight/bias by N·spatial, other weight/bias by N, RNN-style
// weight_*/bias_* by N·dim1. Left out on overflow (torchinfo's Python
// integers do not overflow; no int64 figure can be printed).
var ti = &Term{Label: "parameters × output dims", Of: func(g *graph.Graph, n *graph.Node, _ *units.Acc) (int64, bool) {
	if n.Call != graph.CallModule || n.Module < 0 || n.Module >= len(g.Modules) || len(n.Outputs) == 0 {
		return 0, false
	}
	out := n.Outputs[0].Shape
	conv := strings.Contains(n.Type, "Conv")
	var a units.Acc
	var v int64
	for _, p := range g.Modules[n.Module].Params {
		if p.Buffer {
			continue
		}
		cnt := p.Shape.Numel()
		switch {
		case p.Name == "weight" || p.Name == "bias":
			if conv && len(out) >= 2 {
				// N·spatial: the output's dims but the channels.
				sp := out[0]
				for _, d := range out[2:] {
					sp *= d
				}
				v = a.Add(v, a.Mul(cnt, sp))
			} else {
				v = a.Add(v, a.Mul(out[0], cnt))
			}
		case strings.Contains(p.Name, "weight") || strings.Contains(p.Name, "bias"):
			d := out[0]
			if len(out) >= 2 {
				d = a.Mul(out[0], out[1])
			}
			v = a.Add(v, a.Mul(d, cnt))
		}
	}
	if a.Err != nil {
		return 0, false
	}
	return v, true
}}

var torchinfo180 = &spec{
	Convention: Convention{ID: "torchinfo", Tool: "torchinfo", Version: "1.8.0", Unit: "MAC", Params: ParamsAll, LeafOnly: true,
		Print:  printTorchinfo,
		Notes:  []string{"Mult-adds from parameters: a convolution's parameters × N·H'·W', any other layer's parameters × the batch only (so a Linear on [N, tokens, features] ignores the tokens). Leaf modules only; layers without parameters count 0."},
		Source: "TylerYep/torchinfo@73ed568 torchinfo/layer_info.py calculate_macs, torchinfo/model_statistics.py"},
	modules: []group{{Rule{{Term: ti}}, "*"}},
}

// printTorchinfo is summary()'s "Total mult-adds (M): 714.68" line.
func printTorchinfo(count, _ int64) string { return torchinfoMultAdds(count) }

// torchinfo 1.8.0's printed figures: TylerYep/torchinfo@73ed568
// torchinfo/model_statistics.py, ModelStatistics.__repr__,
// format_output_num and to_readable.

// torchinfoUnit is to_readable(n, Units.AUTO): T from 1e12, G from 1e9,
// else M; the unit's letter (the enum's value), its name, and n/10^k.
func torchinfoUnit(n int64) (letter, name string, x float64) {
	switch {
	case n >= 1_000_000_000_000:
		return "T", "TERABYTES", float64(n) / 1e12
	case n >= 1_000_000_000:
		return "G", "GIGABYTES", float64(n) / 1e9
	}
	return "M", "MEGABYTES", float64(n) / 1e6
}

// torchinfoNum is format_output_num's figure: a whole number
// (converted_num.is_integer()) as an int with thousands separators
// ("0", "2", "1,000"), anything else with two decimals, also grouped
// ("714.68", "1,234.57").
func torchinfoNum(x float64) string {
	if x == math.Trunc(x) && !math.IsInf(x, 0) {
		return units.Thousands(int64(x))
	}
	return units.PyGrouped(x, 2)
}

// torchinfoMultAdds is summary()'s "Total mult-adds" line with the unit
// letter, as torchinfo 1.8.0 prints it on Python ≤ 3.10 and master prints
// it everywhere: "Total mult-adds (M): 714.68", "Total mult-adds (G):
// 1.81", "Total mult-adds (M): 0".
func torchinfoMultAdds(n int64) string {
	u, _, x := torchinfoUnit(n)
	return "Total mult-adds (" + u + "): " + torchinfoNum(x)
}

// torchinfoMultAddsPy311 is the same line as torchinfo 1.8.0 prints it on
// Python 3.11, where an f-string shows the str-mixin enum's name: "Total
// mult-adds (Units.MEGABYTES): 714.68".
func torchinfoMultAddsPy311(n int64) string {
	_, name, x := torchinfoUnit(n)
	return "Total mult-adds (Units." + name + "): " + torchinfoNum(x)
}

// TorchinfoMB is one of summary()'s size lines: label, " (MB): " and
// bytes/1e6 with two decimals ({:0.2f}, not format_output_num: "0.00"
// stays), e.g. TorchinfoMB("Forward/backward pass size", 7906944) is
// "Forward/backward pass size (MB): 7.91".
func TorchinfoMB(label string, bytes int64) string {
	return label + " (MB): " + units.PyFixed(float64(bytes)/1e6, 2)
}
