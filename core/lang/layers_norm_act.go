package lang

import (
	"strconv"

	"fmt"

	"floplab/core/graph"
	"floplab/core/msg"
)

func init() {
	for nd := 1; nd <= 3; nd++ {
		nd := nd
		defLayer(fmt.Sprintf("BatchNorm%dd", nd), "num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None", func(a *args, m *Module) (*layer, error) {
			return buildBatchNorm(a, m, nd, false)
		})
		defLayer(fmt.Sprintf("LazyBatchNorm%dd", nd), "eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None", func(a *args, m *Module) (*layer, error) {
			return buildBatchNorm(a, m, nd, true)
		})
		defLayer(fmt.Sprintf("InstanceNorm%dd", nd), "num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None", func(a *args, m *Module) (*layer, error) {
			return buildInstanceNorm(a, m, nd)
		})
	}
	defLayer("SyncBatchNorm", "num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, process_group=None, device=None, dtype=None", func(a *args, m *Module) (*layer, error) {
		return buildBatchNorm(a, m, 0, false)
	})
	defLayer("LayerNorm", "normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, device=None, dtype=None", buildLayerNorm)
	defLayer("GroupNorm", "num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None", buildGroupNorm)
	defLayer("LocalResponseNorm", "size, alpha=0.0001, beta=0.75, k=1.0", buildLRN)
	defLayer("RMSNorm", "normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None", buildRMSNorm)
}

// normOps are the operations of normalizing n elements in groups of d
// (mean, variance, normalize), plus an optional affine transform.
func normOps(f *fwd, n, d int64, affine bool, what string) {
	rows := n / max(d, 1)
	// per element: sum for the mean, subtract, square, sum of squares,
	// multiply by 1/std; per row: 2 divisions, +eps, sqrt.
	f.ops.Add = f.a.Add(f.a.Size(3, n), rows)
	f.ops.Mul = f.a.Add(f.a.Size(2, n), f.a.Size(2, rows))
	f.ops.Exp = rows
	var aff0 int64
	if affine {
		f.ops.Mul = f.a.Add(f.ops.Mul, n)
		f.ops.Add = f.a.Add(f.ops.Add, n)
		aff0 = 1
	}
	f.render(normRender, n, rows, aff0)
	f.formulas.S = what
	f.setQ(graph.QNorm, n)
	var aff int64
	if affine {
		aff = n
	}
	f.setQ(graph.QAffine, aff)
}

// newNormParams registers a batch or instance norm's parameters over c
// channels: weight and bias when affine, the running statistics as buffers
// when it tracks them.
func newNormParams(m *Module, c int64, affine, track bool) {
	m.reserveParams(5)
	if affine {
		m.newParam("weight", false, c)
		m.newParam("bias", false, c)
	}
	if track {
		m.newParam("running_mean", true, c)
		m.newParam("running_var", true, c)
		m.newParam("num_batches_tracked", true)
	}
}

// batchNorm is a batch norm layer and its settings, in one allocation.
type batchNorm struct {
	l                   layer
	m                   *Module
	nd                  int   // 0 for SyncBatchNorm: any rank from 2
	c                   int64 // channels; 0 until a lazy one's first call
	lazy, affine, track bool
}

func buildBatchNorm(a *args, m *Module, nd int, lazy bool) (*layer, error) {
	bn := m.tr.batchNorms.new()
	bn.m, bn.nd, bn.lazy = m, nd, lazy
	var err error
	if !lazy {
		if bn.c, err = a.posInt("num_features"); err != nil {
			return nil, err
		}
	}
	if bn.affine, err = a.bool("affine"); err != nil {
		return nil, err
	}
	if bn.track, err = a.bool("track_running_stats"); err != nil {
		return nil, err
	}
	if !lazy {
		newNormParams(m, bn.c, bn.affine, bn.track)
	}
	bn.l.fw = bn
	return &bn.l, nil
}

