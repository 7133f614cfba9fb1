package printout

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"floplab/core/internal/lazy"
	"floplab/core/msg"
)

// block is a class whose forward the converter knows: it is wired as the
// real forward does instead of being assumed sequential.
//
// Blocks are tables of plain values and functions (tvBlocks, hfBlocks,
// visionBlocks, ...), indexed by class in knownBlocks.
type block struct {
	// class is the class name, or several space-separated names that
	// share the wiring.
	class string
	// source says where the wiring comes from, shown in the script.
	source string
	// needs are the children forward uses; an instance without them is
	// treated as an unknown container. For a fixed body and script they
	// are derived (every "$child" they name but the optional ones); a
	// forward function lists them.
	needs []string
	// optional are children the body names but an instance may lack
	// (a ResNet block's downsample).
	optional []string
	// locals are names the body calls as children ($name) that the
	// script defines as functions for an instance without such a child
	// (ViT's attention dropout, which newer transformers do not hold).
	locals []string
	// body is a fixed body of forward (see lines), used when forward is
	// nil.
	body string
	// forward returns the body of forward for the class's builder, or
	// nil to fall back to the sequential assumption.
	forward func(g *gen, b *builder) ([]string, error)
	// sig is forward's parameter list ("x" when empty).
	sig string
	// script is the builder's body before forward: attributes, the
	// parameters and buffers the class holds directly, inner functions.
	// "$name" is the reference to child "name"; the attributes are in
	// scope by name.
	script string
	// attrs are per-instance values the printout implies but does not
	// print (use_res_connect), passed to the builder as keywords.
	attrs func(m *Module) []attr
	// resolve derives, before anything is counted or written, what the
	// printout implies for an instance: its attributes (r.attrs), the
	// tensors it holds directly (r.hidden, which its script creates),
	// sizes its children do not print, ties, and notes.
	resolve func(r *resolved, m *Module, path string)
	// input is the usual input of a top-level model ("(1, 3, 224, 224)");
	// inputFn, when set, decides it from the printout.
	input   string
	inputFn func(r *resolved, m *Module) (shape, dtype, why string)
	// leaf emits a parameter-free class without children.
	leaf func(m *Module) string
}

// attr is one keyword a builder takes besides its children.
type attr struct {
	name, value, def, why string
}

// wired reports whether k knows forward (a body or a function).
func (k *block) wired() bool { return k.forward != nil || k.body != "" }

// forwardOf returns the body of forward for builder b, nil to fall back
// to the sequential assumption.
func (k *block) forwardOf(g *gen, b *builder) ([]string, error) {
	if k.forward != nil {
		return k.forward(g, b)
	}
	return lines(b, k.body), nil
}

// lines is a fixed forward body for builder b, one line per line of src.
func lines(b *builder, src string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(src), "\n") {
		// "$name" is replaced by the reference to child "name".
		out = append(out, expand(b, l))
	}
	return out
}

// expand replaces $child with the builder's reference to that child.
func expand(b *builder, l string) string {
	var w strings.Builder
	eachRef(l, func(text, child string) {
		w.WriteString(text)
		if child != "" {
			w.WriteString(b.ref(child))
		}
	})
	return w.String()
}

// eachRef splits src at its "$child" references: f gets each run of text
// and the child named after it ("" after the last run).
func eachRef(src string, f func(text, child string)) {
	start := 0
	for i := 0; i < len(src); i++ {
		if src[i] != '$' {
			continue
		}
		j := i + 1
		for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
			j++
		}
		f(src[start:i], src[i+1:j])
		start, i = j, j-1
	}
	f(src[start:], "")
}

// derivedNeeds are the children a fixed body and script name, in order
// of first use, but the optional ones.
func (b *block) derivedNeeds() []string {
	var out []string
	eachRef(b.script+"\n"+b.body, func(_, child string) {
		if child != "" && !slices.Contains(out, child) && !slices.Contains(b.optional, child) && !slices.Contains(b.locals, child) {
			out = append(out, child)
		}
	})
	return out
}

