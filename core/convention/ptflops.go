package convention

import (
	"math"
	"strconv"

	"floplab/core/graph"
	"floplab/core/units"
)

// ptflops: sovrasov/flops-counter.pytorch@d612c75. The pytorch backend
// (ptflops/pytorch_engine.py, pytorch_ops.py) hooks modules, divides their
// sum by the batch, and also counts patched functionals and tensor ops
// (not divided); the aten backend (aten_engine.py, aten_ops.py) counts a
// few aten operators.

// upsamplePtflops is upsample_flops_counter_hook: output[0].numel(), one
// sample's elements.
var upsamplePtflops = &Term{Label: "ptflops' upsample hook (one sample's outputs)", Of: func(_ *graph.Graph, n *graph.Node, _ *units.Acc) (int64, bool) {
	if _, ok := n.Layer.(*graph.Interp); !ok {
		return 0, false
	}
	return n.Outputs[0].Shape[1:].Numel(), true
}}

// interpPtflops is _interpolate_functional_flops_hook (as fixed in
// ptflops PR #145): size given → N·C·∏ size (the output elements); a
// tuple scale → input elements · int(∏ scale); one scale s → input
// elements · s^dims, computed as a float when s is one (rounded here).
var interpPtflops = &Term{Label: "ptflops' interpolate formula", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	t, ok := n.Layer.(*graph.Interp)
	if !ok {
		return 0, false
	}
	in := n.Inputs[0].Shape
	switch {
	case t.SizeGiven:
		return n.Outputs[0].Shape.Numel(), true
	case len(t.Scale) == 0:
		return 0, true
	}
	nIn := in.Numel()
	if t.ScaleTuple {
		p := 1.0
		for _, v := range t.Scale {
			p *= v
		}
		if !(p < maxCount) {
			a.Add(math.MaxInt64, 1) // records the overflow
			return 0, true
		}
		return a.Mul(nIn, int64(p)), true
	}
	dims := len(in) - 2
	if t.ScaleInt {
		v := nIn
		for range dims {
			v = a.Mul(v, int64(t.Scale[0]))
		}
		return v, true
	}
	v := float64(nIn) * math.Pow(t.Scale[0], float64(dims))
	if !(v < maxCount) {
		a.Add(math.MaxInt64, 1)
		return 0, true
	}
	return int64(math.Round(v)), true
}}

// ptflopsRNNFails tells whether ptflops' RNN hooks raise at n: a
// PackedSequence input, or a cell's unbatched input.
func ptflopsRNNFails(n *graph.Node) bool {
	r, ok := n.Layer.(*graph.Recurrent)
	return ok && (r.Packed != nil || r.Cell && len(n.Inputs) > 0 && len(n.Inputs[0].Shape) == 1)
}

// maxCount is 2^63 as a float: a float count must be below it to convert
// to an int64.
const maxCount = 1 << 63

// ptflopsRNN is rnn_flops_counter_hook: per layer the numel of weight_ih
// and weight_hh, gate extras (RNN H, GRU 7H, LSTM 10H) and both biases,
// times input.shape[0] and input.shape[1] whatever batch_first says,
// doubled when bidirectional. On a PackedSequence the hook's
// input.shape raises AttributeError (ptflops has no other path), and on a
// cell's unbatched (1-D) input rnn_cell_flops_counter_hook's
// inp.shape[1] raises IndexError: such a call fails (both measured,
// core/testdata/toolsuites/recurrent.txt).
var ptflopsRNN = &Term{Label: "ptflops' RNN formula", Fails: ptflopsRNNFails, Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	r, ok := n.Layer.(*graph.Recurrent)
	if !ok {
		return 0, false
	}
	x := n.Inputs[0].Shape
	G, H, R := r.Gates(), r.Hidden, r.OutSize()
	var extra int64
	switch r.Kind {
	case "RNN":
		extra = H
	case "GRU":
		extra = 7 * H
	case "LSTM":
		extra = 10 * H
	}
	per := func(in int64) int64 {
		f := G*H*in + G*H*R + extra
		if r.Bias {
			f += 2 * G * H
		}
		return f
	}
	if r.Cell {
		return a.Mul(per(r.Input), x[0]), true
	}
	var total int64
	for l := int64(0); l < r.Layers; l++ {
		total = a.Add(total, per(r.LayerIn(l)))
	}
	if len(x) < 2 {
		return 0, true
	}
	return a.Mul(total, x[0], x[1], r.Dirs), true
}}

