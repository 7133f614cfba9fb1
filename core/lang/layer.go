package lang

import (
	"math/bits"
	"strconv"
	"strings"
	"sync"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"

	"go.starlark.net/starlark"
)

// layer is a library layer bound to its constructor arguments.
type layer struct {
	// text is the constructor arguments for display (see args.argText).
	text graph.ArgText
	// attrs are parameters set later by the script (self.weight = ...);
	// args are the bound constructor arguments (in_features, ...). Both
	// are readable from scripts, after the module's own parameters.
	attrs   map[string]starlark.Value
	args    *args
	nonLeaf bool // PyTorch gives it child modules (MultiheadAttention)
	packs   bool // takes a PackedSequence (RNN, GRU, LSTM)
	// The layer's forward: fw if set, else forward. Layers made often
	// (convolutions, norms, activations) use fw, a forwarder that also
	// holds the layer's settings, to save a closure per layer.
	fw      forwarder
	forward func(f *fwd) error
}

// forwarder is a layer's forward: it reads f.in and fills f.
type forwarder interface {
	forward(f *fwd) error
}

// run runs the layer's forward.
func (l *layer) run(f *fwd) error {
	if l.fw != nil {
		return l.fw.forward(f)
	}
	return l.forward(f)
}

// fwd is one call of a layer: its inputs, and what the layer's forward
// function fills in.
type fwd struct {
	tr     *tracer
	m      *Module
	in     []*Tensor
	kwargs []starlark.Tuple
	// packed is a layer call's PackedSequence input (in[0] is its data).
	packed *PackedSeq

	out      []graph.Shape
	outBuf   [3]graph.Shape // room for out (see setOut)
	inBuf    [2]*Tensor     // room for in
	outDType string
	// outLong marks outputs that are int64 whatever outDType says (bit
	// i for output i): the indices of a max pool's return_indices.
	outLong  uint8
	tupleOut bool
	ops      graph.Ops
	formulas graph.Formulas
	q        graph.Quantities
	qset     uint32
	// layer are the node's typed layer attributes (graph.Layer), if any.
	layer graph.Layer
	a     units.Acc
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

// setOut sets the output shapes.
func (f *fwd) setOut(s ...graph.Shape) { f.out = append(f.outBuf[:0], s...) }

// setQ sets quantity q.
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
	tr    *tracer
	class string
	defs  []argDef
	// Bit i of given is set when the call passed defs[i] (a signature
	// has at most maxArgs parameters); vals are the values passed, in the
	// order of defs (see value). The others are the defaults.
	vals  []starlark.Value
	given uint64
}

// value is the bound value of defs[i].
func (a *args) value(i int) starlark.Value {
	if !a.isGiven(i) {
		return a.defs[i].def
	}
	return a.vals[bits.OnesCount64(a.given&(1<<i-1))]
}

// maxArgs is the most parameters a layer signature may have.
const maxArgs = 64

// isGiven reports whether the call passed defs[i].
func (a *args) isGiven(i int) bool { return a.given&(1<<i) != 0 }

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
		return a.value(i), true
	}
	return nil, false
}

// val is the bound value of the parameter name (nil if there is none).
func (a *args) val(name string) starlark.Value {
	v, _ := a.lookup(name)
	return v
}

