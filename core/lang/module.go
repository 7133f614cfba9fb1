package lang

import (
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

type moduleKind uint8

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
	layer *layer // for kindLayer

	// params are this module's own parameters and buffers, in the order
	// they were set.
	params members[*Tensor]
	// t holds children and attributes, nil until the module has some
	// (most modules are library layers with a few parameters only).
	t *moduleTree

	path  string
	id    int // index in Graph.Modules, -1 until registered
	calls int
	// line and col are where the script built it (see scriptPos).
	line, col int32
	kind      moduleKind
}

// scriptPos is where the script built m, for calls made from Go; Line
// is 0 if unknown.
func (m *Module) scriptPos() diag.Pos {
	return diag.Pos{File: m.tr.file, Line: int(m.line), Col: int(m.col)}
}

// moduleTree is what containers and script modules hold besides
// parameters.
type moduleTree struct {
	// children and attrs (other attributes: forward, ints, None) are
	// kept in the order they were set.
	children members[*Module]
	attrs    members[starlark.Value]
	base     string // library class a custom module subclasses ("LayerNorm")
}

// noTree is the empty tree of modules without one; it is never written.
var noTree moduleTree

// tree is m's children and attributes, to read.
func (m *Module) tree() *moduleTree {
	if m.t == nil {
		return &noTree
	}
	return m.t
}

// ownTree is m's children and attributes, to write.
func (m *Module) ownTree() *moduleTree {
	if m.t == nil {
		if m.tr != nil {
			m.t = m.tr.trees.new()
		} else {
			m.t = new(moduleTree)
		}
	}
	return m.t
}

// member is one named child, parameter or attribute of a module.
type member[V any] struct {
	name string
	v    V
}

// membersIndexed is the size from which members keep a map index: small
// sets are searched linearly, which costs no allocation.
const membersIndexed = 16

// members is an insertion-ordered map from names to values: a list
// searched linearly while short, indexed by a map once it grows (a
// ModuleList of hundreds of blocks).
type members[V any] struct {
	list  []member[V]
	index map[string]int // nil while len(list) < membersIndexed
}

// find is the position of name in the list, or -1.
func (s *members[V]) find(name string) int {
	if s.index != nil {
		if i, ok := s.index[name]; ok {
			return i
		}
		return -1
	}
	for i := range s.list {
		if s.list[i].name == name {
			return i
		}
	}
	return -1
}

// get is the value of name.
func (s *members[V]) get(name string) (V, bool) {
	if i := s.find(name); i >= 0 {
		return s.list[i].v, true
	}
	var zero V
	return zero, false
}

// has reports whether name is set.
func (s *members[V]) has(name string) bool { return s.find(name) >= 0 }

// set sets name to v, keeping its place if it is already set. A longer
// list is carved from ls if it is not nil.
func (s *members[V]) set(name string, v V, ls *listSlab[member[V]]) {
	if i := s.find(name); i >= 0 {
		s.list[i].v = v
		return
	}
	if len(s.list) == cap(s.list) && ls != nil {
		s.list = append(ls.room(max(4, 2*cap(s.list))), s.list...)
	}
	s.list = append(s.list, member[V]{name, v})
	switch {
	case s.index != nil:
		s.index[name] = len(s.list) - 1
	case len(s.list) >= membersIndexed:
		s.reindex()
	}
}

// remove deletes name, keeping the others' order.
func (s *members[V]) remove(name string) {
	i := s.find(name)
	if i < 0 {
		return
	}
	s.list = append(s.list[:i], s.list[i+1:]...)
	if s.index != nil {
		s.reindex()
	}
}

func (s *members[V]) reindex() {
	s.index = make(map[string]int, len(s.list))
	for i, e := range s.list {
		s.index[e.name] = i
	}
}

// names appends the names in order to out.
func (s *members[V]) names(out []string) []string {
	for _, e := range s.list {
		out = append(out, e.name)
	}
	return out
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
	m := tr.modules.new()
	p := tr.pos()
	m.tr, m.class, m.kind, m.id, m.line, m.col = tr, class, kind, -1, int32(p.Line), int32(p.Col)
	return m
}

