package lang

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"

	"go.starlark.net/starlark"
)

// layer is a library layer bound to its constructor arguments.
type layer struct {
	repr string
	// attrs are parameters set later by the script (self.weight = ...);
	// args are the bound constructor arguments (in_features, ...). Both
	// are readable from scripts, after the module's own parameters.
	attrs   map[string]starlark.Value
	args    *args
	nonLeaf bool // PyTorch gives it child modules (MultiheadAttention)
	forward func(f *fwd) error
}

// fwd is one call of a layer: its inputs, and what the layer's forward
// function fills in.
type fwd struct {
	tr     *tracer
	m      *Module
	in     []*Tensor
	kwargs []starlark.Tuple

	out      []graph.Shape
	outDType string
	tupleOut bool
	ops      graph.Ops
	formulas graph.Formulas
	q        graph.Quantities
	qset     uint32
	// explain renders the formulas of the quantities whose text is not
	// the default (defaultQ); nil means all are.
	explain graph.Explainer
	a       acc
}

// text builds short strings without fmt (quantity formulas, call
// positions); node formulas are msg.Texts, rendered in a language on
// demand. t = t.s("a").d(2) appends. The
// methods are kept out of line: inlined, each formula would add its
// appends to app.wasm.
type text []byte

//go:noinline
func (t text) s(x string) text { return append(t, x...) }

// d appends n in decimal, as %d.
//
//go:noinline
func (t text) d(n int64) text { return strconv.AppendInt(t, n, 10) }

// th appends n with thousands separators, as units.Thousands(n).
//
//go:noinline
func (t text) th(n int64) text { return units.AppendThousands(t, n) }

// dims appends a shape as a product, as shapeDims(s).
//
//go:noinline
func (t text) dims(s graph.Shape) text {
	for i, d := range s {
		if i > 0 {
			t = append(t, "·"...)
		}
		t = strconv.AppendInt(t, d, 10)
	}
	return t
}

//go:noinline
func (t text) String() string { return string(t) }

// newText starts a formula with room for a typical one.
func newText() text { return make(text, 0, 96) }

// setQ sets quantity q; its formula is rendered on demand by f.explain
// or defaultQ.
func (f *fwd) setQ(q graph.QName, v int64) {
	f.q[q] = graph.Quantity{Value: v}
	f.qset |= 1 << q
}

func (f *fwd) has(q graph.QName) bool { return f.qset&(1<<q) != 0 }

func (f *fwd) formula(key string, text msg.Text) { f.formulas.Set(key, text) }

// render makes r build the node's formulas on demand, from the node and
// the per-call values a (Formulas.A, at most 6).
func (f *fwd) render(r graph.FormulaRenderer, a ...int64) {
	f.formulas.Render = r
	copy(f.formulas.A[:], a)
}

// defaultExplain renders the quantities' formulas of a node whose layer
// has no texts of its own.
var defaultExplain graph.Explainer = graph.ExplainFunc(defaultQ)

// defaultQ is the formula of quantity q as most nodes explain it: "in"
// and "out" are the shapes' elements, the MAC quantities repeat the
// "macs" formula, and the generic quantities have fixed texts.
func defaultQ(n *graph.Node, q graph.QName) string {
	switch q {
	case graph.QIn:
		if len(n.Inputs) > 0 {
			return "input elements " + shapeDims(n.Inputs[0].Shape)
		}
	case graph.QOut:
		if len(n.Outputs) > 0 {
			return "output elements " + shapeDims(n.Outputs[0].Shape)
		}
	case graph.QParams:
		var buf [64]byte
		return text(buf[:0]).th(n.Q[q].Value).s(" own parameters").String()
	case graph.QTI:
		return "torchinfo 1.8.0: parameters × output dims"
	case graph.QTIMaster:
		return "torchinfo master: parameters × output dims"
	case graph.QAffine:
		return "elements with an affine transform"
	case graph.QBias:
		return "bias adds = output elements"
	case graph.QConvW, graph.QMM, graph.QLinearW, graph.QAttn, graph.QRNN:
		return n.Formulas.Key(graph.FMACs).String()
	}
	return ""
}

// constQ is an explainer of fixed texts, falling back to defaultQ.
type constQ map[graph.QName]string

func (c constQ) QuantityFormula(n *graph.Node, q graph.QName) string {
	if t, ok := c[q]; ok {
		return t
	}
	return defaultQ(n, q)
}

// x is the first input's shape.
func (f *fwd) x() graph.Shape { return f.in[0].shape }

// inOut records the generic quantities "in" and "out".
func (f *fwd) inOut() {
	f.setQ(graph.QIn, f.x().Numel())
	f.setQ(graph.QOut, f.out[0].Numel())
}

// shapeDims renders a shape as a product "1·64·55·55".
//
//go:noinline
func shapeDims(s graph.Shape) string {
	var buf [64]byte
	return text(buf[:0]).dims(s).String()
}