// ptflopsMHA is multihead_attention_counter_hook: scaling, projections,
// per-head QKᵀ, softmax and AV, output projection, times the batch.
var ptflopsMHA = &Term{Label: "ptflops' attention formula", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	t, ok := n.Layer.(*graph.Attention)
	if !ok {
		return 0, false
	}
	N, L, S0, E, H, kdim, vdim := t.Batch, t.Queries, t.Keys, t.Embed, t.Heads, t.KDim, t.VDim
	hd, vhd := E/H, vdim/H
	pt := a.Add(a.Mul(L, E), a.Mul(L, E, E), a.Mul(S0, kdim, kdim), a.Mul(S0, vdim, vdim))
	if t.Bias {
		pt = a.Add(pt, a.Mul(L+2*S0, E))
	}
	pt = a.Add(pt, a.Mul(H, a.Add(a.Mul(L, S0, hd), a.Mul(L, S0), a.Mul(L, S0, vhd))), a.Mul(L, vdim, vdim+1))
	return a.Mul(pt, N), true
}}

// attnW is what the aten backend sees of nn.MultiheadAttention's
// attention products on torch 2.x: the bmm's when the call returns the
// weights (need_weights=True, the default), 0 otherwise (the fused
// scaled_dot_product_attention kernel it does not count).
var attnW = &Term{Label: "attention matmul MACs (weights returned)", Of: func(_ *graph.Graph, n *graph.Node, _ *units.Acc) (int64, bool) {
	t, ok := n.Layer.(*graph.Attention)
	if !ok {
		return 0, false
	}
	if !t.NeedWeights {
		return 0, true
	}
	return n.QValue(graph.QAttn), true
}}

// ptflopsMatmul is _matmul_tensor_flops_hook: the first operand's
// elements × the second's last dimension (whatever broadcasting or a 1-D
// operand makes of the product).
var ptflopsMatmul = &Term{Label: "ptflops' matmul formula (elements of the first × last dim of the second)", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	if len(n.Inputs) != 2 || len(n.Inputs[1].Shape) == 0 {
		return 0, false
	}
	b := n.Inputs[1].Shape
	return a.Mul(n.Inputs[0].Shape.Numel(), b[len(b)-1]), true
}}

// ptflopsAddmm is _addmm_tensor_flops_hook (ptflops/pytorch_ops.py),
// which TENSOR_OPS_MAPPING gives torch.addmm and torch.Tensor.addmm (not
// addmm_): mat1's elements × mat2's last dimension, plus the added
// input's own elements (not broadcast) unless beta is 0 (a node whose
// beta is 0 has no bias adds); alpha is ignored.
var ptflopsAddmm = &Term{Label: "ptflops' addmm formula (mat1 elements × last dim of mat2 + input elements unless beta = 0)", Of: ptflopsAddmmHook}

// ptflopsAddmmHook is _addmm_tensor_flops_hook's count, which ptflops
// gives torch.addmm, Tensor.addmm and torch.baddbmm alike: the second
// input's elements × the third's last dimension, plus the first input's
// own elements when the node adds it (beta ≠ 0).
func ptflopsAddmmHook(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	if len(n.Inputs) != 3 || len(n.Inputs[2].Shape) == 0 {
		return 0, false
	}
	w := n.Inputs[2].Shape
	v := a.Mul(n.Inputs[1].Shape.Numel(), w[len(w)-1])
	if n.Has(graph.QBias) {
		v = a.Add(v, n.Inputs[0].Shape.Numel())
	}
	return v, true
}

// ptflopsAtenAddmmBias is the bias of aten_ops.py's addmm_flop: batch ×
// output dim whenever the op has an input to add, which aten.addmm always
// has, so beta = 0 counts it too.
var ptflopsAtenAddmmBias = &Term{Label: "aten addmm's added input (batch × output dim, whatever beta)", Q: graph.QOut}

// ptflopsBaddbmm is _addmm_tensor_flops_hook as TENSOR_OPS_MAPPING gives
// it torch.baddbmm (ptflops/pytorch_ops.py): batch1's elements × batch2's
// last dimension, plus the input's own elements unless beta is 0 (a node
// whose beta is 0 has no bias adds). torch.addbmm and Tensor.baddbmm are
// not patched.
var ptflopsBaddbmm = &Term{Label: "ptflops' addmm formula on baddbmm (batch1 elements × last dim of batch2 + input elements unless beta = 0)", Of: ptflopsAddmmHook}

