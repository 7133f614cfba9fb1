package convention

import (
	"math"

	"floplab/core/graph"
	"floplab/core/units"
)

// thop: module hooks from a table of classes (thop/profile.py
// register_hooks), each a counter in thop/vision/basic_hooks.py and
// thop/rnn_hooks.py; modules without one count 0.
//
//	thop 0.0.31      Lyken17/pytorch-OpCounter@0fece23 thop/vision/basic_hooks.py, thop/profile.py
//	thop 0.1.1       Lyken17/pytorch-OpCounter@43c064a (= pip thop, = ultralytics-thop 2.0.x)
//	ultralytics 2.1  ultralytics/thop@39438aa (v2.1.6)

// thopConv is count_convNd: output elements · Cin/groups · kernel, also
// for transposed convolutions (where it is not the true cost).
var thopConv = &Term{Label: "conv MACs as thop computes them", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	c, ok := n.Layer.(*graph.Conv)
	if !ok {
		return 0, false
	}
	return a.Mul(n.Outputs[0].Shape.Numel(), c.InChannels/c.Groups, c.Kernel.Numel()), true
}}

// ultraConvT is ultralytics-thop ≥ 2.1.3's count_convtNd
// (calculate_conv2d_flops with transpose=True): the input's elements
// (batch and channels included) × C_out/groups × kernel, the scatter a
// transposed convolution does.
var ultraConvT = &Term{Label: "transposed-conv MACs as ultralytics-thop computes them (input elements × C_out/groups × kernel)", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	c, ok := n.Layer.(*graph.Conv)
	if !ok || !c.Transposed {
		return 0, false
	}
	y := n.Outputs[0].Shape
	ch := len(y) - len(c.Kernel) - 1
	if ch < 0 {
		return 0, false
	}
	return a.Mul(n.Inputs[0].Shape.Numel(), y[ch]/c.Groups, c.Kernel.Numel()), true
}}

// adaptiveDims are an adaptive pool's spatial input and output sizes.
func adaptiveDims(n *graph.Node) (in, out graph.Shape, ok bool) {
	p, ok := n.Layer.(*graph.AdaptivePool)
	if !ok {
		return nil, nil, false
	}
	in, out = n.Inputs[0].Shape, n.Outputs[0].Shape
	return in[len(in)-p.Dims:], out[len(out)-p.Dims:], true
}

// thopAdapt is thop 0.1.1's count_adap_avgpool: int((Π in/out as floats
// + 1) · outputs); left out when the float does not fit an int64.
var thopAdapt = &Term{Label: "thop adaptive-pool formula", Of: func(_ *graph.Graph, n *graph.Node, _ *units.Acc) (int64, bool) {
	in, out, ok := adaptiveDims(n)
	if !ok {
		return 0, false
	}
	ratio := 1.0
	for i := range in {
		ratio *= float64(in[i]) / float64(out[i])
	}
	tf := (ratio + 1) * float64(n.Outputs[0].Shape.Numel())
	if !(tf < math.MaxInt64) {
		return 0, false
	}
	return int64(tf), true
}}

// thop031Adapt is thop 0.0.31's: (Π ⌊in/out⌋ + 1) · outputs.
var thop031Adapt = &Term{Label: "thop 0.0.31 adaptive-pool formula", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	in, out, ok := adaptiveDims(n)
	if !ok {
		return 0, false
	}
	floorProd := int64(1)
	for i := range in {
		floorProd *= in[i] / out[i]
	}
	return a.Mul(floorProd+1, n.Outputs[0].Shape.Numel()), true
}}

// thopUpsample is count_upsample: outputs × 5 (linear), 11 (bilinear),
// 259 (bicubic); nearest is 1 per output in thop 0.1.1
// (calculate_upsample) and 0 in 0.0.31 (zero_ops); other modes, trilinear
// included, are "not implemented yet": 0 in both.
func thopUpsample(n *graph.Node, a *units.Acc, nearest int64) (int64, bool) {
	in, ok := n.Layer.(*graph.Interp)
	if !ok {
		return 0, false
	}
	var k int64
	switch in.Mode {
	case "nearest":
		k = nearest
	case "linear":
		k = 5
	case "bilinear":
		k = 11
	case "bicubic":
		k = 259
	}
	return a.Mul(n.Outputs[0].Shape.Numel(), k), true
}