// argDef is one parameter of a constructor signature.
type argDef struct {
	name     string
	def      starlark.Value // nil: required
	kwOnly   bool
	variadic bool // *args (e.g. Sequential)
}

// parseSig reads "in_channels, out_channels, kernel_size, stride=1,
// bias=True, *, device=None" into argDefs.
func parseSig(sig string) []argDef {
	var defs []argDef
	kwOnly := false
	for _, p := range strings.Split(sig, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if p == "*" {
			kwOnly = true
			continue
		}
		name, def, hasDef := strings.Cut(p, "=")
		d := argDef{name: strings.TrimSpace(name), kwOnly: kwOnly}
		if hasDef {
			d.def = literal(strings.TrimSpace(def))
		}
		defs = append(defs, d)
	}
	return defs
}

func literal(s string) starlark.Value {
	switch s {
	case "True":
		return starlark.True
	case "False":
		return starlark.False
	case "None":
		return starlark.None
	}
	if strings.HasPrefix(s, "'") {
		return starlark.String(strings.Trim(s, "'"))
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return starlark.MakeInt64(n)
	}
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		return starlark.Float(x)
	}
	panic("lang: bad default " + s)
}

// args are bound constructor arguments.
type args struct {
	class string
	defs  []argDef
	// vals and given are parallel to defs.
	vals  []starlark.Value
	given []bool
	order []string
	// room for vals and given in the same allocation
	valBuf   [16]starlark.Value
	givenBuf [16]bool
}

// index is the position of the parameter name in defs, or -1.
func (a *args) index(name string) int {
	for i := range a.defs {
		if a.defs[i].name == name {
			return i
		}
	}
	return -1
}

// lookup is the bound value of the parameter name; ok is false if the
// signature has no such parameter.
func (a *args) lookup(name string) (v starlark.Value, ok bool) {
	if a == nil {
		return nil, false
	}
	if i := a.index(name); i >= 0 {
		return a.vals[i], true
	}
	return nil, false
}

// val is the bound value of the parameter name (nil if there is none).
func (a *args) val(name string) starlark.Value {
	v, _ := a.lookup(name)
	return v
}

func bind(class string, defs []argDef, pos starlark.Tuple, kwargs []starlark.Tuple) (*args, error) {
	a := &args{class: class, defs: defs}
	if len(defs) <= len(a.valBuf) {
		a.vals, a.given = a.valBuf[:len(defs)], a.givenBuf[:len(defs)]
	} else {
		a.vals, a.given = make([]starlark.Value, len(defs)), make([]bool, len(defs))
	}
	// Keyword-only parameters follow the positional ones (parseSig).
	npos := len(defs)
	for i, d := range defs {
		if d.kwOnly {
			npos = i
			break
		}
	}
	positional := defs[:npos]
	if len(pos) > len(positional) {
		return nil, lerr(fmt.Sprintf("%s takes %s", class, sigText(defs)), "%s takes at most %d positional arguments, got %d", class, len(positional), len(pos))
	}
	if len(pos)+len(kwargs) > 0 {
		a.order = make([]string, 0, len(pos)+len(kwargs))
	}
	for i, v := range pos {
		a.vals[i] = v
		a.given[i] = true
		a.order = append(a.order, positional[i].name)
	}
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		i := a.index(k)
		if i < 0 {
			return nil, lerr(fmt.Sprintf("%s takes %s", class, sigText(defs)), "%s got an unexpected keyword argument %q", class, k)
		}
		if a.given[i] {
			return nil, lerr("", "%s got multiple values for argument %q", class, k)
		}
		a.vals[i] = kv[1]
		a.given[i] = true
		a.order = append(a.order, k)
	}
	for i, d := range defs {
		if !a.given[i] {
			if d.def == nil {
				return nil, lerr(fmt.Sprintf("%s takes %s", class, sigText(defs)), "%s is missing the argument %q", class, d.name)
			}
			a.vals[i] = d.def
		}
	}
	return a, nil
}