// chain is the forward of a Sequential subclass: children in order.
func chain(g *gen, b *builder) ([]string, error) {
	if b.numeric {
		return []string{"for layer in layers:", "    x = layer(x)", "return x"}, nil
	}
	var out []string
	for _, n := range b.names {
		if b.optional[n] {
			out = append(out, "if "+b.ref(n)+" != None:", "    x = "+b.ref(n)+"(x)")
		} else {
			out = append(out, "x = "+b.ref(n)+"(x)")
		}
	}
	return append(out, "return x"), nil
}

const tv = "torchvision 0.14 "

// knownBlocks are the known classes, by name: the tables tvBlocks,
// hfBlocks, visionBlocks, clipBlocks, hfViTBlocks, peftBlocks and
// whisperBlocks, a later table's class replacing an earlier one's.
//
// They are built on first use, not when the package starts: many take
// their forward from the gallery files (galleryForward, galleryHelper),
// which reads and splits some 20 files, and only a pasted printout needs
// them, while every program that links the package (the page, on each
// visit) would pay for them at its start.
func knownBlocks() map[string]*block {
	blockIndex.once.Do(func() {
		blockIndex.m = map[string]*block{}
		for _, table := range [...][]block{tvBlocks(), hfBlocks(), visionBlocks(), clipBlocks(), hfViTBlocks(), peftBlocks(), whisperBlocks()} {
			for i := range table {
				b := &table[i]
				if b.forward == nil {
					b.needs = b.derivedNeeds()
				}
				for _, c := range strings.Fields(b.class) {
					blockIndex.m[c] = b
				}
			}
		}
	})
	return blockIndex.m
}

var blockIndex struct {
	once sync.Once
	m    map[string]*block
}

