package convention

import (
	"floplab/core/graph"
	"floplab/core/units"
)

// fvcore 0.1.5: facebookresearch/fvcore@fd5043f fvcore/nn/flop_count.py
// (_DEFAULT_SUPPORTED_OPS) and fvcore/nn/jit_handles.py, one handle per
// traced aten operator.

// upsampleFvcore is fvcore's upsample handles (2-D nearest and bilinear).
var upsampleFvcore = quantity(graph.QUpsampleFvcore, "fvcore's upsample handle")

var fvcore015 = &spec{
	Convention: Convention{ID: "fvcore", Tool: "fvcore", Version: "0.1.5", Unit: "MAC", Params: ParamsAll,
		Print:  printFvcore,
		Notes:  []string{"fvcore's FlopCountAnalysis on a model in eval mode: one 'flop' per fused multiply-add; no bias; BatchNorm 2 per element when affine; activations, max-pooling and additions are listed as unsupported and count 0."},
		Source: "facebookresearch/fvcore@fd5043f fvcore/nn/flop_count.py, fvcore/nn/jit_handles.py"},
	modules: []group{
		{rule(convW), convClasses},
		{rule(linearW), "Linear LazyLinear Bilinear"},
		{rule(norm, affine), bnClasses},
		{rule(times(4, norm), affine), inClasses + " LayerNorm GroupNorm"},
		// Its handles are 2-D only: aten::adaptive_avg_pool2d and
		// upsample_nearest2d/bilinear2d.
		{rule(in), "AdaptiveAvgPool2d"},
		{rule(upsampleFvcore), upsampleClasses},
		{rule(mhaProj, attn), "MultiheadAttention"},
	},
	functions: []group{
		{rule(mm), mmFunctions},
		{rule(linearW), "F.linear torch.addmm"},
		{rule(attn), "F.scaled_dot_product_attention"},
		{rule(in), "F.adaptive_avg_pool2d"},
		{rule(times(4, norm), affine), "F.layer_norm"},
		{rule(upsampleFvcore), "F.interpolate F.upsample"},
	},
}

// printFvcore is FlopCountAnalysis.total(): "714,197,696 flops".
func printFvcore(count, _ int64) string { return units.Thousands(count) + " flops" }
