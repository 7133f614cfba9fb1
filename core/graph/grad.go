package graph

// Grad says which tensors of a traced graph require grad in a training
// step, as PyTorch's autograd decides it: a parameter requires grad
// unless it is frozen (requires_grad False) or a buffer; a model input
// only when asked (a training batch does not); token ids and other
// integer tensors never; a call's outputs when any of its inputs, or any
// trainable parameter of its module, does. The backward pass computes a
// gradient only for what requires grad: FlopCounterMode skips the first
// layer's grad input and the grad weight of a frozen layer, and a frozen
// backbone has no backward at all.
type Grad struct {
	g *Graph
	// InputsRequireGrad is whether the model inputs require grad.
	InputsRequireGrad bool
	// out[i] is whether node i's outputs require grad.
	out []bool
}

// RequiresGrad propagates requires_grad through g in call order.
func RequiresGrad(g *Graph, inputs bool) *Grad {
	r := &Grad{g: g, InputsRequireGrad: inputs, out: make([]bool, len(g.Nodes))}
	for i, n := range g.Nodes {
		if n == nil {
			continue
		}
		rg := r.Trainable(n)
		for _, t := range n.Inputs {
			if rg {
				break
			}
			rg = r.Tensor(t)
		}
		r.out[i] = rg
	}
	return r
}

// Tensor reports whether t requires grad.
func (r *Grad) Tensor(t Tensor) bool {
	if t.DType == "long" {
		return false
	}
	switch {
	case t.Producer == -1:
		return r.InputsRequireGrad
	case t.Producer == -2:
		return !t.NoGrad
	case t.Producer >= 0 && t.Producer < len(r.out):
		return r.out[t.Producer]
	}
	return false // a constant the script made
}

// Input reports whether n's i-th input requires grad (false if n has
// no such input).
func (r *Grad) Input(n *Node, i int) bool {
	return i >= 0 && i < len(n.Inputs) && r.Tensor(n.Inputs[i])
}

// Node reports whether node i's outputs require grad: whether the
// backward pass reaches it.
func (r *Grad) Node(i int) bool { return i >= 0 && i < len(r.out) && r.out[i] }

// Trainable reports whether n is a module call whose module holds a
// trainable parameter.
func (r *Grad) Trainable(n *Node) bool {
	for _, p := range r.moduleParams(n) {
		if p.Trainable && !p.Buffer {
			return true
		}
	}
	return false
}

// Param reports whether n's module holds a trainable parameter named
// name ("weight").
func (r *Grad) Param(n *Node, name string) bool {
	for _, p := range r.moduleParams(n) {
		if p.Name == name {
			return p.Trainable && !p.Buffer
		}
	}
	return false
}

// moduleParams are the parameters a module call's module holds directly.
func (r *Grad) moduleParams(n *Node) []ParamTensor {
	if n.Call != CallModule || n.Module < 0 || n.Module >= len(r.g.Modules) || r.g.Modules[n.Module] == nil {
		return nil
	}
	return r.g.Modules[n.Module].Params
}