func (m *Module) String() string {
	if m.kind == kindLayer {
		if t := m.layer.text.String(); t != "" {
			return m.class + "(" + t + ")"
		}
	}
	return m.class + "()"
}
func (m *Module) Type() string          { return "Module" }
func (m *Module) Freeze()               {}
func (m *Module) Truth() starlark.Bool  { return starlark.True }
func (m *Module) Hash() (uint32, error) { return uint32(uintptr(len(m.class))), nil }
func (m *Module) Name() string          { return m.class }

func (m *Module) addChild(name string, c *Module) {
	var ls *listSlab[member[*Module]]
	if m.tr != nil {
		ls = &m.tr.childLists
	}
	m.ownTree().children.set(name, c, ls)
}

// appendChild adds c named by its position, as ModuleList.append does.
func (m *Module) appendChild(c *Module) {
	m.addChild(strconv.Itoa(len(m.tree().children.list)), c)
}

func (m *Module) addParam(name string, t *Tensor) {
	if m.tr != nil && m.tr.err == nil {
		if err := m.tr.checkNamedShape(t.shape, "parameter", name); err != nil {
			m.tr.defer_(err)
		}
	}
	var ls *listSlab[member[*Tensor]]
	if m.tr != nil {
		ls = &m.tr.paramLists
	}
	m.params.set(name, t, ls)
}

// reserveParams makes room for k parameters, for layers that know how
// many they make.
func (m *Module) reserveParams(k int) {
	if m.params.list == nil && m.tr != nil {
		m.params.list = m.tr.paramLists.room(k)
	}
}

// Len and Index make containers indexable: seq[0], blocks[-1].
func (m *Module) Len() int { return len(m.tree().children.list) }
func (m *Module) Index(i int) starlark.Value {
	if i < 0 || i >= len(m.tree().children.list) {
		return starlark.None
	}
	return m.tree().children.list[i].v
}

func (m *Module) Iterate() starlark.Iterator {
	if m.kind == kindDict {
		var keys []starlark.Value
		for _, c := range m.tree().children.list {
			keys = append(keys, starlark.String(c.name))
		}
		return starlark.NewList(keys).Iterate()
	}
	var vs []starlark.Value
	for _, c := range m.tree().children.list {
		vs = append(vs, c.v)
	}
	return starlark.NewList(vs).Iterate()
}

func (m *Module) AttrNames() []string {
	names := m.tree().children.names(nil)
	names = m.params.names(names)
	names = m.tree().attrs.names(names)
	names = append(names, "append", "add_module", "register_buffer", "register_parameter", "children", "named_children", "items", "keys", "values", "extend", "insert")
	sort.Strings(names)
	return names
}

func (m *Module) Attr(name string) (starlark.Value, error) {
	if c, ok := m.tree().children.get(name); ok {
		return c, nil
	}
	if p, ok := m.params.get(name); ok {
		return p, nil
	}
	if v, ok := m.tree().attrs.get(name); ok {
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
		return starlark.NewBuiltin(m.methodName(name), func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m.method(name, args, kwargs)
		}), nil
	case "training":
		return starlark.False, nil
	}
	return nil, nil
}

// methodName is "Class.name", the name of m's method name.
func (m *Module) methodName(name string) string {
	if m.tr == nil {
		return m.class + "." + name
	}
	return m.tr.names.concat(m.class, ".", name)
}

