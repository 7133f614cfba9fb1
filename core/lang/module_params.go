package lang

// module_params.go: parameter attachment, a module call's parameters
// and its generic quantities.

import (
	"math/bits"

	"floplab/core/graph"
)

// moduleQuantities is how many quantities attachParams sets on a module
// call: "params".
const moduleQuantities = 1

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
// the generic quantity "params".
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
