package lang

import (
	"fmt"
	"math"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"

	"go.starlark.net/starlark"
)

type poolGeom struct {
	nd                    int
	kernel, stride, pad   []int64
	dil                   []int64
	ceil, includePad, avg bool
	indices               bool // return_indices: (output, indices)
}

func init() {
	for nd := 1; nd <= 3; nd++ {
		nd := nd
		defLayer(fmt.Sprintf("MaxPool%dd", nd), "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False", func(a *args, m *Module) (*layer, error) {
			return buildPool(a, nd, false)
		})
		defLayer(fmt.Sprintf("AvgPool%dd", nd), "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None", func(a *args, m *Module) (*layer, error) {
			return buildPool(a, nd, true)
		})
		defLayer(fmt.Sprintf("AdaptiveAvgPool%dd", nd), "output_size", func(a *args, m *Module) (*layer, error) {
			return buildAdaptive(a, nd, true)
		})
		defLayer(fmt.Sprintf("AdaptiveMaxPool%dd", nd), "output_size, return_indices=False", func(a *args, m *Module) (*layer, error) {
			return buildAdaptive(a, nd, false)
		})
	}
	defLayer("Upsample", "size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None", buildUpsample)
	defLayer("UpsamplingNearest2d", "size=None, scale_factor=None", buildUpsample)
	defLayer("UpsamplingBilinear2d", "size=None, scale_factor=None", buildUpsample)
	defLayer("PixelShuffle", "upscale_factor", buildPixelShuffle(false))
	defLayer("PixelUnshuffle", "downscale_factor", buildPixelShuffle(true))
	defLayer("ChannelShuffle", "groups", buildChannelShuffle)
	for nd := 1; nd <= 3; nd++ {
		nd := nd
		for _, kind := range []string{"Zero", "Constant", "Reflection", "Replication", "Circular"} {
			class := fmt.Sprintf("%sPad%dd", kind, nd)
			sig := "padding"
			if kind == "Constant" {
				sig = "padding, value"
			}
			defLayer(class, sig, func(a *args, m *Module) (*layer, error) { return buildPad(a, nd) })
		}
	}
}

