package lang

import (
	"strconv"

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
	// training is the module's mode (nn.Module.training), set by
	// train() and eval().
	training bool
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

func (tr *tracer) newModule(class string, kind moduleKind) *Module {
	tr.created++
	if tr.created > tr.lim.Modules && tr.err == nil {
		tr.defer_(tr.errorf("", "a real network has at most tens of thousands of modules; look for a loop that runs too often",
			"the script creates more than %d modules", tr.lim.Modules).WithKind(diag.ErrLimit))
	}
	m := tr.modules.new()
	p := tr.pos()
	m.tr, m.class, m.kind, m.id, m.line, m.col = tr, class, kind, -1, int32(p.Line), int32(p.Col)
	m.training = tr.training
	return m
}

// setTraining puts m and every module under it in train (on) or eval
// mode, as nn.Module.train(mode) does.
func (m *Module) setTraining(on bool) {
	seen := map[*Module]bool{m: true} // a script can make a cycle
	todo := []*Module{m}
	for len(todo) > 0 {
		x := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		x.training = on
		for _, c := range x.tree().children.list {
			if !seen[c.v] {
				seen[c.v] = true
				todo = append(todo, c.v)
			}
		}
	}
}

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

func (m *Module) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	tr := m.tr
	if tr.err != nil {
		return nil, tr.err
	}
	if m.id < 0 {
		// A module made inside forward, or never assigned to the model.
		tr.registerLate(m)
	}
	kind := m.kind
	if kind == kindCustom && !m.tree().attrs.has("forward") {
		// A subclass of a container without its own forward.
		kind = m.container()
	}
	switch kind {
	case kindList, kindDict:
		return nil, tr.errorf(m.path, "call the modules inside it, e.g. for block in self.blocks: x = block(x)", "%s is not callable", m.class)
	case kindLayer:
		return tr.callLayer(m, args, kwargs)
	}
	m.calls++
	tr.scope = append(tr.scope, m)
	defer func() { tr.scope = tr.scope[:len(tr.scope)-1] }()
	if kind == kindSequential {
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
	if err != nil || (len(m.tree().children.list) > 0 && !tr.hasRule(m.class)) {
		return out, err
	}
	// A custom module without children is a leaf for PyTorch's hooks:
	// record its call (its own work is in the calls its forward made).
	// So is one a count_rule names, for the tools' hooks on it.
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
	n.SetFormulas(graph.Formulas{Render: leafFormula})
	// Room for the 4 quantities below and attachParams' 1.
	n.SetQuantities(tr.qvals.room(5), 0)
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

// callLayer runs a library layer and records its node.
func (tr *tracer) callLayer(m *Module, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	l := m.layer
	prev := tr.callee
	tr.callee = m
	defer func() { tr.callee = prev }()
	f := tr.newFwd()
	ins := f.inBuf[:0]
	var packed *PackedSeq
	for i, a := range args {
		switch x := a.(type) {
		case *Tensor:
			ins = append(ins, x)
		case *PackedSeq:
			if i != 0 || !packedLayer(l) {
				return nil, tr.errorf(m.path, "RNN, GRU and LSTM take a PackedSequence; pad_packed_sequence gives back a tensor", "%s got a PackedSequence as input", m.class)
			}
			packed = x
			ins = append(ins, x.data)
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
	f.m, f.in, f.kwargs, f.packed = m, ins, kwargs, packed
	if err := l.run(f); err != nil {
		return nil, tr.layerError(m, err)
	}
	if f.a.Err != nil {
		return nil, tr.layerError(m, countErr(f.a.Err))
	}
	n := tr.newNode()
	n.Name, n.Type, n.Call, n.Module, n.CallIndex, n.Attrs = m.path, m.class, graph.CallModule, m.id, m.calls, l.text
	m.calls++
	v, err := tr.finishNode(n, f)
	tr.freeFwd(f)
	if packed != nil && err == nil {
		v = repack(v, packed)
	}
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

// layerError positions an error raised by a layer.
func (tr *tracer) layerError(m *Module, err error) error {
	path := m.path
	if de, ok := err.(*layerErr); ok {
		return tr.errorText(path, orSignature(de.hint, m.class), de.msg)
	}
	if de, ok := err.(*diag.Error); ok { // positioned already (a limit)
		if de.Layer == "" {
			de.Layer = path
		}
		return de
	}
	return tr.errorText(path, orSignature(msg.Text{}, m.class), msg.F("%s: %s", m.String(), err.Error()))
}

// orSignature is hint, or when a layer's error has none, the layer's
// signature: the arguments are what a script can change.
func orSignature(hint msg.Text, class string) msg.Text {
	if !hint.IsZero() {
		return hint
	}
	if s, ok := layerSpecs[class]; ok {
		return msg.F("%s takes %s", class, sigText(s.sig()))
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
	for i, s := range f.out {
		if err := tr.checkShape(s, "output"); err != nil {
			return nil, err
		}
		dt := f.outDType
		if dt == "" {
			dt = "float"
		}
		if f.outLong&(1<<i) != 0 {
			dt = "long"
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
	n.Layer = f.layer
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

// leafFormula is the formula of a custom leaf module's call.
var leafFormula = graph.FormulaFunc(func(n *graph.Node, k graph.FormulaKey) msg.Text {
	if k == graph.FOps {
		return msg.F("its own work is counted in the calls its forward makes")
	}
	return msg.Text{}
})
