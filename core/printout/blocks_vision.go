package printout

import (
	"fmt"
	"strconv"
	"strings"

	"floplab/core/internal/lazy"
	"floplab/core/msg"
)

// Wiring of torchvision 0.14's transformers and multi-branch CNNs
// (vision_transformer.py, swin_transformer.py, convnext.py,
// googlenet.py, inception.py) and of torch.nn.TransformerEncoder(Layer),
// written as the gallery presets write them so a converted printout
// traces to the preset's graph.

// attrOf appends a per-instance keyword of a known block.
func (r *resolved) attr(m *Module, name, value, why string) {
	r.attrs[m] = append(r.attrs[m], attr{name: name, value: value, def: "None", why: why})
}

// failed marks an instance whose wiring cannot be derived: it is then
// converted as an unknown container.
func (r *resolved) fail(m *Module, path, why string) {
	if r.failed == nil {
		r.failed = map[*Module]string{}
	}
	r.failed[m] = why
	r.opaque = append(r.opaque, Unknown{Path: path, Class: m.Class, Pos: m.Pos})
	r.note(m.Pos, "%s (%s): %s; converted as an unknown class, and any parameters it holds directly (invisible in a printout) are not counted", displayPath(path), m.Class, msg.F(why))
}

// firstInt reads an int argument of a child, or -1.
func childInt(m *Module, child, key string, pos int) int64 {
	c := m
	if child != "" {
		c = m.Child(child)
	}
	if c == nil {
		return -1
	}
	n, err := intArg(c, key, pos)
	if err != nil {
		return -1
	}
	return n
}

// normSize is the size a LayerNorm-like child normalizes, or -1.
func normSize(m *Module) int64 {
	if m == nil {
		return -1
	}
	a, ok := m.Arg("normalized_shape", 0)
	if !ok {
		return -1
	}
	xs, ok := a.Value.Ints()
	if !ok || len(xs) != 1 {
		return -1
	}
	return xs[0]
}

// vitHeads: nn.MultiheadAttention does not print num_heads; torchvision's
// ViTs use 12 heads at width 768 and 16 at 1024 and 1280.
func vitHeads(d int64) (int64, string) {
	switch d {
	case 768:
		return 12, "vit_b: 12 heads"
	case 1024, 1280:
		return 16, "vit_l / vit_h: 16 heads"
	}
	if d%64 == 0 {
		return d / 64, "head size 64"
	}
	return 1, "one head"
}