// bind binds a call's arguments to the signature defs.
func (tr *tracer) bind(class string, defs []argDef, pos starlark.Tuple, kwargs []starlark.Tuple) (*args, error) {
	a := tr.argSets.new()
	a.tr, a.class, a.defs = tr, class, defs
	// vals holds the values passed by position in defs until they are
	// packed into a.vals.
	var buf [16]starlark.Value
	vals := buf[:]
	if len(defs) > len(buf) {
		vals = make([]starlark.Value, len(defs))
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
		return nil, &layerErr{hint: msg.F("%s takes %s", class, sigText(defs)), msg: msg.F("%s takes at most %d positional arguments, got %d", class, len(positional), len(pos))}
	}
	for i, v := range pos {
		vals[i] = v
		a.given |= 1 << i
	}
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		i := a.index(k)
		if i < 0 {
			var names []string
			for _, d := range defs {
				names = append(names, d.name)
			}
			if near := nearestName(k, names); near != "" {
				return nil, &layerErr{hint: msg.F("%s takes %s", class, sigText(defs)), msg: msg.F("%s got an unexpected keyword argument %q (did you mean %s?)", class, k, near)}
			}
			return nil, &layerErr{hint: msg.F("%s takes %s", class, sigText(defs)), msg: msg.F("%s got an unexpected keyword argument %q", class, k)}
		}
		if a.isGiven(i) {
			return nil, lerr("", "%s got multiple values for argument %q", class, k)
		}
		vals[i] = kv[1]
		a.given |= 1 << i
	}
	for i, d := range defs {
		if !a.isGiven(i) && d.def == nil {
			return nil, &layerErr{hint: msg.F("%s takes %s", class, sigText(defs)), msg: msg.F("%s is missing the argument %q", class, d.name)}
		}
	}
	if a.given != 0 {
		a.vals = tr.values.room(bits.OnesCount64(a.given))
		for i := range defs {
			if a.isGiven(i) {
				a.vals = append(a.vals, vals[i])
			}
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
			out := a.tr.dims.room(n)[:n]
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
	out := a.tr.dims.room(n)[:n]
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

// appendRepr appends the arguments as PyTorch prints them, roughly:
// required values first, then the keywords that differ from the
// defaults.
func (a *args) appendRepr(b []byte) []byte {
	parts := 0
	for i, d := range a.defs {
		v := a.value(i)
		if d.name == "device" || d.name == "dtype" {
			continue
		}
		if d.def != nil {
			if !a.isGiven(i) {
				continue
			}
			if sameValue(v, d.def) {
				continue
			}
		}
		if parts > 0 {
			b = append(b, ", "...)
		}
		parts++
		if d.def != nil {
			b = append(append(b, d.name...), '=')
		}
		b = appendValue(b, v)
	}
	return b
}

// ArgText renders the arguments (see appendRepr), for graph.LazyArgs.
// It only reads a, so it may run after the trace and concurrently.
func (a *args) ArgText() string {
	var buf [128]byte
	return string(a.appendRepr(buf[:0]))
}

// argText is the text of the arguments for display. It is rendered on
// demand when every value passed is immutable, so that the text cannot
// change; else (a list the script may append to later) it is rendered
// now, layers built alike sharing one string.
func (a *args) argText() graph.ArgText {
	if a.immutable() {
		return graph.LazyArgs(a)
	}
	var buf [128]byte
	return graph.ArgString(a.tr.intern(a.appendRepr(buf[:0])))
}

// immutable reports whether every value passed is immutable: numbers,
// bools, strings, None, and tuples of these.
func (a *args) immutable() bool {
	for _, v := range a.vals {
		if !immutableValue(v) {
			return false
		}
	}
	return true
}

// immutableValue reports whether v, and so its text, can never change.
func immutableValue(v starlark.Value) bool {
	switch x := v.(type) {
	case starlark.Int, starlark.Float, starlark.Bool, starlark.String, starlark.NoneType:
		return true
	case starlark.Tuple:
		for _, e := range x {
			if !immutableValue(e) {
				return false
			}
		}
		return true
	}
	return false
}

// sameValue reports whether a passed value equals a default, as
// starlark.Equal does, comparing the common ints and bools directly.
func sameValue(v, def starlark.Value) bool {
	switch x := v.(type) {
	case starlark.Int:
		if y, ok := def.(starlark.Int); ok {
			if a, ok := x.Int64(); ok {
				if b, ok := y.Int64(); ok {
					return a == b
				}
			}
		}
	case starlark.Bool:
		if y, ok := def.(starlark.Bool); ok {
			return x == y
		}
	}
	eq, _ := starlark.Equal(v, def)
	return eq
}

// appendValue appends v.String() to b, without building the string for
// the common ints, bools and None.
func appendValue(b []byte, v starlark.Value) []byte {
	switch x := v.(type) {
	case starlark.Int:
		if n, ok := x.Int64(); ok {
			return strconv.AppendInt(b, n, 10)
		}
	case starlark.Bool:
		if x {
			return append(b, "True"...)
		}
		return append(b, "False"...)
	case starlark.NoneType:
		return append(b, "None"...)
	}
	return append(b, v.String()...)
}

// layerSpec is a library layer: its PyTorch class name, signature and
// builder.
type layerSpec struct {
	class string
	// source is the signature as written ("in_features, out_features,
	// bias=True"); args parses it.
	source string
	build  func(a *args, m *Module) (*layer, error)

	parsed sync.Once
	defs   []argDef
}

var layerSpecs = map[string]*layerSpec{}

// defLayer adds a layer to the library; the layer files' init functions
// call it. It is not inlined: some 150 inlined copies of its map insert
// would be code that every start runs once, and that the browser compiles
// before it runs (WebAssembly functions are compiled on first call).
//
//go:noinline
func defLayer(class, sig string, build func(a *args, m *Module) (*layer, error)) {
	if _, dup := layerSpecs[class]; dup {
		panic("lang: layer defined twice: " + class)
	}
	layerSpecs[class] = &layerSpec{class: class, source: sig, build: build}
}

// sig is the layer's signature, parsed the first time a script builds
// the layer, not when the package starts: the library has some 150
// layers and a model uses a few, and parsing them all (their defaults
// are Starlark values) cost every program's start. TestLayerSignatures
// parses every one.
func (s *layerSpec) sig() []argDef {
	s.parsed.Do(func() {
		s.defs = parseSig(s.source)
		if len(s.defs) > maxArgs {
			panic("lang: too many arguments in the signature of " + s.class)
		}
	})
	return s.defs
}

func (s *layerSpec) builtin() *starlark.Builtin {
	return starlark.NewBuiltin(s.class, func(th *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		a, err := tr.bind(s.class, s.sig(), pos, kwargs)
		if err != nil {
			return nil, tr.constructError(s.class, err)
		}
		m := tr.newModule(s.class, kindLayer)
		l, err := s.build(a, m)
		if err != nil {
			return nil, tr.constructError(s.class, err)
		}
		// The module's parameters are found before l.args by Module.Attr.
		l.args = a
		l.text = a.argText()
		m.layer = l
		return m, nil
	})
}

func (tr *tracer) constructError(class string, err error) error {
	if le, ok := err.(*layerErr); ok {
		return tr.errorText("", orSignature(le.hint, class), le.msg)
	}
	return tr.errorText("", orSignature(msg.Text{}, class), starlarkText(err.Error()))
}

// newParam adds a trainable parameter (or a buffer) to a layer module.
// The shape is copied, so callers may pass a temporary.
func (m *Module) newParam(name string, buffer bool, shape ...int64) {
	var s graph.Shape
	var t *Tensor
	if tr := m.tr; tr != nil {
		s = tr.dims.clone(shape)
		t = tr.tensors.new()
		t.shape, t.dtype, t.producer, t.tr = s, "float", -2, tr
		t.param = Param{Trainable: !buffer, Buffer: buffer, is: true}
	} else {
		s = graph.Shape(append([]int64(nil), shape...))
		if len(shape) == 0 {
			s = nil
		}
		t = &Tensor{shape: s, dtype: "float", producer: -2,
			param: Param{Trainable: !buffer, Buffer: buffer, is: true}}
	}
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
	// ws is "2- or 3" ("2 或 3").
	var ws []any
	for i, w := range ranks {
		if i > 0 {
			ws = append(ws, msg.F("- or "))
		}
		ws = append(ws, strconv.Itoa(w))
	}
	return lerr("check the previous layer's output shape; a Flatten may be missing or extra",
		"%s expects a %s-D input, got %d-D %s", f.m.class, msg.Cat(ws...), r, shapeString(f.x()))
}
