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
	steps, ok := einsumTorchSteps(n, a)
	if !ok {
		return 0, false
	}
	var macs int64
	for _, s := range steps {
		macs = a.Add(macs, s)
	}
	return macs, true
}}

// einsumTorchSteps are the MACs of the bmm that contracts operand i+1
// with the result of operands 0..i (0 where the pair is an elementwise
// mul, which has no formula).
func einsumTorchSteps(n *graph.Node, a *units.Acc) ([]int64, bool) {
	e, ok := n.Layer.(*graph.Einsum)
	if !ok || len(e.Operands) > len(n.Inputs) {
		return nil, false
	}
	steps := make([]int64, 0, len(e.Operands))
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
		var step int64
		if anySummed {
			step = a.Mul(kept, summed)
		}
		steps = append(steps, step)
		cur = map[byte]int64{}
		for l, s := range res {
			if strings.IndexByte(later, l) >= 0 {
				cur[l] = s
			}
		}
	}
	return steps, true
}

var torchFlopCounter = &spec{
	Convention: Convention{ID: "torch", Tool: "torch", Version: "2.x FlopCounterMode", Unit: "FLOP", Params: ParamsAll, Scale: 2,
		Print:        printTorch,
		Notes:        []string{"2 FLOPs per MAC of convolutions and matrix products (mm, addmm, bmm, attention), no bias, nothing else."},
		CondNotes:    []CondNote{{"Under eval + no_grad torch 2.x runs nn.MultiheadAttention through a fused fast path FlopCounterMode has no formula for, so it counts 0 there (as the real tool does).", mhaFastPath}},
		Source:       "pytorch/pytorch torch/utils/flop_counter.py (register_flop_formula)",
		BackwardNote: "backward: FlopCounterMode's formulas (torch ≥ 2.3): convolution_backward (grad input = the forward's FLOPs, grad weight = groups × the forward's), the mm and bmm of the gradients of linear layers and matrix products, the fused attention backward (sdpa_backward_flop); 2 FLOPs per MAC, nothing else."},
	modules: []group{
		{Rule{{Term: convW}}, convClasses},
		{Rule{{Term: linearW}}, "Linear LazyLinear Bilinear"},
		{Rule{{Term: torchMHA}}, "MultiheadAttention"},
	},
	functions: []group{
		{Rule{{Term: mm}}, mmFunctions},
		// addmm_flop: the product only, whatever beta and alpha (and
		// not the in-place addmm_, a packet without a formula).
		{Rule{{Term: linearW}}, "F.linear torch.addmm Tensor.addmm"},
		{Rule{{Term: attn}}, "F.scaled_dot_product_attention"},
		{Rule{{Term: einsumTorch}}, "torch.einsum"},
		// baddbmm_flop: the batched product only (aten::addbmm has no formula).
		{Rule{{Term: mm}}, "torch.baddbmm Tensor.baddbmm"},
	},
	backward: torchBackward,
}

// torchMHA is nn.MultiheadAttention under FlopCounterMode. In eval mode
// (under no_grad, as the tool is run to count a model) torch 2.x takes
// MultiheadAttention.forward's fast path, aten._native_multi_head_attention,
// which has no formula: 0. In train mode ("training is enabled" is one of
// the fast path's refusals) F.multi_head_attention_forward runs op by
// op: the projections' linear (addmm/mm) and the attention's bmm or
// scaled_dot_product_attention, each with a formula, so it counts the
// projections and the attention products. The mode is the model's
// (graph.Graph.Mode).
var torchMHA = &Term{Label: "attention projection and matmul MACs (train mode: no fast path)", Of: func(g *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	if !trainMode(g) {
		return 0, false
	}
	return a.Add(n.QValue(graph.QMHAProj), n.QValue(graph.QAttn)), true
}}

// trainMode reports whether g ran in train mode.
func trainMode(g *graph.Graph) bool { return g.Mode == "train" }

// mhaFastPath reports whether g calls nn.MultiheadAttention in eval mode,
// where torchMHA counts 0.
func mhaFastPath(g *graph.Graph) bool {
	if trainMode(g) {
		return false
	}
	for _, n := range g.Nodes {
		if n.Call != graph.CallFunction && n.Type == "MultiheadAttention" {
			return true
		}
	}
	return false
}