// visionBlocks are the vision transformers, the multi-branch CNNs and
// torch.nn.TransformerEncoder.
func visionBlocks() []block {
	return []block{
		// ---- ViT ----
		{class: "VisionTransformer", source: tv + "vision_transformer.py VisionTransformer.forward", input: "(1, 3, 224, 224)",
			resolve: func(r *resolved, m *Module, path string) {
				cp := m.Child("conv_proj")
				d := childInt(cp, "", "out_channels", 1)
				k, ok := cp.Arg("kernel_size", 2)
				ks, ok2 := k.Value.Ints()
				if d < 0 || !ok || !ok2 || len(ks) == 0 || ks[0] <= 0 || 224%ks[0] != 0 {
					r.fail(m, path, "conv_proj does not print a square patch size dividing 224")
					return
				}
				p := ks[0]
				seq := (224/p)*(224/p) + 1
				r.attr(m, "image_size", "224", "assumed: the image size is not printed")
				r.attr(m, "patch_size", strconv.FormatInt(p, 10), "conv_proj's kernel")
				r.attr(m, "hidden_dim", strconv.FormatInt(d, 10), "conv_proj's output channels")
				r.hide(m, "class_token", false, 1, 1, d)
				r.set(m.Child("encoder"), "seq", seq)
				r.note(m.Pos, "%s: image_size is not printed; assumed 224, so encoder.pos_embedding is [1, %d, %d] (%d·%d patches of %d and the class token) and class_token [1, 1, %d]; both are parameters the printout does not show", m.Class, seq, d, 224/p, 224/p, p, d)
			},
			script: "\n" + galleryHelper("vit.star", "VisionTransformer", "_process_input", "patch_size", "image_size", "hidden_dim") + `
# nn.Parameter(torch.zeros(1, 1, hidden_dim)): not shown in the printout
self.class_token = Parameter(1, 1, hidden_dim)`,
			body: galleryForward("vit.star", "VisionTransformer", "class_token")},
		{class: "Encoder", source: tv + "vision_transformer.py Encoder.forward",
			sig: "input", input: "(1, 197, 768)",
			resolve: func(r *resolved, m *Module, path string) {
				d := normSize(m.Child("ln"))
				if d < 0 {
					r.fail(m, path, "ln does not print its size")
					return
				}
				seq, ok := r.get(m, "seq")
				if !ok {
					seq = 197
					r.note(m.Pos, "%s: the sequence length is not printed; assumed 197 (a 224×224 image in 16×16 patches and the class token), so pos_embedding is [1, 197, %d]", displayPath(path), d)
				}
				r.attr(m, "seq_length", strconv.FormatInt(seq, 10), "patches + class token")
				r.attr(m, "hidden_dim", strconv.FormatInt(d, 10), "ln's size")
				r.hide(m, "pos_embedding", false, 1, seq, d)
			},
			script: `
# nn.Parameter(torch.empty(1, seq_length, hidden_dim)): not shown in the printout
self.pos_embedding = Parameter(1, seq_length, hidden_dim)`,
			body: galleryForward("vit.star", "Encoder", "pos_embedding")},
		{class: "EncoderBlock", source: tv + "vision_transformer.py EncoderBlock.forward", sig: "input",
			resolve: func(r *resolved, m *Module, path string) {
				d := normSize(m.Child("ln_1"))
				if d < 0 || m.Child("self_attention").Class != "MultiheadAttention" {
					r.fail(m, path, "ln_1 does not print its size")
					return
				}
				h, why := vitHeads(d)
				r.leafExpr[m.Child("self_attention")] = fmt.Sprintf("MultiheadAttention(%d, %d, dropout=0.0, batch_first=True)", d, h)
				r.noteOnce("EncoderBlock.heads", m.Pos, "EncoderBlock: MultiheadAttention does not print num_heads or batch_first; assumed %d heads (%s) and batch_first=True, as torchvision's ViT builds it", h, msg.F(why))
			},
			body: galleryForward("vit.star", "EncoderBlock")},

		// ---- ConvNeXt ----
		{class: "ConvNeXt", source: tv + "convnext.py ConvNeXt.forward",
			input: "(1, 3, 224, 224)", body: galleryForward("convnext.star", "ConvNeXt")},
		{class: "CNBlock", source: tv + "convnext.py CNBlock.forward", sig: "input",
			resolve: func(r *resolved, m *Module, path string) {
				cs := convs(m.Child("block"))
				if len(cs) == 0 {
					r.fail(m, path, "block has no convolution to tell the width")
					return
				}
				d := childInt(cs[0], "", "in_channels", 0)
				if d < 0 {
					r.fail(m, path, "block's convolution does not print its channels")
					return
				}
				r.attr(m, "dim", strconv.FormatInt(d, 10), "block's channels")
				r.hide(m, "layer_scale", false, d, 1, 1)
				r.noteOnce("CNBlock.layer_scale", m.Pos, "CNBlock: layer_scale, a [C, 1, 1] parameter each block holds directly, is not shown in the printout; added (C from the block's convolution)")
			},
			script: `
# nn.Parameter(torch.ones(dim, 1, 1) * layer_scale): not shown in the printout
self.layer_scale = Parameter(dim, 1, 1)`,
			body: galleryForward("convnext.star", "CNBlock", "layer_scale")},

		// ---- Swin ----
		{class: "SwinTransformer", source: tv + "swin_transformer.py SwinTransformer.forward", input: "(1, 3, 224, 224)", body: galleryForward("swin.star", "SwinTransformer")},
		{class: "SwinTransformerBlock", source: tv + "swin_transformer.py SwinTransformerBlock.forward",
			resolve: func(r *resolved, m *Module, path string) {
				i := path[strings.LastIndexByte(path, '.')+1:]
				n, err := strconv.Atoi(i)
				if err != nil {
					n = 0
					r.note(m.Pos, "%s: not in a numbered stage, so its shift is unknown; assumed unshifted windows", displayPath(path))
				}
				r.set(m.Child("attn"), "shift", int64(n%2))
			},
			body: galleryForward("swin.star", "SwinTransformerBlock")},
		{class: "ShiftedWindowAttention", source: tv + "swin_transformer.py ShiftedWindowAttention.forward",
			resolve: func(r *resolved, m *Module, path string) {
				d := childInt(m, "qkv", "in_features", 0)
				if d < 0 || d%32 != 0 {
					r.fail(m, path, "qkv does not print a width that is a multiple of 32")
					return
				}
				const w = 7
				heads := d / 32
				shift := int64(0)
				if s, _ := r.get(m, "shift"); s == 1 {
					shift = w / 2
				}
				r.attr(m, "window_size", "[7, 7]", "assumed: torchvision's Swin V1 windows")
				r.attr(m, "shift_size", fmt.Sprintf("[%d, %d]", shift, shift), "odd blocks of a stage are shifted")
				r.attr(m, "num_heads", strconv.FormatInt(heads, 10), "assumed head size 32")
				r.attr(m, "attention_dropout", "0.0", "no effect in evaluation")
				r.attr(m, "dropout", "0.0", "no effect in evaluation")
				r.hide(m, "relative_position_bias_table", false, (2*w-1)*(2*w-1), heads)
				r.hide(m, "relative_position_index", true, w*w*w*w)
				r.noteOnce("ShiftedWindowAttention", m.Pos, "ShiftedWindowAttention does not print num_heads, window_size or shift_size; assumed head size 32 (%d heads at width %d), 7×7 windows and a shift of 3 in every second block of a stage, as torchvision's swin_t/s/b; its relative_position_bias_table [169, heads] (a parameter) and relative_position_index [2401] (a buffer) are not shown in the printout and are added", heads, d)
			},
			script: `
# define_relative_position_bias_table() and define_relative_position_index():
# held directly by the module, not shown in the printout
self.relative_position_bias_table = Parameter((2 * window_size[0] - 1) * (2 * window_size[1] - 1), num_heads)
self.register_buffer("relative_position_index", (window_size[0] * window_size[1] * window_size[0] * window_size[1],))

` + galleryHelper("swin.star", "ShiftedWindowAttention", "get_relative_position_bias", "relative_position_bias_table", "relative_position_index", "window_size"),
			body: galleryForward("swin.star", "ShiftedWindowAttention", "window_size", "num_heads", "shift_size", "attention_dropout", "dropout")},
		{class: "PatchMerging", source: tv + "swin_transformer.py PatchMerging.forward",
			body: galleryForward("swin.star", "PatchMerging")},
		{class: "MLPBlock", source: "a Sequential subclass (" + tv + "torchvision.ops.MLP): children in order", forward: chain},

		// ---- GoogLeNet ----
		{class: "BasicConv2d", source: tv + "googlenet.py / inception.py BasicConv2d.forward",
			body: galleryForward("inception.star", "BasicConv2d")},
		{class: "GoogLeNet", source: tv + "googlenet.py GoogLeNet._forward", optional: []string{"aux1", "aux2"},
			input:   "(1, 3, 224, 224)",
			resolve: transformInputNote, attrs: inceptionAttrs("aux1", "aux2"),
			script: "\n" + galleryHelper("googlenet.star", "GoogLeNet", "_transform_input", "transform_input"),
			body:   galleryForward("googlenet.star", "GoogLeNet", "transform_input", "aux_logits", "training")},
		{class: "Inception", source: tv + "googlenet.py Inception.forward",
			body: galleryForward("googlenet.star", "Inception")},
		{class: "InceptionAux", source: tv + "googlenet.py / inception.py InceptionAux.forward", forward: inceptionAux},

		// ---- Inception v3 ----
		{class: "Inception3", source: tv + "inception.py Inception3._forward", optional: []string{"AuxLogits"},
			input:   "(1, 3, 299, 299)",
			resolve: transformInputNote, attrs: inceptionAttrs("AuxLogits"),
			script: "\n" + galleryHelper("inception.star", "Inception3", "_transform_input", "transform_input"),
			body:   galleryForward("inception.star", "Inception3", "transform_input", "aux_logits", "training")},
		{class: "InceptionA", source: tv + "inception.py InceptionA.forward",
			body: galleryForward("inception.star", "InceptionA")},
		{class: "InceptionB", source: tv + "inception.py InceptionB.forward",
			body: galleryForward("inception.star", "InceptionB")},
		{class: "InceptionC", source: tv + "inception.py InceptionC.forward",
			body: galleryForward("inception.star", "InceptionC")},
		{class: "InceptionD", source: tv + "inception.py InceptionD.forward",
			body: galleryForward("inception.star", "InceptionD")},
		{class: "InceptionE", source: tv + "inception.py InceptionE.forward",
			body: galleryForward("inception.star", "InceptionE")},

		// ---- U-Net (milesial/Pytorch-UNet) ----
		// The most copied U-Net: its class names are common words, so its
		// parts are wired only inside a UNet that has its children (markUNet).
		{class: "UNet", source: unetSource + "unet_model.py UNet.forward", resolve: markUNet, body: `
x1 = $inc(x)
x2 = $down1(x1)
x3 = $down2(x2)
x4 = $down3(x3)
x5 = $down4(x4)
x = $up1(x5, x4)
x = $up2(x, x3)
x = $up3(x, x2)
x = $up4(x, x1)
logits = $outc(x)
return logits`},
		{class: "Up", needs: []string{"up", "conv"}, source: unetSource + "unet_parts.py Up.forward", sig: "x1, x2",
			forward: func(g *gen, b *builder) ([]string, error) {
				if !g.r.inUNet(b) || !b.has("up", "conv") || len(b.names) != 2 {
					return nil, nil
				}
				return lines(b, `
x1 = $up(x1)
# input is CHW
diffY = x2.size()[2] - x1.size()[2]
diffX = x2.size()[3] - x1.size()[3]
x1 = F.pad(x1, [diffX // 2, diffX - diffX // 2, diffY // 2, diffY - diffY // 2])
x = torch.cat([x2, x1], dim=1)
return $conv(x)`), nil
			}},
		{class: "DoubleConv Down OutConv", source: unetSource + "unet_parts.py: its one child (double_conv, maxpool_conv, conv)",
			forward: func(g *gen, b *builder) ([]string, error) {
				if !g.r.inUNet(b) || len(b.names) != 1 {
					return nil, nil
				}
				return chain(g, b)
			}},

		// ---- LR-ASPP (torchvision segmentation) ----
		{class: "LRASPP", source: tv + "segmentation/lraspp.py LRASPP.forward (the result dict's \"out\")", input: "(1, 3, 520, 520)",
			resolve: lrasppResolve, body: `
features = $backbone(x)
out = $classifier(features)
out = F.interpolate(out, size=x.shape[-2:], mode="bilinear", align_corners=False)
return out`},
		{class: "LRASPPHead", source: tv + "segmentation/lraspp.py LRASPPHead.forward", sig: "input", body: `
low = input["low"]
high = input["high"]

x = $cbr(high)
s = $scale(high)
x = x * s
x = F.interpolate(x, size=low.shape[-2:], mode="bilinear", align_corners=False)

return $low_classifier(low) + $high_classifier(x)`},
		{class: "IntermediateLayerGetter", source: tv + "_utils.py IntermediateLayerGetter.forward (LR-ASPP's return_layers: low and high)",
			forward: func(g *gen, b *builder) ([]string, error) {
				for _, m := range b.instances {
					if _, ok := g.r.get(m, "lraspp_low"); !ok || !b.numeric {
						return nil, nil
					}
				}
				return []string{"out = {}", "for i, layer in enumerate(layers):", "    x = layer(x)", "    if i == self.low_index:",
					`        out["low"] = x`, `out["high"] = x`, "return out"}, nil
			}},

		// ---- torch.nn.TransformerEncoder ----
		{class: "TransformerEncoderLayer", source: "torch 1.13 nn.TransformerEncoderLayer.forward (norm_first=False, the slow path)",
			needs: []string{"self_attn", "linear1", "dropout", "linear2", "norm1", "norm2", "dropout1", "dropout2"}, sig: "src",
			resolve: func(r *resolved, m *Module, path string) {
				d := childInt(m, "linear1", "in_features", 0)
				if d < 0 || m.Child("self_attn").Class != "MultiheadAttention" {
					r.fail(m, path, "linear1 does not print its size")
					return
				}
				h := int64(1)
				if d%64 == 0 {
					h = d / 64
				}
				r.leafExpr[m.Child("self_attn")] = fmt.Sprintf("MultiheadAttention(%d, %d, dropout=0.1)", d, h)
				r.set(m, "d_model", d)
				act := "F.relu (the default; an activation given as a module would be printed as a child)"
				if m.Child("activation") != nil {
					act = "the printed (activation)"
				}
				r.noteOnce("TransformerEncoderLayer", m.Pos, "TransformerEncoderLayer does not print nhead, batch_first or norm_first; assumed %d heads (head size 64; only the softmax count depends on it), batch_first=False (input (sequence, batch, d_model)) and norm_first=False (post-norm); activation %s", h, msg.F(act))
			},
			forward: transformerEncoderLayer,
			inputFn: func(r *resolved, m *Module) (string, string, string) {
				d, _ := r.get(m, "d_model")
				return fmt.Sprintf("(128, 1, %d)", d), "", "128 tokens, batch 1, as (sequence, batch, d_model) since batch_first=False is assumed"
			}},
		{class: "TransformerEncoder", optional: []string{"norm"}, source: "torch 1.13 nn.TransformerEncoder.forward (the slow path)", sig: "src",
			body: `
output = src
for mod in $layers:
    output = mod(output)
if $norm != None:
    output = $norm(output)
return output`,
			inputFn: func(r *resolved, m *Module) (string, string, string) {
				for _, c := range m.Child("layers").Expanded() {
					if d := childInt(c.Module, "linear1", "in_features", 0); d > 0 {
						return fmt.Sprintf("(128, 1, %d)", d), "", "128 tokens, batch 1, as (sequence, batch, d_model) since batch_first=False is assumed"
					}
				}
				return "", "", ""
			}},
	}
}

