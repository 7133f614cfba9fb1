package lang

// module_register.go: registration, the walk that gives every module
// its dotted path and its entry in Graph.Modules.

import (
	"fmt"

	"floplab/core/graph"
)

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
