package lang

import (
	"fmt"
	"strings"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// convGeom is a convolution's geometry after argument checks.
type convGeom struct {
	nd                       int
	inC, outC, groups        int64
	kernel, stride, pad, dil []int64
	outPad                   []int64
	bias, transposed, lazy   bool
	same                     bool
	// attr is the node attributes of the geometry's calls.
	attr graph.Conv
}

func convSig(transposed bool) string {
	if transposed {
		return "in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None"
	}
	return "in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None"
}

func lazySig(transposed bool) string {
	s := convSig(transposed)
	return strings.TrimPrefix(s, "in_channels, ")
}

func init() {
	for nd := 1; nd <= 3; nd++ {
		nd := nd
		for _, tp := range []bool{false, true} {
			tp := tp
			class := fmt.Sprintf("Conv%dd", nd)
			if tp {
				class = fmt.Sprintf("ConvTranspose%dd", nd)
			}
			defLayer(class, convSig(tp), func(a *args, m *Module) (*layer, error) {
				return buildConv(a, m, nd, tp, false)
			})
			defLayer("Lazy"+class, lazySig(tp), func(a *args, m *Module) (*layer, error) {
				return buildConv(a, m, nd, tp, true)
			})
		}
	}
}

// convLayer is a convolution layer and its geometry, in one allocation.
type convLayer struct {
	l layer
	g convGeom
}

func buildConv(a *args, m *Module, nd int, transposed, lazy bool) (*layer, error) {
	box := m.tr.convLayers.new()
	box.g = convGeom{nd: nd, transposed: transposed, lazy: lazy}
	g := &box.g
	var err error
	if !lazy {
		if g.inC, err = a.posInt("in_channels"); err != nil {
			return nil, err
		}
	}
	if g.outC, err = a.posInt("out_channels"); err != nil {
		return nil, err
	}
	if g.kernel, err = a.ints("kernel_size", nd); err != nil {
		return nil, err
	}
	if g.stride, err = a.ints("stride", nd); err != nil {
		return nil, err
	}
	if g.dil, err = a.ints("dilation", nd); err != nil {
		return nil, err
	}
	if g.groups, err = a.posInt("groups"); err != nil {
		return nil, err
	}
	if g.bias, err = a.bool("bias"); err != nil {
		return nil, err
	}
	for i := 0; i < nd; i++ {
		if g.kernel[i] <= 0 || g.stride[i] <= 0 || g.dil[i] <= 0 {
			return nil, lerr("kernel sizes, strides and dilations are positive", "%s: kernel_size, stride and dilation must be positive", a.class)
		}
	}
	if s, ok := a.val("padding").(interface{ GoString() string }); ok {
		switch s.GoString() {
		case "same":
			if transposed {
				return nil, lerr("", "%s does not accept padding='same'", a.class)
			}
			for _, st := range g.stride {
				if st != 1 {
					return nil, lerr("use an explicit padding with strided convolutions", "%s: padding='same' is not supported for strided convolutions", a.class)
				}
			}
			g.same = true
			g.pad = make([]int64, nd)
		case "valid":
			g.pad = make([]int64, nd)
		default:
			return nil, lerr("padding is an int, a tuple, 'same' or 'valid'", "%s: invalid padding string %s", a.class, s.GoString())
		}
	} else if g.pad, err = a.ints("padding", nd); err != nil {
		return nil, err
	}
	for _, p := range g.pad {
		if p < 0 {
			return nil, lerr("", "%s: negative padding %d is not supported", a.class, p)
		}
	}
	if transposed {
		if g.outPad, err = a.ints("output_padding", nd); err != nil {
			return nil, err
		}
		for i := range g.outPad {
			if g.outPad[i] < 0 || g.outPad[i] >= g.stride[i] && g.outPad[i] >= g.dil[i] {
				return nil, lerr("output_padding must be smaller than stride or dilation", "%s: output_padding %d is too large", a.class, g.outPad[i])
			}
		}
	}
	if g.outC%g.groups != 0 {
		return nil, lerr("out_channels must be divisible by groups", "%s: out_channels %d is not divisible by groups %d", a.class, g.outC, g.groups)
	}
	if !lazy {
		if g.inC%g.groups != 0 {
			return nil, lerr("in_channels must be divisible by groups", "%s: in_channels %d is not divisible by groups %d", a.class, g.inC, g.groups)
		}
		makeConvParams(m, g)
	}
	box.l.fw = g
	return &box.l, nil
}

// forward runs the convolution.
func (g *convGeom) forward(f *fwd) error { return convForward(f, g) }

func makeConvParams(m *Module, g *convGeom) {
	var buf [8]int64
	w := append(buf[:0], g.outC, g.inC/g.groups)
	if g.transposed {
		w = append(buf[:0], g.inC, g.outC/g.groups)
	}
	w = append(w, g.kernel...)
	m.newParam("weight", false, w...)
	if g.bias {
		m.newParam("bias", false, g.outC)
	}
}

func convForward(f *fwd, g *convGeom) error {
	x := f.x()
	if len(x) != g.nd+2 && len(x) != g.nd+1 {
		return f.needRank(g.nd+1, g.nd+2)
	}
	c := x[len(x)-g.nd-1]
	if g.lazy && g.inC == 0 {
		if c%g.groups != 0 {
			return lerr("", "%s: inferred in_channels %d is not divisible by groups %d", f.m.class, c, g.groups)
		}
		g.inC = c
		makeConvParams(f.m, g)
		refreshParams(f)
	}
	if c != g.inC {
		return lerr("the previous layer's channels must equal this layer's in_channels",
			"%s expects %d input channels, got %d (input %s)", convCall(f.m, g), g.inC, c, shapeString(x))
	}
	out := append(graph.Shape(f.tr.dims.room(len(x))), x[:len(x)-g.nd-1]...)
	out = append(out, g.outC)
	spatialIn := x[len(x)-g.nd:]
	for i := 0; i < g.nd; i++ {
		L, k, s, p, d := spatialIn[i], g.kernel[i], g.stride[i], g.pad[i], g.dil[i]
		var o int64
		if g.transposed {
			var a units.Acc
			o = a.Add(a.Mul(L-1, s), -a.Mul(2, p), a.Mul(d, k-1), g.outPad[i], 1)
			if a.Err != nil {
				return lerr("", "%s: %v", convCall(f.m, g), errWindow)
			}
		} else if g.same {
			o = L
		} else {
			var err error
			if o, err = windowOut(L, k, s, p, d, false); err != nil {
				return lerr("", "%s: %v", convCall(f.m, g), errArg(err))
			}
		}
		if o <= 0 {
			return lerr("the input is too small for this kernel, stride and padding; use a larger input or fewer downsampling layers",
				"%s: input size %d in spatial dim %d gives an empty output (kernel %d, stride %d, padding %d, dilation %d)", convCall(f.m, g), L, i, k, s, p, d)
		}
		out = append(out, o)
	}
	f.setOut(out)
	f.inOut()

	K := graph.Shape(g.kernel).Numel()
	outN := out.Numel()
	var macs int64
	if g.transposed {
		inN := x.Numel()
		macs = f.a.Size(inN, g.outC/g.groups, K)
	} else {
		macs = f.a.Size(outN, g.inC/g.groups, K)
	}
	var bias int64
	if g.bias {
		bias = outN
	}
	f.ops.MACs = macs
	f.ops.Add = bias
	wp := f.a.Size(g.inC/g.groups, K, g.outC)
	if g.bias {
		f.a.Add(wp, g.outC)
	}
	f.render(g, wp)
	f.setQ(graph.QConvW, macs)
	f.setQ(graph.QBias, bias)
	g.attr = graph.Conv{InChannels: g.inC, Groups: g.groups, Kernel: g.kernel, Transposed: g.transposed}
	f.layer = &g.attr
	return nil
}

func convCall(m *Module, g *convGeom) string {
	k := fmt.Sprint(g.kernel[0])
	for _, v := range g.kernel[1:] {
		if v != g.kernel[0] {
			k = "(" + strings.Trim(strings.ReplaceAll(fmt.Sprint(g.kernel), " ", ", "), "[]") + ")"
			break
		}
	}
	return fmt.Sprintf("%s(%d, %d, %s)", m.class, g.inC, g.outC, k)
}

// NodeFormula renders a convolution call's formulas from its shapes and
// Ops; Formulas.A[0] is the weight's parameters.
func (g *convGeom) NodeFormula(n *graph.Node, k graph.FormulaKey) msg.Text {
	switch k {
	case graph.FMACs:
		if g.transposed {
			return msg.F("%s in · %d/%d out channels · %s = %s MACs", msg.Dims(n.Inputs[0].Shape), g.outC, g.groups, msg.Dims(g.kernel), msg.Num(n.Ops.MACs))
		}
		return msg.F("%s out · %s·%d/%d = %s MACs", msg.Dims(n.Outputs[0].Shape), msg.Dims(g.kernel), g.inC, g.groups, msg.Num(n.Ops.MACs))
	case graph.FAdd:
		if g.bias {
			return msg.F("bias: %s output elements = %s adds", msg.Dims(n.Outputs[0].Shape), msg.Num(n.Ops.Add))
		}
	case graph.FParams:
		wp := n.Formulas.A[0]
		if g.bias {
			return msg.F("(%s·%d/%d + 1)·%d = %s params", msg.Dims(g.kernel), g.inC, g.groups, g.outC, msg.Num(wp+g.outC))
		}
		return msg.F("%s·%d/%d·%d = %s params", msg.Dims(g.kernel), g.inC, g.groups, g.outC, msg.Num(wp))
	}
	return msg.Text{}
}