// lrasppResolve: torchvision's LR-ASPP takes its low features from the
// backbone's C2 stage (stage_indices[-4], output stride 8), its high ones
// from the last layer; the printout does not show return_layers, but the
// low classifier's input channels name the stage: the first backbone
// layer with that many output channels.
func lrasppResolve(r *resolved, m *Module, path string) {
	bb, head := m.Child("backbone"), m.Child("classifier")
	if bb == nil || head == nil || bb.Class != "IntermediateLayerGetter" || head.Child("low_classifier") == nil {
		return
	}
	low := childInt(head, "low_classifier", "in_channels", 0)
	for i, c := range bb.Expanded() {
		cs := convs(c.Module)
		if len(cs) == 0 || low <= 0 {
			continue
		}
		if out, err := intArg(cs[len(cs)-1], "out_channels", 1); err == nil && out == low {
			r.set(bb, "lraspp_low", int64(i))
			r.attr(bb, "low_index", strconv.Itoa(i), fmt.Sprintf("the first layer with the low classifier's %d input channels (torchvision's C2 stage); not printed", low))
			return
		}
	}
}

const unetSource = "milesial/Pytorch-UNet unet/"

// markUNet marks the U-Net parts (Up, Down, DoubleConv, OutConv) under
// a UNet that has milesial's children, which are wired as that code.
func markUNet(r *resolved, m *Module, path string) {
	var walk func(*Module)
	walk = func(m *Module) {
		for _, c := range m.Children {
			switch c.Class {
			case "Up", "Down", "DoubleConv", "OutConv":
				r.set(c, "unet", 1)
			}
			walk(c)
		}
	}
	walk(m)
}