// printTorch is FlopCounterMode's total: "1,428,376,960 FLOPs".
func printTorch(count, _ int64) string { return units.Thousands(count) + " FLOPs" }

// The backward pass as FlopCounterMode counts it: the formulas of
// flop_counter.py (torch ≥ 2.3: conv_backward_flop, and mm_flop/bmm_flop
// applied to the mm and bmm autograd runs for a linear layer, addmm, mm,
// bmm, matmul and einsum; sdpa_backward_flop for the fused attention),
// each gradient only when autograd asks for it.
var (
	// conv_backward_flop's grad weight is conv_flop_count(t(x),
	// t(grad_out), t(grad_weight)): batch C_in, channels C_out·N over
	// the kernel, the groups not divided out, so a grouped convolution's
	// grad weight counts groups × its forward (a depthwise convolution's,
	// C × its forward).
	torchConvGradW = &BackTerm{Label: "grad weight: groups × conv MACs", Of: func(_ *graph.Graph, n *graph.Node, gr *graph.Grad, a *units.Acc) (int64, bool) {
		c, ok := n.Layer.(*graph.Conv)
		if !ok || !n.Has(graph.QConvW) || !weightGrad(n, gr, 1) {
			return 0, false
		}
		return a.Mul(max(c.Groups, 1), n.QValue(graph.QConvW)), true
	}}
	// sdpa_backward_flop (flash and memory-efficient kernels): the scores
	// recomputed (s_q·d_q·s_k), grad scores and grad v (2·s_q·s_k·d_v),
	// grad q and grad k (2·s_q·s_k·d_q), per batch·head, whichever of q,
	// k, v require grad.
	torchSdpaGrad = &BackTerm{Label: "fused attention backward: QKᵀ again + 4 gradient products", Of: func(_ *graph.Graph, n *graph.Node, gr *graph.Grad, a *units.Acc) (int64, bool) {
		bh, sq, sk, dq, dv, q, k, v := attnDims(n, gr, a)
		if bh == 0 || !(q || k || v) {
			return 0, false
		}
		return a.Mul(bh, sq, sk, a.Add(a.Mul(3, dq), a.Mul(2, dv))), true
	}}
	// einsum's bmm, one per pair contracted: the gradient of each side
	// that requires grad (the left side is the operands so far).
	torchEinsumGrad = &BackTerm{Label: "grads of einsum's batched matmuls", Of: func(_ *graph.Graph, n *graph.Node, gr *graph.Grad, a *units.Acc) (int64, bool) {
		steps, ok := einsumTorchSteps(n, a)
		if !ok {
			return 0, false
		}
		var macs int64
		left := gr.Input(n, 0)
		for i, s := range steps {
			right := gr.Input(n, i+1)
			if left {
				macs = a.Add(macs, s)
			}
			if right {
				macs = a.Add(macs, s)
			}
			left = left || right
		}
		return macs, macs > 0
	}}
)

// torchBackward are FlopCounterMode's backward rules. nn.MultiheadAttention
// trains through its op-by-op path (projections, bmm or SDPA), whose
// gradients are not reproduced yet (the forward rule counts that path in
// train mode): listed, not counted. Bilinear's aten._trilinear has no formula.
var torchBackward = []bgroup{
	{BackRule{convGradIn, torchConvGradW}, convClasses},
	{BackRule{linearGradIn, linearGradW}, "Linear LazyLinear F.linear"},
	{BackRule{mmGradA, mmGradB}, mmFunctions},
	{BackRule{addmmGradA, addmmGradB}, "torch.addmm Tensor.addmm Tensor.addmm_"},
	{BackRule{bmmGradA, bmmGradB}, "torch.baddbmm Tensor.baddbmm Tensor.baddbmm_ torch.addbmm Tensor.addbmm Tensor.addbmm_"},
	{BackRule{torchSdpaGrad}, "F.scaled_dot_product_attention"},
	{BackRule{torchEinsumGrad}, "torch.einsum"},
	{nil, "MultiheadAttention"},
}
