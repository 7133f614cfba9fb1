package lang

import (
	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

// orOpHint is hint, or when a functional call's error has none, where its
// arguments come from.
func orOpHint(hint msg.Text, op string) msg.Text {
	if !hint.IsZero() {
		return hint
	}
	return msg.F("%s's arguments follow PyTorch's; check the shapes and values passed to it", op)
}

// fnCall records a functional or tensor call: op is its display type
// ("F.relu", "Tensor.view", "operator.add"), ins its tensor inputs, and
// fill computes the outputs and counts.
func (tr *tracer) fnCall(op string, ins []*Tensor, fill func(f *fwd) error) (starlark.Value, error) {
	if tr.err != nil {
		return nil, tr.err
	}
	f := tr.newFwd()
	f.in = ins
	if len(ins) > 0 {
		f.outDType = ins[0].dtype
	}
	if err := fill(f); err != nil {
		if le, ok := err.(*layerErr); ok {
			return nil, tr.errorText("", orOpHint(le.hint, op), msg.F("%s: %s", op, le.msg))
		}
		return nil, tr.errorText("", orOpHint(msg.Text{}, op), msg.F("%s: %s", op, err.Error()))
	}
	if f.a.Err != nil {
		return nil, tr.errorText("", orOpHint(msg.Text{}, op), msg.F("%s: %s", op, countErr(f.a.Err).Error()))
	}
	if len(f.out) > 0 && !f.has(graph.QOut) {
		f.setQ(graph.QOut, f.out[0].Numel())
	}
	if len(ins) > 0 && !f.has(graph.QIn) {
		f.setQ(graph.QIn, ins[0].shape.Numel())
	}
	n := tr.newNode()
	n.Name, n.Type, n.Call, n.Module = tr.functionName(op), op, graph.CallFunction, -1
	v, err := tr.finishNode(n, f)
	tr.freeFwd(f)
	return v, err
}

// ---- elementwise ----

type ewCost struct{ add, mul, cmp, exp int64 }

var unaryCosts = map[string]ewCost{
	"relu": {cmp: 1}, "relu6": {cmp: 2}, "hardtanh": {cmp: 2}, "leaky_relu": {cmp: 1, mul: 1},
	"elu": {cmp: 1, exp: 1, mul: 1, add: 1}, "selu": {cmp: 1, exp: 1, mul: 2, add: 1},
	"gelu": {exp: 1, mul: 3, add: 1}, "silu": {exp: 1, add: 1, mul: 2}, "mish": {exp: 3, add: 1, mul: 1},
	"sigmoid": {exp: 1, add: 1, mul: 1}, "tanh": {exp: 1}, "hardswish": {add: 1, cmp: 2, mul: 2},
	"hardsigmoid": {add: 1, cmp: 2, mul: 1}, "softplus": {exp: 2, add: 1, mul: 2},
	"exp": {exp: 1}, "log": {exp: 1}, "sqrt": {exp: 1}, "rsqrt": {exp: 1}, "erf": {exp: 1},
	"sin": {exp: 1}, "cos": {exp: 1}, "abs": {cmp: 1}, "neg": {mul: 1}, "reciprocal": {mul: 1},
	"square": {mul: 1}, "dropout": {}, "clone": {}, "float": {}, "half": {}, "contiguous": {},
	"detach": {}, "clamp": {cmp: 2}, "sign": {cmp: 1}, "floor": {cmp: 1}, "round": {cmp: 1},
}

func (tr *tracer) unary(op, kind string, x *Tensor) (starlark.Value, error) {
	c := unaryCosts[kind]
	return tr.fnCall(op, []*Tensor{x}, func(f *fwd) error {
		f.setOut(x.shape)
		n := x.shape.Numel()
		f.ops = graph.Ops{Add: f.a.Size(n, c.add), Mul: f.a.Size(n, c.mul), Cmp: f.a.Size(n, c.cmp), Exp: f.a.Size(n, c.exp)}
		f.render(ewRender, n, c.add, c.mul, c.cmp, c.exp)
		return nil
	})
}

// broadcast returns the broadcast shape of a and b (NumPy rules).
func broadcast(a, b graph.Shape) (graph.Shape, error) {
	n := max(len(a), len(b))
	out := make(graph.Shape, n)
	for i := 0; i < n; i++ {
		da, db := int64(1), int64(1)
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db, db == 1:
			out[i] = da
		case da == 1:
			out[i] = db
		default:
			return nil, lerr("the shapes must match or be 1 in each dimension (broadcasting)", "shapes %s and %s cannot be broadcast together (dimension %d: %d vs %d)", shapeString(a), shapeString(b), i, da, db)
		}
	}
	return out, nil
}

