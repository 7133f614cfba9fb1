package lang

// layers_unpool.go: a max pool's indices (return_indices=True) and
// MaxUnpool1d/2d/3d, which scatter a pooled tensor back through them
// (issue 15, item 8).

import (
	"fmt"

	"floplab/core/graph"

	"go.starlark.net/starlark"
)

func init() {
	for nd := 1; nd <= 3; nd++ {
		nd := nd
		defLayer(fmt.Sprintf("MaxUnpool%dd", nd), "kernel_size, stride=None, padding=0", func(a *args, m *Module) (*layer, error) {
			return buildUnpool(a, nd)
		})
	}
}

// withIndices makes a max pool return (output, indices), the indices an
// int64 tensor of the output's shape, as return_indices=True does.
func withIndices(f *fwd) {
	f.setOut(f.out[0], f.out[0])
	f.outLong = 1 << 1
	f.tupleOut = true
}

func buildUnpool(a *args, nd int) (*layer, error) {
	kernel, err := a.ints("kernel_size", nd)
	if err != nil {
		return nil, err
	}
	stride := kernel
	if !a.isNone("stride") {
		if stride, err = a.ints("stride", nd); err != nil {
			return nil, err
		}
	}
	pad, err := a.ints("padding", nd)
	if err != nil {
		return nil, err
	}
	for i := 0; i < nd; i++ {
		if kernel[i] <= 0 || stride[i] <= 0 || pad[i] < 0 {
			return nil, lerr("", "%s: kernel_size and stride must be positive, padding not negative", a.class)
		}
	}
	return &layer{forward: func(f *fwd) error { return unpoolForward(f, nd, kernel, stride, pad) }}, nil
}

// unpoolForward is MaxUnpoolNd(input, indices, output_size=None): each
// spatial size is (in − 1)·stride − 2·padding + kernel_size, or the given
// output_size (its last nd entries), which must lie strictly within
// stride of that (F._unpool_output_size). The scatter does no
// arithmetic.
func unpoolForward(f *fwd, nd int, kernel, stride, pad []int64) error {
	x := f.x()
	if len(x) != nd+1 && len(x) != nd+2 {
		return f.needRank(nd+1, nd+2)
	}
	if len(f.in) < 2 {
		return lerr("pass the indices the max pool returned: pool = MaxPool2d(2, return_indices=True); y, idx = pool(x); unpool(y, idx)", "%s needs the indices of the max pool, as its second input", f.m.class)
	}
	if idx := f.in[1].shape; !sameShape(idx, x) {
		return lerr("the indices come from the same max pool as the input", "%s: indices %s do not match the input %s", f.m.class, shapeString(idx), shapeString(x))
	}
	lead := x[:len(x)-nd]
	out := append(graph.Shape{}, lead...)
	for i := 0; i < nd; i++ {
		out = append(out, (x[len(lead)+i]-1)*stride[i]-2*pad[i]+kernel[i])
	}
	for _, kv := range f.kwargs {
		if string(kv[0].(starlark.String)) != "output_size" || kv[1] == starlark.None {
			continue
		}
		sizes, err := shapeFromValue(kv[1])
		if err != nil {
			return lerr("output_size is a tuple of ints, e.g. x.size()", "%s: output_size: %v", f.m.class, errArg(err))
		}
		if len(sizes) == nd+2 {
			sizes = sizes[2:]
		}
		if len(sizes) != nd {
			return lerr("", "%s: output_size should have %d or %d elements, but it has %d", f.m.class, nd, nd+2, len(sizes))
		}
		for i, s := range sizes {
			def := out[len(lead)+i]
			if s <= def-stride[i] || s >= def+stride[i] {
				return lerr("", "%s: invalid output_size %s (dim %d must be between %d and %d)", f.m.class, shapeString(sizes), i, def-stride[i], def+stride[i])
			}
			out[len(lead)+i] = s
		}
	}
	for i := len(lead); i < len(out); i++ {
		if out[i] <= 0 {
			return lerr("", "%s: the output would be empty (%s)", f.m.class, shapeString(out))
		}
	}
	if err := f.tr.checkShape(out, "output"); err != nil {
		return err
	}
	f.setOut(out)
	f.inOut()
	f.render(ewRender, out.Numel(), 0, 0, 0, 0)
	return nil
}

