package convention

import (
	"floplab/core/graph"
	"floplab/core/units"
)

// torchinfo 1.8.0: TylerYep/torchinfo@73ed568 torchinfo/layer_info.py
// calculate_macs, a formula over each leaf module's parameters and output
// shape, whatever the class.

// ti is torchinfo's per-layer "Mult-Adds".
var ti = quantity(graph.QTI, "parameters × output dims")

var torchinfo180 = &spec{
	Convention: Convention{ID: "torchinfo", Tool: "torchinfo", Version: "1.8.0", Unit: "MAC", Params: ParamsAll, LeafOnly: true,
		Print:  printTorchinfo,
		Notes:  []string{"Mult-adds from parameters: a convolution's parameters × N·H'·W', any other layer's parameters × the batch only (so a Linear on [N, tokens, features] ignores the tokens). Leaf modules only; layers without parameters count 0."},
		Source: "TylerYep/torchinfo@73ed568 torchinfo/layer_info.py calculate_macs, torchinfo/model_statistics.py"},
	modules: []group{{rule(ti), "*"}},
}

// printTorchinfo is summary()'s "Total mult-adds (M): 714.68" line.
func printTorchinfo(count, _ int64) string { return units.TorchinfoMultAdds(count) }