func buildPool(a *args, nd int, avg bool) (*layer, error) {
	g := &poolGeom{nd: nd, avg: avg}
	var err error
	if g.kernel, err = a.ints("kernel_size", nd); err != nil {
		return nil, err
	}
	if a.isNone("stride") {
		g.stride = g.kernel
	} else if g.stride, err = a.ints("stride", nd); err != nil {
		return nil, err
	}
	if g.pad, err = a.ints("padding", nd); err != nil {
		return nil, err
	}
	g.dil = []int64{1, 1, 1}[:nd]
	if !avg {
		if g.dil, err = a.ints("dilation", nd); err != nil {
			return nil, err
		}
	} else if g.includePad, err = a.bool("count_include_pad"); err != nil {
		return nil, err
	}
	if g.ceil, err = a.bool("ceil_mode"); err != nil {
		return nil, err
	}
	if !avg {
		if g.indices, err = a.bool("return_indices"); err != nil {
			return nil, err
		}
	}
	for i := 0; i < nd; i++ {
		if g.kernel[i] <= 0 || g.stride[i] <= 0 || g.dil[i] <= 0 {
			return nil, lerr("", "%s: kernel_size, stride and dilation must be positive", a.class)
		}
		if g.pad[i] < 0 {
			return nil, lerr("", "%s: negative padding %d is not supported", a.class, g.pad[i])
		}
		if g.pad[i] > g.kernel[i]/2 {
			return nil, lerr("PyTorch requires padding ≤ kernel_size/2", "%s: pad should be at most half of effective kernel size, but got pad=%d and kernel_size=%d", a.class, g.pad[i], g.kernel[i])
		}
	}
	return &layer{forward: func(f *fwd) error { return poolForward(f, g) }}, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

func poolForward(f *fwd, g *poolGeom) error {
	x := f.x()
	if len(x) != g.nd+1 && len(x) != g.nd+2 {
		return f.needRank(g.nd+1, g.nd+2)
	}
	lead := x[:len(x)-g.nd]
	sp := x[len(x)-g.nd:]
	out := append(graph.Shape{}, lead...)
	windowSum := lead.Numel()
	for i := 0; i < g.nd; i++ {
		o, err := windowOut(sp[i], g.kernel[i], g.stride[i], g.pad[i], g.dil[i], g.ceil)
		if err != nil {
			return lerr("", "%s: %v", f.m.class, errArg(err))
		}
		if o <= 0 {
			return lerr("the input is too small for this pooling window; use a larger input", "%s: input size %d in spatial dim %d gives an empty output (kernel %d, stride %d, padding %d)", f.m.class, sp[i], i, g.kernel[i], g.stride[i], g.pad[i])
		}
		out = append(out, o)
		// Σ window sizes along this dim: windows clipped to the input, or
		// to the padded input when the padding counts.
		lo, hi := int64(0), sp[i]
		if g.avg && g.includePad {
			lo, hi = -g.pad[i], sp[i]+g.pad[i]
		}
		sum, err := windowTaps(o, g.kernel[i], g.stride[i], g.pad[i], g.dil[i], lo, hi)
		if err != nil {
			return lerr("", "%s: %v", f.m.class, errArg(err))
		}
		windowSum = f.a.Size(windowSum, sum)
	}
	f.setOut(out)
	f.inOut()
	n := out.Numel()
	f.setQ(graph.QWindowSum, windowSum)
	poolOps(f, windowSum, n, g.avg)
	if g.indices {
		withIndices(f)
	}
	return nil
}

// poolOps are the operations of pooling n outputs over windows of windowSum
// elements in all: an average adds each window's elements and divides once
// per output, a max compares them.
func poolOps(f *fwd, windowSum, n int64, avg bool) {
	if avg {
		f.ops.Add = windowSum - n
		f.ops.Mul = n
		f.render(poolRender, windowSum, n, 1)
	} else {
		f.ops.Cmp = windowSum - n
		f.render(poolRender, windowSum, n, 0)
	}
}

// poolRender renders poolOps' formula: A = windowSum, n, avg.
var poolRender = graph.FormulaFunc(func(nd *graph.Node, k graph.FormulaKey) msg.Text {
	if k != graph.FOps {
		return msg.Text{}
	}
	a := &nd.Formulas.A
	if a[2] != 0 {
		return msg.F("Σ windows %s − %s outputs = %s adds, %s divisions", msg.Num(a[0]), msg.Num(a[1]), msg.Num(a[0]-a[1]), msg.Num(a[1]))
	}
	return msg.F("Σ windows %s − %s outputs = %s comparisons", msg.Num(a[0]), msg.Num(a[1]), msg.Num(a[0]-a[1]))
})

// interpRender renders an interpolation's formula: S is the mode, A = n,
// taps.
var interpRender = graph.FormulaFunc(func(nd *graph.Node, k graph.FormulaKey) msg.Text {
	if k != graph.FOps {
		return msg.Text{}
	}
	switch mode := nd.Formulas.S; mode {
	case "nearest", "nearest-exact", "area":
		return msg.F("nearest: copies, no arithmetic")
	case "linear", "bilinear", "trilinear", "bicubic":
		return msg.F("%s: %s outputs · %d lerps (2 adds + 1 mul each)", mode, msg.Num(nd.Formulas.A[0]), nd.Formulas.A[1])
	}
	return msg.Text{}
})

func buildAdaptive(a *args, nd int, avg bool) (*layer, error) {
	indices := false
	if !avg {
		var err error
		if indices, err = a.bool("return_indices"); err != nil {
			return nil, err
		}
	}
	v := a.val("output_size")
	size := make([]int64, nd) // 0 = keep the input size (None)
	if it, ok := v.(starlark.Indexable); ok {
		if it.Len() != nd {
			return nil, lerr("", "%s: output_size needs %d values", a.class, nd)
		}
		for i := 0; i < nd; i++ {
			if it.Index(i) == starlark.None {
				continue
			}
			if err := starlark.AsInt(it.Index(i), &size[i]); err != nil || size[i] <= 0 {
				return nil, lerr("", "%s: output_size must hold positive ints or None", a.class)
			}
		}
	} else {
		var n int64
		if err := starlark.AsInt(v, &n); err != nil || n <= 0 {
			return nil, lerr("", "%s: output_size must be a positive int or a tuple", a.class)
		}
		for i := range size {
			size[i] = n
		}
	}
	attr := &graph.AdaptivePool{Dims: nd}
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		if len(x) != nd+1 && len(x) != nd+2 {
			return f.needRank(nd+1, nd+2)
		}
		lead := x[:len(x)-nd]
		sp := x[len(x)-nd:]
		out := append(graph.Shape{}, lead...)
		for i := 0; i < nd; i++ {
			o := size[i]
			if o == 0 {
				o = sp[i]
			}
			out = append(out, o)
		}
		// The output size is the script's: within the element limit
		// before anything is computed from it.
		if err := f.tr.checkShape(out, "output"); err != nil {
			return err
		}
		windowSum := lead.Numel()
		for i := 0; i < nd; i++ {
			windowSum = f.a.Size(windowSum, adaptiveWindowTaps(sp[i], out[len(lead)+i]))
		}
		f.setOut(out)
		f.inOut()
		n := out.Numel()
		f.setQ(graph.QWindowSum, windowSum)
		f.layer = attr
		poolOps(f, windowSum, n, avg)
		if indices {
			withIndices(f)
		}
		return nil
	}}, nil
}

