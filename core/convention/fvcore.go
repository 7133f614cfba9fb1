package convention

import (
	"floplab/core/graph"
	"floplab/core/units"
)

// fvcore 0.1.5: facebookresearch/fvcore@fd5043f fvcore/nn/flop_count.py
// (_DEFAULT_SUPPORTED_OPS) and fvcore/nn/jit_handles.py, one handle per
// traced aten operator.

// upsampleFvcore is what fvcore counts for an interpolation: it has
// handles for 2-D kernels only, upsample_nearest2d (1 per output),
// upsample_bilinear2d (4 per output) and "area", which F.interpolate runs
// as adaptive_avg_pool2d (1 per input).
var upsampleFvcore = &Term{Label: "fvcore's upsample handle", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	t, ok := n.Layer.(*graph.Interp)
	if !ok {
		return 0, false
	}
	in, out := n.Inputs[0].Shape, n.Outputs[0].Shape
	if len(in) == 4 {
		switch t.Mode {
		case "nearest":
			return out.Numel(), true
		case "bilinear":
			return a.Mul(out.Numel(), 4), true
		case "area":
			return in.Numel(), true
		}
	}
	return 0, true
}}

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
		{rule(upsampleFvcore), "F.interpolate"}, // F.upsample is recorded as F.interpolate
	},
}

// printFvcore is FlopCountAnalysis.total(): "714,197,696 flops".
func printFvcore(count, _ int64) string { return units.Thousands(count) + " flops" }