var binaryCosts = map[string]ewCost{
	"add": {add: 1}, "sub": {add: 1}, "mul": {mul: 1}, "div": {mul: 1}, "floor_divide": {mul: 1},
	"remainder": {mul: 1}, "pow": {exp: 1}, "maximum": {cmp: 1}, "minimum": {cmp: 1},
	"eq": {cmp: 1}, "lt": {cmp: 1}, "gt": {cmp: 1}, "masked_fill": {cmp: 1}, "where": {cmp: 1},
}

// binaryOp applies an elementwise binary op to tensors or numbers.
func (tr *tracer) binaryOp(kind, op string, a, b starlark.Value) (starlark.Value, error) {
	var ins []*Tensor
	shapeOf := func(v starlark.Value) (graph.Shape, error) {
		switch x := v.(type) {
		case *Tensor:
			ins = append(ins, x)
			return x.shape, nil
		case starlark.Int, starlark.Float, starlark.Bool:
			return graph.Shape{}, nil
		}
		return nil, tr.errorf("", "tensors combine with tensors and numbers", "%s: unsupported operand %s", op, v.Type())
	}
	sa, err := shapeOf(a)
	if err != nil {
		return nil, err
	}
	sb, err := shapeOf(b)
	if err != nil {
		return nil, err
	}
	c := binaryCosts[kind]
	return tr.fnCall(op, ins, func(f *fwd) error {
		out, err := broadcast(sa, sb)
		if err != nil {
			return err
		}
		f.setOut(out)
		n := out.Numel()
		f.ops = graph.Ops{Add: f.a.Size(n, c.add), Mul: f.a.Size(n, c.mul), Cmp: f.a.Size(n, c.cmp), Exp: f.a.Size(n, c.exp)}
		f.render(ewRender, n, c.add, c.mul, c.cmp, c.exp)
		if _, ok := a.(*Tensor); !ok {
			f.outDType = "float"
		}
		return nil
	})
}

// ---- matrix products ----

// matmulShape follows torch.matmul's rules; it returns the output shape
// and the MACs count's factors: batch·n·k·m.
func matmulShape(a, b graph.Shape) (graph.Shape, int64, int64, int64, int64, error) {
	if len(a) == 0 || len(b) == 0 {
		return nil, 0, 0, 0, 0, lerr("", "matmul needs tensors of at least 1 dimension")
	}
	a1, b1 := len(a) == 1, len(b) == 1
	if a1 {
		a = graph.Shape{1, a[0]}
	}
	if b1 {
		b = graph.Shape{b[0], 1}
	}
	n, k := a[len(a)-2], a[len(a)-1]
	k2, m := b[len(b)-2], b[len(b)-1]
	if k != k2 {
		return nil, 0, 0, 0, 0, lerr("the last dimension of the left operand must equal the second-to-last of the right one; a transpose may be missing",
			"matmul shapes %s and %s do not match (%d vs %d)", shapeString(a), shapeString(b), k, k2)
	}
	batch, err := broadcast(a[:len(a)-2], b[:len(b)-2])
	if err != nil {
		return nil, 0, 0, 0, 0, err
	}
	out := append(graph.Shape{}, batch...)
	if !a1 {
		out = append(out, n)
	}
	if !b1 {
		out = append(out, m)
	}
	return out, batch.Numel(), n, k, m, nil
}