// inUNet reports whether every instance of b is a part of a UNet.
func (r *resolved) inUNet(b *builder) bool {
	for _, m := range b.instances {
		if _, ok := r.get(m, "unet"); !ok {
			return false
		}
	}
	return true
}

func transformInputNote(r *resolved, m *Module, path string) {
	r.note(m.Pos, "%s: transform_input is not printed; assumed False (torchvision's default with weights=None; pretrained weights set it True, which adds a few elementwise operations on the input)", m.Class)
	for _, n := range []string{"aux1", "aux2", "AuxLogits"} {
		if m.Child(n) != nil {
			r.note(m.Child(n).Pos, "%s: the auxiliary classifier runs only in training mode: its parameters are always counted, its operations in training mode only", n)
		}
	}
}

// inceptionAux is GoogLeNet's (conv, fc1, fc2, dropout) or Inception
// v3's (conv0, conv1, fc) InceptionAux, wired by googlenet.star's or
// inception.star's.
func inceptionAux(g *gen, b *builder) ([]string, error) {
	switch {
	case b.has("conv", "fc1", "fc2", "dropout"):
		return lines(b, googLeNetAux.Get()), nil
	case b.has("conv0", "conv1", "fc"):
		return lines(b, inceptionV3Aux.Get()), nil
	}
	return nil, nil
}

