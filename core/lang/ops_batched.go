package lang

// ops_batched.go: torch.addmm, torch.baddbmm and torch.addbmm (issue 15,
// item 8): matrix products, batched or not, added to a tensor,
// beta·input + alpha·(mat1 @ mat2).

import (
	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

func init() {
	fnTable["torch.addmm"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return tracerOf(th).addmmCall("torch.addmm", args, kwargs)
	}
	tensorMethods["addmm"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return t.tr.addmmCall("Tensor.addmm", append(starlark.Tuple{t}, args...), kwargs)
	}
	// In place, a call of its own: the tools that count addmm (torch's
	// FlopCounterMode and ptflops' aten backend by aten.addmm, ptflops
	// by torch.Tensor.addmm, fvcore by aten::addmm) do not see addmm_.
	tensorMethods["addmm_"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return t.tr.addmmCall("Tensor.addmm_", append(starlark.Tuple{t}, args...), kwargs)
	}
	for _, name := range []string{"baddbmm", "addbmm"} {
		name := name
		sum := name == "addbmm"
		fnTable["torch."+name] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return tracerOf(th).baddbmmCall("torch."+name, sum, args, kwargs)
		}
		tensorMethods[name] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return t.tr.baddbmmCall("Tensor."+name, sum, append(starlark.Tuple{t}, args...), kwargs)
		}
		// In place, a call of its own, as addmm_: FlopCounterMode's
		// baddbmm formula is registered for aten.baddbmm, not baddbmm_.
		tensorMethods[name+"_"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return t.tr.baddbmmCall("Tensor."+name+"_", sum, append(starlark.Tuple{t}, args...), kwargs)
		}
	}
}

// addmmCall is torch.addmm(input, mat1, mat2, *, beta=1, alpha=1) =
// beta·input + alpha·(mat1 @ mat2), mat1 [n, k] and mat2 [k, m], input
// broadcast to [n, m] (GPT-2's Conv1D: torch.addmm(bias, x, w)). It is
// n·k·m MACs plus one add per output element, none when beta is 0 (then
// PyTorch ignores input), and one mul per output element for an alpha
// other than 1 and one for a beta other than 0 and 1. The node keeps its
// bias adds (graph.QBias) only when beta is not 0; the tools' own rules
// decide what of it they count (torch and fvcore: the product only,
// ptflops: the input's elements unless beta is 0, ptflops' aten backend:
// n·m whatever beta).
func (tr *tracer) addmmCall(op string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var in, x, w *Tensor
	var beta, alpha starlark.Value = starlark.MakeInt(1), starlark.MakeInt(1)
	if len(args) == 3 && len(kwargs) == 0 {
		// The usual call, read without UnpackArgs, which would move its
		// targets to the heap.
		var ok1, ok2, ok3 bool
		in, ok1 = args[0].(*Tensor)
		x, ok2 = args[1].(*Tensor)
		w, ok3 = args[2].(*Tensor)
		if !ok1 || !ok2 || !ok3 {
			in = nil
		}
	}
	if in == nil {
		if err := starlark.UnpackArgs(op, args, kwargs, "input", &in, "mat1", &x, "mat2", &w, "beta?", &beta, "alpha?", &alpha); err != nil {
			return nil, tr.errorf("", "torch.addmm(input, mat1, mat2, beta=1, alpha=1) with mat1 [n, k] and mat2 [k, m]", "%v", errArg(err))
		}
	}
	be, ok1 := starlark.AsFloat(beta)
	al, ok2 := starlark.AsFloat(alpha)
	if !ok1 || !ok2 {
		return nil, tr.errorf("", "beta and alpha are numbers", "%s: beta and alpha must be numbers", op)
	}
	return tr.fnCall(op, []*Tensor{in, x, w}, func(f *fwd) error {
		if len(x.shape) != 2 || len(w.shape) != 2 {
			return lerr("torch.addmm takes matrices: mat1 [n, k] and mat2 [k, m] (torch.baddbmm takes batches)", "mat1 and mat2 must be matrices, got %s and %s", shapeString(x.shape), shapeString(w.shape))
		}
		out, _, n, k, m, err := matmulShape(x.shape, w.shape)
		if err != nil {
			return err
		}
		if got, err := broadcast(in.shape, out); err != nil || !sameShape(got, out) {
			return lerr("input must broadcast to the product's shape", "input %s does not broadcast to %s", shapeString(in.shape), shapeString(out))
		}
		f.setOut(out)
		macs := f.a.Size(n, k, m)
		f.ops.MACs = macs
		f.ops.Add, f.ops.Mul = addScaled(f, be, al, out.Numel())
		f.render(addmmRender, n, k, m)
		f.setQ(graph.QMM, macs)
		f.setQ(graph.QLinearW, macs)
		return nil
	})
}

