package convention

import (
	"strconv"

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

// einsumFvcore is jit_handles.py einsum_flop_jit: the equation's letters
// renamed in order of appearance; "abc,abd->acd" and "abc,adc->adb" are
// counted exactly (the product of the four sizes); any other equation is
// numpy's einsum_path(optimize="optimal") "Optimized FLOP count", which
// numpy prints with "%.3e" (four significant digits) and fvcore parses
// back and halves, floored. For one or two operands that count is
// Π sizes × (max(1, operands − 1) + 1 if a subscript is summed); numpy's
// optimal path search for three or more operands is not reproduced: such
// a call is left out (0).
var einsumFvcore = &Term{Label: "fvcore's einsum handle", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	e, ok := n.Layer.(*graph.Einsum)
	if !ok || len(e.Operands) > 2 {
		return 0, false
	}
	rename := map[rune]rune{}
	eq := []rune{}
	for _, c := range e.Equation {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			if _, ok := rename[c]; !ok {
				rename[c] = 'a' + rune(len(rename))
			}
			c = rename[c]
		}
		eq = append(eq, c)
	}
	in0, in1 := n.Inputs[0].Shape, n.Inputs[len(n.Inputs)-1].Shape
	switch string(eq) {
	case "abc,abd->acd":
		return a.Mul(in0[0], in0[1], in0[2], in1[len(in1)-1]), true
	case "abc,adc->adb":
		return a.Mul(in0[0], in0[1], in0[2], in1[1]), true
	}
	P := int64(1)
	letters := 0
	for _, s := range e.Sizes {
		P = a.Mul(P, s)
		letters++
	}
	factor := max(1, int64(len(e.Operands))-1)
	if letters > len(e.Output) {
		factor++
	}
	return numpyFlops(a.Mul(P, factor)) / 2, true
}}

// numpyFlops is cost as fvcore reads it back from numpy's "%.3e": four
// significant digits, d.ddd·10^e, an integer for any integer cost (and
// exactly a float64 below 10^19, so Python's float() changes nothing);
// fvcore's np.floor(v / 2) is then an integer division.
func numpyFlops(cost int64) int64 {
	s := strconv.FormatFloat(float64(cost), 'e', 3, 64) // "8.870e+07"
	mant, _ := strconv.Atoi(s[:1] + s[2:5])
	exp, _ := strconv.Atoi(s[6:])
	v := int64(mant)
	for i := 3; i < exp; i++ {
		v *= 10
	}
	for i := exp; i < 3; i++ {
		v /= 10
	}
	return v
}

var fvcore015 = &spec{
	Convention: Convention{ID: "fvcore", Tool: "fvcore", Version: "0.1.5", Unit: "MAC", Params: ParamsAll,
		Print:  printFvcore,
		Notes:  []string{"fvcore's FlopCountAnalysis counts the model in the mode it is in: one 'flop' per fused multiply-add; no bias; BatchNorm 2 per element when affine in eval mode, 5 in train mode; activations, max-pooling and additions are listed as unsupported and count 0."},
		Source: "facebookresearch/fvcore@fd5043f fvcore/nn/flop_count.py, fvcore/nn/jit_handles.py"},
	modules: []group{
		{Rule{{Term: convW}}, convClasses},
		{Rule{{Term: linearW}}, "Linear LazyLinear Bilinear"},
		// batchnorm_flop_jit: aten::batch_norm's training argument
		// (train mode, or no running statistics) makes it the norm
		// counter's 5 per element (4 without affine), else 2 (1).
		{Rule{{Term: norm}, {Term: affine}, {Coef: 3, Term: batchStats}}, bnClasses},
		{Rule{{Coef: 4, Term: norm}, {Term: affine}}, inClasses + " LayerNorm GroupNorm"},
		// Its handles are 2-D only: aten::adaptive_avg_pool2d and
		// upsample_nearest2d/bilinear2d.
		{Rule{{Term: in}}, "AdaptiveAvgPool2d"},
		{Rule{{Term: upsampleFvcore}}, upsampleClasses},
		{Rule{{Term: mhaProj}, {Term: attn}}, "MultiheadAttention"},
	},
	functions: []group{
		{Rule{{Term: mm}}, mmFunctions},
		// addmm_flop_jit: the product only, whatever beta and alpha
		// (aten::addmm_ has no handle).
		{Rule{{Term: linearW}}, "F.linear torch.addmm Tensor.addmm"},
		{Rule{{Term: attn}}, "F.scaled_dot_product_attention"},
		{Rule{{Term: in}}, "F.adaptive_avg_pool2d"},
		{Rule{{Coef: 4, Term: norm}, {Term: affine}}, "F.layer_norm"},
		{Rule{{Term: norm}, {Term: affine}, {Coef: 3, Term: batchStats}}, "F.batch_norm"}, // aten::batch_norm, as for the modules
		{Rule{{Term: einsumFvcore}}, "torch.einsum"},
		{Rule{{Term: upsampleFvcore}}, "F.interpolate"}, // F.upsample is recorded as F.interpolate
	},
}

// printFvcore is FlopCountAnalysis.total(): "714,197,696 flops".
func printFvcore(count, _ int64) string { return units.Thousands(count) + " flops" }