func (tr *tracer) matmulOp(op string, av, bv starlark.Value) (starlark.Value, error) {
	a, ok1 := av.(*Tensor)
	b, ok2 := bv.(*Tensor)
	if !ok1 || !ok2 {
		return nil, tr.errorf("", "", "%s needs two tensors", op)
	}
	return tr.fnCall(op, []*Tensor{a, b}, func(f *fwd) error {
		out, batch, n, k, m, err := matmulShape(a.shape, b.shape)
		if err != nil {
			return err
		}
		f.setOut(out)
		macs := f.a.Size(batch, n, k, m)
		f.ops.MACs = macs
		f.render(matmulRender, batch, n, k, m)
		f.setQ(graph.QMM, macs)
		return nil
	})
}

// linearOp is F.linear(x, weight, bias).
func (tr *tracer) linearOp(x, w *Tensor, b *Tensor) (starlark.Value, error) {
	ins := []*Tensor{x, w}
	if b != nil {
		ins = append(ins, b)
	}
	return tr.fnCall("F.linear", ins, func(f *fwd) error {
		if len(w.shape) != 2 || len(x.shape) == 0 || x.shape[len(x.shape)-1] != w.shape[1] {
			return lerr("weight is [out_features, in_features]", "F.linear: input %s and weight %s do not match", shapeString(x.shape), shapeString(w.shape))
		}
		out := append(append(graph.Shape{}, x.shape[:len(x.shape)-1]...), w.shape[0])
		f.setOut(out)
		rows := x.shape[:len(x.shape)-1].Numel()
		macs := f.a.Size(rows, w.shape[1], w.shape[0])
		f.ops.MACs = macs
		f.render(linearOpRender, rows, w.shape[1], w.shape[0])
		f.setQ(graph.QMM, macs)
		f.setQ(graph.QLinearW, macs)
		var bias int64
		if b != nil {
			bias = out.Numel()
			f.ops.Add = bias
		}
		f.setQ(graph.QBias, bias)
		return nil
	})
}

// sdpa is F.scaled_dot_product_attention(q, k, v).
func (tr *tracer) sdpa(q, k, v *Tensor) (starlark.Value, error) {
	return tr.fnCall("F.scaled_dot_product_attention", []*Tensor{q, k, v}, func(f *fwd) error {
		if len(q.shape) < 2 || len(k.shape) < 2 || len(v.shape) < 2 {
			return lerr("q, k, v are [..., L, E]", "scaled_dot_product_attention needs inputs of at least 2 dimensions")
		}
		L, E := q.shape[len(q.shape)-2], q.shape[len(q.shape)-1]
		S, Ek := k.shape[len(k.shape)-2], k.shape[len(k.shape)-1]
		Sv, Ev := v.shape[len(v.shape)-2], v.shape[len(v.shape)-1]
		if E != Ek || S != Sv {
			return lerr("q and k share the last dimension; k and v the sequence length", "scaled_dot_product_attention: q %s, k %s, v %s do not match", shapeString(q.shape), shapeString(k.shape), shapeString(v.shape))
		}
		batch, err := broadcast(q.shape[:len(q.shape)-2], k.shape[:len(k.shape)-2])
		if err != nil {
			return err
		}
		out := append(append(graph.Shape{}, batch...), L, Ev)
		f.setOut(out)
		B := batch.Numel()
		qk := f.a.Size(B, L, S, E)
		av := f.a.Size(B, L, S, Ev)
		f.ops.MACs = f.a.Add(qk, av)
		scores := f.a.Size(B, L, S)
		f.ops.Mul = f.a.Add(scores, scores) // scale, divide by the sum
		f.ops.Add = f.a.Size(2, scores)
		f.ops.Cmp = scores
		f.ops.Exp = scores
		f.render(sdpaRender, B, L, S, E, Ev)
		f.setQ(graph.QMM, f.ops.MACs)
		f.setQ(graph.QAttn, f.ops.MACs)
		return nil
	})
}

