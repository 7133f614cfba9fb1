package lang

import (
	"fmt"
	"math"

	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

type methodFn func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// tensorMethods are x.view(...), x.mean(...), ...
var tensorMethods = map[string]methodFn{}

// asTensor is v as a tensor, or an error naming it "what" ("input").
func asTensor(tr *tracer, v starlark.Value, what string) (*Tensor, error) {
	return asTensorOf(tr, v, what, "")
}

// asTensorOf is asTensor for an argument named "op what" ("F.relu
// input"), a name built only for the error.
func asTensorOf(tr *tracer, v starlark.Value, op, what string) (*Tensor, error) {
	t, ok := v.(*Tensor)
	if !ok {
		if what != "" {
			op += " " + what
		}
		return nil, tr.errorf("", "", "%s must be a tensor, got %s", op, v.Type())
	}
	return t, nil
}

func tensorList(tr *tracer, v starlark.Value, op string) ([]*Tensor, error) {
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, tr.errorf("", "pass a list or tuple of tensors", "%s takes a sequence of tensors", op)
	}
	var out []*Tensor
	switch l := v.(type) {
	case *starlark.List, starlark.Tuple:
		// Lists and tuples are read in place, without an iterator.
		ix := l.(starlark.Indexable)
		out = tr.tensorLists.room(ix.Len())
		for i := 0; i < ix.Len(); i++ {
			t, err := asTensorOf(tr, ix.Index(i), op, "element")
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		return out, nil
	}
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		t, err := asTensorOf(tr, x, op, "element")
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func intList(v starlark.Value) ([]int64, bool) {
	if it, ok := v.(starlark.Indexable); ok {
		var out []int64
		for i := 0; i < it.Len(); i++ {
			var n int64
			if starlark.AsInt(it.Index(i), &n) != nil {
				return nil, false
			}
			out = append(out, n)
		}
		return out, true
	}
	var n int64
	if starlark.AsInt(v, &n) != nil {
		return nil, false
	}
	return []int64{n}, true
}

// kw finds a keyword argument.
func kw(kwargs []starlark.Tuple, name string) starlark.Value {
	for _, kv := range kwargs {
		if string(kv[0].(starlark.String)) == name {
			return kv[1]
		}
	}
	return nil
}

func defineFunctions() {
	// Unary elementwise functions, as F.x, torch.x and x.x().
	for kind := range unaryCosts {
		kind := kind
		names := []string{"F." + kind, "torch." + kind}
		for _, name := range names {
			name := name
			fnTable[name] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				tr := tracerOf(th)
				if len(args) == 0 {
					return nil, tr.errorf("", "", "%s needs a tensor", name)
				}
				x, err := asTensorOf(tr, args[0], name, "input")
				if err != nil {
					return nil, err
				}
				return tr.unary(name, kind, x)
			}
		}
		tensorMethods[kind] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return t.tr.unary("Tensor."+kind, kind, t)
		}
		tensorMethods[kind+"_"] = tensorMethods[kind]
	}
	fnTable["F.dropout2d"] = fnTable["F.dropout"]
	fnTable["F.relu_"] = fnTable["F.relu"]
	// Binary elementwise functions.
	for kind := range binaryCosts {
		kind := kind
		fnTable["torch."+kind] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			tr := tracerOf(th)
			if len(args) < 2 {
				return nil, tr.errorf("", "", "torch.%s takes two operands", kind)
			}
			return tr.binaryOp(kind, "torch."+kind, args[0], args[1])
		}
		tensorMethods[kind] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) < 1 {
				return nil, t.tr.errorf("", "", "x.%s takes an operand", kind)
			}
			return t.tr.binaryOp(kind, "Tensor."+kind, t, args[0])
		}
		tensorMethods[kind+"_"] = tensorMethods[kind]
	}
	for _, n := range []string{"ne", "le", "ge", "bitwise_or", "bitwise_and", "logical_or", "logical_and"} {
		n := n
		tensorMethods[n] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) < 1 {
				return nil, t.tr.errorf("", "", "x.%s takes an operand", n)
			}
			return t.tr.binaryOp("eq", "Tensor."+n, t, args[0])
		}
		tensorMethods[n+"_"] = tensorMethods[n]
	}
	for _, n := range []string{"fill_", "zero_", "triu", "tril", "triu_", "tril_"} {
		n := n
		tensorMethods[n] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return t.tr.shapeOp("Tensor."+n, t, func() (graph.Shape, error) { return t.shape, nil })
		}
	}
	for _, n := range []string{"triu", "tril"} {
		n := n
		fnTable["torch."+n] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			tr := tracerOf(th)
			if len(args) == 0 {
				return nil, tr.errorf("", "", "torch.%s(x, diagonal=0)", n)
			}
			x, err := asTensor(tr, args[0], "input")
			if err != nil {
				return nil, err
			}
			return tr.shapeOp("torch."+n, x, func() (graph.Shape, error) { return x.shape, nil })
		}
	}
	for _, n := range []string{"new_zeros", "new_ones", "new_empty", "new_full"} {
		n := n
		tensorMethods[n] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			sargs := args
			if n == "new_full" && len(args) > 0 {
				sargs = args[:1]
			}
			sizes, err := shapeArgs(sargs)
			if err != nil {
				return nil, t.tr.errorf("", "", "%s: %v", n, errArg(err))
			}
			return t.tr.constTensor(sizes, t.dtype)
		}
	}
	fnTable["torch.tensor"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		var data, dtype, ignored starlark.Value = nil, starlark.None, nil
		if err := starlark.UnpackArgs("torch.tensor", args, kwargs, "data", &data, "dtype?", &dtype, "device?", &ignored, "requires_grad?", &ignored, "pin_memory?", &ignored); err != nil {
			return nil, tr.errorf("", "torch.tensor(data, dtype=None): data is a number or a (nested) list of numbers", "%v", errArg(err))
		}
		shape, dt, err := tensorData(data)
		if err != nil {
			return nil, tr.errorf("", "torch.tensor(data, dtype=None): data is a number or a (nested) list of numbers", "torch.tensor: %v", err)
		}
		if dtype != starlark.None {
			if dt, err = dtypeArg(dtype); err != nil {
				return nil, tr.errorf("", "dtype is torch.float32, torch.long, torch.bool, ...", "torch.tensor: %v", err)
			}
		}
		t, err := tr.constTensor(shape, dt)
		if err != nil {
			return nil, err
		}
		if len(shape) == 1 {
			if it, ok := data.(starlark.Indexable); ok {
				t.consts = make([]int64, it.Len())
				for i := range t.consts {
					n, err := starlark.AsInt32(it.Index(i))
					if err != nil {
						t.consts = nil
						break
					}
					t.consts[i] = int64(n)
				}
			}
		}
		return t, nil
	}
	tensorMethods["masked_fill"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) < 1 {
			return nil, t.tr.errorf("", "", "masked_fill(mask, value)")
		}
		return t.tr.binaryOp("masked_fill", "Tensor.masked_fill", t, args[0])
	}
	fnTable["torch.where"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		if len(args) != 3 {
			return nil, tr.errorf("", "", "torch.where(condition, x, y)")
		}
		return tr.binaryOp("where", "torch.where", args[1], args[2])
	}
	for _, name := range []string{"torch.matmul", "torch.mm", "torch.bmm"} {
		name := name
		fnTable[name] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			tr := tracerOf(th)
			if len(args) != 2 {
				return nil, tr.errorf("", "", "%s takes two tensors", name)
			}
			return tr.matmulOp(name, args[0], args[1])
		}
	}
	for _, name := range []string{"matmul", "mm", "bmm"} {
		name := name
		tensorMethods[name] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) != 1 {
				return nil, t.tr.errorf("", "", "x.%s takes one tensor", name)
			}
			return t.tr.matmulOp("Tensor."+name, t, args[0])
		}
	}
	fnTable["F.linear"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		var x, w *Tensor
		var bias starlark.Value = starlark.None
		if err := starlark.UnpackArgs("F.linear", args, kwargs, "input", &x, "weight", &w, "bias?", &bias); err != nil {
			return nil, tr.errorf("", "F.linear(input, weight, bias=None)", "%v", errArg(err))
		}
		var bt *Tensor
		if t, ok := bias.(*Tensor); ok {
			bt = t
		}
		return tr.linearOp(x, w, bt)
	}
	fnTable["F.scaled_dot_product_attention"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		var q, k, v *Tensor
		var mask, drop, causal, scale, gqa starlark.Value
		if err := starlark.UnpackArgs("F.scaled_dot_product_attention", args, kwargs, "query", &q, "key", &k, "value", &v, "attn_mask?", &mask, "dropout_p?", &drop, "is_causal?", &causal, "scale?", &scale, "enable_gqa?", &gqa); err != nil {
			return nil, tr.errorf("", "F.scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False)", "%v", errArg(err))
		}
		return tr.sdpa(q, k, v)
	}
	softmax := func(name string) builtinFn {
		return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			tr := tracerOf(th)
			var x *Tensor
			var dim starlark.Value = starlark.MakeInt(-1)
			var dtype starlark.Value
			if err := starlark.UnpackArgs(name, args, kwargs, "input", &x, "dim?", &dim, "dtype?", &dtype, "_stacklevel?", &dtype); err != nil {
				return nil, tr.errorText("", msg.F("%s(x, dim)", name), msg.F("%v", errArg(err)))
			}
			var d int64
			if err := starlark.AsInt(dim, &d); err != nil {
				return nil, tr.errorf("", "", "%s: dim must be an int", name)
			}
			return tr.fnCall(name, []*Tensor{x}, func(f *fwd) error {
				dd, err := normDim(d, len(x.shape))
				if err != nil {
					return err
				}
				f.setOut(x.shape)
				softmaxOps(f, x.shape, dd)
				return nil
			})
		}
	}
	for _, n := range []string{"F.softmax", "F.log_softmax", "torch.softmax", "torch.log_softmax"} {
		fnTable[n] = softmax(n)
	}
	for _, n := range []string{"softmax", "log_softmax"} {
		n := n
		tensorMethods[n] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return softmax("Tensor."+n)(th, nil, append(starlark.Tuple{t}, args...), kwargs)
		}
	}
	// Pooling functions reuse the layers' forward.
	for nd := 1; nd <= 3; nd++ {
		for _, p := range []struct{ fn, class string }{
			{"max_pool%dd", "MaxPool%dd"}, {"avg_pool%dd", "AvgPool%dd"},
			{"adaptive_avg_pool%dd", "AdaptiveAvgPool%dd"}, {"adaptive_max_pool%dd", "AdaptiveMaxPool%dd"},
		} {
			name := "F." + fmt.Sprintf(p.fn, nd)
			class := fmt.Sprintf(p.class, nd)
			fnTable[name] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				tr := tracerOf(th)
				if len(args) == 0 {
					return nil, tr.errorf("", "", "%s needs a tensor", name)
				}
				x, err := asTensorOf(tr, args[0], name, "input")
				if err != nil {
					return nil, err
				}
				return tr.poolCall(name, class, x, args[1:], kwargs)
			}
		}
	}
	fnTable["F.interpolate"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		var x *Tensor
		var size, scale, align, rsf, aa starlark.Value
		mode := "nearest"
		if err := starlark.UnpackArgs("F.interpolate", args, kwargs, "input", &x, "size?", &size, "scale_factor?", &scale, "mode?", &mode, "align_corners?", &align, "recompute_scale_factor?", &rsf, "antialias?", &aa); err != nil {
			return nil, tr.errorf("", "F.interpolate(x, size=None, scale_factor=None, mode='nearest')", "%v", errArg(err))
		}
		return tr.fnCall("F.interpolate", []*Tensor{x}, func(f *fwd) error {
			out, err := resizeShape(x.shape, size, scale)
			if err != nil {
				return err
			}
			f.setOut(out)
			interpOps(f, x.shape, out, mode, size, scale)
			return nil
		})
	}
	fnTable["F.upsample"] = fnTable["F.interpolate"]
	fnTable["F.pad"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		var x *Tensor
		var pad, mode, value starlark.Value
		if err := starlark.UnpackArgs("F.pad", args, kwargs, "input", &x, "pad", &pad, "mode?", &mode, "value?", &value); err != nil {
			return nil, tr.errorf("", "F.pad(x, (left, right, top, bottom))", "%v", errArg(err))
		}
		pads, ok := intList(pad)
		if !ok {
			return nil, tr.errorf("", "", "F.pad: pad must be a tuple of ints")
		}
		return tr.shapeOp("F.pad", x, func() (graph.Shape, error) { return padShape(x.shape, pads) })
	}
	fnTable["F.layer_norm"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		var x *Tensor
		var shape, w, bias, eps starlark.Value
		if err := starlark.UnpackArgs("F.layer_norm", args, kwargs, "input", &x, "normalized_shape", &shape, "weight?", &w, "bias?", &bias, "eps?", &eps); err != nil {
			return nil, tr.errorf("", "F.layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-05)", "%v", errArg(err))
		}
		ns, err := shapeFromValue(shape)
		if err != nil {
			return nil, tr.errorf("", "", "F.layer_norm: %v", errArg(err))
		}
		_, affine := w.(*Tensor)
		return tr.fnCall("F.layer_norm", []*Tensor{x}, func(f *fwd) error {
			if len(x.shape) < len(ns) || !sameShape(x.shape[len(x.shape)-len(ns):], ns) {
				return lerr("", "normalized_shape %s does not match input %s", shapeString(ns), shapeString(x.shape))
			}
			f.setOut(x.shape)
			normOps(f, x.shape.Numel(), ns.Numel(), affine, "layer norm")
			return nil
		})
	}
	fnTable["torch.flatten"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		var x *Tensor
		var start, end int64 = 0, -1
		if err := starlark.UnpackArgs("torch.flatten", args, kwargs, "input", &x, "start_dim?", &start, "end_dim?", &end); err != nil {
			return nil, tr.errorf("", "torch.flatten(x, start_dim=0, end_dim=-1)", "%v", errArg(err))
		}
		return tr.shapeOp("torch.flatten", x, func() (graph.Shape, error) { return flattenShape(x.shape, start, end) })
	}
	tensorMethods["flatten"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var start, end int64 = 0, -1
		if err := starlark.UnpackArgs("flatten", args, kwargs, "start_dim?", &start, "end_dim?", &end); err != nil {
			return nil, t.tr.errorf("", "x.flatten(start_dim=0, end_dim=-1)", "%v", errArg(err))
		}
		return t.tr.shapeOp("Tensor.flatten", t, func() (graph.Shape, error) { return flattenShape(t.shape, start, end) })
	}
	for _, n := range []string{"view", "reshape"} {
		n := n
		tensorMethods[n] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			sizes, err := shapeArgs(args)
			if err != nil {
				return nil, t.tr.errorf("", "x.view(2, -1) or x.view((2, -1))", "%s: %v", n, errArg(err))
			}
			return t.tr.shapeOp("Tensor."+n, t, func() (graph.Shape, error) { return viewShape(t.shape, sizes) })
		}
	}
	fnTable["torch.reshape"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		if len(args) != 2 {
			return nil, tr.errorf("", "", "torch.reshape(x, shape)")
		}
		x, err := asTensor(tr, args[0], "input")
		if err != nil {
			return nil, err
		}
		return tensorMethods["reshape"](th, x, args[1:], nil)
	}
	tensorMethods["view_as"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) != 1 {
			return nil, t.tr.errorf("", "", "x.view_as(other)")
		}
		o, err := asTensor(t.tr, args[0], "other")
		if err != nil {
			return nil, err
		}
		return t.tr.shapeOp("Tensor.view_as", t, func() (graph.Shape, error) { return viewShape(t.shape, o.shape) })
	}
	tensorMethods["permute"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		dims, err := shapeArgs(args)
		if err != nil {
			return nil, t.tr.errorf("", "", "permute: %v", errArg(err))
		}
		return t.tr.shapeOp("Tensor.permute", t, func() (graph.Shape, error) { return permuteShape(t.shape, dims) })
	}
	fnTable["torch.permute"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		if len(args) < 2 {
			return nil, tr.errorf("", "", "torch.permute(x, dims)")
		}
		x, err := asTensor(tr, args[0], "input")
		if err != nil {
			return nil, err
		}
		dims, err := shapeArgs(args[1:])
		if err != nil {
			return nil, tr.errorf("", "", "torch.permute: %v", errArg(err))
		}
		return tr.shapeOp("torch.permute", x, func() (graph.Shape, error) { return permuteShape(x.shape, dims) })
	}
	transpose := func(op string) methodFn {
		return func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var d0, d1 int64
			if err := starlark.UnpackPositionalArgs(op, args, kwargs, 2, &d0, &d1); err != nil {
				return nil, t.tr.errorf("", "x.transpose(dim0, dim1)", "%v", errArg(err))
			}
			return t.tr.shapeOp(op, t, func() (graph.Shape, error) { return transposeShape(t.shape, d0, d1) })
		}
	}
	tensorMethods["transpose"] = transpose("Tensor.transpose")
	fnTable["torch.transpose"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		if len(args) != 3 {
			return nil, tr.errorf("", "", "torch.transpose(x, dim0, dim1)")
		}
		x, err := asTensor(tr, args[0], "input")
		if err != nil {
			return nil, err
		}
		return transpose("torch.transpose")(th, x, args[1:], kwargs)
	}
	tensorMethods["t"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return transpose("Tensor.t")(th, t, starlark.Tuple{starlark.MakeInt(0), starlark.MakeInt(-1)}, nil)
	}
	tensorMethods["unsqueeze"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var d int64
		if err := starlark.UnpackPositionalArgs("unsqueeze", args, kwargs, 1, &d); err != nil {
			return nil, t.tr.errorf("", "", "%v", errArg(err))
		}
		return t.tr.shapeOp("Tensor.unsqueeze", t, func() (graph.Shape, error) {
			i, err := normDim(d, len(t.shape)+1)
			if err != nil {
				return nil, err
			}
			return append(append(append(graph.Shape{}, t.shape[:i]...), 1), t.shape[i:]...), nil
		})
	}
	tensorMethods["squeeze"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var dv starlark.Value = starlark.None
		if err := starlark.UnpackPositionalArgs("squeeze", args, kwargs, 0, &dv); err != nil {
			return nil, t.tr.errorf("", "", "%v", errArg(err))
		}
		return t.tr.shapeOp("Tensor.squeeze", t, func() (graph.Shape, error) {
			var out graph.Shape
			sel := -1
			if dv != starlark.None {
				var d int64
				if err := starlark.AsInt(dv, &d); err != nil {
					return nil, lerr("", "squeeze: dim must be an int")
				}
				i, err := normDim(d, len(t.shape))
				if err != nil {
					return nil, err
				}
				sel = i
			}
			for i, s := range t.shape {
				if s == 1 && (sel < 0 || sel == i) {
					continue
				}
				out = append(out, s)
			}
			return out, nil
		})
	}
	tensorMethods["expand"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		sizes, err := shapeArgs(args)
		if err != nil {
			return nil, t.tr.errorf("", "", "expand: %v", errArg(err))
		}
		return t.tr.shapeOp("Tensor.expand", t, func() (graph.Shape, error) {
			if len(sizes) < len(t.shape) {
				return nil, lerr("", "expand: %d sizes for a %d-D tensor", len(sizes), len(t.shape))
			}
			out := leadingOnes(t.shape, len(sizes))
			for i, s := range sizes {
				switch cur := out[i]; {
				case s == -1: // keep the size
				case cur == 1 || cur == s:
					out[i] = s
				default:
					return nil, lerr("", "expand: size %d does not match %d in dimension %d", s, cur, i)
				}
			}
			return out, nil
		})
	}
	tensorMethods["repeat"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		reps, err := shapeArgs(args)
		if err != nil {
			return nil, t.tr.errorf("", "", "repeat: %v", errArg(err))
		}
		return t.tr.shapeOp("Tensor.repeat", t, func() (graph.Shape, error) {
			if len(reps) < len(t.shape) {
				return nil, lerr("", "repeat: %d repeats for a %d-D tensor", len(reps), len(t.shape))
			}
			out := leadingOnes(t.shape, len(reps))
			for i, r := range reps {
				out[i] *= r
			}
			return out, nil
		})
	}
	for _, n := range []string{"to", "type_as", "type", "float", "half", "bfloat16", "double", "long", "int", "bool", "cpu", "cuda"} {
		n := n
		tensorMethods[n] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			dt := t.dtype
			switch n {
			case "long", "int", "bool":
				dt = "long"
			case "float", "half", "bfloat16", "double":
				dt = "float"
			case "to", "type", "type_as":
				// x.to(torch.long), x.to("cuda", torch.float16),
				// x.to(dtype=...), x.to(other), x.type(torch.long),
				// x.type_as(other): the dtype named or the other's.
				for _, a := range args {
					dt = castTo(a, dt)
				}
				for _, kv := range kwargs {
					if k, _ := kv[0].(starlark.String); k == "dtype" || k == "other" {
						dt = castTo(kv[1], dt)
					}
				}
			}
			if dt != t.dtype {
				return &Tensor{shape: t.shape, dtype: dt, producer: t.producer, input: t.input, tr: t.tr, consts: t.consts}, nil
			}
			return t, nil
		}
	}
	fnTable["torch.roll"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		if len(args) == 0 {
			return nil, tr.errorf("", "", "torch.roll(x, shifts, dims)")
		}
		x, err := asTensor(tr, args[0], "input")
		if err != nil {
			return nil, err
		}
		return tr.shapeOp("torch.roll", x, func() (graph.Shape, error) { return x.shape, nil })
	}
	fnTable["torch.cat"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		seq, dim, err := unpackCat(args, kwargs)
		if err != nil {
			return nil, tr.errorf("", "torch.cat([a, b], dim=1)", "%v", errArg(err))
		}
		ts, err := tensorList(tr, seq, "torch.cat")
		if err != nil {
			return nil, err
		}
		return tr.catOp("torch.cat", ts, dim, false)
	}
	fnTable["torch.concat"] = fnTable["torch.cat"]
	fnTable["torch.stack"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		var seq starlark.Value
		var dim int64
		if err := starlark.UnpackArgs("torch.stack", args, kwargs, "tensors", &seq, "dim?", &dim); err != nil {
			return nil, tr.errorf("", "torch.stack([a, b], dim=0)", "%v", errArg(err))
		}
		ts, err := tensorList(tr, seq, "torch.stack")
		if err != nil {
			return nil, err
		}
		return tr.catOp("torch.stack", ts, dim, true)
	}
	chunk := func(op string) methodFn {
		return func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var n, dim int64 = 0, 0
			if err := starlark.UnpackArgs(op, args, kwargs, "chunks", &n, "dim?", &dim); err != nil {
				return nil, t.tr.errorf("", "x.chunk(chunks, dim=0)", "%v", errArg(err))
			}
			if n <= 0 {
				return nil, t.tr.errorf("", "", "chunk: chunks must be positive")
			}
			return t.tr.splitOp(op, t, nil, n, dim)
		}
	}
	split := func(op string) methodFn {
		return func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var sz starlark.Value
			var dim int64
			if err := starlark.UnpackArgs(op, args, kwargs, "split_size_or_sections", &sz, "dim?", &dim); err != nil {
				return nil, t.tr.errorf("", "x.split(size, dim=0)", "%v", errArg(err))
			}
			sizes, ok := intList(sz)
			if !ok {
				return nil, t.tr.errorf("", "", "split: sizes must be ints")
			}
			return t.tr.splitOp(op, t, sizes, 0, dim)
		}
	}
	tensorMethods["chunk"] = chunk("Tensor.chunk")
	tensorMethods["split"] = split("Tensor.split")
	withTensor := func(name string, m methodFn) builtinFn {
		return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			tr := tracerOf(th)
			if len(args) == 0 {
				return nil, tr.errorf("", "", "%s needs a tensor", name)
			}
			x, err := asTensorOf(tr, args[0], name, "input")
			if err != nil {
				return nil, err
			}
			return m(th, x, args[1:], kwargs)
		}
	}
	fnTable["torch.chunk"] = withTensor("torch.chunk", chunk("torch.chunk"))
	fnTable["torch.split"] = withTensor("torch.split", split("torch.split"))
	for _, kind := range []string{"mean", "sum", "amax", "amin", "max", "min", "prod", "var", "std"} {
		kind := kind
		m := func(op string) methodFn {
			return func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				var dim starlark.Value = starlark.None
				keep := false
				var dtype starlark.Value
				if err := starlark.UnpackArgs(op, args, kwargs, "dim?", &dim, "keepdim?", &keep, "dtype?", &dtype); err != nil {
					return nil, t.tr.errorf("", "x.mean(dim, keepdim=False)", "%v", errArg(err))
				}
				if dim == starlark.None {
					return t.tr.reduceOp(op, kind, t, nil, true, keep)
				}
				dims, ok := intList(dim)
				if !ok {
					return nil, t.tr.errorf("", "", "%s: dim must be an int or a tuple of ints", op)
				}
				return t.tr.reduceOp(op, kind, t, dims, false, keep)
			}
		}
		tensorMethods[kind] = m("Tensor." + kind)
		fnTable["torch."+kind] = withTensor("torch."+kind, m("torch."+kind))
	}
	tensorMethods["select"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var d, i int64
		if err := starlark.UnpackPositionalArgs("select", args, kwargs, 2, &d, &i); err != nil {
			return nil, t.tr.errorf("", "x.select(dim, index)", "%v", errArg(err))
		}
		return t.tr.selectOp(t, d, i, "Tensor.select")
	}
	tensorMethods["narrow"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var d, s, l int64
		if err := starlark.UnpackPositionalArgs("narrow", args, kwargs, 3, &d, &s, &l); err != nil {
			return nil, t.tr.errorf("", "x.narrow(dim, start, length)", "%v", errArg(err))
		}
		return t.tr.sliceOp(t, d, s, s+l, 1)
	}
	tensorMethods["size"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 0 {
			return shapeTuple(t.shape), nil
		}
		var d int64
		if err := starlark.AsInt(args[0], &d); err != nil {
			return nil, t.tr.errorf("", "", "size: dim must be an int")
		}
		i, err := normDim(d, len(t.shape))
		if err != nil {
			return nil, t.tr.errorf("", "", "size: %v", errArg(err))
		}
		return starlark.MakeInt64(t.shape[i]), nil
	}
	tensorMethods["dim"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return starlark.MakeInt(len(t.shape)), nil
	}
	tensorMethods["numel"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return starlark.MakeInt64(t.shape.Numel()), nil
	}
	// torch.zeros_like(t, dtype=None) and the like: t's shape, its dtype
	// unless dtype is given; torch.randint(low=0, high, size) is int64.
	for _, n := range []string{"zeros_like", "ones_like", "empty_like", "full_like", "rand_like", "randn_like", "randint"} {
		n := n
		fnTable["torch."+n] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			tr := tracerOf(th)
			var shape graph.Shape
			var dtype string
			if n == "randint" {
				if len(args) < 2 || len(args) > 3 {
					return nil, tr.errorf("", "torch.randint(low=0, high, size)", "torch.randint takes high and size, or low, high and size")
				}
				sizes, err := shapeArgs(args[len(args)-1:])
				if err != nil {
					return nil, tr.errorf("", "torch.randint(low=0, high, size)", "torch.randint: %v", errArg(err))
				}
				shape, dtype = sizes, "long"
			} else {
				if len(args) == 0 {
					return nil, tr.errorf("", "torch.zeros_like(x)", "torch.%s takes a tensor", n)
				}
				t, ok := args[0].(*Tensor)
				if !ok {
					return nil, tr.errorf("", "torch.zeros_like(x)", "torch.%s takes a tensor, not %s", n, args[0].Type())
				}
				shape, dtype = t.shape, t.dtype
			}
			if v := kw(kwargs, "dtype"); v != nil && v != starlark.None {
				d, err := dtypeArg(v)
				if err != nil {
					return nil, tr.errorf("", "dtype is torch.float32, torch.long, torch.bool, ...", "torch.%s: %v", n, err)
				}
				dtype = d
			}
			return tr.constTensor(shape, dtype)
		}
	}
	// Constructors of constant tensors (masks, positions): no node.
	for _, n := range []string{"zeros", "ones", "randn", "rand", "empty", "full", "arange"} {
		n := n
		fnTable["torch."+n] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			tr := tracerOf(th)
			dtype := "float"
			if v := kw(kwargs, "dtype"); v != nil {
				if s, ok := starlark.AsString(v); ok {
					dtype = s
				}
			}
			if n == "arange" {
				return tr.arange(args, kwargs)
			}
			if n == "full" && len(args) > 1 && kw(kwargs, "dtype") == nil {
				// torch.full(size, 3) is int64, (size, 3.0) float, as
				// the fill value's type.
				if _, dt, err := tensorData(args[1]); err == nil {
					dtype = dt
				}
			}
			sargs := args
			if n == "full" && len(args) > 0 {
				sargs = args[:1]
			}
			sizes, err := shapeArgs(sargs)
			if err != nil {
				return nil, tr.errorf("", "torch.zeros(1, 3, 224, 224)", "torch.%s: %v", n, errArg(err))
			}
			return tr.constTensor(sizes, dtype)
		}
	}
}