// forward runs the batch norm.
func (bn *batchNorm) forward(f *fwd) error {
	nd, c, affine := bn.nd, bn.c, bn.affine
	x := f.x()
	var ok bool
	switch nd {
	case 0:
		ok = len(x) >= 2
	case 1:
		ok = len(x) == 2 || len(x) == 3
	default:
		ok = len(x) == nd+2
	}
	if !ok {
		if nd == 1 {
			return f.needRank(2, 3)
		}
		return f.needRank(nd + 2)
	}
	if bn.lazy && c == 0 {
		c = x[1]
		bn.c = c
		newNormParams(bn.m, c, affine, bn.track)
		refreshParams(f)
	}
	if x[1] != c {
		return lerr("num_features must equal the input's channels (dimension 1)", "%s(%d) expects %d channels, got %d (input %s)", f.m.class, c, c, x[1], shapeString(x))
	}
	f.setOut(x)
	f.inOut()
	batchNormOps(f, x.Numel(), c, affine, f.m.training || !bn.track)
	return nil
}

// batchNormOps are a batch norm's operations over n elements in c
// channels. With the running statistics (eval mode) they fold into one
// scale and one shift per channel: y = x·s + t. With the batch's own
// (train mode, or no running statistics: F.batch_norm's training=True)
// each channel's mean and variance are computed first, as normOps does
// per group; the elements are then in the "batch_stats" quantity (fvcore
// counts them differently).
func batchNormOps(f *fwd, n, c int64, affine, batchStats bool) {
	var aff0, train int64
	if affine {
		aff0 = 1
	}
	if batchStats {
		train = 1
		f.ops.Add = f.a.Add(f.a.Size(3, n), c)
		f.ops.Mul = f.a.Add(f.a.Size(2, n), f.a.Size(2, c))
		f.ops.Exp = c
		if affine {
			f.ops.Mul = f.a.Add(f.ops.Mul, n)
			f.ops.Add = f.a.Add(f.ops.Add, n)
		}
		f.setQ(graph.QBatchStats, n)
	} else {
		f.ops.Mul = n
		f.ops.Add = n
	}
	f.render(batchNormRender, n, c, aff0, train)
	f.setQ(graph.QNorm, n)
	var aff int64
	if affine {
		aff = n
	}
	f.setQ(graph.QAffine, aff)
}

func buildInstanceNorm(a *args, m *Module, nd int) (*layer, error) {
	c, err := a.posInt("num_features")
	if err != nil {
		return nil, err
	}
	affine, err := a.bool("affine")
	if err != nil {
		return nil, err
	}
	track, err := a.bool("track_running_stats")
	if err != nil {
		return nil, err
	}
	newNormParams(m, c, affine, track)
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		if len(x) != nd+2 && len(x) != nd+1 {
			return f.needRank(nd+1, nd+2)
		}
		f.setOut(x)
		f.inOut()
		sp := x[len(x)-nd:].Numel()
		normOps(f, x.Numel(), sp, affine, "instance norm")
		return nil
	}}, nil
}

// checkNormalized tells whether x ends in the normalized shape, as
// LayerNorm and RMSNorm require.
func checkNormalized(class string, x, shape graph.Shape) error {
	if len(x) < len(shape) || !sameShape(x[len(x)-len(shape):], shape) {
		return lerr("normalized_shape must equal the input's last dimensions", "%s(%s) got input %s", class, shapeString(shape), shapeString(x))
	}
	return nil
}

func buildLayerNorm(a *args, m *Module) (*layer, error) {
	shape, err := shapeFromValue(a.val("normalized_shape"))
	if err != nil {
		return nil, lerr("", "LayerNorm: normalized_shape: %v", errArg(err))
	}
	affine, err := a.bool("elementwise_affine")
	if err != nil {
		return nil, err
	}
	bias, err := a.bool("bias")
	if err != nil {
		return nil, err
	}
	if affine {
		m.newParam("weight", false, shape...)
		if bias {
			m.newParam("bias", false, shape...)
		}
	}
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		if err := checkNormalized("LayerNorm", x, shape); err != nil {
			return err
		}
		f.setOut(x)
		f.inOut()
		normOps(f, x.Numel(), shape.Numel(), affine, "layer norm")
		return nil
	}}, nil
}

