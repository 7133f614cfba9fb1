package lang

import (
	"fmt"

	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

// Recurrent layers: RNN, LSTM, GRU and their single-step cells, with
// PyTorch's signatures, parameter names and output structure.

func init() {
	defLayer("RNN", "input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, dropout=0.0, bidirectional=False, device=None, dtype=None", buildRNN("RNN"))
	defLayer("LSTM", "input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None", buildRNN("LSTM"))
	defLayer("GRU", "input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, device=None, dtype=None", buildRNN("GRU"))
	defLayer("RNNCell", "input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None", buildCell("RNN"))
	defLayer("LSTMCell", "input_size, hidden_size, bias=True, device=None, dtype=None", buildCell("LSTM"))
	defLayer("GRUCell", "input_size, hidden_size, bias=True, device=None, dtype=None", buildCell("GRU"))
	// LSTM returns (output, (h_n, c_n)) and LSTMCell (h', c'); finishNode
	// would otherwise return the three tensors flat.
	outputNesting["LSTM"] = func(o []starlark.Value) starlark.Value {
		return starlark.Tuple{o[0], starlark.Tuple{o[1], o[2]}}
	}
}

// outputNesting regroups the output tensors of a layer class whose
// PyTorch result is a nested tuple.
var outputNesting = map[string]func([]starlark.Value) starlark.Value{}

// rnnGeom is a recurrent layer's configuration: the node attribute of
// its calls (graph.Recurrent: kind, sizes, gates, ...) and RNN's
// nonlinearity.
type rnnGeom struct {
	graph.Recurrent
	relu bool // RNN nonlinearity='relu'
}

func (g *rnnGeom) makeParams(m *Module) {
	G, H, R := g.Gates(), g.Hidden, g.OutSize()
	for l := int64(0); l < g.Layers; l++ {
		for d := int64(0); d < g.Dirs; d++ {
			sfx := ""
			if !g.Cell {
				sfx = fmt.Sprintf("_l%d", l)
				if d == 1 {
					sfx += "_reverse"
				}
			}
			m.newParam("weight_ih"+sfx, false, G*H, g.LayerIn(l))
			m.newParam("weight_hh"+sfx, false, G*H, R)
			if g.Bias {
				m.newParam("bias_ih"+sfx, false, G*H)
				m.newParam("bias_hh"+sfx, false, G*H)
			}
			if g.Proj > 0 {
				m.newParam("weight_hr"+sfx, false, g.Proj, H)
			}
		}
	}
}

// stepOps are the counts of one time step of one layer and direction for
// one batch element, with input size I:
//
//	MACs: G·H·(I + R), plus P·H for the LSTM projection
//	adds: G·H to sum the input and hidden products, 2·G·H for the biases
//	RNN:  tanh (1 exp) or relu (1 compare) on H
//	LSTM: 3 sigmoids (exp, add, div each) and 2 tanh on H; c' = f·c + i·g
//	      (2 mul, 1 add); h' = o·tanh(c') (1 mul)
//	GRU:  2 sigmoids and 1 tanh on H; r·(W_hn h + b_hn) (1 mul);
//	      h' = n + z·(h − n) (2 adds, 1 mul)
func (g *rnnGeom) stepOps(I int64) (ops graph.Ops, bias int64) {
	G, H, R := g.Gates(), g.Hidden, g.OutSize()
	ops.MACs = G * H * (I + R)
	if g.Proj > 0 {
		ops.MACs += g.Proj * H
	}
	ops.Add = G * H
	if g.Bias {
		bias = 2 * G * H
	}
	switch g.Kind {
	case "RNN":
		if g.relu {
			ops.Cmp = H
		} else {
			ops.Exp = H
		}
	case "LSTM":
		ops.Exp = 5 * H
		ops.Add += 3*H + H
		ops.Mul = 3*H + 2*H + H
	case "GRU":
		ops.Exp = 3 * H
		ops.Add += 2*H + 2*H
		ops.Mul = H + 2*H + H
	}
	ops.Add += bias
	return ops, bias
}

func readRNN(a *args, kind string, cell bool) (*rnnGeom, error) {
	g := &rnnGeom{Recurrent: graph.Recurrent{Kind: kind, Cell: cell, Layers: 1, Dirs: 1}}
	var err error
	if g.Input, err = a.posInt("input_size"); err != nil {
		return nil, err
	}
	if g.Hidden, err = a.posInt("hidden_size"); err != nil {
		return nil, err
	}
	if g.Bias, err = a.bool("bias"); err != nil {
		return nil, err
	}
	if _, ok := a.lookup("nonlinearity"); ok {
		nl, err := a.str("nonlinearity")
		if err != nil {
			return nil, err
		}
		switch nl {
		case "tanh":
		case "relu":
			g.relu = true
		default:
			return nil, lerr("nonlinearity is 'tanh' or 'relu'", "%s: unknown nonlinearity '%s'", a.class, nl)
		}
	}
	if cell {
		return g, nil
	}
	if g.Layers, err = a.posInt("num_layers"); err != nil {
		return nil, err
	}
	if g.BatchFirst, err = a.bool("batch_first"); err != nil {
		return nil, err
	}
	bidi, err := a.bool("bidirectional")
	if err != nil {
		return nil, err
	}
	if bidi {
		g.Dirs = 2
	}
	if p, err := a.float("dropout"); err != nil {
		return nil, err
	} else if p < 0 || p > 1 {
		return nil, lerr("", "%s: dropout should be a number in range [0, 1], got %g", a.class, p)
	}
	if _, ok := a.lookup("proj_size"); ok {
		if g.Proj, err = a.int("proj_size"); err != nil {
			return nil, err
		}
		if g.Proj < 0 {
			return nil, lerr("", "%s: proj_size should be a positive integer or zero to disable projections", a.class)
		}
		if g.Proj >= g.Hidden {
			return nil, lerr("", "%s: proj_size %d has to be smaller than hidden_size %d", a.class, g.Proj, g.Hidden)
		}
	}
	// Keep the parameter count sane before allocating names in a loop.
	if g.Layers > 100_000 {
		return nil, lerr("", "%s: num_layers %d is too large", a.class, g.Layers)
	}
	return g, nil
}

func buildRNN(kind string) func(a *args, m *Module) (*layer, error) {
	return func(a *args, m *Module) (*layer, error) {
		g, err := readRNN(a, kind, false)
		if err != nil {
			return nil, err
		}
		g.makeParams(m)
		return &layer{packs: true, forward: func(f *fwd) error { return rnnForward(f, g) }}, nil
	}
}

func buildCell(kind string) func(a *args, m *Module) (*layer, error) {
	return func(a *args, m *Module) (*layer, error) {
		g, err := readRNN(a, kind, true)
		if err != nil {
			return nil, err
		}
		g.makeParams(m)
		return &layer{forward: func(f *fwd) error { return rnnForward(f, g) }}, nil
	}
}

func rnnForward(f *fwd, g *rnnGeom) error {
	x := f.x()
	cls := f.m.class
	var T, N int64
	batched := true
	var packed *graph.Packed
	switch {
	case f.packed != nil:
		// PackedSequence: data [Σ lengths, input]; batch and steps from
		// the lengths.
		if len(x) != 2 {
			return lerr("pack a [T, B, input] tensor", "%s: a PackedSequence's data must be [steps, input], got %s", cls, shapeString(x))
		}
		packed = f.packed.geometry()
		T, N = packed.Steps, packed.Batch
	case g.Cell && len(x) == 1:
		T, N, batched = 1, 1, false
	case g.Cell && len(x) == 2:
		T, N = 1, x[0]
	case !g.Cell && len(x) == 2:
		T, N, batched = x[0], 1, false
	case !g.Cell && len(x) == 3:
		T, N = x[0], x[1]
		if g.BatchFirst {
			T, N = x[1], x[0]
		}
	default:
		if g.Cell {
			return f.needRank(1, 2)
		}
		return f.needRank(2, 3)
	}
	if x[len(x)-1] != g.Input {
		return lerr("input_size must equal the size of the input's last dimension",
			"%s(%d, %d) expects %d input features, got %d (input %s)", cls, g.Input, g.Hidden, g.Input, x[len(x)-1], shapeString(x))
	}
	D, R := g.Dirs, g.OutSize()
	// Output and state shapes.
	var out, hn, cn graph.Shape
	if g.Cell {
		hn = graph.Shape{N, g.Hidden}
		if !batched {
			hn = graph.Shape{g.Hidden}
		}
		cn = hn
		out = hn
	} else {
		switch {
		case packed != nil:
			out = graph.Shape{packed.Sum, D * R}
		case !batched:
			out = graph.Shape{T, D * R}
			hn = graph.Shape{D * g.Layers, R}
			cn = graph.Shape{D * g.Layers, g.Hidden}
		case g.BatchFirst:
			out = graph.Shape{N, T, D * R}
		default:
			out = graph.Shape{T, N, D * R}
		}
		if batched {
			hn = graph.Shape{D * g.Layers, N, R}
			cn = graph.Shape{D * g.Layers, N, g.Hidden}
		}
	}
	// Optional initial states: h0 (and c0 for LSTM) must have the state shapes.
	want := []graph.Shape{hn, cn}
	for i, t := range f.in[1:] {
		if i >= 2 || (i == 1 && g.Kind != "LSTM") {
			return lerr("pass the input and the initial state: rnn(x, h0) or lstm(x, (h0, c0))", "%s got %d inputs", cls, len(f.in))
		}
		if !sameShape(t.shape, want[i]) {
			name := []string{"h0", "c0"}[i]
			return lerr("the initial state is [num_layers·num_directions, batch, hidden]", "%s: expected %s of shape %s, got %s", cls, name, shapeString(want[i]), shapeString(t.shape))
		}
	}
	switch {
	case g.Cell && g.Kind == "LSTM":
		f.setOut(hn, cn)
		f.tupleOut = true
	case g.Cell:
		f.setOut(hn)
	case g.Kind == "LSTM":
		f.setOut(out, hn, cn)
		f.tupleOut = true
	default:
		f.setOut(out, hn)
		f.tupleOut = true
	}
	f.inOut()

	// Counts: Σ over layers and directions of N·T time steps, or of the
	// Σ lengths steps a PackedSequence has.
	steps := f.a.Size(N, T)
	var sum int64
	if packed != nil {
		steps, sum = packed.Sum, packed.Sum
	}
	var total graph.Ops
	var bias, macs int64
	for l := int64(0); l < g.Layers; l++ {
		s, b := g.stepOps(g.LayerIn(l))
		k := f.a.Size(steps, D)
		total.MACs = f.a.Add(total.MACs, f.a.Size(k, s.MACs))
		total.Add = f.a.Add(total.Add, f.a.Size(k, s.Add))
		total.Mul = f.a.Add(total.Mul, f.a.Size(k, s.Mul))
		total.Cmp = f.a.Add(total.Cmp, f.a.Size(k, s.Cmp))
		total.Exp = f.a.Add(total.Exp, f.a.Size(k, s.Exp))
		bias = f.a.Add(bias, f.a.Size(k, b))
	}
	macs = total.MACs
	f.ops = total
	f.render(g, N, T, sum)
	f.setQ(graph.QRNN, macs)
	f.setQ(graph.QBias, bias)
	f.layer = &g.Recurrent
	if packed != nil {
		r := g.Recurrent // per call: the module may also run unpacked
		r.Packed = packed
		f.layer = &r
	}
	return nil
}

// NodeFormula renders a recurrent call's formulas: Formulas.A = batch,
// steps, Σ lengths (0 unless the input is a PackedSequence); the class is
// the node's type.
func (g *rnnGeom) NodeFormula(n *graph.Node, k graph.FormulaKey) msg.Text {
	switch k {
	case graph.FMACs:
		N, T := n.Formulas.A[0], n.Formulas.A[1]
		D, R := g.Dirs, g.OutSize()
		G, H := g.Gates(), g.Hidden
		perStep := msg.F("%d gates · %d hidden · (input + %d)", G, H, R)
		if g.Proj > 0 {
			perStep = msg.F("%d gates · %d hidden · (input + %d) + %d·%d projection", G, H, R, g.Proj, H)
		}
		input := msg.F(" (input %d)", g.Input)
		if g.Layers > 1 {
			input = msg.F(" (input %d for layer 0, %d after)", g.Input, g.LayerIn(1))
		}
		if S := n.Formulas.A[2]; S > 0 {
			return msg.Cat(msg.F("%d layers · %d directions · %d steps (Σ lengths of %d packed sequences, longest %d) · %s = %s MACs", g.Layers, D, S, N, T, perStep, msg.Num(n.Ops.MACs)), input)
		}
		return msg.Cat(msg.F("%d layers · %d directions · %d batch · %d steps · %s = %s MACs", g.Layers, D, N, T, perStep, msg.Num(n.Ops.MACs)), input)
	case graph.FOps:
		return msg.F("%s: gate nonlinearities as exp, gate products as mul, sums and biases as add", n.Type)
	}
	return msg.Text{}
}