// ptflopsElementwise is _elementwise_tensor_flops_hook: one tensor
// operand (the other a number) → its elements; two → the product of the
// larger size of each dimension, the shapes aligned at their first
// dimension (not broadcast from the last, as torch does: (2, 3, 4) with
// (4,) is 4·3·4 = 48, not 24); no tensor → 1.
var ptflopsElementwise = &Term{Label: "ptflops' elementwise formula (shapes aligned at the first dimension)", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	switch len(n.Inputs) {
	case 0:
		return 1, true
	case 1:
		return n.Inputs[0].Shape.Numel(), true
	}
	x, y := n.Inputs[0].Shape, n.Inputs[1].Shape
	v := int64(1)
	for i := 0; i < max(len(x), len(y)); i++ {
		d := int64(1)
		if i < len(x) {
			d = x[i]
		}
		if i < len(y) && y[i] > d {
			d = y[i]
		}
		v = a.Mul(v, d)
	}
	return v, true
}}

var ptflopsLegacy = &spec{
	Convention: Convention{ID: "ptflops-legacy", Tool: "ptflops", Version: "count_functional=False (≤ 0.7.0)", Unit: "MAC", Params: ParamsTrainable, BatchDivide: true,
		Print:  printPtflopsGMac,
		Notes:  []string{"Module hooks only, divided by the batch size (a per-image figure). Bias counted; BatchNorm 2 per element; ReLU and pooling 1 per element."},
		Source: "sovrasov/flops-counter.pytorch@d612c75 ptflops/pytorch_ops.py (MODULES_MAPPING), pytorch_engine.py"},
	modules: []group{
		{Rule{{Term: convW}, {Term: bias}}, convClasses},
		{Rule{{Term: linearW}, {Term: bias}}, "Linear LazyLinear"},
		{Rule{{Term: norm}, {Term: affine}}, bnClasses + " " + inClasses + " GroupNorm"},
		{Rule{{Term: norm}}, "LayerNorm"},
		{Rule{{Term: out}}, "ReLU ReLU6 PReLU ELU LeakyReLU GELU"},
		{Rule{{Term: in}}, poolClasses},
		// Its hook table matches the exact class: nn.Upsample only, and
		// the hook counts output[0], one sample's elements.
		{Rule{{Term: upsamplePtflops}}, "Upsample"},
		{Rule{{Term: ptflopsRNN}}, rnnClasses},
		{Rule{{Term: ptflopsMHA}}, "MultiheadAttention"},
	},
}

var ptflopsPytorch = &spec{
	Convention: Convention{ID: "ptflops", Tool: "ptflops", Version: "0.7.x (pytorch backend)", Unit: "MAC", Params: ParamsTrainable, BatchDivide: true,
		Print: printPtflops,
		Notes: []string{"ptflops' default. Module hooks are divided by the batch but its patched functional and tensor-op counters are not, so at batch > 1 the figure is neither per image nor per batch.",
			"nn.ReLU and the pooling modules are counted twice: once by their hook, once by the patched F.relu / F.max_pool2d they call. A layer's row shows its hook's figure, as ptflops prints it per layer; the second count is in the total only."},
		Source: "sovrasov/flops-counter.pytorch@d612c75 ptflops/pytorch_ops.py (MODULES_MAPPING, FUNCTIONAL_MAPPING, TENSOR_OPS_MAPPING), pytorch_engine.py"},
	base: ptflopsLegacy,
	// nn modules whose forward calls a functional ptflops has patched are
	// counted a second time by the functional collector.
	modules: []group{
		{Rule{{Term: out}, {Term: out, Functional: true}}, "ReLU PReLU ELU GELU"},
		{Rule{{Term: in}, {Term: in, Functional: true}}, poolClasses},
		{Rule{{Term: upsamplePtflops}, {Term: interpPtflops, Functional: true}}, "Upsample"},
		{Rule{{Term: interpPtflops, Functional: true}}, "UpsamplingNearest2d UpsamplingBilinear2d"},
		// No module hook, but their forward calls a patched functional
		// (nn.SiLU → F.silu, nn.Softmax → F.softmax): counted once, as a
		// functional, not divided by the batch.
		{Rule{{Term: in, Functional: true}}, "SiLU Softmax"},
	},
	functions: []group{
		{Rule{{Term: out, Functional: true}}, "F.relu F.elu F.relu6 F.gelu F.silu F.softmax"}, // and F.prelu, which the model language lacks
		{Rule{{Term: interpPtflops, Functional: true}}, "F.interpolate"},                      // F.upsample is recorded as F.interpolate
		{Rule{{Term: in, Functional: true}}, poolFunctions},
		{Rule{{Term: ptflopsMatmul, Functional: true}}, "torch.matmul Tensor.matmul torch.mm Tensor.mm torch.bmm Tensor.bmm"},
		{Rule{{Term: ptflopsAddmm, Functional: true}}, "torch.addmm Tensor.addmm"},
		{Rule{{Term: ptflopsBaddbmm, Functional: true}}, "torch.baddbmm"},
		{Rule{{Term: ptflopsElementwise, Functional: true}}, "torch.mul Tensor.mul torch.add Tensor.add"},
	},
}