// maxScaledDim bounds a scaled dimension before it becomes an int64: 2^53,
// the largest float64 range where every integer is exact. The element
// limit then applies to the whole shape as to any other.
const maxScaledDim = 1 << 53

// maxCount is 2^63 as a float: a float count must be below it to convert
// to an int64.
const maxCount = 1 << 63

// interpAttr is an interpolation's attributes as called: size= or the
// scale_factor as given.
func interpAttr(mode string, size, scale starlark.Value) *graph.Interp {
	a := &graph.Interp{Mode: mode}
	switch {
	case size != nil && size != starlark.None:
		a.SizeGiven = true
	case scale == nil || scale == starlark.None:
	default:
		if it, ok := scale.(starlark.Indexable); ok {
			a.ScaleTuple = true
			for i := 0; i < it.Len(); i++ {
				v, _ := starlark.AsFloat(it.Index(i))
				a.Scale = append(a.Scale, v)
			}
			break
		}
		var si int64
		if starlark.AsInt(scale, &si) == nil {
			a.ScaleInt = true
		}
		v, _ := starlark.AsFloat(scale)
		a.Scale = []float64{v}
	}
	return a
}

// resizeShape computes F.interpolate's output size.
func resizeShape(x graph.Shape, size, scale starlark.Value) (graph.Shape, error) {
	nd := len(x) - 2
	if nd < 1 {
		return nil, lerr("interpolation works on [N, C, ...] inputs", "interpolate expects a 3-D, 4-D or 5-D input, got %s", shapeString(x))
	}
	out := append(graph.Shape{}, x[:2]...)
	switch {
	case size != nil && size != starlark.None:
		s := make([]int64, nd)
		if it, ok := size.(starlark.Indexable); ok {
			if it.Len() != nd {
				return nil, lerr("", "size needs %d values", nd)
			}
			for i := range s {
				if err := starlark.AsInt(it.Index(i), &s[i]); err != nil {
					return nil, lerr("", "size must hold ints")
				}
			}
		} else {
			var n int64
			if err := starlark.AsInt(size, &n); err != nil {
				return nil, lerr("", "size must be an int or a tuple")
			}
			for i := range s {
				s[i] = n
			}
		}
		out = append(out, s...)
	case scale != nil && scale != starlark.None:
		fs := make([]float64, nd)
		_, isStr := scale.(starlark.String)
		if it, ok := scale.(starlark.Indexable); ok && !isStr {
			if it.Len() != nd {
				return nil, lerr("", "scale_factor needs %d values, got %d", nd, it.Len())
			}
			for i := range fs {
				v, ok := starlark.AsFloat(it.Index(i))
				if !ok {
					return nil, lerr("", "scale_factor must hold numbers")
				}
				fs[i] = v
			}
		} else {
			v, ok := starlark.AsFloat(scale)
			if !ok {
				return nil, lerr("", "scale_factor must be a number or a tuple, got %s", scale.Type())
			}
			for i := range fs {
				fs[i] = v
			}
		}
		for i := range fs {
			d := math.Floor(float64(x[2+i]) * fs[i])
			// Checked as a float first: NaN, ±Inf and sizes past int64
			// have no integer to convert to.
			if !(d >= 1) {
				return nil, lerr("", "interpolation gives an empty output: %d · %g < 1", x[2+i], fs[i])
			}
			if d > maxScaledDim {
				return nil, lerr("tensors this large cannot exist on any device; check the scale", "interpolation gives a dimension of %g", d)
			}
			out = append(out, int64(d))
		}
	default:
		return nil, lerr("give size= or scale_factor=", "either size or scale_factor should be defined")
	}
	for _, d := range out {
		if d <= 0 {
			return nil, lerr("", "interpolation gives an empty output %s", shapeString(out))
		}
	}
	return out, nil
}