func buildRMSNorm(a *args, m *Module) (*layer, error) {
	shape, err := shapeFromValue(a.val("normalized_shape"))
	if err != nil {
		return nil, lerr("", "RMSNorm: normalized_shape: %v", errArg(err))
	}
	affine, err := a.bool("elementwise_affine")
	if err != nil {
		return nil, err
	}
	if affine {
		m.newParam("weight", false, shape...)
	}
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		if err := checkNormalized("RMSNorm", x, shape); err != nil {
			return err
		}
		f.setOut(x)
		f.inOut()
		n := x.Numel()
		rows := n / shape.Numel()
		f.ops.Mul = f.a.Add(f.a.Size(2, n), rows) // square, scale; mean division per row
		f.ops.Add = f.a.Add(n, rows)              // sum of squares, +eps
		f.ops.Exp = rows                          // rsqrt
		if affine {
			f.ops.Mul = f.a.Add(f.ops.Mul, n)
		}
		f.render(rmsRender, n, rows)
		f.setQ(graph.QNorm, n)
		f.setQ(graph.QAffine, n)
		return nil
	}}, nil
}

func buildGroupNorm(a *args, m *Module) (*layer, error) {
	g, err := a.posInt("num_groups")
	if err != nil {
		return nil, err
	}
	c, err := a.posInt("num_channels")
	if err != nil {
		return nil, err
	}
	if c%g != 0 {
		return nil, lerr("", "GroupNorm: num_channels %d is not divisible by num_groups %d", c, g)
	}
	affine, err := a.bool("affine")
	if err != nil {
		return nil, err
	}
	if affine {
		m.newParam("weight", false, c)
		m.newParam("bias", false, c)
	}
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		if len(x) < 2 || x[1] != c {
			return lerr("num_channels must equal the input's dimension 1", "GroupNorm(%d, %d) got input %s", g, c, shapeString(x))
		}
		f.setOut(x)
		f.inOut()
		normOps(f, x.Numel(), x[1:].Numel()/g, affine, "group norm")
		return nil
	}}, nil
}

func buildLRN(a *args, m *Module) (*layer, error) {
	size, err := a.posInt("size")
	if err != nil {
		return nil, err
	}
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		if len(x) < 3 {
			return f.needRank(3, 4, 5)
		}
		f.setOut(x)
		f.inOut()
		n := x.Numel()
		// square each element, sum a window of size channels, scale,
		// power, divide.
		f.ops.Mul = f.a.Size(n, 3)
		f.ops.Add = f.a.Size(n, size)
		f.ops.Exp = n
		f.render(lrnRender, n, size)
		return nil
	}}, nil
}

// activation describes an elementwise layer by its per-element op counts.
type activation struct {
	class, sig         string
	add, mul, cmp, exp int64
	params             func(a *args, m *Module) error
}