var ptflopsAten = &spec{
	Convention: Convention{ID: "ptflops-aten", Tool: "ptflops", Version: "0.7.x (aten backend)", Unit: "MAC", Params: ParamsTrainable,
		Print: printPtflops,
		Notes: []string{"Counts the aten operators convolution, mm, addmm, bmm and matmul, with biases; everything else is 0.",
			"On torch 2.x attention computed by scaled_dot_product_attention (F.scaled_dot_product_attention, and nn.MultiheadAttention called with need_weights=False, as in torchvision's ViT) runs in a fused kernel the aten backend does not count: 0."},
		Source: "sovrasov/flops-counter.pytorch@d612c75 ptflops/aten_ops.py (ATEN_OPS_MAPPING), aten_engine.py"},
	modules: []group{
		{Rule{{Term: convW}, {Term: bias}}, convClasses},
		{Rule{{Term: linearW}, {Term: bias}}, "Linear LazyLinear Bilinear"},
		{Rule{{Term: mhaProj}, {Term: attnW}, {Term: bias}}, "MultiheadAttention"},
	},
	functions: []group{
		{Rule{{Term: mm}}, mmFunctions},
		{Rule{{Term: mm}, {Term: bias}}, "F.linear"},
		{Rule{{Term: mm}, {Term: ptflopsAtenAddmmBias}}, "torch.addmm Tensor.addmm"},
	},
}

// printPtflops is get_model_complexity_info's default print:
// "716.44 MMac, 61.1 M".
func printPtflops(count, params int64) string {
	return ptflopsMacs(count, 2) + ", " + ptflopsParams(params, 2)
}

// printPtflopsGMac is ptflops ≤ 0.6's print, in GMac: "0.72 GMac, 61.1 M".
func printPtflopsGMac(count, params int64) string {
	return ptflopsMacsIn(count, "GMac", 2) + ", " + ptflopsParams(params, 2)
}

// ptflopsMacs is ptflops 0.7.x flops_to_string(n, units=None, precision)
// (ptflops/utils.py): "716.44 MMac" — GMac, MMac or KMac by magnitude
// (floor(n/10^k) > 0), and below 1000 Python's str of the float ("0.0
// Mac"). The value is str(round(n/10^k, precision)), so trailing zeros are
// dropped ("4.1 MMac").
func ptflopsMacs(n int64, precision int) string {
	switch {
	case n >= 1_000_000_000:
		return ptflopsMacsIn(n, "GMac", precision)
	case n >= 1_000_000:
		return ptflopsMacsIn(n, "MMac", precision)
	case n >= 1_000:
		return ptflopsMacsIn(n, "KMac", precision)
	}
	return units.PyRepr(float64(n)) + " Mac"
}

// ptflopsMacsIn is flops_to_string with fixed units "GMac" (the default
// of ptflops ≤ 0.6 and what the seed article prints: "0.72 GMac", with
// precision 3 "0.716 GMac"), "MMac", "KMac" or "Mac" (anything else is
// treated as "Mac", unscaled).
func ptflopsMacsIn(n int64, unit string, precision int) string {
	d := 1.0
	switch unit {
	case "GMac":
		d = 1e9
	case "MMac":
		d = 1e6
	case "KMac":
		d = 1e3
	default:
		unit = "Mac"
	}
	return units.PyRepr(units.PyRound(float64(n)/d, precision)) + " " + unit
}

// ptflopsParams is ptflops' params_to_string(n, units=None, precision):
// "61.1 M" (str(round(n/10^6, precision)), Python's shortest float repr),
// "23.3 k" between 10^3 and 10^6, and the bare integer below ("0").
func ptflopsParams(n int64, precision int) string {
	switch {
	case n >= 1_000_000:
		return ptflopsParamsIn(n, "M", precision)
	case n >= 1_000:
		return ptflopsParamsIn(n, "k", precision)
	}
	return strconv.FormatInt(n, 10)
}

// ptflopsParamsIn is params_to_string with fixed units "M", "K"/"k" or
// "B" (10^9); the seed article's per-layer lines use "M" with precision 3
// ("0.023 M", "0.0 M"). An unknown unit prints the bare integer. n/10^k
// is Python's int/float true division: exact for n ≤ 2^53, which covers
// every parameter count a model can have.
func ptflopsParamsIn(n int64, unit string, precision int) string {
	var d float64
	switch unit {
	case "B":
		d = 1e9
	case "M":
		d = 1e6
	case "K", "k":
		d = 1e3
	default:
		return strconv.FormatInt(n, 10)
	}
	return units.PyRepr(units.PyRound(float64(n)/d, precision)) + " " + unit
}