var (
	upsampleThop = &Term{Label: "thop upsample formula", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
		return thopUpsample(n, a, 1)
	}}
	upsampleThop031 = &Term{Label: "thop 0.0.31 upsample formula", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
		return thopUpsample(n, a, 0)
	}}
)

// thopRNN is thop/rnn_hooks.py's count_rnn/count_gru/count_lstm (and the
// *_cell variants): a per-cell formula over input and hidden sizes, times
// steps and batch read from the input as thop reads them (batch_first ?
// (N, T) : (T, N), so an unbatched (T, H_in) input is T × H_in; cells: N
// = x.size(0); a PackedSequence: max(batch_sizes), len(batch_sizes)).
// thop ignores proj_size. Pinned by running thop's own source
// (core/testdata/toolsuites/recurrent.txt).
var thopRNN = &Term{Label: "thop's RNN formula", Of: thopRNNOf}

func thopRNNOf(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	r, ok := n.Layer.(*graph.Recurrent)
	if !ok {
		return 0, false
	}
	x := n.Inputs[0].Shape
	if r.Cell {
		if len(x) == 0 {
			return 0, true
		}
		return a.Mul(thopCell(r, r.Input, false), x[0]), true
	}
	if len(x) < 2 {
		return 0, true
	}
	batch, steps := x[1], x[0]
	if r.BatchFirst {
		batch, steps = x[0], x[1]
	}
	if p := r.Packed; p != nil {
		// PackedSequence: max(batch_sizes) and len(batch_sizes), the
		// padded batch × longest sequence.
		batch, steps = p.Batch, p.Steps
	}
	return a.Mul(thopLayers(r, false, a), steps, batch), true
}

// thop031RNN is thop 0.0.31's rnn_hooks.py (Lyken17/pytorch-OpCounter@0fece23):
// thop 0.1.1's formulas, but count_rnn/gru/lstm read x[0].size(), which a
// PackedSequence lacks: thop.profile raises, no figure (measured,
// core/testdata/toolsuites/recurrent.txt).
var thop031RNN = &Term{Label: "thop's RNN formula", Fails: packedCall, Of: thopRNNOf}

// ultraRNN is ultralytics-thop 2.1.6's rnn_hooks.py (since fa3533a, "Count
// a packed sequence by its real steps and read the LSTM projection"):
// thop's per-cell formula, an LSTM's proj_size read (the recurrent
// products take proj_size inputs, each step adds H·proj for the
// projection, the next layer takes proj_size·directions), times the cell
// evaluations: a PackedSequence's Σ batch_sizes (not the padded
// rectangle), an unbatched (T, H_in) input's T, else x.size(0) ·
// x.size(1); a cell's x.size(0), or 1 for an unbatched vector.
var ultraRNN = &Term{Label: "ultralytics-thop's RNN formula (real steps, proj_size)", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	r, ok := n.Layer.(*graph.Recurrent)
	if !ok {
		return 0, false
	}
	x := n.Inputs[0].Shape
	var evals int64
	switch {
	case r.Cell && len(x) == 2:
		evals = x[0]
	case r.Cell:
		evals = 1
	case r.Packed != nil:
		evals = r.Packed.Sum
	case len(x) == 2:
		evals = x[0]
	case len(x) >= 3:
		evals = a.Mul(x[0], x[1])
	}
	if r.Cell {
		return a.Mul(thopCell(r, r.Input, false), evals), true
	}
	return a.Mul(thopLayers(r, true, a), evals), true
}}

// packedCall tells whether n is a recurrent call on a PackedSequence.
func packedCall(n *graph.Node) bool {
	r, ok := n.Layer.(*graph.Recurrent)
	return ok && r.Packed != nil
}

