package lang

// ops_batched.go: torch.baddbmm and torch.addbmm (issue 15, item 8):
// batched matrix products added to a tensor.

import (
	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

func init() {
	for _, name := range []string{"baddbmm", "addbmm"} {
		name := name
		sum := name == "addbmm"
		fnTable["torch."+name] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return tracerOf(th).baddbmmCall("torch."+name, sum, args, kwargs)
		}
		method := func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return t.tr.baddbmmCall("Tensor."+name, sum, append(starlark.Tuple{t}, args...), kwargs)
		}
		tensorMethods[name] = method
		tensorMethods[name+"_"] = method
	}
}

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
		n := out.Numel()
		f.ops.MACs = macs
		var scaled int64
		if al != 1 {
			scaled = n
		}
		if be != 0 {
			f.ops.Add = n
			f.setQ(graph.QBias, n)
			if be != 1 {
				scaled = f.a.Add(scaled, n)
			}
		}
		f.ops.Mul = scaled
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
