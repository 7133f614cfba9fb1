package convention

import (
	"strings"

	"floplab/core/graph"
	"floplab/core/units"
)

// torch: torch.utils.flop_counter.FlopCounterMode (torch 2.x,
// pytorch/pytorch torch/utils/flop_counter.py): a formula registered per
// aten operator (mm, addmm, bmm, convolution, scaled dot-product
// attention), 2 FLOPs per MAC.
// einsumTorch is what FlopCounterMode sees of torch.einsum: einsum is
// decomposed (aten/src/ATen/native/Linear.cpp einsum, sumproduct_pair)
// into one bmm per pair of operands, contracted left to right (torch's
// order without opt_einsum); a subscript summed in one operand only is
// summed before (aten.sum, no formula), and a pair with no subscript
// summed in both is an elementwise aten.mul (no formula). A bmm of
// [lro, lo, sum] @ [lro, sum, ro] is lro·lo·ro·sum MACs, 2 FLOPs each
// (flop_counter.py bmm_flop; the convention's Scale).
var einsumTorch = &Term{Label: "einsum's batched matmuls", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	e, ok := n.Layer.(*graph.Einsum)
	if !ok {
		return 0, false
	}
	// size of letter l in operand i (after broadcasting in the operand
	// accumulated so far).
	sizeIn := func(i int, l byte) int64 {
		op := e.Operands[i]
		for j := 0; j < len(op); j++ {
			if op[j] == l {
				return n.Inputs[i].Shape[j]
			}
		}
		return 0
	}
	cur := map[byte]int64{}
	for j := 0; j < len(e.Operands[0]); j++ {
		cur[e.Operands[0][j]] = sizeIn(0, e.Operands[0][j])
	}
	var macs int64
	for i := 1; i < len(e.Operands); i++ {
		later := e.Output
		for _, op := range e.Operands[i+1:] {
			later += op
		}
		next := map[byte]int64{}
		for j := 0; j < len(e.Operands[i]); j++ {
			next[e.Operands[i][j]] = sizeIn(i, e.Operands[i][j])
		}
		kept, summed := int64(1), int64(1)
		anySummed := false
		res := map[byte]int64{}
		for _, side := range []map[byte]int64{cur, next} {
			for l, s := range side {
				if _, done := res[l]; done {
					continue
				}
				ls, inCur := cur[l]
				rs, inNext := next[l]
				size := max(ls, rs)
				switch {
				case strings.IndexByte(later, l) >= 0:
					res[l] = size
					kept = a.Mul(kept, size)
				case inCur && inNext && ls != 1 && rs != 1:
					res[l] = 0 // contracted
					summed = a.Mul(summed, size)
					anySummed = true
				default:
					res[l] = 0 // summed in one operand before the product
					_ = s
				}
			}
		}
		if anySummed {
			macs = a.Add(macs, a.Mul(kept, summed))
		}
		cur = map[byte]int64{}
		for l, s := range res {
			if strings.IndexByte(later, l) >= 0 {
				cur[l] = s
			}
		}
	}
	return macs, true
}}

var torchFlopCounter = &spec{
	Convention: Convention{ID: "torch", Tool: "torch", Version: "2.x FlopCounterMode", Unit: "FLOP", Params: ParamsAll, Scale: 2,
		Print: printTorch,
		Notes: []string{"2 FLOPs per MAC of convolutions and matrix products (mm, addmm, bmm, attention), no bias, nothing else.",
			"Under eval + no_grad torch 2.x runs nn.MultiheadAttention through a fused fast path FlopCounterMode has no formula for, so it counts 0 there (as the real tool does)."},
		Source: "pytorch/pytorch torch/utils/flop_counter.py (register_flop_formula)"},
	modules: []group{
		{Rule{{Term: convW}}, convClasses},
		{Rule{{Term: linearW}}, "Linear LazyLinear Bilinear"},
		{Rule{}, "MultiheadAttention"},
	},
	functions: []group{
		{Rule{{Term: mm}}, mmFunctions},
		{Rule{{Term: linearW}}, "F.linear torch.addmm"},
		{Rule{{Term: attn}}, "F.scaled_dot_product_attention"},
		{Rule{{Term: einsumTorch}}, "torch.einsum"},
	},
}

// printTorch is FlopCounterMode's total: "1,428,376,960 FLOPs".
func printTorch(count, _ int64) string { return units.Thousands(count) + " FLOPs" }