// tvBlocks are torchvision's CNN blocks and torch.nn.MultiheadAttention.
func tvBlocks() []block {
	return []block{
		{class: "AlexNet", source: tv + "alexnet.py AlexNet.forward", body: galleryForward("alexnet.star", "alexnet"), input: "(1, 3, 224, 224)"},
		{class: "VGG", source: tv + "vgg.py VGG.forward", body: galleryForward("vgg.star", "VGG"), input: "(1, 3, 224, 224)"},
		{class: "MobileNetV3", source: tv + "mobilenetv3.py MobileNetV3.forward", body: galleryForward("mobilenet.star", "MobileNetV3"), input: "(1, 3, 224, 224)"},
		{class: "EfficientNet", source: tv + "efficientnet.py EfficientNet.forward", body: galleryForward("efficientnet.star", "EfficientNet"), input: "(1, 3, 224, 224)"},
		{class: "ResNet", source: tv + "resnet.py ResNet._forward_impl",
			body: galleryForward("resnet.star", "ResNet"), input: "(1, 3, 224, 224)"},
		{class: "BasicBlock", needs: []string{"conv1", "relu", "conv2"}, optional: []string{"downsample"}, source: tv + "resnet.py BasicBlock.forward", forward: basicBlock},
		{class: "Bottleneck", optional: []string{"downsample"}, source: tv + "resnet.py Bottleneck.forward",
			body: galleryForward("resnet.star", "Bottleneck")},
		{class: "DenseNet", source: tv + "densenet.py DenseNet.forward",
			body: galleryForward("densenet.star", "DenseNet"), input: "(1, 3, 224, 224)"},
		{class: "_DenseLayer", source: tv + "densenet.py _DenseLayer.forward (input: the list of previous features)", sig: "input",
			script: `
# drop_rate is not printed: torchvision's densenet default 0 (in evaluation
# its F.dropout changes nothing either way)
self.drop_rate = 0.0

` + galleryHelper("densenet.star", "_DenseLayer", "bn_function"),
			body: galleryForward("densenet.star", "_DenseLayer", "drop_rate", "training")},
		{class: "_DenseBlock", source: tv + "densenet.py _DenseBlock.forward", sig: "init_features",
			forward: func(g *gen, b *builder) ([]string, error) {
				body := lines(b, denseBlockForward.Get())
				if !b.numeric {
					// The preset's forward runs its list of layers: here the
					// printed children (denselayer1..N), in order.
					body = append([]string{"layers = children.values()"}, body...)
				}
				return body, nil
			}},
		{class: "_Transition Conv2dNormActivation ConvNormActivation Conv3dNormActivation MLP AnyStage SimpleStemIN BottleneckTransform",
			source: "a Sequential subclass (" + tv + "): children in order", forward: chain},
		{class: "MobileNetV2", source: tv + "mobilenetv2.py MobileNetV2._forward_impl",
			body: galleryForward("mobilenet.star", "mobilenet_v2"), input: "(1, 3, 224, 224)"},
		{class: "InvertedResidual", source: tv + "mobilenetv2.py / mobilenetv3.py / shufflenetv2.py InvertedResidual.forward",
			forward: invertedResidual, attrs: invertedResidualAttrs},
		{class: "MBConv FusedMBConv", source: tv + "efficientnet.py MBConv.forward", sig: "input",
			body: galleryForward("efficientnet.star", "MBConv", "use_res_connect"), attrs: func(m *Module) []attr { return resAttr(m, "block") }},
		{class: "SqueezeExcitation", source: tv + "ops/misc.py SqueezeExcitation.forward", sig: "input",
			script: "\n" + galleryHelper("mobilenet.star", "SqueezeExcitation", "_scale"),
			body:   galleryForward("mobilenet.star", "SqueezeExcitation")},
		{class: "Fire", source: tv + "squeezenet.py Fire.forward",
			body: galleryForward("squeezenet.star", "Fire")},
		{class: "SqueezeNet", source: tv + "squeezenet.py SqueezeNet.forward",
			body: galleryForward("squeezenet.star", "SqueezeNet"), input: "(1, 3, 224, 224)"},
		{class: "ShuffleNetV2", source: tv + "shufflenetv2.py ShuffleNetV2._forward_impl",
			body: galleryForward("shufflenet.star", "ShuffleNetV2"), input: "(1, 3, 224, 224)"},
		{class: "MNASNet", source: tv + "mnasnet.py MNASNet.forward",
			body: galleryForward("mnasnet.star", "MNASNet"), input: "(1, 3, 224, 224)"},
		{class: "_InvertedResidual", source: tv + "mnasnet.py _InvertedResidual.forward", sig: "input",
			body: galleryForward("mnasnet.star", "_InvertedResidual", "apply_residual"), attrs: func(m *Module) []attr {
				a := resAttr(m, "layers")
				a[0].name = "apply_residual"
				return a
			}},
		{class: "RegNet", source: tv + "regnet.py RegNet.forward",
			body: galleryForward("regnet.star", "RegNet"), input: "(1, 3, 224, 224)"},
		{class: "ResBottleneckBlock", optional: []string{"proj"}, source: tv + "regnet.py ResBottleneckBlock.forward",
			body: galleryForward("regnet.star", "ResBottleneckBlock")},
		{class: "MultiheadAttention", source: "torch.nn.MultiheadAttention",
			leaf: func(m *Module) string {
				e, err := mhaDim(m)
				if err != nil {
					return "MultiheadAttention()"
				}
				h := int64(1)
				if e%64 == 0 {
					h = e / 64
				}
				return fmt.Sprintf("MultiheadAttention(%d, %d)  # num_heads is not printed: assumed %d (head size 64 when it divides)\n", e, h, h)
			}},
	}
}

// basicBlock is the BasicBlock of torchvision's ResNet (conv1, bn1, relu,
// conv2, bn2; resnet.star's forward) or of its video ResNets (r3d_18,
// mc3_18, r2plus1d_18: conv1 and conv2 are Sequentials that hold their
// norms, then relu).
func basicBlock(g *gen, b *builder) ([]string, error) {
	switch {
	case b.has("conv1", "bn1", "relu", "conv2", "bn2"):
		return lines(b, basicBlockForward.Get()), nil
	case b.has("conv1", "conv2", "relu") && indexOf(b.names, "bn1") < 0:
		b.source = tv + "video/resnet.py BasicBlock.forward"
		return lines(b, `
residual = x

out = $conv1(x)
out = $conv2(out)
if $downsample != None:
    residual = $downsample(x)

out += residual
out = $relu(out)

return out`), nil
	}
	return nil, nil
}