var activations = []activation{
	{class: "ReLU", sig: "inplace=False", cmp: 1},
	{class: "ReLU6", sig: "inplace=False", cmp: 2},
	{class: "LeakyReLU", sig: "negative_slope=0.01, inplace=False", cmp: 1, mul: 1},
	{class: "PReLU", sig: "num_parameters=1, init=0.25, device=None, dtype=None", cmp: 1, mul: 1, params: func(a *args, m *Module) error {
		n, err := a.posInt("num_parameters")
		if err == nil {
			m.newParam("weight", false, n)
		}
		return err
	}},
	{class: "ELU", sig: "alpha=1.0, inplace=False", cmp: 1, exp: 1, mul: 1, add: 1},
	{class: "CELU", sig: "alpha=1.0, inplace=False", cmp: 1, exp: 1, mul: 2, add: 1},
	{class: "SELU", sig: "inplace=False", cmp: 1, exp: 1, mul: 2, add: 1},
	{class: "GELU", sig: "approximate='none'", exp: 1, mul: 3, add: 1},
	{class: "SiLU", sig: "inplace=False", exp: 1, add: 1, mul: 2},
	{class: "Mish", sig: "inplace=False", exp: 3, add: 1, mul: 1},
	{class: "Hardswish", sig: "inplace=False", add: 1, cmp: 2, mul: 2},
	{class: "Hardsigmoid", sig: "inplace=False", add: 1, cmp: 2, mul: 1},
	{class: "Hardtanh", sig: "min_val=-1.0, max_val=1.0, inplace=False", cmp: 2},
	{class: "Sigmoid", sig: "*, _a=None", exp: 1, add: 1, mul: 1},
	{class: "Tanh", sig: "*, _a=None", exp: 1},
	{class: "Softplus", sig: "beta=1.0, threshold=20.0", exp: 2, add: 1, mul: 2},
	{class: "Softsign", sig: "*, _a=None", add: 1, mul: 1},
	{class: "Tanhshrink", sig: "*, _a=None", exp: 1, add: 1},
	{class: "Threshold", sig: "threshold, value, inplace=False", cmp: 1},
}

func init() {
	for i := range activations {
		act := &activations[i]
		defLayer(act.class, act.sig, func(a *args, m *Module) (*layer, error) {
			if act.params != nil {
				if err := act.params(a, m); err != nil {
					return nil, err
				}
			}
			l := m.tr.layers.new()
			l.fw = act
			return l, nil
		})
	}
	for _, c := range []string{"Softmax", "LogSoftmax", "Softmin"} {
		c := c
		defLayer(c, "dim=None", func(a *args, m *Module) (*layer, error) {
			var dim int64 = -1
			if !a.isNone("dim") {
				var err error
				if dim, err = a.int("dim"); err != nil {
					return nil, err
				}
			}
			return &layer{forward: func(f *fwd) error {
				x := f.x()
				d, err := normDim(dim, len(x))
				if err != nil {
					return err
				}
				f.setOut(x)
				f.inOut()
				softmaxOps(f, x, d)
				return nil
			}}, nil
		})
	}
}

// forward runs the activation elementwise.
func (act *activation) forward(f *fwd) error {
	x := f.x()
	f.setOut(x)
	f.inOut()
	n := x.Numel()
	f.ops = graph.Ops{Add: f.a.Size(n, act.add), Mul: f.a.Size(n, act.mul), Cmp: f.a.Size(n, act.cmp), Exp: f.a.Size(n, act.exp)}
	f.render(ewRender, n, act.add, act.mul, act.cmp, act.exp)
	return nil
}

// softmaxOps: subtract the row max (compare, add), exp, sum, divide.
func softmaxOps(f *fwd, x graph.Shape, d int) {
	n := x.Numel()
	f.ops.Cmp = n
	f.ops.Add = f.a.Size(2, n)
	f.ops.Exp = n
	f.ops.Mul = n
	f.render(softmaxRender, int64(d), n)
}

// normRender renders normOps' formula: A = n, rows, affine; S names the
// normalization.
var normRender = graph.FormulaFunc(func(nd *graph.Node, k graph.FormulaKey) msg.Text {
	if k != graph.FOps {
		return msg.Text{}
	}
	a := &nd.Formulas.A
	what := msg.F(nd.Formulas.S)
	if a[2] != 0 {
		return msg.F("%s over %s elements in %s groups: adds 3·n + groups, muls 2·n + 2·groups, sqrt per group; affine: + n muls + n adds", what, msg.Num(a[0]), msg.Num(a[1]))
	}
	return msg.F("%s over %s elements in %s groups: adds 3·n + groups, muls 2·n + 2·groups, sqrt per group", what, msg.Num(a[0]), msg.Num(a[1]))
})

