package lang

import (
	"fmt"
	"sort"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

type moduleKind int

const (
	kindLayer      moduleKind = iota // a library layer: Conv2d, ReLU, ...
	kindSequential                   // Sequential: calls its children in order
	kindList                         // ModuleList: not callable
	kindDict                         // ModuleDict: not callable
	kindCustom                       // Module("Name") with its own forward
)

// Module is an nn.Module instance in a script.
type Module struct {
	tr    *tracer
	class string
	kind  moduleKind
	layer *layer // for kindLayer

	childNames []string
	children   map[string]*Module
	// params are this module's own parameters and buffers, in order.
	paramNames []string
	params     map[string]*Tensor
	attrs      map[string]starlark.Value // other attributes (forward, ints, None)
	attrOrder  []string

	pos    diag.Pos // where the script built it, for calls made from Go
	base   string   // library class a custom module subclasses ("LayerNorm")
	id     int      // index in Graph.Modules, -1 until registered
	path   string
	calls  int
	frozen bool
}

var (
	_ starlark.HasSetField = (*Module)(nil)
	_ starlark.Callable    = (*Module)(nil)
	_ starlark.Indexable   = (*Module)(nil)
	_ starlark.Iterable    = (*Module)(nil)
)

func (tr *tracer) newModule(class string, kind moduleKind) *Module {
	tr.created++
	if tr.created > tr.lim.Modules && tr.err == nil {
		tr.defer_(tr.errorf("", "a real network has at most tens of thousands of modules; look for a loop that runs too often",
			"the script creates more than %d modules", tr.lim.Modules))
	}
	// children, params and attrs are made on first use: most modules are
	// library layers that never get children or attributes.
	return &Module{tr: tr, class: class, kind: kind, id: -1, pos: tr.pos()}
}

func (m *Module) String() string {
	if m.kind == kindLayer && m.layer.repr != "" {
		return m.class + "(" + m.layer.repr + ")"
	}
	return m.class + "()"
}
func (m *Module) Type() string          { return "Module" }
func (m *Module) Freeze()               {}
func (m *Module) Truth() starlark.Bool  { return starlark.True }
func (m *Module) Hash() (uint32, error) { return uint32(uintptr(len(m.class))), nil }
func (m *Module) Name() string          { return m.class }

func (m *Module) addChild(name string, c *Module) {
	if _, ok := m.children[name]; !ok {
		m.childNames = append(m.childNames, name)
	}
	if m.children == nil {
		m.children = map[string]*Module{}
	}
	m.children[name] = c
}

func (m *Module) addParam(name string, t *Tensor) {
	if m.tr != nil && m.tr.err == nil {
		if err := m.tr.checkShape(t.shape, "parameter "+name); err != nil {
			m.tr.defer_(err)
		}
	}
	if _, ok := m.params[name]; !ok {
		m.paramNames = append(m.paramNames, name)
	}
	if m.params == nil {
		m.params = make(map[string]*Tensor, 2)
	}
	m.params[name] = t
}

// Len and Index make containers indexable: seq[0], blocks[-1].
func (m *Module) Len() int { return len(m.childNames) }
func (m *Module) Index(i int) starlark.Value {
	if i < 0 || i >= len(m.childNames) {
		return starlark.None
	}
	return m.children[m.childNames[i]]
}

func (m *Module) Iterate() starlark.Iterator {
	if m.kind == kindDict {
		var keys []starlark.Value
		for _, n := range m.childNames {
			keys = append(keys, starlark.String(n))
		}
		return starlark.NewList(keys).Iterate()
	}
	var vs []starlark.Value
	for _, n := range m.childNames {
		vs = append(vs, m.children[n])
	}
	return starlark.NewList(vs).Iterate()
}

func (m *Module) AttrNames() []string {
	names := append([]string{}, m.childNames...)
	names = append(names, m.paramNames...)
	names = append(names, m.attrOrder...)
	names = append(names, "append", "add_module", "register_buffer", "register_parameter", "children", "named_children", "items", "keys", "values", "extend", "insert")
	sort.Strings(names)
	return names
}

func (m *Module) Attr(name string) (starlark.Value, error) {
	if c, ok := m.children[name]; ok {
		return c, nil
	}
	if p, ok := m.params[name]; ok {
		return p, nil
	}
	if v, ok := m.attrs[name]; ok {
		return v, nil
	}
	if m.kind == kindLayer {
		if v, ok := m.layer.attrs[name]; ok {
			return v, nil
		}
		if v, ok := m.layer.args.lookup(name); ok {
			return v, nil
		}
	}
	switch name {
	case "append", "add_module", "register_buffer", "register_parameter", "children", "named_children", "items", "keys", "values", "extend", "insert", "modules":
		return starlark.NewBuiltin(m.class+"."+name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m.method(name, args, kwargs)
		}), nil
	case "training":
		return starlark.False, nil
	}
	return nil, nil
}