// The InceptionAux forwards of GoogLeNet and Inception v3, read on first
// use (see knownBlocks).
var (
	googLeNetAux   = lazy.Value[string]{Build: func() string { return galleryForward("googlenet.star", "InceptionAux") }}
	inceptionV3Aux = lazy.Value[string]{Build: func() string { return galleryForward("inception.star", "InceptionAux") }}
)

// inceptionAttrs are GoogLeNet's and Inception3's transform_input (not
// printed) and aux_logits (true when the printout shows the auxiliary
// heads: torchvision builds them only then).
func inceptionAttrs(aux ...string) func(m *Module) []attr {
	return func(m *Module) []attr {
		heads := "True"
		why := "the printout shows " + strings.Join(aux, " and ")
		if m.Child(aux[0]) == nil {
			heads, why = "False", "the printout shows no auxiliary classifier"
		}
		return []attr{
			{name: "transform_input", value: "False", def: "False", why: "not printed: torchvision's default without pretrained weights"},
			{name: "aux_logits", value: heads, def: "False", why: why},
		}
	}
}

func transformerEncoderLayer(g *gen, b *builder) ([]string, error) {
	act := "F.relu"
	if indexOf(b.names, "activation") >= 0 {
		act = "$activation"
	}
	return lines(b, `
x = src
# _sa_block
sa = $self_attn(x, x, x, need_weights=False)[0]
sa = $dropout1(sa)
x = $norm1(x + sa)
# _ff_block
ff = $linear2($dropout(`+act+`($linear1(x))))
ff = $dropout2(ff)
x = $norm2(x + ff)
return x`), nil
}