func sigText(defs []argDef) string {
	var parts []string
	for _, d := range defs {
		if d.def == nil {
			parts = append(parts, d.name)
		} else if d.name != "device" && d.name != "dtype" {
			parts = append(parts, d.name+"="+d.def.String())
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func (a *args) isNone(name string) bool { return a.val(name) == starlark.None }

func (a *args) int(name string) (int64, error) {
	var n int64
	if err := starlark.AsInt(a.val(name), &n); err != nil {
		return 0, lerr("", "%s: %s must be an int, got %s", a.class, name, a.val(name).Type())
	}
	return n, nil
}

func (a *args) posInt(name string) (int64, error) {
	n, err := a.int(name)
	if err == nil && n <= 0 {
		return 0, lerr("", "%s: %s must be positive, got %d", a.class, name, n)
	}
	return n, err
}

// ints reads an int or a tuple of n ints (kernel_size=3 or (3, 3)).
func (a *args) ints(name string, n int) ([]int64, error) {
	v := a.val(name)
	if it, ok := v.(starlark.Indexable); ok {
		if _, isStr := v.(starlark.String); !isStr {
			if it.Len() != n {
				return nil, lerr("", "%s: %s needs %d values, got %d", a.class, name, n, it.Len())
			}
			out := make([]int64, n)
			for i := range out {
				if err := starlark.AsInt(it.Index(i), &out[i]); err != nil {
					return nil, lerr("", "%s: %s must hold ints", a.class, name)
				}
			}
			return out, nil
		}
	}
	var x int64
	if err := starlark.AsInt(v, &x); err != nil {
		return nil, lerr("", "%s: %s must be an int or a tuple of %d ints, got %s", a.class, name, n, v.Type())
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = x
	}
	return out, nil
}

func (a *args) bool(name string) (bool, error) {
	switch v := a.val(name).(type) {
	case starlark.Bool:
		return bool(v), nil
	case starlark.Int:
		n, _ := v.Int64()
		return n != 0, nil
	}
	return false, lerr("", "%s: %s must be True or False", a.class, name)
}

func (a *args) float(name string) (float64, error) {
	x, ok := starlark.AsFloat(a.val(name))
	if !ok {
		return 0, lerr("", "%s: %s must be a number", a.class, name)
	}
	return x, nil
}

func (a *args) str(name string) (string, error) {
	s, ok := starlark.AsString(a.val(name))
	if !ok {
		return "", lerr("", "%s: %s must be a string", a.class, name)
	}
	return s, nil
}

// repr renders the arguments as PyTorch prints them, roughly: required
// values first, then the keywords that differ from the defaults.
func (a *args) repr() string {
	var parts []string
	for i, d := range a.defs {
		v := a.vals[i]
		if d.name == "device" || d.name == "dtype" {
			continue
		}
		if d.def == nil {
			parts = append(parts, v.String())
			continue
		}
		if !a.given[i] {
			continue
		}
		if eq, _ := starlark.Equal(v, d.def); eq {
			continue
		}
		parts = append(parts, d.name+"="+v.String())
	}
	return strings.Join(parts, ", ")
}

// layerSpec is a library layer: its PyTorch class name, signature and
// builder.
type layerSpec struct {
	class string
	sig   []argDef
	build func(a *args, m *Module) (*layer, error)
}

var layerSpecs = map[string]*layerSpec{}

func defLayer(class, sig string, build func(a *args, m *Module) (*layer, error)) {
	if _, dup := layerSpecs[class]; dup {
		panic("lang: layer defined twice: " + class)
	}
	layerSpecs[class] = &layerSpec{class: class, sig: parseSig(sig), build: build}
}

// LayerNames lists the library's layer classes.
func LayerNames() []string {
	var ns []string
	for n := range layerSpecs {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

func (s *layerSpec) builtin() *starlark.Builtin {
	return starlark.NewBuiltin(s.class, func(th *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		a, err := bind(s.class, s.sig, pos, kwargs)
		if err != nil {
			return nil, tr.constructError(err)
		}
		m := tr.newModule(s.class, kindLayer)
		l, err := s.build(a, m)
		if err != nil {
			return nil, tr.constructError(err)
		}
		// The module's parameters are found before l.args by Module.Attr.
		l.args = a
		if l.repr == "" {
			l.repr = a.repr()
		}
		m.layer = l
		return m, nil
	})
}

func (tr *tracer) constructError(err error) error {
	if le, ok := err.(*layerErr); ok {
		return tr.errorf("", le.hint, "%s", le.msg)
	}
	return tr.errorf("", "", "%v", err)
}

// newParam adds a trainable parameter (or a buffer) to a layer module.
func (m *Module) newParam(name string, buffer bool, shape ...int64) {
	t := &Tensor{shape: graph.Shape(shape), dtype: "float", producer: -2, tr: m.tr,
		param: &Param{Shape: graph.Shape(shape), Trainable: !buffer, Buffer: buffer}}
	if name == "num_batches_tracked" {
		t.dtype = "long"
	}
	m.addParam(name, t)
}

// needRank checks the input rank.
func (f *fwd) needRank(ranks ...int) error {
	r := len(f.x())
	for _, want := range ranks {
		if r == want {
			return nil
		}
	}
	var ws []string
	for _, w := range ranks {
		ws = append(ws, strconv.Itoa(w))
	}
	return lerr("check the previous layer's output shape; a Flatten may be missing or extra",
		"%s expects a %s-D input, got %d-D %s", f.m.class, strings.Join(ws, "- or "), r, shapeString(f.x()))
}