func (m *Module) method(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	switch name {
	case "append":
		var c *Module
		if err := starlark.UnpackPositionalArgs("append", args, kwargs, 1, &c); err != nil {
			return nil, err
		}
		m.addChild(fmt.Sprint(len(m.childNames)), c)
		return m, nil
	case "extend":
		var it starlark.Iterable
		if err := starlark.UnpackPositionalArgs("extend", args, kwargs, 1, &it); err != nil {
			return nil, err
		}
		iter := it.Iterate()
		defer iter.Done()
		var v starlark.Value
		for iter.Next(&v) {
			c, ok := v.(*Module)
			if !ok {
				return nil, fmt.Errorf("extend: %s is not a module", v.Type())
			}
			m.addChild(fmt.Sprint(len(m.childNames)), c)
		}
		return m, nil
	case "add_module":
		var n string
		var c starlark.Value
		if err := starlark.UnpackPositionalArgs("add_module", args, kwargs, 2, &n, &c); err != nil {
			return nil, err
		}
		return starlark.None, m.SetField(n, c)
	case "register_buffer", "register_parameter":
		var n string
		var v starlark.Value
		var persistent starlark.Value
		if err := starlark.UnpackArgs(name, args, kwargs, "name", &n, "tensor", &v, "persistent?", &persistent); err != nil {
			return nil, err
		}
		t, ok := v.(*Tensor)
		if !ok {
			s, err := shapeFromValue(v)
			if err != nil {
				return nil, fmt.Errorf("%s(%q, ...): %v", name, n, err)
			}
			t = &Tensor{shape: s, dtype: "float", producer: -2, tr: m.tr}
		}
		if t.param == nil || name == "register_buffer" {
			t = &Tensor{shape: t.shape, dtype: t.dtype, producer: -2, tr: m.tr,
				param: &Param{Shape: t.shape, Trainable: name == "register_parameter", Buffer: name == "register_buffer"}}
		}
		m.addParam(n, t)
		return starlark.None, nil
	case "children", "values", "modules":
		var vs []starlark.Value
		for _, n := range m.childNames {
			vs = append(vs, m.children[n])
		}
		return starlark.NewList(vs), nil
	case "keys":
		var vs []starlark.Value
		for _, n := range m.childNames {
			vs = append(vs, starlark.String(n))
		}
		return starlark.NewList(vs), nil
	case "named_children", "items":
		var vs []starlark.Value
		for _, n := range m.childNames {
			vs = append(vs, starlark.Tuple{starlark.String(n), m.children[n]})
		}
		return starlark.NewList(vs), nil
	}
	return nil, fmt.Errorf("%s has no method %s", m.class, name)
}

// SetField registers children and parameters like nn.Module.__setattr__.
func (m *Module) SetField(name string, v starlark.Value) error {
	switch x := v.(type) {
	case *Module:
		if x == m {
			return fmt.Errorf("cannot make module %s a child of itself", m.class)
		}
		delete(m.attrs, name)
		m.addChild(name, x)
		return nil
	case *Tensor:
		if x.param == nil {
			return fmt.Errorf("self.%s = <tensor>: only parameters can be stored on a module; wrap the shape in Parameter(...)", name)
		}
		if old, ok := m.params[name]; ok && !sameShape(old.shape, x.shape) {
			return fmt.Errorf("self.%s: shape %s does not match the existing parameter %s", name, shapeString(x.shape), shapeString(old.shape))
		}
		m.addParam(name, x)
		if m.kind == kindLayer {
			if m.layer.attrs == nil {
				m.layer.attrs = map[string]starlark.Value{}
			}
			m.layer.attrs[name] = x
		}
		return nil
	}
	if _, ok := m.children[name]; ok && v == starlark.None {
		// self.downsample = None after it was a module: PyTorch keeps the
		// name registered with None; we drop the child.
		delete(m.children, name)
		for i, n := range m.childNames {
			if n == name {
				m.childNames = append(m.childNames[:i], m.childNames[i+1:]...)
				break
			}
		}
	}
	if _, ok := m.attrs[name]; !ok {
		m.attrOrder = append(m.attrOrder, name)
	}
	if m.attrs == nil {
		m.attrs = map[string]starlark.Value{}
	}
	m.attrs[name] = v
	return nil
}

