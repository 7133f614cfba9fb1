package onnx

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"floplab/core/internal/lazy"
	"floplab/core/msg"
)

// opCtx is one node being inferred: its inputs (nil where an optional
// input is absent) and the outputs its rule sets.
type opCtx struct {
	n     *Node
	in    []*Value
	out   []*Value
	opset int64
}

// failure is why a rule could not infer a node.
type failure struct{ text msg.Text }

func (f *failure) Error() string { return f.text.String() }

// fail stops the rule with a reason.
func fail(format string, args ...any) error { return &failure{msg.F(format, args...)} }

// An opRule infers a node's outputs from its inputs and attributes.
type opRule func(c *opCtx) error

// ops is the table of the default domain's ops FlopLab infers. It is
// built the first time an ONNX file is read, not when the package starts:
// only an opened ONNX file needs it, and every program that links the
// importer (the page, on each visit) would build it at its start. The
// other tables of ops (shapeInputs, onnxToolHidden, elementwise,
// intFolds, comparisons) are lazy.Value for the same reason.
func ops() map[string]opRule {
	opTable.once.Do(func() { opTable.m = opRules() })
	return opTable.m
}

var opTable struct {
	once sync.Once
	m    map[string]opRule
}

func opRules() map[string]opRule {
	return map[string]opRule{
		"Conv": inferConv, "ConvTranspose": inferConvTranspose, "Gemm": inferGemm, "MatMul": inferMatMul,
		"Einsum": inferEinsum,
		"Add":    inferBinary, "Sub": inferBinary, "Mul": inferBinary, "Div": inferBinary, "Pow": inferBinary,
		"Mod": inferBinary, "PRelu": inferBinary, "BitShift": inferBinary,
		"Equal": inferCompare, "Less": inferCompare, "Greater": inferCompare, "LessOrEqual": inferCompare,
		"GreaterOrEqual": inferCompare, "And": inferCompare, "Or": inferCompare, "Xor": inferCompare,
		"Max": inferVariadic, "Min": inferVariadic, "Sum": inferVariadic, "Mean": inferVariadic,
		"Where": inferWhere,
		"Relu":  inferUnary, "Sigmoid": inferUnary, "Tanh": inferUnary, "Sqrt": inferUnary, "Erf": inferUnary,
		"Exp": inferUnary, "Log": inferUnary, "Neg": inferUnary, "Abs": inferUnary, "Reciprocal": inferUnary,
		"Floor": inferUnary, "Ceil": inferUnary, "Round": inferUnary, "Sign": inferUnary, "Sin": inferUnary,
		"Cos": inferUnary, "HardSigmoid": inferUnary, "HardSwish": inferUnary, "LeakyRelu": inferUnary,
		"Elu": inferUnary, "Selu": inferUnary, "Celu": inferUnary, "Gelu": inferUnary, "Softplus": inferUnary,
		"Softsign": inferUnary, "Mish": inferUnary, "ThresholdedRelu": inferUnary, "Clip": inferUnary,
		"Softmax": inferUnary, "LogSoftmax": inferUnary, "Not": inferNot, "IsNaN": inferNot, "IsInf": inferNot,
		"Identity": inferIdentity, "Dropout": inferDropout, "Cast": inferCast, "CastLike": inferCastLike,
		"BatchNormalization": inferUnary, "InstanceNormalization": inferUnary, "GroupNormalization": inferUnary,
		"LpNormalization": inferUnary, "LayerNormalization": inferLayerNorm,
		"MaxPool": inferPool, "AveragePool": inferPool, "LpPool": inferPool,
		"GlobalAveragePool": inferGlobalPool, "GlobalMaxPool": inferGlobalPool, "GlobalLpPool": inferGlobalPool,
		"Flatten": inferFlatten, "Reshape": inferReshape, "Transpose": inferTranspose,
		"Squeeze": inferSqueeze, "Unsqueeze": inferUnsqueeze, "Concat": inferConcat, "Split": inferSplit,
		"Slice": inferSlice, "Gather": inferGather, "Shape": inferShape, "Size": inferSize,
		"Constant": inferConstant, "ConstantOfShape": inferConstantOfShape, "Expand": inferExpand,
		"Tile": inferTile, "Range": inferRange,
		"ReduceMean": inferReduce, "ReduceSum": inferReduce, "ReduceMax": inferReduce, "ReduceMin": inferReduce,
		"ReduceProd": inferReduce, "ReduceL2": inferReduce, "ReduceL1": inferReduce, "ReduceSumSquare": inferReduce,
		"ReduceLogSumExp": inferReduce, "ArgMax": inferArg, "ArgMin": inferArg,
		"Resize": inferResize, "Upsample": inferResize, "Pad": inferPad,
		"LSTM": inferRNN, "GRU": inferRNN, "RNN": inferRNN,
	}
}

// run applies the node's rule; a zero text means success.
func (c *opCtx) run() msg.Text {
	rule := ops()[c.n.OpType]
	if c.n.Domain != "" || rule == nil {
		d := c.n.Domain
		if d == "" {
			d = "ai.onnx"
		}
		return msg.F("FlopLab has no shape rule for %s (domain %s)", c.n.OpType, d)
	}
	for i, a := range c.n.Attrs {
		if a.Has(AttrGraph) {
			return msg.F("attribute %q holds a subgraph, which FlopLab does not read", c.n.Attrs[i].Name)
		}
	}
	if err := rule(c); err != nil {
		if f, ok := err.(*failure); ok {
			return f.text
		}
		return msg.Cat(err.Error())
	}
	for i, v := range c.out {
		if v == nil && i == 0 {
			return msg.F("no output inferred")
		}
	}
	return msg.Text{}
}

// x is input i, which must be present.
func (c *opCtx) x(i int) (*Value, error) {
	if i >= len(c.in) || c.in[i] == nil {
		return nil, fail("input %d is missing", i)
	}
	return c.in[i], nil
}