// ---- shapes ----

// shapeArgs reads view(2, -1) or view((2, -1)).
func shapeArgs(args starlark.Tuple) ([]int64, error) {
	if len(args) == 1 {
		if it, ok := args[0].(starlark.Indexable); ok {
			var out []int64
			for i := 0; i < it.Len(); i++ {
				var n int64
				if err := starlark.AsInt(it.Index(i), &n); err != nil {
					return nil, lerr("", "sizes must be ints")
				}
				out = append(out, n)
			}
			return out, nil
		}
	}
	var out []int64
	for _, a := range args {
		var n int64
		if err := starlark.AsInt(a, &n); err != nil {
			return nil, lerr("", "sizes must be ints, got %s", a.Type())
		}
		out = append(out, n)
	}
	return out, nil
}

func viewShape(x graph.Shape, sizes []int64) (graph.Shape, error) {
	total := x.Numel()
	out := make(graph.Shape, len(sizes))
	infer := -1
	known := int64(1)
	for i, s := range sizes {
		switch {
		case s == -1:
			if infer >= 0 {
				return nil, lerr("", "only one dimension can be inferred (-1)")
			}
			infer = i
		case s < 0:
			return nil, lerr("", "invalid size %d", s)
		default:
			out[i] = s
			known *= s
		}
	}
	if infer >= 0 {
		if known == 0 || total%known != 0 {
			return nil, lerr("the product of the sizes must equal the number of elements", "shape %v is invalid for input of size %d", sizes, total)
		}
		out[infer] = total / known
	} else if known != total {
		return nil, lerr("the product of the sizes must equal the number of elements", "shape %s is invalid for input %s of size %d", shapeString(out), shapeString(x), total)
	}
	return out, nil
}

func (tr *tracer) shapeOp(op string, x *Tensor, compute func() (graph.Shape, error)) (starlark.Value, error) {
	return tr.fnCall(op, []*Tensor{x}, func(f *fwd) error {
		s, err := compute()
		if err != nil {
			return err
		}
		f.setOut(s)
		return nil
	})
}

func permuteShape(x graph.Shape, dims []int64) (graph.Shape, error) {
	if len(dims) != len(x) {
		return nil, lerr("", "permute needs %d dimensions, got %d", len(x), len(dims))
	}
	out := make(graph.Shape, len(x))
	seen := map[int]bool{}
	for i, d := range dims {
		j, err := normDim(d, len(x))
		if err != nil {
			return nil, err
		}
		if seen[j] {
			return nil, lerr("", "permute: repeated dimension %d", d)
		}
		seen[j] = true
		out[i] = x[j]
	}
	return out, nil
}

func transposeShape(x graph.Shape, d0, d1 int64) (graph.Shape, error) {
	i, err := normDim(d0, len(x))
	if err != nil {
		return nil, err
	}
	j, err := normDim(d1, len(x))
	if err != nil {
		return nil, err
	}
	out := append(graph.Shape{}, x...)
	if len(out) == 0 {
		return out, nil // a 0-d tensor transposes to itself, as in torch
	}
	out[i], out[j] = out[j], out[i]
	return out, nil
}