func sameShape(a, b graph.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// register walks the module tree from the root, giving each module its
// dotted path and its index in Graph.Modules (first registration wins, as
// in PyTorch's named_modules).
func (tr *tracer) register(root *Module) {
	var walk func(m *Module, path string, parent int)
	walk = func(m *Module, path string, parent int) {
		if m.id >= 0 {
			return
		}
		m.id = len(tr.g.Modules)
		m.path = path
		gm := &graph.Module{Path: path, Type: m.class, Parent: parent, Leaf: len(m.childNames) == 0 && (m.kind != kindLayer || !m.layer.nonLeaf)}
		if m.kind == kindLayer {
			gm.Attrs = m.layer.repr
		}
		gm.Params = tr.paramList(m)
		gm.Base = m.base
		tr.g.Modules = append(tr.g.Modules, gm)
		tr.splitOutProj(gm, m.id)
		for _, n := range m.childNames {
			p := n
			if path != "" {
				p = path + "." + n
			}
			walk(m.children[n], p, m.id)
		}
	}
	walk(root, "", -1)
}

// splitOutProj lists MultiheadAttention's out_proj.* parameters under the
// child module PyTorch gives it (NonDynamicallyQuantizableLinear).
func (tr *tracer) splitOutProj(gm *graph.Module, id int) {
	split := false
	for _, p := range gm.Params {
		if strings.HasPrefix(p.Name, "out_proj.") {
			split = true
			break
		}
	}
	if !split {
		return
	}
	var own, child []graph.ParamTensor
	for _, p := range gm.Params {
		if name, ok := strings.CutPrefix(p.Name, "out_proj."); ok {
			p.Name = name
			child = append(child, p)
		} else {
			own = append(own, p)
		}
	}
	if len(child) == 0 {
		return
	}
	gm.Params = own
	gm.Leaf = false
	path := "out_proj"
	if gm.Path != "" {
		path = gm.Path + ".out_proj"
	}
	tr.g.Modules = append(tr.g.Modules, &graph.Module{Path: path, Type: "NonDynamicallyQuantizableLinear", Parent: id, Leaf: true, Params: child})
}

// paramList lists a module's own tensors for the graph, marking those
// already listed by an earlier module as tied.
func (tr *tracer) paramList(m *Module) []graph.ParamTensor {
	if len(m.paramNames) == 0 {
		return nil
	}
	out := make([]graph.ParamTensor, 0, len(m.paramNames))
	for _, n := range m.paramNames {
		t := m.params[n]
		pt := graph.ParamTensor{Name: n, Shape: t.shape, Trainable: t.param.Trainable, Buffer: t.param.Buffer}
		if t.param.listedBy == tr {
			pt.Tied = true
		}
		t.param.listedBy = tr
		out = append(out, pt)
	}
	return out
}

func (m *Module) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	tr := m.tr
	if tr.err != nil {
		return nil, tr.err
	}
	if m.id < 0 {
		// A module made inside forward, or never assigned to the model.
		tr.registerLate(m)
	}
	switch m.kind {
	case kindList, kindDict:
		return nil, tr.errorf(m.path, "call the modules inside it, e.g. for block in self.blocks: x = block(x)", "%s is not callable", m.class)
	case kindLayer:
		return tr.callLayer(m, args, kwargs)
	}
	m.calls++
	tr.scope = append(tr.scope, m)
	defer func() { tr.scope = tr.scope[:len(tr.scope)-1] }()
	if m.kind == kindSequential {
		if len(kwargs) > 0 {
			return nil, tr.errorf(m.path, "", "Sequential takes no keyword arguments")
		}
		var v starlark.Value = args
		if len(args) == 1 {
			v = args[0]
		}
		for _, n := range m.childNames {
			c := m.children[n]
			in, ok := v.(starlark.Tuple)
			if !ok {
				in = starlark.Tuple{v}
			}
			out, err := starlark.Call(th, c, in, nil)
			if err != nil {
				return nil, err
			}
			v = out
		}
		if t, ok := v.(starlark.Tuple); ok && len(args) != 1 && len(m.childNames) == 0 {
			return t, nil
		}
		return v, nil
	}
	forward, ok := m.attrs["forward"]
	if !ok {
		return nil, tr.errorf(m.path, "define def forward(x): ... inside the builder and set self.forward = forward", "%s has no forward", m.class)
	}
	out, err := starlark.Call(th, forward, args, kwargs)
	if err != nil || len(m.childNames) > 0 {
		return out, err
	}
	// A custom module without children is a leaf for PyTorch's hooks:
	// record its call (its own work is in the calls its forward made).
	var ins []*Tensor
	for _, a := range args {
		ins = append(ins, flattenTensors(a)...)
	}
	for _, kv := range kwargs {
		ins = append(ins, flattenTensors(kv[1])...)
	}
	outs := flattenTensors(out)
	tr.scope = tr.scope[:len(tr.scope)-1]
	defer func() { tr.scope = append(tr.scope, m) }()
	n := &graph.Node{Name: m.path, Type: m.class, Call: graph.CallModule, Module: m.id, CallIndex: m.calls - 1}
	n.Explain = leafExplain
	n.SetFormulas(graph.Formulas{Render: leafFormula})
	for _, t := range ins {
		n.Inputs = append(n.Inputs, t.graphTensor())
	}
	if err := tr.addNode(n); err != nil {
		return nil, err
	}
	for _, t := range outs {
		n.Outputs = append(n.Outputs, t.graphTensor())
	}
	if len(outs) > 0 {
		n.SetQ(graph.QOut, outs[0].shape.Numel())
	}
	if len(ins) > 0 {
		in := ins[0].shape.Numel()
		n.SetQ(graph.QIn, in)
		// What a hook on a normalization subclass sees (thop's
		// count_normalization): the input elements, affine when the
		// module holds a weight.
		n.SetQ(graph.QNorm, in)
		var aff int64
		if _, ok := m.params["weight"]; ok {
			aff = in
		}
		n.SetQ(graph.QAffine, aff)
	}
	tr.attachParams(n, m)
	return out, nil
}