// basicBlockForward and denseBlockForward are the gallery's forward of
// ResNet's BasicBlock and DenseNet's _DenseBlock, read on first use (see
// knownBlocks).
var (
	basicBlockForward = lazy.Value[string]{Build: func() string { return galleryForward("resnet.star", "BasicBlock") }}
	denseBlockForward = lazy.Value[string]{Build: func() string { return galleryForward("densenet.star", "_DenseBlock") }}
)

func mhaDim(m *Module) (int64, error) {
	op := m.Child("out_proj")
	if op == nil {
		return 0, argErr(m, msg.F("the embedding size (no out_proj child)"))
	}
	return intArg(op, "in_features", 0)
}

// convs returns the convolutions under m in printed order.
func convs(m *Module) []*Module {
	var out []*Module
	var walk func(*Module)
	walk = func(m *Module) {
		if strings.HasPrefix(m.Class, "Conv") && strings.HasSuffix(m.Class, "d") && len(m.Children) == 0 {
			out = append(out, m)
		}
		for _, c := range m.Children {
			walk(c)
		}
	}
	walk(m)
	return out
}

// residualOK reports whether the block under m keeps its input's shape:
// stride 1 everywhere and as many output as input channels, which is
// when torchvision's blocks add the residual (use_res_connect).
func residualOK(m *Module) (bool, bool) {
	cs := convs(m)
	if len(cs) == 0 {
		return false, false
	}
	in, err1 := intArg(cs[0], "in_channels", 0)
	out, err2 := intArg(cs[len(cs)-1], "out_channels", 1)
	if err1 != nil || err2 != nil {
		return false, false
	}
	for _, c := range cs {
		if a, ok := c.Arg("stride", 3); ok {
			xs, ok := a.Value.Ints()
			if !ok {
				return false, false
			}
			for _, s := range xs {
				if s != 1 {
					return false, true
				}
			}
		}
	}
	return in == out, true
}

// resAttr is use_res_connect of m, whose residual branch is child (m
// itself when it has no such child).
func resAttr(m *Module, child string) []attr {
	c := m.Child(child)
	if c == nil {
		c = m
	}
	ok, known := residualOK(c)
	why := "stride 1 and as many output as input channels"
	if !ok {
		why = "the block changes the shape"
	}
	if !known {
		why = "the printed convolutions do not tell; assumed no residual"
	}
	return []attr{{name: "use_res_connect", value: pyBool(ok), def: "False", why: why}}
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// InvertedResidual is three different classes in torchvision, each
// wired by its gallery preset's forward: MobileNetV2's (child "conv",
// mobilenet.star InvertedResidualV2), MobileNetV3's (child "block",
// InvertedResidualV3) and ShuffleNetV2's (children "branch1" and
// "branch2", shufflenet.star InvertedResidual with its channel_shuffle).
func invertedResidual(g *gen, b *builder) ([]string, error) {
	switch {
	case b.has("branch1", "branch2"):
		g.helper("channel_shuffle")
		return lines(b, invertedResidualShuffle.Get()), nil
	case b.has("conv") && len(b.names) == 1:
		return lines(b, invertedResidualV2.Get()), nil
	case b.has("block") && len(b.names) == 1:
		b.sig = "input"
		return lines(b, invertedResidualV3.Get()), nil
	}
	return nil, nil
}

// The three InvertedResidual forwards, read on first use (see knownBlocks).
var (
	invertedResidualShuffle = lazy.Value[string]{Build: func() string { return galleryForward("shufflenet.star", "InvertedResidual", "stride") }}
	invertedResidualV2      = lazy.Value[string]{Build: func() string { return galleryForward("mobilenet.star", "InvertedResidualV2", "use_res_connect") }}
	invertedResidualV3      = lazy.Value[string]{Build: func() string { return galleryForward("mobilenet.star", "InvertedResidualV3", "use_res_connect") }}
)

func invertedResidualAttrs(m *Module) []attr {
	if b1 := m.Child("branch1"); b1 != nil {
		s := "1"
		why := "branch1 is empty"
		if len(b1.Children) > 0 {
			s, why = "2", "branch1 is not empty"
		}
		return []attr{{name: "stride", value: s, def: "1", why: why}}
	}
	if m.Child("conv") != nil {
		return resAttr(m, "conv")
	}
	return resAttr(m, "block")
}