// leadingOnes returns a copy of s with 1s put in front to make it n-D
// (n >= len(s)): the shape Tensor.expand and Tensor.repeat align with their
// sizes.
func leadingOnes(s graph.Shape, n int) graph.Shape {
	out := make(graph.Shape, n)
	off := n - len(s)
	for i := range out {
		out[i] = 1
		if i >= off {
			out[i] = s[i-off]
		}
	}
	return out
}

// unpackCat reads torch.cat's arguments (tensors, dim=0) as
// starlark.UnpackArgs does. The common positional calls are read
// directly: UnpackArgs takes the variables' addresses, which moves them
// to the heap on every call.
func unpackCat(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, int64, error) {
	if len(kwargs) == 0 {
		switch len(args) {
		case 1:
			return args[0], 0, nil
		case 2:
			if d, ok := args[1].(starlark.Int); ok {
				if dim, ok := d.Int64(); ok {
					return args[0], dim, nil
				}
			}
		}
	}
	var seq starlark.Value
	var dim int64
	err := starlark.UnpackArgs("torch.cat", args, kwargs, "tensors", &seq, "dim?", &dim)
	return seq, dim, err
}

// castTo is the dtype a cast argument asks for (a dtype or a tensor
// whose dtype to take), dt when it names none (a device).
func castTo(v starlark.Value, dt string) string {
	switch x := v.(type) {
	case *Tensor:
		return x.dtype
	case starlark.String:
		if d, err := dtypeArg(x); err == nil {
			return d
		}
	}
	return dt
}

