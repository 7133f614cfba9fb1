package convention

import (
	"floplab/core/graph"
	"floplab/core/units"
)

// floplab is FlopLab's own convention: every call's MACs and other
// operations as package lang counts them (graph.Ops); it has no rules.
var floplab = &spec{Convention: Convention{ID: "floplab", Tool: "FlopLab", Version: "", Unit: "MAC", Own: true, Params: ParamsAll,
	Notes:        []string{"Every call counted: MACs of convolutions, linear layers and matrix products, and every other operation by kind (add, mul/div, compare, exp); FLOPs = 2·MACs + the other operations."},
	Source:       "FlopLab's own operation counts (package lang, one function per layer and operator)",
	BackwardNote: "backward: the MACs of the gradient products (grad input and grad weight of convolutions, linear layers, matrix products, attention and einsum), exact, 2 FLOPs per MAC; the elementwise gradients (activations, normalization, bias) are not counted.",
}, backward: floplabBackward}

// printMACs is the plain print style: "714,188,480 MACs".
func printMACs(count, _ int64) string { return units.Thousands(count) + " MACs" }

// FlopLab's own backward pass: the MACs of the gradient products, exact
// (a grouped convolution's grad weight is its forward MACs), each only
// when what it is the gradient of requires grad. The other operations of
// the backward pass (activation, normalization and bias gradients) are
// not counted in it.
var (
	// F.scaled_dot_product_attention without recomputation: grad scores
	// = grad_out @ vᵀ (when q or k requires grad), grad v = scoresᵀ @
	// grad_out, grad q = grad scores @ k, grad k = grad scoresᵀ @ q.
	attnGrad = &BackTerm{Label: "attention gradient products", Of: func(_ *graph.Graph, n *graph.Node, gr *graph.Grad, a *units.Acc) (int64, bool) {
		bh, sq, sk, dq, dv, q, k, v := attnDims(n, gr, a)
		if bh == 0 || !(q || k || v) {
			return 0, false
		}
		per := a.Mul(bh, sq, sk)
		var macs int64
		if q || k {
			macs = a.Add(macs, a.Mul(per, dv))
		}
		if v {
			macs = a.Add(macs, a.Mul(per, dv))
		}
		if q {
			macs = a.Add(macs, a.Mul(per, dq))
		}
		if k {
			macs = a.Add(macs, a.Mul(per, dq))
		}
		return macs, true
	}}
	// torch.einsum: the gradient of each operand that requires grad is a
	// contraction of grad_out with the other operands over the same
	// letters, the forward's MACs.
	einsumGrad = &BackTerm{Label: "einsum gradient contractions", Of: func(_ *graph.Graph, n *graph.Node, gr *graph.Grad, a *units.Acc) (int64, bool) {
		var macs int64
		for i := range n.Inputs {
			if gr.Input(n, i) {
				macs = a.Add(macs, n.Ops.MACs)
			}
		}
		return macs, macs > 0
	}}
)

// floplabBackward are FlopLab's own backward rules; the recurrent layers,
// Bilinear and nn.MultiheadAttention are listed, not counted.
var floplabBackward = []bgroup{
	{BackRule{convGradIn, convGradW}, convClasses},
	{BackRule{linearGradIn, linearGradW}, "Linear LazyLinear F.linear"},
	{BackRule{mmGradA, mmGradB}, mmFunctions},
	{BackRule{addmmGradA, addmmGradB}, "torch.addmm Tensor.addmm Tensor.addmm_"},
	{BackRule{bmmGradA, bmmGradB}, "torch.baddbmm Tensor.baddbmm Tensor.baddbmm_ torch.addbmm Tensor.addbmm Tensor.addbmm_"},
	{BackRule{attnGrad}, "F.scaled_dot_product_attention"},
	{BackRule{einsumGrad}, "torch.einsum"},
	{nil, "Bilinear MultiheadAttention " + rnnClasses},
}