// thopLayers is thop's cell formula summed over r's layers and
// directions (proj: ultralytics-thop's reading of proj_size).
func thopLayers(r *graph.Recurrent, proj bool, a *units.Acc) int64 {
	stacked := r.Hidden
	if proj && r.Proj > 0 {
		stacked = r.Proj
	}
	total := a.Mul(thopCell(r, r.Input, proj), r.Dirs)
	for l := int64(1); l < r.Layers; l++ {
		total = a.Add(total, a.Mul(thopCell(r, stacked*r.Dirs, proj), r.Dirs))
	}
	return total
}

// thopCell is rnn_hooks.py's _count_rnn_cell, _count_gru_cell or
// _count_lstm_cell for one cell of input size in (proj: ultralytics-thop
// 2.1.6's LSTM with proj_size). Sizes are a layer's, far below overflow.
func thopCell(r *graph.Recurrent, in int64, proj bool) int64 {
	H := r.Hidden
	var b int64
	if r.Bias {
		b = 2 * H
	}
	recur, p := H, int64(0) // what the recurrent products read; the projection
	if proj && r.Kind == "LSTM" && r.Proj > 0 {
		recur, p = r.Proj, r.Proj
	}
	state := (in+recur)*H + H + b
	switch r.Kind {
	case "GRU":
		return 2*state + state + H + 3*H
	case "LSTM":
		return 4*state + 3*H + H + H*p
	}
	return state
}

// ultraMHA is ultralytics-thop 2.1's count_multihead_attention:
// projections, both attention products and thop's softmax count.
var ultraMHA = &Term{Label: "ultralytics-thop's attention formula", Of: func(_ *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	t, ok := n.Layer.(*graph.Attention)
	if !ok {
		return 0, false
	}
	N, L, S0, E, H := t.Batch, t.Queries, t.Keys, t.Embed, t.Heads
	S := S0
	if t.BiasKV {
		S++
	}
	return a.Add(a.Mul(N, E, a.Add(a.Mul(2, L, E), a.Mul(S0, t.KDim+t.VDim))), a.Mul(N, 2, L, S, E),
		a.Mul(N, H, L, a.Add(S, S-1, S))), true
}}

// thop 0.0.31: conv counts its bias, BN 2 per element, no LayerNorm rule.
var thop031 = &spec{
	Convention: Convention{ID: "thop-0.0.31", Tool: "thop", Version: "0.0.31", Unit: "MAC", Params: ParamsHooked, Print: printThop, RootUncounted: true,
		Notes: []string{"Counts only nn.Module calls it has a rule for: functional calls (F.relu, x + y, torch.cat) are 0, and modules without a rule lose their parameters too (LayerNorm, attention).",
			"Adds one MAC per convolution output for the bias; BatchNorm 2 per element.",
			"Sums the root module's children only: a model that is a single layer (model = Conv2d(...)) counts 0."},
		Source: "Lyken17/pytorch-OpCounter@0fece23 thop/vision/basic_hooks.py, thop/profile.py"},
	modules: []group{
		{Rule{{Term: thopConv}, {Term: bias}}, convClasses},
		{Rule{{Coef: 2, Term: norm}}, bnClasses},
		{Rule{}, "ReLU ReLU6 LeakyReLU ZeroPad2d " + maxPoolClasses + " " + adaMaxClasses + " Dropout"},
		{Rule{{Term: out}}, avgPoolClasses},
		{Rule{{Term: thop031Adapt}}, adaAvgClasses},
		{Rule{{Term: linearW}}, "Linear LazyLinear"},
		{Rule{{Term: upsampleThop031}}, upsampleClasses},
		{Rule{{Term: thop031RNN}}, rnnClasses},
	},
}