func interpOps(f *fwd, in, out graph.Shape, mode string, size, scale starlark.Value) {
	n := out.Numel()
	f.setQ(graph.QOut, n)
	f.layer = interpAttr(mode, size, scale)
	switch mode {
	case "nearest", "nearest-exact", "area":
		f.render(interpRender)
		f.formulas.S = mode
	case "linear", "bilinear", "trilinear", "bicubic":
		taps := map[string]int64{"linear": 1, "bilinear": 3, "trilinear": 7, "bicubic": 15}[mode]
		// each lerp: 1 sub, 1 mul, 1 add
		f.ops.Add = f.a.Size(n, 2*taps)
		f.ops.Mul = f.a.Size(n, taps)
		f.render(interpRender, n, taps)
		f.formulas.S = mode
	}
}

func buildUpsample(a *args, m *Module) (*layer, error) {
	mode := "nearest"
	if a.class == "UpsamplingBilinear2d" {
		mode = "bilinear"
	}
	if v, ok := a.lookup("mode"); ok {
		s, err := a.str("mode")
		if err != nil {
			return nil, err
		}
		_ = v
		mode = s
	}
	return &layer{forward: func(f *fwd) error {
		out, err := resizeShape(f.x(), a.val("size"), a.val("scale_factor"))
		if err != nil {
			return err
		}
		f.setOut(out)
		f.inOut()
		interpOps(f, f.x(), out, mode, a.val("size"), a.val("scale_factor"))
		return nil
	}}, nil
}

func buildPixelShuffle(inverse bool) func(a *args, m *Module) (*layer, error) {
	return func(a *args, m *Module) (*layer, error) {
		name := "upscale_factor"
		if inverse {
			name = "downscale_factor"
		}
		r, err := a.posInt(name)
		if err != nil {
			return nil, err
		}
		return &layer{forward: func(f *fwd) error {
			x := f.x()
			if len(x) < 3 {
				return f.needRank(3, 4)
			}
			o := append(graph.Shape{}, x...)
			k := len(x)
			// Checked products: r is the script's, and any size.
			var a units.Acc
			if inverse {
				if x[k-1]%r != 0 || x[k-2]%r != 0 {
					return lerr("", "PixelUnshuffle: height and width must be divisible by %d", r)
				}
				o[k-3], o[k-2], o[k-1] = a.Mul(x[k-3], r, r), x[k-2]/r, x[k-1]/r
			} else {
				r2 := a.Mul(r, r)
				if a.Err == nil && x[k-3]%r2 != 0 {
					return lerr("channels must be divisible by upscale_factor²", "PixelShuffle: %d channels are not divisible by %d", x[k-3], r2)
				}
				o[k-3], o[k-2], o[k-1] = x[k-3]/max(r2, 1), a.Mul(x[k-2], r), a.Mul(x[k-1], r)
			}
			if a.Err != nil {
				return lerr("tensors this large cannot exist on any device; check the factor", "%s: a factor of %d makes a dimension over 9.2e18", f.m.class, r)
			}
			f.setOut(o)
			f.inOut()
			return nil
		}}, nil
	}
}

func buildChannelShuffle(a *args, m *Module) (*layer, error) {
	g, err := a.posInt("groups")
	if err != nil {
		return nil, err
	}
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		if len(x) < 2 || x[1]%g != 0 {
			return lerr("", "ChannelShuffle(%d) needs channels divisible by the groups, got %s", g, shapeString(x))
		}
		f.setOut(x)
		f.inOut()
		return nil
	}}, nil
}

func buildPad(a *args, nd int) (*layer, error) {
	pads, err := a.ints("padding", 2*nd)
	if err != nil {
		return nil, err
	}
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		if len(x) < nd+1 {
			return f.needRank(nd+1, nd+2)
		}
		o, err := padShape(x, pads)
		if err != nil {
			return err
		}
		f.setOut(o)
		f.inOut()
		return nil
	}}, nil
}

// padShape applies F.pad's (left, right, top, bottom, ...) from the last
// dimension backwards.
func padShape(x graph.Shape, pads []int64) (graph.Shape, error) {
	if len(pads)%2 != 0 || len(pads)/2 > len(x) {
		return nil, lerr("", "padding length %d does not fit a %d-D input", len(pads), len(x))
	}
	o := append(graph.Shape{}, x...)
	for i := 0; i < len(pads)/2; i++ {
		d := len(x) - 1 - i
		o[d] += pads[2*i] + pads[2*i+1]
		if o[d] <= 0 {
			return nil, lerr("", "padding makes dimension %d empty", d)
		}
	}
	return o, nil
}