// batchNormRender renders BatchNorm's formulas: A = n, channels, affine,
// batch statistics (train mode).
var batchNormRender = graph.FormulaFunc(func(nd *graph.Node, k graph.FormulaKey) msg.Text {
	a := &nd.Formulas.A
	switch {
	case k == graph.FOps && a[3] != 0 && a[2] != 0:
		return msg.F("train mode, batch statistics over %s elements in %d channels: adds 3·n + channels, muls 2·n + 2·channels, sqrt per channel; affine: + n muls + n adds", msg.Num(a[0]), a[1])
	case k == graph.FOps && a[3] != 0:
		return msg.F("train mode, batch statistics over %s elements in %d channels: adds 3·n + channels, muls 2·n + 2·channels, sqrt per channel", msg.Num(a[0]), a[1])
	case k == graph.FOps:
		return msg.F("eval mode, statistics folded into scale and shift: %s elements · (1 mul + 1 add)", msg.Num(a[0]))
	case k == graph.FParams && a[2] != 0:
		return msg.F("γ, β: 2·%d = %s params (+ running mean/var buffers)", a[1], msg.Num(2*a[1]))
	}
	return msg.Text{}
})

// softmaxRender renders softmaxOps' formula: A = dim, n; the shape is the
// first input's.
var softmaxRender = graph.FormulaFunc(func(nd *graph.Node, k graph.FormulaKey) msg.Text {
	if k != graph.FOps {
		return msg.Text{}
	}
	a := &nd.Formulas.A
	return msg.F("softmax over dim %d of %s: %s elements · (1 compare, 2 adds, 1 exp, 1 div)", int(a[0]), shapeString(nd.Inputs[0].Shape), msg.Num(a[1]))
})

// rmsRender renders RMSNorm's formula: A = n, rows.
var rmsRender = graph.FormulaFunc(func(nd *graph.Node, k graph.FormulaKey) msg.Text {
	if k != graph.FOps {
		return msg.Text{}
	}
	return msg.F("RMS norm over %s elements in %s rows", msg.Num(nd.Formulas.A[0]), msg.Num(nd.Formulas.A[1]))
})

// lrnRender renders LocalResponseNorm's formula: A = n, size.
var lrnRender = graph.FormulaFunc(func(nd *graph.Node, k graph.FormulaKey) msg.Text {
	if k != graph.FOps {
		return msg.Text{}
	}
	return msg.F("%s elements · (window of %d adds, 3 muls, 1 pow)", msg.Num(nd.Formulas.A[0]), nd.Formulas.A[1])
})

// ewRender renders an elementwise op's formula: A = n, add, mul, cmp, exp
// (see elementwiseFormula).
var ewRender = graph.FormulaFunc(func(nd *graph.Node, k graph.FormulaKey) msg.Text {
	if k != graph.FOps {
		return msg.Text{}
	}
	a := &nd.Formulas.A
	return elementwiseFormula(a[0], a[1], a[2], a[3], a[4])
})

// elementwiseFormula is "N elements · 1 add + 1 mul", each kind's word
// translatable.
func elementwiseFormula(n, add, mul, cmp, exp int64) msg.Text {
	var parts []any
	for _, p := range [...]struct {
		k int64
		w string
	}{{add, "add"}, {mul, "mul"}, {cmp, "compare"}, {exp, "exp/transcendental"}} {
		if p.k > 0 {
			if len(parts) > 0 {
				parts = append(parts, " + ")
			}
			parts = append(parts, strconv.FormatInt(p.k, 10)+" ", msg.F(p.w))
		}
	}
	if len(parts) == 0 {
		return msg.F("%s elements · no arithmetic", msg.Num(n))
	}
	return msg.F("%s elements · %s", msg.Num(n), msg.Cat(parts...))
}