// leafExplain explains the quantities of a script module's leaf call.
var leafExplain = constQ{
	graph.QOut:    "output elements",
	graph.QIn:     "input elements",
	graph.QNorm:   "normalized elements",
	graph.QAffine: "elements with an affine transform",
}

func (tr *tracer) registerLate(m *Module) {
	scope := ""
	if s := tr.scopeModule(); s != nil {
		scope = s.path
	}
	base := m.class
	if scope != "" {
		base = scope + "." + m.class
	}
	tr.fnNames["module:"+base]++
	name := base
	if k := tr.fnNames["module:"+base]; k > 1 {
		name = fmt.Sprintf("%s_%d", base, k-1)
	}
	parent := -1
	if s := tr.scopeModule(); s != nil {
		parent = s.id
	}
	var walk func(m *Module, path string, parent int)
	walk = func(m *Module, path string, parent int) {
		if m.id >= 0 {
			return
		}
		m.id = len(tr.g.Modules)
		m.path = path
		gm := &graph.Module{Path: path, Type: m.class, Parent: parent, Leaf: len(m.childNames) == 0 && (m.kind != kindLayer || !m.layer.nonLeaf)}
		gm.Params = tr.paramList(m)
		gm.Base = m.base
		tr.g.Modules = append(tr.g.Modules, gm)
		tr.splitOutProj(gm, m.id)
		for _, n := range m.childNames {
			walk(m.children[n], path+"."+n, m.id)
		}
	}
	walk(m, name, parent)
}