func (m *Module) method(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	switch name {
	case "append":
		var c *Module
		if err := starlark.UnpackPositionalArgs("append", args, kwargs, 1, &c); err != nil {
			return nil, err
		}
		m.appendChild(c)
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
			m.appendChild(c)
		}
		return m, nil
	case "add_module":
		if len(args) == 2 && len(kwargs) == 0 {
			if s, ok := args[0].(starlark.String); ok {
				// The usual call, read without UnpackPositionalArgs,
				// which would allocate its targets.
				return starlark.None, m.SetField(string(s), args[1])
			}
		}
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
		if !t.param.is || name == "register_buffer" {
			t = &Tensor{shape: t.shape, dtype: t.dtype, producer: -2, tr: m.tr,
				param: Param{Trainable: name == "register_parameter", Buffer: name == "register_buffer", is: true}}
		}
		m.addParam(n, t)
		return starlark.None, nil
	case "children", "values", "modules":
		var vs []starlark.Value
		for _, c := range m.tree().children.list {
			vs = append(vs, c.v)
		}
		return starlark.NewList(vs), nil
	case "keys":
		var vs []starlark.Value
		for _, c := range m.tree().children.list {
			vs = append(vs, starlark.String(c.name))
		}
		return starlark.NewList(vs), nil
	case "named_children", "items":
		var vs []starlark.Value
		for _, c := range m.tree().children.list {
			vs = append(vs, starlark.Tuple{starlark.String(c.name), c.v})
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
		m.ownTree().attrs.remove(name)
		m.addChild(name, x)
		return nil
	case *Tensor:
		if !x.param.is {
			return fmt.Errorf("self.%s = <tensor>: only parameters can be stored on a module; wrap the shape in Parameter(...)", name)
		}
		if old, ok := m.params.get(name); ok && !sameShape(old.shape, x.shape) {
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
	if v == starlark.None && m.tree().children.has(name) {
		// self.downsample = None after it was a module: PyTorch keeps the
		// name registered with None; we drop the child.
		m.ownTree().children.remove(name)
	}
	var ls *listSlab[member[starlark.Value]]
	if m.tr != nil {
		ls = &m.tr.attrLists
	}
	m.ownTree().attrs.set(name, v, ls)
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
func (tr *tracer) register(root *Module) { tr.registerTree(root, "", -1, true) }

// registerTree registers m at path and its children below it, unless it
// is registered already. withAttrs gives layers their constructor
// arguments for display.
func (tr *tracer) registerTree(m *Module, path string, parent int, withAttrs bool) {
	if m.id >= 0 {
		return
	}
	m.id = len(tr.g.Modules)
	m.path = path
	gm := tr.graphModules.new()
	gm.Path, gm.Type, gm.Parent = path, m.class, parent
	gm.Leaf = len(m.tree().children.list) == 0 && (m.kind != kindLayer || !m.layer.nonLeaf)
	if withAttrs && m.kind == kindLayer {
		gm.Attrs = m.layer.text
	}
	gm.Params = tr.paramList(m)
	gm.Base = m.tree().base
	tr.g.Modules = append(tr.g.Modules, gm)
	tr.splitOutProj(gm, m.id)
	for _, c := range m.tree().children.list {
		p := c.name
		if path != "" {
			p = tr.names.concat(path, ".", c.name)
		}
		tr.registerTree(c.v, p, m.id, withAttrs)
	}
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
	if len(m.params.list) == 0 {
		return nil
	}
	out := tr.paramTensors.room(len(m.params.list))
	for _, e := range m.params.list {
		t := e.v
		pt := graph.ParamTensor{Name: e.name, Shape: t.shape, Trainable: t.param.Trainable, Buffer: t.param.Buffer}
		if t.param.listed {
			pt.Tied = true
		}
		t.param.listed = true
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
		for _, e := range m.tree().children.list {
			c := e.v
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
		if t, ok := v.(starlark.Tuple); ok && len(args) != 1 && len(m.tree().children.list) == 0 {
			return t, nil
		}
		return v, nil
	}
	forward, ok := m.tree().attrs.get("forward")
	if !ok {
		return nil, tr.errorf(m.path, "define def forward(x): ... inside the builder and set self.forward = forward", "%s has no forward", m.class)
	}
	out, err := starlark.Call(th, forward, args, kwargs)
	if err != nil || len(m.tree().children.list) > 0 {
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
	n := tr.newNode()
	*n = graph.Node{Name: m.path, Type: m.class, Call: graph.CallModule, Module: m.id, CallIndex: m.calls - 1}
	n.Explain = leafExplain
	n.SetFormulas(graph.Formulas{Render: leafFormula})
	// Room for the 4 quantities below and attachParams' 3.
	n.SetQuantities(tr.qvals.room(7), 0)
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
		if m.params.has("weight") {
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
	name := base
	if k := tr.counted([]byte("module:" + base)); k > 0 {
		name = fmt.Sprintf("%s_%d", base, k)
	}
	parent := -1
	if s := tr.scopeModule(); s != nil {
		parent = s.id
	}
	// Modules registered late do not show their constructor arguments.
	tr.registerTree(m, name, parent, false)
}

// callLayer runs a library layer and records its node.
func (tr *tracer) callLayer(m *Module, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	l := m.layer
	prev := tr.callee
	tr.callee = m
	defer func() { tr.callee = prev }()
	f := tr.newFwd()
	ins := f.inBuf[:0]
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
	f.m, f.in, f.kwargs = m, ins, kwargs
	if err := l.run(f); err != nil {
		return nil, tr.layerError(m, err)
	}
	if f.a.err != nil {
		return nil, tr.layerError(m, f.a.err)
	}
	n := tr.newNode()
	n.Name, n.Type, n.Call, n.Module, n.CallIndex, n.Attrs = m.path, m.class, graph.CallModule, m.id, m.calls, l.text
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
func (tr *tracer) newNode() *graph.Node { return tr.nodes.new() }

// tensorRoom returns an empty list of graph tensors with room for k,
// carved from a batch; appending beyond k reallocates.
func (tr *tracer) tensorRoom(k int) []graph.Tensor { return tr.graphTensors.room(k) }

// shareInputs is the length from which nodes' input lists may share
// their backing array (see inputList).
const shareInputs = 4

// inputList lists a call's input tensors for its node. Lists share
// memory where they can: a single input is listed by the node that made
// it, as its output; calls that take a growing list of the same tensors
// (DenseNet's torch.cat(features)) share one backing array, a list that
// extends the previous long one being appended to it. Lists are capped
// at their length, so appending to one copies it.
func (tr *tracer) inputList(ins []*Tensor) []graph.Tensor {
	if len(ins) == 0 {
		return nil
	}
	if p := int(ins[0].producer); len(ins) == 1 && p >= 0 && p < len(tr.g.Nodes) {
		outs := tr.g.Nodes[p].Outputs
		for j := range outs {
			if sameTensors(outs[j:j+1], ins) {
				return outs[j : j+1 : j+1]
			}
		}
	}
	if len(ins) < shareInputs {
		l := tr.tensorRoom(len(ins))
		for _, t := range ins {
			l = append(l, t.graphTensor())
		}
		return l
	}
	l := tr.lastInputs
	if k := len(l); k == 0 || k > len(ins) || cap(l) < len(ins) || !sameTensors(l, ins[:k]) {
		l = make([]graph.Tensor, 0, 2*len(ins))
	}
	for _, t := range ins[len(l):] {
		l = append(l, t.graphTensor())
	}
	tr.lastInputs = l
	return l[:len(l):len(l)]
}

// sameTensors reports whether gs lists the tensors ts (the very shapes).
func sameTensors(gs []graph.Tensor, ts []*Tensor) bool {
	for i, t := range ts {
		g := &gs[i]
		if len(g.Shape) != len(t.shape) || (len(t.shape) > 0 && &g.Shape[0] != &t.shape[0]) ||
			(g.Shape == nil) != (t.shape == nil) || g.DType != t.dtype || g.Producer != int(t.producer) || g.Input != int(t.input) {
			return false
		}
	}
	return true
}

// layerError positions an error raised by a layer.
func (tr *tracer) layerError(m *Module, err error) error {
	if de, ok := err.(*layerErr); ok {
		return tr.errorText(m.path, orSignature(de.hint, m.class), de.msg)
	}
	if de, ok := err.(*diag.Error); ok { // positioned already (a limit)
		if de.Layer == "" {
			de.Layer = m.path
		}
		return de
	}
	return tr.errorText(m.path, orSignature(msg.Text{}, m.class), msg.F("%s: %s", m.String(), err.Error()))
}

// orSignature is hint, or when a layer's error has none, the layer's
// signature: the arguments are what a script can change.
func orSignature(hint msg.Text, class string) msg.Text {
	if !hint.IsZero() {
		return hint
	}
	if s, ok := layerSpecs[class]; ok {
		return msg.F("%s takes %s", class, sigText(s.sig))
	}
	return msg.F("arguments follow PyTorch's signatures")
}

// layerErr is an error from a layer's forward with a hint, both texts in
// any language.
type layerErr struct{ msg, hint msg.Text }

func (e *layerErr) Error() string { return e.msg.String() }

// lerr makes a layer's error; the hint is a literal ("" for none).
func lerr(hint, format string, args ...any) error {
	return &layerErr{msg: msg.F(format, args...), hint: msg.F(hint)}
}

// errArg is err as an argument of a text: a layer error's message, which
// renders in any language, or err itself.
func errArg(err error) any {
	if le, ok := err.(*layerErr); ok {
		return le.msg
	}
	return starlarkText(err.Error())
}

// finishNode records a node whose forward filled f, and returns the
// output tensor(s).
func (tr *tracer) finishNode(n *graph.Node, f *fwd) (starlark.Value, error) {
	n.Inputs = tr.inputList(f.in)
	if err := tr.addNode(n); err != nil {
		return nil, err
	}
	// A single output is returned as is, several as a tuple.
	single := len(f.out) == 1 && !f.tupleOut
	var one starlark.Value
	var outs []starlark.Value
	if len(f.out) > 0 && !single {
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
		t := tr.tensors.new()
		t.shape, t.dtype, t.producer, t.tr = s, dt, int32(n.ID), tr
		if n.Outputs == nil {
			n.Outputs = tr.tensorRoom(len(f.out))
		}
		n.Outputs = append(n.Outputs, t.graphTensor())
		if single {
			one = t
		} else {
			outs = append(outs, t)
		}
	}
	n.Ops = f.ops
	n.SetFormulas(f.formulas)
	tr.quantities(n, f)
	n.Explain = f.explain
	if n.Explain == nil {
		n.Explain = defaultExplain
	}
	if n.Call == graph.CallModule {
		tr.attachParams(n, f.m)
	}
	if len(outs) == 3 {
		if nest := outputNesting[n.Type]; nest != nil {
			return nest(outs), nil
		}
	}
	if single {
		return one, nil
	}
	return starlark.Tuple(outs), nil
}

// moduleQuantities is how many quantities attachParams sets on a module
// call: "params", "ti" and "ti_master".
const moduleQuantities = 3

// quantities stores the quantities f set in n, compactly, with room for
// those attachParams adds to a module call.
func (tr *tracer) quantities(n *graph.Node, f *fwd) {
	k := bits.OnesCount32(f.qset)
	if n.Call == graph.CallModule {
		k += moduleQuantities
	}
	if k == 0 {
		return
	}
	vals := tr.qvals.room(k)
	for set := f.qset; set != 0; set &= set - 1 {
		vals = append(vals, f.q[bits.TrailingZeros32(set)].Value)
	}
	n.SetQuantities(vals, f.qset)
}

// attachParams gives a module call its parameters (on the first call) and
// the generic quantities "params", "ti" and "ti_master".
func (tr *tracer) attachParams(n *graph.Node, m *Module) {
	{
		var own int64
		for _, e := range m.params.list {
			p := e.v
			if p.param.Buffer {
				continue
			}
			own += p.shape.Numel()
		}
		if n.CallIndex == 0 {
			if ps, ok := tr.listedParams(m); ok {
				for _, e := range m.params.list {
					e.v.param.attached = true
				}
				n.Params = ps
			}
			for _, e := range m.params.list {
				p := e.v
				if p.param.attached {
					continue
				}
				p.param.attached = true
				if n.Params == nil {
					n.Params = tr.paramTensors.room(len(m.params.list))
				}
				n.Params = append(n.Params, graph.ParamTensor{Name: e.name, Shape: p.shape, Trainable: p.param.Trainable, Buffer: p.param.Buffer})
			}
		}
		n.SetQ(graph.QParams, own)
		tr.torchinfoQuantities(n, m)
	}
}

// listedParams returns m's list in Graph.Modules when its first call's
// list would equal it (the usual case: nothing of m is tied, attached
// already or changed since it was listed), so that both share it.
func (tr *tracer) listedParams(m *Module) ([]graph.ParamTensor, bool) {
	if m.id < 0 || m.id >= len(tr.g.Modules) || len(m.params.list) == 0 {
		return nil, false
	}
	ps := tr.g.Modules[m.id].Params
	if len(ps) != len(m.params.list) {
		return nil, false
	}
	for i, e := range m.params.list {
		p, t := ps[i], e.v
		if p.Tied || t.param.attached || p.Name != e.name || p.Trainable != t.param.Trainable || p.Buffer != t.param.Buffer ||
			(p.Shape == nil) != (t.shape == nil) || !sameShape(p.Shape, t.shape) {
			return nil, false
		}
	}
	return ps[:len(ps):len(ps)], true
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
	for _, e := range m.params.list {
		name, p := e.name, e.v
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
