package convention

import "floplab/core/units"

// torch: torch.utils.flop_counter.FlopCounterMode (torch 2.x,
// pytorch/pytorch torch/utils/flop_counter.py): a formula registered per
// aten operator (mm, addmm, bmm, convolution, scaled dot-product
// attention), 2 FLOPs per MAC.
var torchFlopCounter = &spec{
	Convention: Convention{ID: "torch", Tool: "torch", Version: "2.x FlopCounterMode", Unit: "FLOP", Params: ParamsAll, Scale: 2,
		Print: printTorch,
		Notes: []string{"2 FLOPs per MAC of convolutions and matrix products (mm, addmm, bmm, attention), no bias, nothing else.",
			"Under eval + no_grad torch 2.x runs nn.MultiheadAttention through a fused fast path FlopCounterMode has no formula for, so it counts 0 there (as the real tool does)."},
		Source: "pytorch/pytorch torch/utils/flop_counter.py (register_flop_formula)"},
	modules: []group{
		{rule(convW), convClasses},
		{rule(linearW), "Linear LazyLinear Bilinear"},
		{rule(), "MultiheadAttention"},
	},
	functions: []group{
		{rule(mm), mmFunctions},
		{rule(linearW), "F.linear torch.addmm"},
		{rule(attn), "F.scaled_dot_product_attention"},
	},
}

// printTorch is FlopCounterMode's total: "1,428,376,960 FLOPs".
func printTorch(count, _ int64) string { return units.Thousands(count) + " FLOPs" }