// callLayer runs a library layer and records its node.
func (tr *tracer) callLayer(m *Module, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	l := m.layer
	prev := tr.callee
	tr.callee = m
	defer func() { tr.callee = prev }()
	var ins []*Tensor
	for _, a := range args {
		switch x := a.(type) {
		case *Tensor:
			ins = append(ins, x)
		case starlark.NoneType:
			// optional inputs such as an RNN's h0
		case starlark.Tuple:
			for _, e := range x {
				if t, ok := e.(*Tensor); ok {
					ins = append(ins, t)
				}
			}
		default:
			return nil, tr.errorf(m.path, "layers take tensors", "%s got a %s as input", m.class, a.Type())
		}
	}
	for _, kv := range kwargs {
		if t, ok := kv[1].(*Tensor); ok {
			ins = append(ins, t)
		}
	}
	if len(ins) == 0 {
		return nil, tr.errorf(m.path, "pass the tensor produced by the previous layer", "%s was called without a tensor", m.class)
	}
	f := tr.newFwd()
	f.m, f.in, f.kwargs = m, ins, kwargs
	if err := l.forward(f); err != nil {
		return nil, tr.layerError(m, err)
	}
	if f.a.err != nil {
		return nil, tr.layerError(m, f.a.err)
	}
	n := tr.newNode()
	*n = graph.Node{Name: m.path, Type: m.class, Call: graph.CallModule, Module: m.id, CallIndex: m.calls, Attrs: l.repr}
	m.calls++
	v, err := tr.finishNode(n, f)
	tr.freeFwd(f)
	return v, err
}

// newFwd returns a cleared forward record, reusing one freeFwd returned.
func (tr *tracer) newFwd() *fwd {
	if k := len(tr.fwdFree); k > 0 {
		f := tr.fwdFree[k-1]
		tr.fwdFree = tr.fwdFree[:k-1]
		return f
	}
	return &fwd{tr: tr}
}

// freeFwd clears f for reuse once its node is recorded; nothing may keep
// f (its explain and outputs are copied into the node).
func (tr *tracer) freeFwd(f *fwd) {
	*f = fwd{tr: tr}
	tr.fwdFree = append(tr.fwdFree, f)
}

// newNode returns a zero node, allocated in batches.
func (tr *tracer) newNode() *graph.Node {
	if len(tr.nodeSlab) == 0 {
		tr.nodeSlab = make([]graph.Node, 32)
	}
	n := &tr.nodeSlab[0]
	tr.nodeSlab = tr.nodeSlab[1:]
	return n
}

// tensorRoom returns an empty list of graph tensors with room for k,
// carved from a batch; appending beyond k reallocates.
func (tr *tracer) tensorRoom(k int) []graph.Tensor {
	if k > 32 {
		return make([]graph.Tensor, 0, k)
	}
	l := len(tr.tensorSlab)
	if cap(tr.tensorSlab)-l < k {
		tr.tensorSlab = make([]graph.Tensor, 0, 256)
		l = 0
	}
	tr.tensorSlab = tr.tensorSlab[:l+k]
	return tr.tensorSlab[l : l : l+k]
}

// layerError positions an error raised by a layer.
func (tr *tracer) layerError(m *Module, err error) error {
	if de, ok := err.(*layerErr); ok {
		e := tr.errorf(m.path, de.hint, "%s", de.msg)
		return e
	}
	return tr.errorf(m.path, "", "%s: %v", m.String(), err)
}

// layerErr is an error from a layer's forward with a hint.
type layerErr struct{ msg, hint string }

func (e *layerErr) Error() string { return e.msg }

func lerr(hint, format string, args ...any) error {
	return &layerErr{msg: fmt.Sprintf(format, args...), hint: hint}
}