func (tr *tracer) selectOp(x *Tensor, dim, index int64, op string) (*Tensor, error) {
	v, err := tr.fnCall(op, []*Tensor{x}, func(f *fwd) error {
		d, err := normDim(dim, len(x.shape))
		if err != nil {
			return err
		}
		if index < -x.shape[d] || index >= x.shape[d] {
			return lerr("", "index %d is out of range for dimension %d of size %d", index, d, x.shape[d])
		}
		out := append(append(graph.Shape{}, x.shape[:d]...), x.shape[d+1:]...)
		f.setOut(out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*Tensor), nil
}

func (tr *tracer) sliceOp(x *Tensor, dim, start, end, step int64) (*Tensor, error) {
	v, err := tr.fnCall("Tensor.__getitem__", []*Tensor{x}, func(f *fwd) error {
		d, err := normDim(dim, len(x.shape))
		if err != nil {
			return err
		}
		n := int64(0)
		if step > 0 {
			for i := start; i < end && i < x.shape[d]; i += step {
				if i >= 0 {
					n++
				}
			}
		} else if step < 0 {
			for i := start; i > end && i >= 0; i += step {
				if i < x.shape[d] {
					n++
				}
			}
		}
		out := append(graph.Shape{}, x.shape...)
		out[d] = n
		f.setOut(out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*Tensor), nil
}

// catOp concatenates along dim (torch.cat) or stacks on a new dim.
func (tr *tracer) catOp(op string, ts []*Tensor, dim int64, stack bool) (starlark.Value, error) {
	if len(ts) == 0 {
		return nil, tr.errorf("", "", "%s needs at least one tensor", op)
	}
	return tr.fnCall(op, ts, func(f *fwd) error {
		base := ts[0].shape
		rank := len(base)
		if stack {
			rank++
		}
		d, err := normDim(dim, rank)
		if err != nil {
			return err
		}
		out := graph.Shape{}
		if len(base) > 0 {
			out = append(tr.dims.room(len(base)), base...)
		}
		if stack {
			out = append(append(append(graph.Shape{}, base[:d]...), int64(len(ts))), base[d:]...)
		}
		for i, t := range ts[1:] {
			if len(t.shape) != len(base) {
				return lerr("", "tensor %d has %d dimensions, the first has %d", i+1, len(t.shape), len(base))
			}
			for j := range base {
				if stack || j != d {
					if t.shape[j] != base[j] {
						return lerr("all tensors must have the same shape except in the concatenated dimension", "sizes of tensors must match except in dimension %d: %s vs %s", d, shapeString(base), shapeString(t.shape))
					}
				}
			}
			if !stack {
				out[d] += t.shape[d]
			}
		}
		f.setOut(out)
		return nil
	})
}

// splitOp is chunk (n pieces) or split (size or list of sizes).
func (tr *tracer) splitOp(op string, x *Tensor, sizes []int64, chunks int64, dim int64) (starlark.Value, error) {
	return tr.fnCall(op, []*Tensor{x}, func(f *fwd) error {
		d, err := normDim(dim, len(x.shape))
		if err != nil {
			return err
		}
		L := x.shape[d]
		var parts []int64
		switch {
		case chunks > 0:
			size := ceilDiv(L, chunks)
			for s := int64(0); s < L; s += size {
				parts = append(parts, min(size, L-s))
			}
		case len(sizes) == 1:
			if sizes[0] <= 0 {
				return lerr("", "split size must be positive")
			}
			for s := int64(0); s < L; s += sizes[0] {
				parts = append(parts, min(sizes[0], L-s))
			}
		default:
			var sum int64
			for _, s := range sizes {
				sum += s
			}
			if sum != L {
				return lerr("", "split sizes %v do not add up to %d", sizes, L)
			}
			parts = sizes
		}
		for _, p := range parts {
			o := append(graph.Shape{}, x.shape...)
			o[d] = p
			f.out = append(f.out, o)
		}
		f.tupleOut = true
		return nil
	})
}

// reduceOp is mean/sum/amax over dims.
func (tr *tracer) reduceOp(op, kind string, x *Tensor, dims []int64, all, keepdim bool) (starlark.Value, error) {
	return tr.fnCall(op, []*Tensor{x}, func(f *fwd) error {
		red := map[int]bool{}
		if all {
			for i := range x.shape {
				red[i] = true
			}
		}
		for _, d := range dims {
			j, err := normDim(d, len(x.shape))
			if err != nil {
				return err
			}
			red[j] = true
		}
		var out graph.Shape
		for i, s := range x.shape {
			if red[i] {
				if keepdim {
					out = append(out, 1)
				}
				continue
			}
			out = append(out, s)
		}
		f.setOut(out)
		n, o := x.shape.Numel(), out.Numel()
		switch kind {
		case "max", "min", "amax", "amin":
			f.ops.Cmp = n - o
		default:
			f.ops.Add = n - o
			if kind == "mean" {
				f.ops.Mul = o
			}
		}
		f.render(reduceRender, n, o)
		f.formulas.S = kind
		return nil
	})
}

// functionLayer builds the layer class a function runs (F.max_pool2d
// runs MaxPool2d): the call's arguments bound to the class's constructor,
// a module without an id.
func (tr *tracer) functionLayer(op, class string, pos starlark.Tuple, kwargs []starlark.Tuple) (*Module, *layer, error) {
	spec := layerSpecs[class]
	a, err := tr.bind(op, spec.sig(), pos, kwargs)
	if err != nil {
		return nil, nil, tr.constructError(class, err)
	}
	m := &Module{tr: tr, class: class, id: -1}
	l, err := spec.build(a, m)
	if err != nil {
		return nil, nil, tr.constructError(class, err)
	}
	return m, l, nil
}

// poolCall runs a pooling layer's forward as a function (F.max_pool2d, ...).
func (tr *tracer) poolCall(op, class string, x *Tensor, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m, l, err := tr.functionLayer(op, class, pos, kwargs)
	if err != nil {
		return nil, err
	}
	return tr.fnCall(op, []*Tensor{x}, func(f *fwd) error {
		f.m = m
		return l.run(f)
	})
}

func (tr *tracer) constTensor(shape graph.Shape, dtype string) (*Tensor, error) {
	if err := tr.checkShape(shape, "tensor"); err != nil {
		return nil, err
	}
	return &Tensor{shape: shape, dtype: dtype, producer: -3, tr: tr}, nil
}

// matmulRender renders a matmul's formula: A = batch, n, k, m.
var matmulRender = graph.FormulaFunc(func(nd *graph.Node, key graph.FormulaKey) msg.Text {
	if key != graph.FMACs {
		return msg.Text{}
	}
	a := &nd.Formulas.A
	return msg.F("%d batch · %d·%d @ %d·%d = %s MACs", a[0], a[1], a[2], a[2], a[3], msg.Num(nd.Ops.MACs))
})

// linearOpRender renders F.linear's formula: A = rows, in, out.
var linearOpRender = graph.FormulaFunc(func(nd *graph.Node, key graph.FormulaKey) msg.Text {
	if key != graph.FMACs {
		return msg.Text{}
	}
	a := &nd.Formulas.A
	return msg.F("%s rows · %d in · %d out = %s MACs", msg.Num(a[0]), a[1], a[2], msg.Num(nd.Ops.MACs))
})

// sdpaRender renders F.scaled_dot_product_attention's formula: A = B, L,
// S, E, Ev.
var sdpaRender = graph.FormulaFunc(func(nd *graph.Node, key graph.FormulaKey) msg.Text {
	if key != graph.FMACs {
		return msg.Text{}
	}
	a := &nd.Formulas.A
	return msg.F("QKᵀ %d·%d·%d·%d + AV %d·%d·%d·%d = %s MACs", a[0], a[1], a[2], a[3], a[0], a[1], a[2], a[4], msg.Num(nd.Ops.MACs))
})

// reduceRender renders a reduction's formula: A = n, o; S is the kind.
var reduceRender = graph.FormulaFunc(func(nd *graph.Node, key graph.FormulaKey) msg.Text {
	if key != graph.FOps {
		return msg.Text{}
	}
	a := &nd.Formulas.A
	return msg.F("%s of %s elements into %s", nd.Formulas.S, msg.Num(a[0]), msg.Num(a[1]))
})