// addScaled is what beta·input + alpha·product adds to the product's n
// elements: n adds unless beta is 0 (then the node's bias adds,
// graph.QBias, are set), and n muls for an alpha other than 1 and n more
// for a beta other than 0 and 1.
func addScaled(f *fwd, beta, alpha float64, n int64) (add, mul int64) {
	if alpha != 1 {
		mul = n
	}
	if beta != 0 {
		add = n
		f.setQ(graph.QBias, n)
		if beta != 1 {
			mul = f.a.Add(mul, n)
		}
	}
	return add, mul
}

// addmmRender renders torch.addmm's formula: A = n, k, m.
var addmmRender = graph.FormulaFunc(func(nd *graph.Node, key graph.FormulaKey) msg.Text {
	a := &nd.Formulas.A
	switch key {
	case graph.FMACs:
		return msg.F("%d·%d @ %d·%d = %s MACs", a[0], a[1], a[1], a[2], msg.Num(nd.Ops.MACs))
	case graph.FOps:
		return msg.F("%d·%d @ %d·%d = %s MACs; + input: %s adds, scaling by alpha/beta: %s muls", a[0], a[1], a[1], a[2], msg.Num(nd.Ops.MACs), msg.Num(nd.Ops.Add), msg.Num(nd.Ops.Mul))
	}
	return msg.Text{}
})

// baddbmmCall is torch.baddbmm(input, batch1, batch2, *, beta=1,
// alpha=1) = beta·input + alpha·(batch1 @ batch2), batch by batch, and
// (sum) torch.addbmm, whose products are summed over the batch into one
// n×m matrix.
func (tr *tracer) baddbmmCall(op string, sum bool, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var in, b1, b2 *Tensor
	var beta, alpha starlark.Value = starlark.MakeInt(1), starlark.MakeInt(1)
	if err := starlark.UnpackArgs(op, args, kwargs, "input", &in, "batch1", &b1, "batch2", &b2, "beta?", &beta, "alpha?", &alpha); err != nil {
		return nil, tr.errorf("", "torch.baddbmm(input, batch1, batch2, beta=1, alpha=1) with batch1 [b, n, k] and batch2 [b, k, m]", "%v", errArg(err))
	}
	be, ok1 := starlark.AsFloat(beta)
	al, ok2 := starlark.AsFloat(alpha)
	if !ok1 || !ok2 {
		return nil, tr.errorf("", "beta and alpha are numbers", "%s: beta and alpha must be numbers", op)
	}
	return tr.fnCall(op, []*Tensor{in, b1, b2}, func(f *fwd) error {
		x, y := b1.shape, b2.shape
		if len(x) != 3 || len(y) != 3 {
			return lerr("batch1 is [b, n, k] and batch2 [b, k, m]", "3-D batches are needed, got %s and %s", shapeString(x), shapeString(y))
		}
		if x[0] != y[0] || x[2] != y[1] {
			return lerr("batch1 is [b, n, k] and batch2 [b, k, m]", "batches %s and %s do not match", shapeString(x), shapeString(y))
		}
		out := graph.Shape{x[0], x[1], y[2]}
		if sum {
			out = out[1:]
		}
		if got, err := broadcast(in.shape, out); err != nil || !sameShape(got, out) {
			return lerr("input must broadcast to the product's shape", "input %s does not broadcast to %s", shapeString(in.shape), shapeString(out))
		}
		f.setOut(out)
		macs := f.a.Size(x[0], x[1], x[2], y[2])
		f.ops.MACs = macs
		f.ops.Add, f.ops.Mul = addScaled(f, be, al, out.Numel())
		f.setQ(graph.QMM, macs)
		var s int64
		if sum {
			s = 1
		}
		f.render(baddbmmRender, x[0], x[1], x[2], y[2], s)
		return nil
	})
}

// baddbmmRender renders baddbmm's and addbmm's formula: A = b, n, k, m,
// summed over the batch.
var baddbmmRender = graph.FormulaFunc(func(nd *graph.Node, key graph.FormulaKey) msg.Text {
	a := &nd.Formulas.A
	switch key {
	case graph.FMACs:
		return msg.F("%d batch · %d·%d @ %d·%d = %s MACs", a[0], a[1], a[2], a[2], a[3], msg.Num(nd.Ops.MACs))
	case graph.FOps:
		if a[4] != 0 {
			return msg.F("%d batch · %d·%d @ %d·%d = %s MACs, summed over the batch; + input: %s adds, scaling by alpha/beta: %s muls", a[0], a[1], a[2], a[2], a[3], msg.Num(nd.Ops.MACs), msg.Num(nd.Ops.Add), msg.Num(nd.Ops.Mul))
		}
		return msg.F("%d batch · %d·%d @ %d·%d = %s MACs; + input: %s adds, scaling by alpha/beta: %s muls", a[0], a[1], a[2], a[2], a[3], msg.Num(nd.Ops.MACs), msg.Num(nd.Ops.Add), msg.Num(nd.Ops.Mul))
	}
	return msg.Text{}
})