// xs is the first n inputs, each of which must be present.
func (c *opCtx) xs(n int) ([]*Value, error) {
	vals := make([]*Value, n)
	for i := range vals {
		v, err := c.x(i)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

// opt is input i, or nil when absent.
func (c *opCtx) opt(i int) *Value {
	if i >= len(c.in) {
		return nil
	}
	return c.in[i]
}

// set sets output i (if the node has it) to a value of shape s.
func (c *opCtx) set(i int, s []int64, dt DataType) (*Value, error) {
	n, over := numel(s)
	if over || n > maxElements {
		return nil, fail("output %d would have shape %s: more than 2^50 elements", i, dimsText(s))
	}
	for _, d := range s {
		if d < 0 {
			return nil, fail("output %d would have a negative dimension (%s)", i, dimsText(s))
		}
	}
	v := &Value{Shape: s, DType: dt}
	if i < len(c.out) {
		c.out[i] = v
	}
	return v, nil
}

// setRest sets every output after the first to shape s (a
// normalization's statistics, an RNN's last states).
func (c *opCtx) setRest(s []int64, dt DataType) error {
	for i := 1; i < len(c.out); i++ {
		if _, err := c.set(i, s, dt); err != nil {
			return err
		}
	}
	return nil
}

// ints is input i's values as integers; an error if they are not known.
func (c *opCtx) ints(i int, what string) ([]int64, error) {
	v, err := c.x(i)
	if err != nil {
		return nil, err
	}
	if !v.Known || v.Floats != nil && v.Ints == nil && len(v.Floats) > 0 {
		return nil, fail("the %s (input %d, %q) is computed at run time from values FlopLab cannot know", msg.F(what), i, v.Name)
	}
	return v.Ints, nil
}

// axis normalizes a possibly negative axis for rank r.
func axis(a int64, r int) (int, error) {
	if a < 0 {
		a += int64(r)
	}
	if a < 0 || a >= int64(r) {
		return 0, fail("axis %d is out of range for rank %d", a, r)
	}
	return int(a), nil
}

// broadcast is the numpy broadcast of shapes.
func broadcast(shapes ...[]int64) ([]int64, error) {
	r := 0
	for _, s := range shapes {
		r = max(r, len(s))
	}
	out := make([]int64, r)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		off := r - len(s)
		for i, d := range s {
			switch o := out[off+i]; {
			case o == d || d == 1:
			case o == 1:
				out[off+i] = d
			default:
				return nil, fail("shapes %s cannot be broadcast together", shapesText(shapes))
			}
		}
	}
	return out, nil
}

func shapesText(shapes [][]int64) string {
	var parts []string
	for _, s := range shapes {
		parts = append(parts, "("+dimsText(s)+")")
	}
	return strings.Join(parts, " and ")
}

// index maps a flat index of shape out to the flat index in s, which
// broadcasts to out.
func bindex(flat int64, out, s []int64) int64 {
	idx, stride := int64(0), int64(1)
	off := len(out) - len(s)
	for i := len(out) - 1; i >= 0; i-- {
		d := flat % out[i]
		flat /= out[i]
		if j := i - off; j >= 0 {
			if s[j] != 1 {
				idx += d * stride
			}
			stride *= s[j]
		}
	}
	return idx
}

// foldInts applies f elementwise over broadcast integer inputs, when all
// are known and the result is small. f nil is an op not folded; an empty
// result of known inputs is known whatever f (it has no values).
func foldInts(out *Value, vals []*Value, f func(a []int64) (int64, bool)) {
	if out.Numel() > maxConstVals {
		return
	}
	for _, v := range vals {
		if v == nil || !v.Known || len(v.Ints) != int(v.Numel()) {
			return
		}
	}
	n := out.Numel()
	if f == nil && n > 0 {
		return
	}
	res := make([]int64, n)
	args := make([]int64, len(vals))
	for i := int64(0); i < n; i++ {
		for k, v := range vals {
			args[k] = v.Ints[bindex(i, out.Shape, v.Shape)]
		}
		r, ok := f(args)
		if !ok {
			return
		}
		res[i] = r
	}
	out.Ints, out.Known = res, true
}

// elementwise sets output 0 to the broadcast of vals' shapes, of type dt,
// folding known integer values with f (see foldInts).
func (c *opCtx) elementwise(vals []*Value, dt DataType, f func(v []int64) (int64, bool)) error {
	shapes := make([][]int64, len(vals))
	for i, v := range vals {
		shapes[i] = v.Shape
	}
	s, err := broadcast(shapes...)
	if err != nil {
		return err
	}
	out, err := c.set(0, s, dt)
	if err != nil {
		return err
	}
	foldInts(out, vals, f)
	return nil
}

// intFolds compute the elementwise ops on known integers (the shape
// arithmetic exporters emit); an op without one is not folded.
var intFolds = lazy.Value[map[string]func(v []int64) (int64, bool)]{Build: func() map[string]func(v []int64) (int64, bool) {
	return map[string]func(v []int64) (int64, bool){
		"Add": func(v []int64) (int64, bool) { return v[0] + v[1], true },
		"Sub": func(v []int64) (int64, bool) { return v[0] - v[1], true },
		"Mul": func(v []int64) (int64, bool) { return v[0] * v[1], true },
		"Div": func(v []int64) (int64, bool) {
			if v[1] == 0 {
				return 0, false
			}
			return v[0] / v[1], true
		},
		"Mod": func(v []int64) (int64, bool) {
			if v[1] == 0 {
				return 0, false
			}
			return v[0] % v[1], true
		},
		"Max": func(v []int64) (int64, bool) { return slices.Max(v), true },
		"Min": func(v []int64) (int64, bool) { return slices.Min(v), true },
		"Sum": func(v []int64) (int64, bool) {
			var s int64
			for _, x := range v {
				s += x
			}
			return s, true
		},
		"Where": func(v []int64) (int64, bool) {
			if v[0] != 0 {
				return v[1], true
			}
			return v[2], true
		},
	}
}}

// comparisons are the comparison and logical ops, on known integers.
var comparisons = lazy.Value[map[string]func(a, b int64) bool]{Build: func() map[string]func(a, b int64) bool {
	return map[string]func(a, b int64) bool{
		"Equal":          func(a, b int64) bool { return a == b },
		"Less":           func(a, b int64) bool { return a < b },
		"Greater":        func(a, b int64) bool { return a > b },
		"LessOrEqual":    func(a, b int64) bool { return a <= b },
		"GreaterOrEqual": func(a, b int64) bool { return a >= b },
		"And":            func(a, b int64) bool { return a != 0 && b != 0 },
		"Or":             func(a, b int64) bool { return a != 0 || b != 0 },
		"Xor":            func(a, b int64) bool { return (a != 0) != (b != 0) },
	}
}}

func inferBinary(c *opCtx) error {
	in, err := c.xs(2)
	if err != nil {
		return err
	}
	if c.n.OpType != "PRelu" {
		return c.elementwise(in, in[0].DType, intFolds.Get()[c.n.OpType])
	}
	// The slope broadcasts to the input, whose shape the output has.
	out, err := c.set(0, in[0].Shape, in[0].DType)
	if err == nil {
		foldInts(out, in, nil)
	}
	return err
}

func inferCompare(c *opCtx) error {
	in, err := c.xs(2)
	if err != nil {
		return err
	}
	cmp := comparisons.Get()[c.n.OpType]
	return c.elementwise(in, Bool, func(v []int64) (int64, bool) { return b2i(cmp(v[0], v[1])), true })
}

func inferVariadic(c *opCtx) error {
	in, err := c.xs(len(c.in))
	if err != nil {
		return err
	}
	if len(in) == 0 {
		return fail("no inputs")
	}
	return c.elementwise(in, in[0].DType, intFolds.Get()[c.n.OpType])
}

func inferWhere(c *opCtx) error {
	in, err := c.xs(3)
	if err != nil {
		return err
	}
	return c.elementwise(in, in[1].DType, intFolds.Get()["Where"])
}

// inferUnary: the output has the input's shape and type (activations,
// normalizations, Softmax, Clip).
func inferUnary(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	out, err := c.set(0, x.Shape, x.DType)
	if err != nil {
		return err
	}
	switch c.n.OpType {
	case "Neg", "Abs", "Relu", "Sign":
		op := c.n.OpType
		foldInts(out, []*Value{x}, func(v []int64) (int64, bool) {
			switch op {
			case "Neg":
				return -v[0], true
			case "Abs", "Relu":
				if v[0] < 0 {
					if op == "Relu" {
						return 0, true
					}
					return -v[0], true
				}
				return v[0], true
			}
			return 0, false
		})
	case "BatchNormalization":
		// Training-mode outputs (running mean and var): per channel.
		if len(x.Shape) >= 2 {
			return c.setRest([]int64{x.Shape[1]}, x.DType)
		}
	}
	return nil
}

func inferNot(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	_, err = c.set(0, x.Shape, Bool)
	return err
}

func inferIdentity(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	out, err := c.set(0, x.Shape, x.DType)
	if err != nil {
		return err
	}
	out.Ints, out.Floats, out.Known, out.Init = x.Ints, x.Floats, x.Known, x.Init
	return nil
}

func inferDropout(c *opCtx) error {
	if err := inferIdentity(c); err != nil {
		return err
	}
	if len(c.out) > 1 {
		_, err := c.set(1, c.out[0].Shape, Bool)
		return err
	}
	return nil
}

func inferCast(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	to := DataType(c.n.attrI("to", int64(x.DType)))
	return castTo(c, x, to)
}

func inferCastLike(c *opCtx) error {
	args, err := c.xs(2)
	if err != nil {
		return err
	}
	x, t := args[0], args[1]
	return castTo(c, x, t.DType)
}

func castTo(c *opCtx, x *Value, to DataType) error {
	out, err := c.set(0, x.Shape, to)
	if err != nil {
		return err
	}
	if !x.Known {
		return nil
	}
	out.Known = true
	switch {
	case to.IsFloat() && x.Ints != nil:
		for _, v := range x.Ints {
			out.Floats = append(out.Floats, float64(v))
		}
	case !to.IsFloat() && x.Floats != nil:
		for _, v := range x.Floats {
			if math.IsNaN(v) || math.Abs(v) > 1<<62 {
				out.Known, out.Ints = false, nil
				return nil
			}
			if to == Bool {
				out.Ints = append(out.Ints, b2i(v != 0))
			} else {
				out.Ints = append(out.Ints, int64(v))
			}
		}
	default:
		out.Ints, out.Floats = x.Ints, x.Floats
		if to == Bool && x.Ints != nil {
			out.Ints = make([]int64, len(x.Ints))
			for i, v := range x.Ints {
				out.Ints[i] = b2i(v != 0)
			}
		}
	}
	return nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func inferLayerNorm(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	if _, err := c.set(0, x.Shape, x.DType); err != nil {
		return err
	}
	ax, err := axis(c.n.attrI("axis", -1), len(x.Shape))
	if err != nil {
		return err
	}
	stat := slices.Clone(x.Shape)
	for i := ax; i < len(stat); i++ {
		stat[i] = 1
	}
	return c.setRest(stat, Float)
}

// spatial holds a conv's or pool's per-axis attributes.
type spatial struct {
	kernel, strides, dilations, pads []int64
	autoPad                          string
}

func (c *opCtx) spatialAttrs(n int, kernel []int64) (spatial, error) {
	s := spatial{kernel: kernel, autoPad: c.n.attrS("auto_pad", "NOTSET")}
	if k, ok := c.n.attrInts("kernel_shape"); ok {
		s.kernel = k
	}
	if len(s.kernel) != n {
		return s, fail("kernel_shape has %d dimensions, the input has %d spatial ones", len(s.kernel), n)
	}
	fill := func(name string, def int64, want int) ([]int64, error) {
		v, ok := c.n.attrInts(name)
		if !ok || len(v) == 0 {
			v = make([]int64, want)
			for i := range v {
				v[i] = def
			}
		}
		if len(v) != want {
			return nil, fail("attribute %s has %d values, %d expected", name, len(v), want)
		}
		return v, nil
	}
	var err error
	if s.strides, err = fill("strides", 1, n); err != nil {
		return s, err
	}
	if s.dilations, err = fill("dilations", 1, n); err != nil {
		return s, err
	}
	if s.pads, err = fill("pads", 0, 2*n); err != nil {
		return s, err
	}
	for i := 0; i < n; i++ {
		if s.strides[i] < 1 || s.dilations[i] < 1 || s.kernel[i] < 1 || s.pads[i] < 0 || s.pads[i+n] < 0 {
			return s, fail("kernel %s, strides %s, dilations %s, pads %s: each must be positive (pads non-negative)",
				dimsText(s.kernel), dimsText(s.strides), dimsText(s.dilations), dimsText(s.pads))
		}
	}
	return s, nil
}

// outShape is a conv's or pool's output shape: lead (the batch and the
// output channels), then each spatial axis's size for input shape x
// (N×C×spatial).
func (s spatial) outShape(lead, x []int64, ceil bool) ([]int64, error) {
	out := lead
	for i := range s.kernel {
		o, err := s.outSize(i, x[2+i], ceil)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// outSize is one spatial axis's output size of a conv or pool.
func (s spatial) outSize(i int, in int64, ceil bool) (int64, error) {
	k := (s.kernel[i]-1)*s.dilations[i] + 1
	st := s.strides[i]
	switch s.autoPad {
	case "SAME_UPPER", "SAME_LOWER":
		return (in + st - 1) / st, nil
	case "VALID":
		if in < k {
			return 0, fail("the input (%d) is smaller than the kernel (%d)", in, k)
		}
		return (in-k)/st + 1, nil
	}
	n := len(s.kernel)
	span := in + s.pads[i] + s.pads[i+n] - k
	if span < 0 {
		return 0, fail("the padded input (%d) is smaller than the kernel (%d)", in+s.pads[i]+s.pads[i+n], k)
	}
	out := span/st + 1
	if ceil && span%st != 0 {
		out++
		// The last window must start inside the input or left padding.
		if (out-1)*st >= in+s.pads[i] {
			out--
		}
	}
	return out, nil
}

func inferConv(c *opCtx) error {
	args, err := c.xs(2)
	if err != nil {
		return err
	}
	x, w := args[0], args[1]
	if len(x.Shape) < 3 || len(w.Shape) != len(x.Shape) {
		return fail("input (%s) and weight (%s) must both be N×C×spatial", dimsText(x.Shape), dimsText(w.Shape))
	}
	g := c.n.attrI("group", 1)
	if g < 1 || x.Shape[1] != w.Shape[1]*g || w.Shape[0]%g != 0 {
		return fail("input channels %d do not match weight %s with group %d", x.Shape[1], dimsText(w.Shape), g)
	}
	n := len(x.Shape) - 2
	s, err := c.spatialAttrs(n, w.Shape[2:])
	if err != nil {
		return err
	}
	out, err := s.outShape([]int64{x.Shape[0], w.Shape[0]}, x.Shape, false)
	if err != nil {
		return err
	}
	_, err = c.set(0, out, x.DType)
	return err
}

func inferConvTranspose(c *opCtx) error {
	args, err := c.xs(2)
	if err != nil {
		return err
	}
	x, w := args[0], args[1]
	if len(x.Shape) < 3 || len(w.Shape) != len(x.Shape) || x.Shape[1] != w.Shape[0] {
		return fail("input (%s) and weight (%s) do not match (weight is Cin×Cout/group×kernel)", dimsText(x.Shape), dimsText(w.Shape))
	}
	g := c.n.attrI("group", 1)
	if g < 1 {
		return fail("group %d", g)
	}
	n := len(x.Shape) - 2
	s, err := c.spatialAttrs(n, w.Shape[2:])
	if err != nil {
		return err
	}
	outPad, ok := c.n.attrInts("output_padding")
	if !ok || len(outPad) == 0 {
		outPad = make([]int64, n)
	}
	if len(outPad) != n {
		return fail("output_padding has %d values, %d expected", len(outPad), n)
	}
	out := []int64{x.Shape[0], w.Shape[1] * g}
	if os, ok := c.n.attrInts("output_shape"); ok && len(os) > 0 {
		if len(os) == n+2 {
			os = os[2:]
		}
		if len(os) != n {
			return fail("output_shape has %d values, %d expected", len(os), n)
		}
		out = append(out, os...)
	} else {
		for i := 0; i < n; i++ {
			in := x.Shape[2+i]
			var o int64
			if s.autoPad == "SAME_UPPER" || s.autoPad == "SAME_LOWER" {
				o = in * s.strides[i]
			} else {
				o = s.strides[i]*(in-1) + outPad[i] + (s.kernel[i]-1)*s.dilations[i] + 1 - s.pads[i] - s.pads[i+n]
			}
			out = append(out, o)
		}
	}
	_, err = c.set(0, out, x.DType)
	return err
}

func inferGemm(c *opCtx) error {
	args, err := c.xs(2)
	if err != nil {
		return err
	}
	a, b := args[0], args[1]
	if len(a.Shape) != 2 || len(b.Shape) != 2 {
		return fail("Gemm needs 2-D inputs, got %s and %s", dimsText(a.Shape), dimsText(b.Shape))
	}
	m, k := a.Shape[0], a.Shape[1]
	if c.n.attrI("transA", 0) != 0 {
		m, k = k, m
	}
	k2, n := b.Shape[0], b.Shape[1]
	if c.n.attrI("transB", 0) != 0 {
		k2, n = n, k2
	}
	if k != k2 {
		return fail("inner dimensions differ: %s × %s", dimsText(a.Shape), dimsText(b.Shape))
	}
	_, err = c.set(0, []int64{m, n}, a.DType)
	return err
}

// matmulShape is numpy's matmul shape, and the reduced size K.
func matmulShape(a, b []int64) ([]int64, int64, error) {
	if len(a) == 0 || len(b) == 0 {
		return nil, 0, fail("MatMul of a scalar")
	}
	a1, b1 := len(a) == 1, len(b) == 1
	if a1 {
		a = []int64{1, a[0]}
	}
	if b1 {
		b = []int64{b[0], 1}
	}
	k := a[len(a)-1]
	if b[len(b)-2] != k {
		return nil, 0, fail("inner dimensions differ: (%s) @ (%s)", dimsText(a), dimsText(b))
	}
	batch, err := broadcast(a[:len(a)-2], b[:len(b)-2])
	if err != nil {
		return nil, 0, err
	}
	out := append(batch, a[len(a)-2], b[len(b)-1])
	if b1 {
		out = out[:len(out)-1]
	}
	if a1 {
		out = append(out[:len(out)-2], out[len(out)-1:]...)
		if b1 {
			out = out[:len(out)-1]
		}
	}
	return out, k, nil
}

func inferMatMul(c *opCtx) error {
	args, err := c.xs(2)
	if err != nil {
		return err
	}
	a, b := args[0], args[1]
	s, _, err := matmulShape(a.Shape, b.Shape)
	if err != nil {
		return err
	}
	_, err = c.set(0, s, a.DType)
	return err
}

// einsum is a parsed equation: each operand's letters (with '.' for an
// ellipsis's axes, expanded), and the output's.
type einsum struct {
	ins  []string
	out  string
	size map[byte]int64
}

func parseEinsum(eq string, shapes [][]int64) (*einsum, error) {
	eq = strings.ReplaceAll(eq, " ", "")
	lhs, rhs, explicit := strings.Cut(eq, "->")
	terms := strings.Split(lhs, ",")
	if len(terms) != len(shapes) {
		return nil, fail("equation %q has %d operands, the node %d", eq, len(terms), len(shapes))
	}
	e := &einsum{size: map[byte]int64{}}
	ell := []byte{}
	// Ellipsis axes are named by bytes 'A'-… not used: upper case letters
	// are legal in equations, so use bytes below 'A'.
	for i, t := range terms {
		s := shapes[i]
		nl := len(strings.ReplaceAll(t, "...", ""))
		if strings.Contains(t, "...") {
			ne := len(s) - nl
			if ne < 0 {
				return nil, fail("operand %d (%s) has fewer axes than %q", i, dimsText(s), t)
			}
			if ne > len(ell) {
				for j := len(ell); j < ne; j++ {
					ell = append([]byte{byte('0' + j)}, ell...)
				}
			}
			t = strings.Replace(t, "...", string(ell[len(ell)-ne:]), 1)
		}
		if len(t) != len(s) {
			return nil, fail("operand %d has %d axes, %q names %d", i, len(s), terms[i], len(t))
		}
		for j := 0; j < len(t); j++ {
			l := t[j]
			if !(l >= 'a' && l <= 'z' || l >= 'A' && l <= 'Z' || l >= '0' && l <= '9') {
				return nil, fail("equation %q: unexpected %q", eq, string(l))
			}
			if d, ok := e.size[l]; ok && d != s[j] && d != 1 && s[j] != 1 {
				return nil, fail("equation %q: axis %c is %d in one operand and %d in another", eq, l, d, s[j])
			} else if !ok || d == 1 {
				e.size[l] = s[j]
			}
		}
		e.ins = append(e.ins, t)
	}
	if explicit {
		rhs = strings.Replace(rhs, "...", string(ell), 1)
		e.out = rhs
	} else {
		count := map[byte]int{}
		for _, t := range e.ins {
			for j := 0; j < len(t); j++ {
				count[t[j]]++
			}
		}
		var letters []byte
		for l, n := range count {
			if n == 1 && !(l >= '0' && l <= '9') {
				letters = append(letters, l)
			}
		}
		sort.Slice(letters, func(i, j int) bool { return letters[i] < letters[j] })
		e.out = string(ell) + string(letters)
	}
	for j := 0; j < len(e.out); j++ {
		if _, ok := e.size[e.out[j]]; !ok {
			return nil, fail("equation %q: output axis %c is in no operand", eq, e.out[j])
		}
	}
	return e, nil
}

func inferEinsum(c *opCtx) error {
	in, err := c.xs(len(c.in))
	if err != nil {
		return err
	}
	shapes := make([][]int64, len(in))
	for i, v := range in {
		shapes[i] = v.Shape
	}
	e, err := parseEinsum(c.n.attrS("equation", ""), shapes)
	if err != nil {
		return err
	}
	var out []int64
	for j := 0; j < len(e.out); j++ {
		out = append(out, e.size[e.out[j]])
	}
	_, err = c.set(0, out, c.in[0].DType)
	return err
}

// image is input 0 of a pool, which must be N×C×spatial.
func (c *opCtx) image() (*Value, error) {
	x, err := c.x(0)
	if err != nil {
		return nil, err
	}
	if len(x.Shape) < 3 {
		return nil, fail("input %s must be N×C×spatial", dimsText(x.Shape))
	}
	return x, nil
}

func inferPool(c *opCtx) error {
	x, err := c.image()
	if err != nil {
		return err
	}
	s, err := c.spatialAttrs(len(x.Shape)-2, nil)
	if err != nil {
		return err
	}
	out, err := s.outShape([]int64{x.Shape[0], x.Shape[1]}, x.Shape, c.n.attrI("ceil_mode", 0) != 0)
	if err != nil {
		return err
	}
	if _, err := c.set(0, out, x.DType); err != nil {
		return err
	}
	// MaxPool's indices, if the node has them.
	_, err = c.set(1, out, Int64)
	return err
}

func inferGlobalPool(c *opCtx) error {
	x, err := c.image()
	if err != nil {
		return err
	}
	out := slices.Clone(x.Shape)
	for i := 2; i < len(out); i++ {
		out[i] = 1
	}
	_, err = c.set(0, out, x.DType)
	return err
}

func prod(s []int64) int64 {
	n, _ := numel(s)
	return n
}

func inferFlatten(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	a := c.n.attrI("axis", 1)
	if a < 0 {
		a += int64(len(x.Shape))
	}
	if a < 0 || a > int64(len(x.Shape)) {
		return fail("axis %d out of range for rank %d", c.n.attrI("axis", 1), len(x.Shape))
	}
	return c.reshaped(x, []int64{prod(x.Shape[:a]), prod(x.Shape[a:])})
}

// reshaped sets output 0 to shape s holding x's values in their order
// (Flatten, Reshape, Squeeze, Unsqueeze).
func (c *opCtx) reshaped(x *Value, s []int64) error {
	out, err := c.set(0, s, x.DType)
	if err != nil {
		return err
	}
	if x.Known {
		out.Ints, out.Floats, out.Known = x.Ints, x.Floats, true
	}
	return nil
}

func inferReshape(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	shape, err := c.listArg(5, "shape", 1, "target shape")
	if err != nil {
		return err
	}
	allowZero := c.n.attrI("allowzero", 0) != 0
	out := make([]int64, len(shape))
	infer := -1
	known := int64(1)
	for i, d := range shape {
		switch {
		case d == 0 && !allowZero:
			if i >= len(x.Shape) {
				return fail("target shape %s copies axis %d, which the input (%s) lacks", dimsText(shape), i, dimsText(x.Shape))
			}
			out[i] = x.Shape[i]
		case d == -1:
			if infer >= 0 {
				return fail("target shape %s has two -1", dimsText(shape))
			}
			infer = i
			continue
		case d < 0:
			return fail("target shape %s has a negative size", dimsText(shape))
		default:
			out[i] = d
		}
		if out[i] != 0 && known > maxElements/out[i] {
			return fail("target shape %s is too large", dimsText(shape))
		}
		known *= out[i]
	}
	total := x.Numel()
	if infer >= 0 {
		if known == 0 || total%known != 0 {
			return fail("cannot reshape %s into %s", dimsText(x.Shape), dimsText(shape))
		}
		out[infer] = total / known
	} else if known != total {
		return fail("cannot reshape %s (%d elements) into %s", dimsText(x.Shape), total, dimsText(out))
	}
	return c.reshaped(x, out)
}

func inferTranspose(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	perm, ok := c.n.attrInts("perm")
	r := len(x.Shape)
	if !ok || len(perm) == 0 {
		perm = make([]int64, r)
		for i := range perm {
			perm[i] = int64(r - 1 - i)
		}
	}
	if len(perm) != r {
		return fail("perm %s does not match rank %d", dimsText(perm), r)
	}
	out := make([]int64, r)
	seen := make([]bool, r)
	for i, p := range perm {
		a, err := axis(p, r)
		if err != nil || seen[a] {
			return fail("perm %s is not a permutation", dimsText(perm))
		}
		seen[a] = true
		out[i] = x.Shape[a]
	}
	v, err := c.set(0, out, x.DType)
	if err != nil {
		return err
	}
	if x.Known && x.Ints != nil {
		// Output axis i is input axis perm[i]: walk the input's axes in
		// their order, reading each from the output index.
		inv := make([]int, r)
		for i, p := range perm {
			a, _ := axis(p, r)
			inv[a] = i
		}
		v.Ints = foldIndex(out, x.Shape, x.Ints, func(a int, idx []int64) int64 { return idx[inv[a]] })
		v.Known = true
	}
	return nil
}

// listArg is an integer list that ONNX moved from an attribute to an
// input: attribute name before opset from, input i (what it is, for
// errors) since, whose values must be known (Reshape's shape, Pad's pads,
// Slice's starts and ends).
func (c *opCtx) listArg(from int64, name string, i int, what string) ([]int64, error) {
	if c.opset < from {
		a, _ := c.n.attrInts(name)
		return a, nil
	}
	return c.ints(i, what)
}

// optListArg is listArg for an optional input (the axes of Squeeze,
// Unsqueeze and the reductions, Split's sizes, Slice's axes); ok is false
// when the node leaves it out.
func (c *opCtx) optListArg(from int64, name string, i int, what string) ([]int64, bool, error) {
	if c.opset < from {
		a, ok := c.n.attrInts(name)
		return a, ok, nil
	}
	if c.opt(i) == nil {
		return nil, false, nil
	}
	a, err := c.ints(i, what)
	return a, true, err
}

func inferSqueeze(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	axes, ok, err := c.optListArg(13, "axes", 1, "axes")
	if err != nil {
		return err
	}
	drop := make([]bool, len(x.Shape))
	if !ok {
		for i, d := range x.Shape {
			drop[i] = d == 1
		}
	}
	for _, a := range axes {
		i, err := axis(a, len(x.Shape))
		if err != nil {
			return err
		}
		if x.Shape[i] != 1 {
			return fail("axis %d has size %d, not 1", i, x.Shape[i])
		}
		drop[i] = true
	}
	var out []int64
	for i, d := range x.Shape {
		if !drop[i] {
			out = append(out, d)
		}
	}
	return c.reshaped(x, out)
}

func inferUnsqueeze(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	axes, _, err := c.optListArg(13, "axes", 1, "axes")
	if err != nil {
		return err
	}
	r := len(x.Shape) + len(axes)
	ins := make([]bool, r)
	for _, a := range axes {
		i, err := axis(a, r)
		if err != nil {
			return err
		}
		if ins[i] {
			return fail("axis %d given twice", i)
		}
		ins[i] = true
	}
	out := make([]int64, 0, r)
	k := 0
	for i := 0; i < r; i++ {
		if ins[i] {
			out = append(out, 1)
		} else {
			out = append(out, x.Shape[k])
			k++
		}
	}
	return c.reshaped(x, out)
}

func inferConcat(c *opCtx) error {
	vals, err := c.xs(len(c.in))
	if err != nil {
		return err
	}
	if len(vals) == 0 {
		return fail("no inputs")
	}
	r := len(vals[0].Shape)
	a, err := axis(c.n.attrI("axis", 0), r)
	if err != nil {
		return err
	}
	out := slices.Clone(vals[0].Shape)
	for _, v := range vals[1:] {
		if len(v.Shape) != r {
			return fail("inputs of different ranks: %s", shapesText([][]int64{vals[0].Shape, v.Shape}))
		}
		for i := range out {
			if i == a {
				out[i] += v.Shape[i]
			} else if out[i] != v.Shape[i] {
				return fail("inputs differ off the concat axis: %s", shapesText([][]int64{vals[0].Shape, v.Shape}))
			}
		}
	}
	res, err := c.set(0, out, vals[0].DType)
	if err != nil {
		return err
	}
	if r == 1 {
		var ints []int64
		for _, v := range vals {
			if !v.Known || v.Ints == nil && v.Numel() > 0 {
				return nil
			}
			ints = append(ints, v.Ints...)
		}
		res.Ints, res.Known = ints, true
	}
	return nil
}

func inferSplit(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	a, err := axis(c.n.attrI("axis", 0), len(x.Shape))
	if err != nil {
		return err
	}
	split, _, err := c.optListArg(13, "split", 1, "split sizes")
	if err != nil {
		return err
	}
	d := x.Shape[a]
	if len(split) == 0 {
		n := int64(len(c.out))
		if no := c.n.attrI("num_outputs", 0); no > 0 {
			n = no
		}
		if n == 0 {
			return fail("no outputs")
		}
		size := (d + n - 1) / n
		for i := int64(0); i < n; i++ {
			split = append(split, max(0, min(size, d-i*size)))
		}
	}
	var sum int64
	for _, s := range split {
		if s < 0 {
			return fail("negative split size")
		}
		sum += s
	}
	if sum != d || len(split) != len(c.out) {
		return fail("split sizes %s do not cover axis %d (%d) in %d outputs", dimsText(split), a, d, len(c.out))
	}
	for i, s := range split {
		o := slices.Clone(x.Shape)
		o[a] = s
		if _, err := c.set(i, o, x.DType); err != nil {
			return err
		}
	}
	return nil
}

// clampIndex is ONNX Slice's start/end clamping.
func clampIndex(v, d int64, step int64, isEnd bool) int64 {
	if v < 0 {
		v += d
	}
	switch {
	case step > 0:
		return max(0, min(v, d))
	case isEnd:
		return max(-1, min(v, d-1))
	}
	return max(0, min(v, d-1))
}

func inferSlice(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	starts, err := c.listArg(10, "starts", 1, "slice starts")
	if err != nil {
		return err
	}
	ends, err := c.listArg(10, "ends", 2, "slice ends")
	if err != nil {
		return err
	}
	axes, _, err := c.optListArg(10, "axes", 3, "slice axes")
	if err != nil {
		return err
	}
	var steps []int64 // an input since opset 10, when Slice gained them
	if c.opset >= 10 && c.opt(4) != nil {
		if steps, err = c.ints(4, "slice steps"); err != nil {
			return err
		}
	}
	if len(axes) == 0 {
		for i := range starts {
			axes = append(axes, int64(i))
		}
	}
	if len(steps) == 0 {
		for range starts {
			steps = append(steps, 1)
		}
	}
	if len(starts) != len(ends) || len(axes) != len(starts) || len(steps) != len(starts) {
		return fail("starts, ends, axes and steps have different lengths")
	}
	out := slices.Clone(x.Shape)
	type rng struct{ start, step, n int64 }
	rs := make([]rng, len(x.Shape))
	for i, d := range x.Shape {
		rs[i] = rng{0, 1, d}
	}
	for i := range starts {
		a, err := axis(axes[i], len(x.Shape))
		if err != nil {
			return err
		}
		st := steps[i]
		if st == 0 {
			return fail("slice step 0")
		}
		d := x.Shape[a]
		s, e := clampIndex(starts[i], d, st, false), clampIndex(ends[i], d, st, true)
		var n int64
		if st > 0 && e > s {
			n = (e - s + st - 1) / st
		} else if st < 0 && s > e {
			n = (s - e - st - 1) / -st
		}
		out[a] = n
		rs[a] = rng{s, st, n}
	}
	v, err := c.set(0, out, x.DType)
	if err != nil {
		return err
	}
	if x.Known && x.Ints != nil && v.Numel() <= maxConstVals {
		v.Ints = foldIndex(out, x.Shape, x.Ints, func(a int, idx []int64) int64 { return rs[a].start + idx[a]*rs[a].step })
		v.Known = true
	}
	return nil
}

// foldIndex builds the values of a tensor of shape out whose element at
// index idx is src's element at (f(0, idx), f(1, idx), …): f(a, idx) is
// the index along src's axis a (Slice, Transpose).
func foldIndex(out, srcShape []int64, src []int64, f func(axis int, idx []int64) int64) []int64 {
	n := prod(out)
	res := make([]int64, n)
	idx := make([]int64, len(out))
	for k := int64(0); k < n; k++ {
		rem := k
		for a := len(out) - 1; a >= 0; a-- {
			idx[a] = rem % out[a]
			rem /= out[a]
		}
		flat := int64(0)
		for a := range srcShape {
			flat = flat*srcShape[a] + f(a, idx)
		}
		res[k] = src[flat]
	}
	return res
}

func inferGather(c *opCtx) error {
	args, err := c.xs(2)
	if err != nil {
		return err
	}
	x, idx := args[0], args[1]
	a, err := axis(c.n.attrI("axis", 0), len(x.Shape))
	if err != nil {
		return err
	}
	out := append(append(slices.Clone(x.Shape[:a]), idx.Shape...), x.Shape[a+1:]...)
	v, err := c.set(0, out, x.DType)
	if err != nil {
		return err
	}
	if x.Known && x.Ints != nil && len(x.Shape) == 1 && idx.Known && idx.Ints != nil {
		for _, i := range idx.Ints {
			if i < 0 {
				i += x.Shape[0]
			}
			if i < 0 || i >= x.Shape[0] {
				return fail("index %d out of range for axis of size %d", i, x.Shape[0])
			}
			v.Ints = append(v.Ints, x.Ints[i])
		}
		v.Known = true
	}
	return nil
}

func inferShape(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	r := int64(len(x.Shape))
	start, end := c.n.attrI("start", 0), c.n.attrI("end", r)
	if start < 0 {
		start += r
	}
	if end < 0 {
		end += r
	}
	start, end = max(0, min(start, r)), max(0, min(end, r))
	if end < start {
		end = start
	}
	v, err := c.set(0, []int64{end - start}, Int64)
	if err != nil {
		return err
	}
	v.Ints, v.Known = slices.Clone(x.Shape[start:end]), true
	if v.Ints == nil {
		v.Ints = []int64{}
	}
	return nil
}

func inferSize(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	v, err := c.set(0, nil, Int64)
	if err != nil {
		return err
	}
	v.Ints, v.Known = []int64{x.Numel()}, true
	return nil
}

func inferConstant(c *opCtx) error {
	if len(c.n.Attrs) != 1 {
		return fail("a Constant needs exactly one value attribute")
	}
	a := c.n.Attrs[0]
	var v *Value
	var err error
	switch a.Name {
	case "value":
		if a.T == nil {
			return fail("attribute value holds no tensor")
		}
		if v, err = c.set(0, a.T.Dims, a.T.DataType); err != nil {
			return err
		}
		ints, floats, ok, err := a.T.Values(maxConstVals)
		if err != nil {
			return err
		}
		if ok {
			v.Ints, v.Floats, v.Known = ints, floats, true
		}
	case "value_int":
		if v, err = c.set(0, nil, Int64); err == nil {
			v.Ints, v.Known = []int64{a.I}, true
		}
	case "value_ints":
		if v, err = c.set(0, []int64{int64(len(a.Ints))}, Int64); err == nil {
			v.Ints, v.Known = a.Ints, true
		}
	case "value_float":
		if v, err = c.set(0, nil, Float); err == nil {
			v.Floats, v.Known = []float64{a.F}, true
		}
	case "value_floats":
		if v, err = c.set(0, []int64{int64(len(a.Floats))}, Float); err == nil {
			v.Floats, v.Known = a.Floats, true
		}
	default:
		return fail("Constant attribute %q is not supported", a.Name)
	}
	return err
}

func inferConstantOfShape(c *opCtx) error {
	shape, err := c.ints(0, "shape")
	if err != nil {
		return err
	}
	dt := Float
	var fill []int64
	var ffill []float64
	if a, ok := c.n.Attr("value"); ok && a.T != nil {
		dt = a.T.DataType
		ints, floats, ok, err := a.T.Values(1)
		if err != nil {
			return err
		}
		if ok {
			fill, ffill = ints, floats
		}
	} else {
		ffill = []float64{0}
	}
	v, err := c.set(0, shape, dt)
	if err != nil {
		return err
	}
	if n := v.Numel(); n <= maxConstVals {
		switch {
		case len(fill) == 1:
			v.Ints = make([]int64, n)
			for i := range v.Ints {
				v.Ints[i] = fill[0]
			}
			v.Known = true
		case len(ffill) == 1:
			v.Floats = make([]float64, n)
			for i := range v.Floats {
				v.Floats[i] = ffill[0]
			}
			v.Known = true
		}
	}
	return nil
}

func inferExpand(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	shape, err := c.ints(1, "target shape")
	if err != nil {
		return err
	}
	s, err := broadcast(x.Shape, shape)
	if err != nil {
		return err
	}
	v, err := c.set(0, s, x.DType)
	if err != nil {
		return err
	}
	foldInts(v, []*Value{x}, func(a []int64) (int64, bool) { return a[0], true })
	return nil
}

func inferTile(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	rep, err := c.ints(1, "repeats")
	if err != nil {
		return err
	}
	if len(rep) != len(x.Shape) {
		return fail("repeats %s do not match rank %d", dimsText(rep), len(x.Shape))
	}
	out := make([]int64, len(rep))
	for i, r := range rep {
		if r < 0 {
			return fail("negative repeat %d", r)
		}
		if x.Shape[i] != 0 && r > maxElements/x.Shape[i] {
			return fail("tiling %s by %s is too large", dimsText(x.Shape), dimsText(rep))
		}
		out[i] = x.Shape[i] * r
	}
	_, err = c.set(0, out, x.DType)
	return err
}

func inferRange(c *opCtx) error {
	var vals [3]*Value
	for i := range vals {
		v, err := c.x(i)
		if err != nil {
			return err
		}
		if !v.Known || len(v.Ints)+len(v.Floats) != 1 {
			return fail("Range's start, limit and delta must be known scalars; input %d (%q) is computed at run time", i, v.Name)
		}
		vals[i] = v
	}
	if vals[0].Ints != nil && vals[1].Ints != nil && vals[2].Ints != nil {
		s, l, d := vals[0].Ints[0], vals[1].Ints[0], vals[2].Ints[0]
		if d == 0 {
			return fail("Range with delta 0")
		}
		n := int64(0)
		if d > 0 && l > s {
			n = (l - s + d - 1) / d
		} else if d < 0 && s > l {
			n = (s - l - d - 1) / -d
		}
		v, err := c.set(0, []int64{n}, vals[0].DType)
		if err != nil {
			return err
		}
		if n <= maxConstVals {
			v.Ints = make([]int64, n)
			for i := range v.Ints {
				v.Ints[i] = s + int64(i)*d
			}
			v.Known = true
		}
		return nil
	}
	f := func(v *Value) float64 {
		if v.Floats != nil {
			return v.Floats[0]
		}
		return float64(v.Ints[0])
	}
	s, l, d := f(vals[0]), f(vals[1]), f(vals[2])
	if d == 0 || math.IsNaN(s+l+d) || math.IsInf(s+l+d, 0) {
		return fail("Range with delta 0 or a non-finite bound")
	}
	n := math.Max(math.Ceil((l-s)/d), 0)
	if n > maxElements {
		return fail("Range of %g elements", n)
	}
	_, err := c.set(0, []int64{int64(n)}, vals[0].DType)
	return err
}

func inferReduce(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	from := int64(18)
	if c.n.OpType == "ReduceSum" {
		from = 13
	}
	axes, ok, err := c.optListArg(from, "axes", 1, "axes")
	if err != nil {
		return err
	}
	keep := c.n.attrI("keepdims", 1) != 0
	red := make([]bool, len(x.Shape))
	if !ok || len(axes) == 0 {
		if c.n.attrI("noop_with_empty_axes", 0) != 0 {
			return c.reshaped(x, x.Shape)
		}
		for i := range red {
			red[i] = true
		}
	}
	for _, a := range axes {
		i, err := axis(a, len(x.Shape))
		if err != nil {
			return err
		}
		red[i] = true
	}
	out := []int64{}
	for i, d := range x.Shape {
		switch {
		case !red[i]:
			out = append(out, d)
		case keep:
			out = append(out, 1)
		}
	}
	v, err := c.set(0, out, x.DType)
	if err != nil {
		return err
	}
	if c.n.OpType == "ReduceProd" && x.Known && x.Ints != nil && len(out) <= 1 && v.Numel() == 1 {
		p := int64(1)
		for _, e := range x.Ints {
			p *= e
		}
		v.Ints, v.Known = []int64{p}, true
	}
	return nil
}

func inferArg(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	a, err := axis(c.n.attrI("axis", 0), len(x.Shape))
	if err != nil {
		return err
	}
	out := slices.Clone(x.Shape)
	if c.n.attrI("keepdims", 1) != 0 {
		out[a] = 1
	} else {
		out = slices.Delete(out, a, a+1)
	}
	_, err = c.set(0, out, Int64)
	return err
}

func inferResize(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	var scales []float64
	var sizes []int64
	switch {
	case c.n.OpType == "Upsample" && c.opset < 9:
		a, ok := c.n.Attr("scales")
		if !ok {
			return fail("Upsample has no scales")
		}
		scales = a.Floats
	case c.n.OpType == "Upsample" || c.opset < 11:
		v, err := c.x(1)
		if err != nil {
			return err
		}
		if !v.Known {
			return fail("the scales (%q) are computed at run time from values FlopLab cannot know", v.Name)
		}
		scales = v.Floats
	default:
		if s := c.opt(3); s != nil && s.Numel() > 0 {
			if sizes, err = c.ints(3, "output sizes"); err != nil {
				return err
			}
		} else if s := c.opt(2); s != nil && s.Numel() > 0 {
			if !s.Known || s.Floats == nil {
				return fail("the scales (%q) are computed at run time from values FlopLab cannot know", s.Name)
			}
			scales = s.Floats
		} else {
			return fail("Resize has neither scales nor sizes")
		}
	}
	out := slices.Clone(x.Shape)
	if sizes != nil {
		if axes, ok := c.n.attrInts("axes"); ok && len(axes) > 0 {
			if len(axes) != len(sizes) {
				return fail("sizes do not match axes")
			}
			for i, a := range axes {
				k, err := axis(a, len(out))
				if err != nil {
					return err
				}
				out[k] = sizes[i]
			}
		} else if len(sizes) != len(out) {
			return fail("sizes %s do not match rank %d", dimsText(sizes), len(out))
		} else {
			copy(out, sizes)
		}
	} else {
		axes, _ := c.n.attrInts("axes")
		if len(axes) == 0 {
			if len(scales) != len(out) {
				return fail("%d scales for rank %d", len(scales), len(out))
			}
			for i := range out {
				axes = append(axes, int64(i))
			}
		}
		if len(axes) != len(scales) {
			return fail("scales do not match axes")
		}
		for i, a := range axes {
			k, err := axis(a, len(out))
			if err != nil {
				return err
			}
			f := float64(x.Shape[k]) * scales[i]
			if !(f >= 0) || f > maxElements {
				return fail("scale %g is invalid", scales[i])
			}
			out[k] = int64(math.Floor(f + 1e-9))
		}
	}
	_, err = c.set(0, out, x.DType)
	return err
}

func inferPad(c *opCtx) error {
	x, err := c.x(0)
	if err != nil {
		return err
	}
	pads, err := c.listArg(11, "pads", 1, "pads")
	if err != nil {
		return err
	}
	r := len(x.Shape)
	axes := make([]int64, r)
	for i := range axes {
		axes[i] = int64(i)
	}
	if c.opset >= 18 && c.opt(3) != nil {
		if axes, err = c.ints(3, "axes"); err != nil {
			return err
		}
	}
	n := len(axes)
	if len(pads) != 2*n {
		return fail("%d pads for %d axes", len(pads), n)
	}
	out := slices.Clone(x.Shape)
	for i, a := range axes {
		k, err := axis(a, r)
		if err != nil {
			return err
		}
		out[k] += pads[i] + pads[i+n]
		if out[k] < 0 {
			return fail("pads %s crop axis %d below 0", dimsText(pads), k)
		}
	}
	_, err = c.set(0, out, x.DType)
	return err
}

// gates is the number of gate blocks in an RNN op's weights.
func gates(op string) int64 {
	switch op {
	case "LSTM":
		return 4
	case "GRU":
		return 3
	}
	return 1
}

func inferRNN(c *opCtx) error {
	args, err := c.xs(2)
	if err != nil {
		return err
	}
	x, w := args[0], args[1]
	if len(x.Shape) != 3 || len(w.Shape) != 3 {
		return fail("input %s and W %s must be 3-D", dimsText(x.Shape), dimsText(w.Shape))
	}
	h := c.n.attrI("hidden_size", w.Shape[1]/gates(c.n.OpType))
	dirs := int64(1)
	if c.n.attrS("direction", "forward") == "bidirectional" {
		dirs = 2
	}
	if w.Shape[0] != dirs || w.Shape[1] != gates(c.n.OpType)*h {
		return fail("W %s does not match %d direction(s) × %d gates × hidden size %d", dimsText(w.Shape), dirs, gates(c.n.OpType), h)
	}
	seq, batch := x.Shape[0], x.Shape[1]
	layout := c.n.attrI("layout", 0)
	if layout != 0 {
		seq, batch = batch, seq
	}
	if w.Shape[2] != x.Shape[2] {
		return fail("W %s does not match input size %d", dimsText(w.Shape), x.Shape[2])
	}
	y := []int64{seq, dirs, batch, h}
	st := []int64{dirs, batch, h}
	if layout != 0 {
		y = []int64{batch, seq, dirs, h}
		st = []int64{batch, dirs, h}
	}
	if _, err := c.set(0, y, x.DType); err != nil {
		return err
	}
	return c.setRest(st, x.DType)
}

// String renders a value's shape for messages and tests.
func (v *Value) String() string {
	s := fmt.Sprintf("%s %s", v.DType, dimsText(v.Shape))
	if v.Known && len(v.Ints) > 0 && len(v.Ints) <= 8 {
		s += fmt.Sprint(v.Ints)
	}
	return s
}