// arange is torch.arange(end), (start, end) or (start, end, step), also
// by keyword, dtype=None: ceil((end − start) / step) elements, int64
// when start, end and step are all ints, else float32 (as PyTorch).
func (tr *tracer) arange(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	const sig = "torch.arange(start=0, end, step=1, dtype=None)"
	var start, end, step, dtype, ignored starlark.Value = starlark.MakeInt(0), nil, starlark.MakeInt(1), starlark.None, nil
	var err error
	if len(args) == 1 {
		err = starlark.UnpackArgs("torch.arange", args, kwargs, "end", &end, "dtype?", &dtype, "device?", &ignored, "requires_grad?", &ignored, "layout?", &ignored)
	} else {
		err = starlark.UnpackArgs("torch.arange", args, kwargs, "start", &start, "end", &end, "step?", &step, "dtype?", &dtype, "device?", &ignored, "requires_grad?", &ignored, "layout?", &ignored)
	}
	if err != nil {
		return nil, tr.errorf("", sig, "%v", errArg(err))
	}
	dt := "long"
	var f [3]float64
	var n [3]int64
	for i, v := range []starlark.Value{start, end, step} {
		switch x := v.(type) {
		case starlark.Int:
			if err := starlark.AsInt(x, &n[i]); err != nil {
				return nil, tr.errorf("", sig, "torch.arange: %v", errArg(err))
			}
			f[i] = float64(n[i])
		case starlark.Float:
			f[i], dt = float64(x), "float"
		default:
			return nil, tr.errorf("", sig, "torch.arange: start, end and step are numbers, not %s", v.Type())
		}
	}
	if dtype != starlark.None {
		if dt, err = dtypeArg(dtype); err != nil {
			return nil, tr.errorf("", "dtype is torch.float32, torch.long, torch.bool, ...", "torch.arange: %v", err)
		}
	}
	if f[2] == 0 || (f[1]-f[0])*f[2] < 0 {
		return nil, tr.errorf("", sig, "torch.arange: upper bound and larger bound inconsistent with step sign")
	}
	// The float quotient bounds the size first, so the exact integer
	// arithmetic below cannot overflow.
	c := math.Ceil((f[1] - f[0]) / f[2])
	size := tr.lim.Elements + 1 // too long: checkShape refuses it
	if c <= float64(tr.lim.Elements) {
		size = int64(c)
		if start.Type() == "int" && end.Type() == "int" && step.Type() == "int" {
			d, s := n[1]-n[0], n[2]
			if s < 0 {
				d, s = -d, -s
			}
			size = (d + s - 1) / s
		}
	}
	return tr.constTensor(graph.Shape{size}, dt)
}