// F.batch_norm(input, running_mean, running_var, weight=None, bias=None,
// training=False, momentum=0.1, eps=1e-05): a batch norm without a
// module, over the input's channels (dimension 1). training=True
// normalizes with the batch's own statistics, as a BatchNorm module in
// train mode does; without it the running statistics must be given.
func init() {
	fnTable["F.batch_norm"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		var x *Tensor
		var mean, vr, w, bias, momentum, eps starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
		training := false
		if err := starlark.UnpackArgs("F.batch_norm", args, kwargs, "input", &x, "running_mean", &mean, "running_var", &vr,
			"weight?", &w, "bias?", &bias, "training?", &training, "momentum?", &momentum, "eps?", &eps); err != nil {
			return nil, tr.errorf("", "F.batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05)", "%v", errArg(err))
		}
		ins := []*Tensor{x}
		var stats []*Tensor
		for _, v := range []starlark.Value{mean, vr, w, bias} {
			if t, ok := v.(*Tensor); ok {
				ins = append(ins, t)
				stats = append(stats, t)
			} else if v != starlark.None {
				return nil, tr.errorf("", "running_mean, running_var, weight and bias are tensors of the channels, or None", "F.batch_norm: got a %s where a tensor or None was expected", v.Type())
			}
		}
		if !training && (mean == starlark.None || vr == starlark.None) {
			return nil, tr.errorf("", "pass the running statistics, or training=True to normalize with the batch's own", "F.batch_norm: running_mean and running_var must be given unless training=True")
		}
		_, affine := w.(*Tensor)
		return tr.fnCall("F.batch_norm", ins, func(f *fwd) error {
			if len(x.shape) < 2 {
				return lerr("the input is [N, C, ...]", "F.batch_norm expects at least 2-D input, got %s", shapeString(x.shape))
			}
			c := x.shape[1]
			for _, t := range stats {
				if t.shape.Numel() != c {
					return lerr("running_mean, running_var, weight and bias hold one value per channel (dimension 1 of the input)", "F.batch_norm: a tensor of %s for %d channels", shapeString(t.shape), c)
				}
			}
			f.setOut(x.shape)
			f.inOut()
			batchNormOps(f, x.shape.Numel(), c, affine, training)
			return nil
		})
	}
}

// F.max_unpool1d/2d/3d(input, indices, kernel_size, stride=None,
// padding=0, output_size=None): MaxUnpoolNd as a function.
func init() {
	for nd := 1; nd <= 3; nd++ {
		name := fmt.Sprintf("F.max_unpool%dd", nd)
		class := fmt.Sprintf("MaxUnpool%dd", nd)
		fnTable[name] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			tr := tracerOf(th)
			if len(args) < 2 {
				return nil, tr.errorf("", "pass the indices the max pool returned: pool = MaxPool2d(2, return_indices=True); y, idx = pool(x); unpool(y, idx)", "%s needs the input and the indices of the max pool", name)
			}
			x, err := asTensorOf(tr, args[0], name, "input")
			if err != nil {
				return nil, err
			}
			idx, err := asTensorOf(tr, args[1], name, "indices")
			if err != nil {
				return nil, err
			}
			pos := args[2:]
			var rest, size []starlark.Tuple
			for _, kv := range kwargs {
				if string(kv[0].(starlark.String)) == "output_size" {
					size = append(size, kv)
				} else {
					rest = append(rest, kv)
				}
			}
			if len(pos) == 4 { // output_size given by position
				size = append(size, starlark.Tuple{starlark.String("output_size"), pos[3]})
				pos = pos[:3]
			}
			m, l, err := tr.functionLayer(name, class, pos, rest)
			if err != nil {
				return nil, err
			}
			return tr.fnCall(name, []*Tensor{x, idx}, func(f *fwd) error {
				f.m, f.kwargs = m, size
				return l.run(f)
			})
		}
	}
}