// finishNode records a node whose forward filled f, and returns the
// output tensor(s).
func (tr *tracer) finishNode(n *graph.Node, f *fwd) (starlark.Value, error) {
	if len(f.in) > 0 {
		n.Inputs = tr.tensorRoom(len(f.in))
	}
	for _, t := range f.in {
		n.Inputs = append(n.Inputs, t.graphTensor())
	}
	if err := tr.addNode(n); err != nil {
		return nil, err
	}
	var outs []starlark.Value
	if len(f.out) > 0 {
		outs = make([]starlark.Value, 0, len(f.out))
	}
	for _, s := range f.out {
		if err := tr.checkShape(s, "output"); err != nil {
			return nil, err
		}
		dt := f.outDType
		if dt == "" {
			dt = "float"
		}
		t := &Tensor{shape: s, dtype: dt, producer: n.ID, tr: tr}
		if n.Outputs == nil {
			n.Outputs = tr.tensorRoom(len(f.out))
		}
		n.Outputs = append(n.Outputs, t.graphTensor())
		outs = append(outs, t)
	}
	n.Ops = f.ops
	n.SetFormulas(f.formulas)
	n.Q, n.QSet = f.q, f.qset
	n.Explain = f.explain
	if n.Explain == nil {
		n.Explain = defaultExplain
	}
	if n.Call == graph.CallModule {
		tr.attachParams(n, f.m)
	}
	if nest := outputNesting[n.Type]; nest != nil && len(outs) == 3 {
		return nest(outs), nil
	}
	if len(outs) == 1 && !f.tupleOut {
		return outs[0], nil
	}
	return starlark.Tuple(outs), nil
}

// attachParams gives a module call its parameters (on the first call) and
// the generic quantities "params", "ti" and "ti_master".
func (tr *tracer) attachParams(n *graph.Node, m *Module) {
	{
		var own int64
		for _, name := range m.paramNames {
			p := m.params[name]
			if p.param.Buffer {
				continue
			}
			own += p.shape.Numel()
		}
		if n.CallIndex == 0 {
			for _, name := range m.paramNames {
				p := m.params[name]
				if p.param.attachedBy == tr {
					continue
				}
				p.param.attachedBy = tr
				if n.Params == nil {
					n.Params = make([]graph.ParamTensor, 0, len(m.paramNames))
				}
				n.Params = append(n.Params, graph.ParamTensor{Name: name, Shape: p.shape, Trainable: p.param.Trainable, Buffer: p.param.Buffer})
			}
		}
		n.SetQ(graph.QParams, own)
		tr.torchinfoQuantities(n, m)
	}
}

// torchinfoQuantities computes torchinfo's per-layer mult-adds from the
// module's own parameters and its output shape (layer_info.py
// calculate_macs): "Conv" classes multiply each weight/bias by N·spatial,
// other weight/bias by N, RNN-style weight_*/bias_* by N·dim1; master
// multiplies Linear by all leading output dims.
func (tr *tracer) torchinfoQuantities(n *graph.Node, m *Module) {
	if len(n.Outputs) == 0 {
		return
	}
	out := n.Outputs[0].Shape
	var a acc
	var ti, tim int64
	for _, name := range m.paramNames {
		p := m.params[name]
		if p.param.Buffer {
			continue
		}
		cnt := p.shape.Numel()
		switch {
		case name == "weight" || name == "bias":
			if strings.Contains(m.class, "Conv") && len(out) >= 2 {
				// N·spatial: the output's dims but the channels.
				sp := out[0]
				for _, d := range out[2:] {
					sp *= d
				}
				v := a.mul(cnt, sp)
				ti = a.add(ti, v)
				tim = a.add(tim, v)
			} else {
				ti = a.add(ti, a.mul(out[0], cnt))
				if strings.Contains(m.class, "Linear") && len(out) >= 1 {
					tim = a.add(tim, a.mul(cnt, out[:len(out)-1].Numel()))
				} else {
					tim = a.add(tim, a.mul(out[0], cnt))
				}
			}
		case strings.Contains(name, "weight") || strings.Contains(name, "bias"):
			d := out[0]
			if len(out) >= 2 {
				d = a.mul(out[0], out[1])
			}
			ti = a.add(ti, a.mul(d, cnt))
			tim = a.add(tim, a.mul(d, cnt))
		}
	}
	if a.err == nil {
		n.SetQ(graph.QTI, ti)
		n.SetQ(graph.QTIMaster, tim)
	}
}

// leafFormula is the formula of a custom leaf module's call.
var leafFormula = graph.FormulaFunc(func(n *graph.Node, k graph.FormulaKey) msg.Text {
	if k == graph.FOps {
		return msg.F("its own work is counted in the calls its forward makes")
	}
	return msg.Text{}
})
