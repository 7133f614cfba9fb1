package lang

// module_inputs.go: input sharing, the nodes' input lists that share
// memory where they can.

import (
	"floplab/core/graph"
)

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