// thop 0.1.1 (pip thop) = ultralytics-thop 2.0.x.
var thop011 = &spec{
	Convention: Convention{ID: "thop", Tool: "thop", Version: "0.1.1", Unit: "MAC", Params: ParamsHooked, Print: printThop,
		Notes: []string{"pip's thop (0.1.1, also ultralytics-thop 2.0.x). Counts only nn.Module calls it has a rule for; modules without a rule (GELU, attention, custom layers) count 0 and lose their parameters.",
			"Convolution bias not counted; BatchNorm 4 per element (2, doubled when affine)."},
		Source: "Lyken17/pytorch-OpCounter@43c064a thop/vision/basic_hooks.py, thop/vision/calc_func.py, thop/rnn_hooks.py, thop/profile.py"},
	modules: []group{
		{Rule{{Term: thopConv}}, convClasses},
		{Rule{{Coef: 2, Term: norm}, {Coef: 2, Term: affine}}, bnClasses + " " + inClasses + " LayerNorm GroupNorm"},
		{Rule{}, "ReLU ReLU6 ZeroPad2d " + maxPoolClasses + " " + adaMaxClasses + " Dropout"},
		{Rule{{Term: in}}, "LeakyReLU"},
		{Rule{{Term: out}}, avgPoolClasses},
		{Rule{{Term: thopAdapt}}, adaAvgClasses},
		{Rule{{Term: linearW}}, "Linear LazyLinear"},
		{Rule{{Term: upsampleThop}}, upsampleClasses},
		{Rule{{Term: thopRNN}}, rnnClasses},
	},
}

// ultralytics-thop 2.1: exact pooling windows, all parameters, rules
// found along the class hierarchy.
var ultralyticsThop = &spec{
	Convention: Convention{ID: "ultralytics-thop", Tool: "ultralytics-thop", Version: "2.1.6", Unit: "MAC", Params: ParamsAll, MRO: true, Print: printThop,
		Notes: []string{"Like thop, but average pools count their exact windows plus one division per output, and parameters are those of the whole model.",
			"Transposed convolutions count the scatter they do (input elements × C_out/groups × kernel, since 2.1.3), not thop's output-based convolution formula."},
		CondNotes: []CondNote{{"Recurrent layers count the steps they run: a PackedSequence's real lengths (thop counts the padded batch × the longest), and an LSTM's proj_size.", hasRecurrent}},
		Source:    "ultralytics/thop@39438aa (v2.1.6) thop/vision/basic_hooks.py (count_convtNd), thop/vision/calc_func.py (calculate_conv2d_flops), thop/rnn_hooks.py, thop/profile.py"},
	base: thop011,
	modules: []group{
		{Rule{{Term: windowSum}, {Term: out}}, avgPoolClasses + " " + adaAvgClasses},
		{Rule{{Term: ultraMHA}}, "MultiheadAttention"},
		{Rule{{Term: ultraConvT}}, convTClasses},
		{Rule{{Term: ultraRNN}}, rnnClasses},
	},
}

// hasRecurrent reports whether g calls a recurrent layer.
func hasRecurrent(g *graph.Graph) bool {
	for _, n := range g.Nodes {
		if _, ok := n.Layer.(*graph.Recurrent); ok {
			return true
		}
	}
	return false
}

// printThop is what thop users print: clever_format([macs, params],
// "%.3f"), "714.207M MACs, 61.101M params".
func printThop(count, params int64) string {
	return thopClever(count, "%.3f") + " MACs, " + thopClever(params, "%.3f") + " params"
}

// thopClever is thop's clever_format(n, format) (thop/utils.py): the
// value scaled to T, G, M or K when it is strictly above 1e12, 1e9, 1e6
// or 1e3, otherwise "B" (thop's suffix for the unscaled number), formatted
// with a Python %-format. thopClever(714691904, "%.2f") is "714.69M";
// with "%.3f" "714.692M". An unsupported format gives "%!(BADFORMAT ...)".
func thopClever(n int64, format string) string {
	var x float64
	var suffix string
	switch {
	case n > 1_000_000_000_000:
		x, suffix = float64(n)/1e12, "T"
	case n > 1_000_000_000:
		x, suffix = float64(n)/1e9, "G"
	case n > 1_000_000:
		x, suffix = float64(n)/1e6, "M"
	case n > 1_000:
		x, suffix = float64(n)/1e3, "K"
	default:
		x, suffix = float64(n), "B"
	}
	s, _ := units.PyPercent(format, x)
	return s + suffix
}
