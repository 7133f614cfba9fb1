package convention

import (
	"maps"
	"strconv"
	"strings"
)

// The tables below are transcribed from each tool's source at the commit
// named, as summarised (and verified against the tools' printed output on
// torchvision models) in the project's counting spec:
//   thop 0.0.31      Lyken17/pytorch-OpCounter@0fece23 thop/vision/basic_hooks.py, thop/profile.py
//   thop 0.1.1       Lyken17/pytorch-OpCounter@43c064a (= pip thop, = ultralytics-thop 2.0.x)
//   ultralytics 2.1  ultralytics/thop@39438aa (v2.1.6)
//   ptflops          sovrasov/flops-counter.pytorch@d612c75 ptflops/pytorch_ops.py, pytorch_engine.py, aten_ops.py
//   torchinfo 1.8.0  TylerYep/torchinfo@73ed568 torchinfo/layer_info.py calculate_macs
//   fvcore           facebookresearch/fvcore@fd5043f fvcore/nn/jit_handles.py
//   torch            torch.utils.flop_counter.FlopCounterMode (torch 2.x)
//   torchvision      pytorch/vision PR #6936 (the published "GFLOPS" = GMACs)
//
// The tables are plain data (laid out by the linker, not built by code):
// each convention lists groups of classes sharing a rule, applied in order
// so that a later group overrides an earlier one. A rule is written as its
// terms joined by " + "; a term is a quantity name, optionally preceded by
// "fn:" for a term ptflops' patched functionals collect and by a
// coefficient "k·": "thop_conv + bias", "4·norm + affine", "out + fn:out".
// "" is the empty rule: the tool knows the class and counts it 0.

// Class groups, space-separated.
const (
	convClasses = "Conv1d Conv2d Conv3d LazyConv1d LazyConv2d LazyConv3d " +
		"ConvTranspose1d ConvTranspose2d ConvTranspose3d LazyConvTranspose1d LazyConvTranspose2d LazyConvTranspose3d"
	bnClasses       = "BatchNorm1d BatchNorm2d BatchNorm3d LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d SyncBatchNorm"
	inClasses       = "InstanceNorm1d InstanceNorm2d InstanceNorm3d"
	maxPoolClasses  = "MaxPool1d MaxPool2d MaxPool3d"
	avgPoolClasses  = "AvgPool1d AvgPool2d AvgPool3d"
	adaAvgClasses   = "AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d"
	adaMaxClasses   = "AdaptiveMaxPool1d AdaptiveMaxPool2d AdaptiveMaxPool3d"
	poolClasses     = maxPoolClasses + " " + avgPoolClasses + " " + adaAvgClasses + " " + adaMaxClasses
	upsampleClasses = "Upsample UpsamplingNearest2d UpsamplingBilinear2d"
	rnnClasses      = "RNN GRU LSTM RNNCell GRUCell LSTMCell"
	mmFunctions     = "torch.matmul Tensor.matmul torch.mm Tensor.mm torch.bmm Tensor.bmm operator.matmul"
	poolFunctions   = "F.max_pool1d F.max_pool2d F.max_pool3d F.avg_pool1d F.avg_pool2d F.avg_pool3d " +
		"F.adaptive_avg_pool1d F.adaptive_avg_pool2d F.adaptive_avg_pool3d " +
		"F.adaptive_max_pool1d F.adaptive_max_pool2d F.adaptive_max_pool3d"
)

// group is a rule and the space-separated classes (or function types) it
// applies to.
type group struct{ rule, classes string }

// spec is a convention as data: its Modules and Functions are built from
// the groups, on top of those of the convention named base if any.
type spec struct {
	Convention
	base               string
	modules, functions []group
}

var specs = [...]spec{{
	Convention: Convention{ID: "floplab", Tool: "FlopLab", Version: "", Unit: "MAC", Own: true, Params: ParamsAll,
		Notes: []string{"Every call counted: MACs of convolutions, linear layers and matrix products, and every other operation by kind (add, mul/div, compare, exp); FLOPs = 2·MACs + the other operations."}},
}, {
	// thop 0.0.31: conv counts its bias, BN 2 per element, no LayerNorm rule.
	Convention: Convention{ID: "thop-0.0.31", Tool: "thop", Version: "0.0.31", Unit: "MAC", Params: ParamsHooked,
		Notes: []string{"Counts only nn.Module calls it has a rule for: functional calls (F.relu, x + y, torch.cat) are 0, and modules without a rule lose their parameters too (LayerNorm, attention).",
			"Adds one MAC per convolution output for the bias; BatchNorm 2 per element."}},
	modules: []group{
		{"thop_conv + bias", convClasses},
		{"2·norm", bnClasses},
		{"", "ReLU ReLU6 LeakyReLU ZeroPad2d " + maxPoolClasses + " " + adaMaxClasses + " Dropout"},
		{"out", avgPoolClasses},
		{"thop031_adapt", adaAvgClasses},
		{"linear_w", "Linear LazyLinear"},
		{"upsample_thop031", upsampleClasses},
	},
}, {
	// thop 0.1.1 (pip thop) = ultralytics-thop 2.0.x.
	Convention: Convention{ID: "thop", Tool: "thop", Version: "0.1.1", Unit: "MAC", Params: ParamsHooked,
		Notes: []string{"pip's thop (0.1.1, also ultralytics-thop 2.0.x). Counts only nn.Module calls it has a rule for; modules without a rule (GELU, attention, custom layers) count 0 and lose their parameters.",
			"Convolution bias not counted; BatchNorm 4 per element (2, doubled when affine)."}},
	modules: []group{
		{"thop_conv", convClasses},
		{"2·norm + 2·affine", bnClasses + " " + inClasses + " LayerNorm GroupNorm"},
		{"", "ReLU ReLU6 ZeroPad2d " + maxPoolClasses + " " + adaMaxClasses + " Dropout"},
		{"in", "LeakyReLU"},
		{"out", avgPoolClasses},
		{"thop_adapt", adaAvgClasses},
		{"linear_w", "Linear LazyLinear"},
		{"upsample_thop", upsampleClasses},
		{"thop_rnn", rnnClasses},
	},
}, {
	// ultralytics-thop 2.1: exact pooling windows, all parameters.
	Convention: Convention{ID: "ultralytics-thop", Tool: "ultralytics-thop", Version: "2.1.6", Unit: "MAC", Params: ParamsAll, MRO: true,
		Notes: []string{"Like thop, but average pools count their exact windows plus one division per output, and parameters are those of the whole model."}},
	base: "thop",
	modules: []group{
		{"window_sum + out", avgPoolClasses + " " + adaAvgClasses},
		{"ultra_mha", "MultiheadAttention"},
	},
}, {
	// ptflops' pytorch backend: module hooks (divided by the batch) plus
	// its patched functionals and tensor ops (not divided).
	Convention: Convention{ID: "ptflops-legacy", Tool: "ptflops", Version: "count_functional=False (≤ 0.7.0)", Unit: "MAC", Params: ParamsTrainable, BatchDivide: true,
		Notes: []string{"Module hooks only, divided by the batch size (a per-image figure). Bias counted; BatchNorm 2 per element; ReLU and pooling 1 per element."}},
	modules: []group{
		{"conv_w + bias", convClasses},
		{"linear_w + bias", "Linear LazyLinear"},
		{"norm + affine", bnClasses + " " + inClasses + " GroupNorm"},
		{"norm", "LayerNorm"},
		{"out", "ReLU ReLU6 PReLU ELU LeakyReLU GELU"},
		{"in", poolClasses},
		// Its hook table matches the exact class: nn.Upsample only, and
		// the hook counts output[0], one sample's elements.
		{"upsample_ptflops", "Upsample"},
		{"ptflops_rnn", rnnClasses},
		{"ptflops_mha", "MultiheadAttention"},
	},
}, {
	Convention: Convention{ID: "ptflops", Tool: "ptflops", Version: "0.7.x (pytorch backend)", Unit: "MAC", Params: ParamsTrainable, BatchDivide: true,
		Notes: []string{"ptflops' default. Module hooks are divided by the batch but its patched functional and tensor-op counters are not, so at batch > 1 the figure is neither per image nor per batch.",
			"nn.ReLU and the pooling modules are counted twice: once by their hook, once by the patched F.relu / F.max_pool2d they call. A layer's row shows its hook's figure, as ptflops prints it per layer; the second count is in the total only."}},
	base: "ptflops-legacy",
	// nn modules whose forward calls a functional ptflops has patched are
	// counted a second time by the functional collector.
	modules: []group{
		{"out + fn:out", "ReLU PReLU ELU GELU"},
		{"in + fn:in", poolClasses},
		{"upsample_ptflops + fn:interp_ptflops", "Upsample"},
		{"fn:interp_ptflops", "UpsamplingNearest2d UpsamplingBilinear2d"},
	},
	functions: []group{
		{"fn:out", "F.relu F.prelu F.elu F.relu6 F.gelu F.silu F.softmax"},
		{"fn:interp_ptflops", "F.interpolate F.upsample"},
		{"fn:in", poolFunctions},
		{"fn:mm", "torch.matmul Tensor.matmul torch.mm Tensor.mm torch.bmm Tensor.bmm torch.addmm"},
		{"fn:out", "torch.mul Tensor.mul torch.add Tensor.add"},
	},
}, {
	Convention: Convention{ID: "ptflops-aten", Tool: "ptflops", Version: "0.7.x (aten backend)", Unit: "MAC", Params: ParamsTrainable,
		Notes: []string{"Counts the aten operators convolution, mm, addmm, bmm and matmul, with biases; everything else is 0.",
			"On torch 2.x attention computed by scaled_dot_product_attention (F.scaled_dot_product_attention, and nn.MultiheadAttention called with need_weights=False, as in torchvision's ViT) runs in a fused kernel the aten backend does not count: 0."}},
	modules: []group{
		{"conv_w + bias", convClasses},
		{"linear_w + bias", "Linear LazyLinear Bilinear"},
		{"mha_proj + attn_w + bias", "MultiheadAttention"},
	},
	functions: []group{
		{"mm", mmFunctions},
		{"mm + bias", "F.linear torch.addmm"},
	},
}, {
	Convention: Convention{ID: "torchinfo", Tool: "torchinfo", Version: "1.8.0", Unit: "MAC", Params: ParamsAll, LeafOnly: true,
		Notes: []string{"Mult-adds from parameters: a convolution's parameters × N·H'·W', any other layer's parameters × the batch only (so a Linear on [N, tokens, features] ignores the tokens). Leaf modules only; layers without parameters count 0."}},
	modules: []group{{"ti", "*"}},
}, {
	Convention: Convention{ID: "fvcore", Tool: "fvcore", Version: "0.1.5", Unit: "MAC", Params: ParamsAll,
		Notes: []string{"fvcore's FlopCountAnalysis on a model in eval mode: one 'flop' per fused multiply-add; no bias; BatchNorm 2 per element when affine; activations, max-pooling and additions are listed as unsupported and count 0."}},
	modules: []group{
		{"conv_w", convClasses},
		{"linear_w", "Linear LazyLinear Bilinear"},
		{"norm + affine", bnClasses},
		{"4·norm + affine", inClasses + " LayerNorm GroupNorm"},
		// Its handles are 2-D only: aten::adaptive_avg_pool2d and
		// upsample_nearest2d/bilinear2d.
		{"in", "AdaptiveAvgPool2d"},
		{"upsample_fvcore", upsampleClasses},
		{"mha_proj + attn", "MultiheadAttention"},
	},
	functions: []group{
		{"mm", mmFunctions},
		{"linear_w", "F.linear torch.addmm"},
		{"attn", "F.scaled_dot_product_attention"},
		{"in", "F.adaptive_avg_pool2d"},
		{"4·norm + affine", "F.layer_norm"},
		{"upsample_fvcore", "F.interpolate F.upsample"},
	},
}, {
	Convention: Convention{ID: "torch", Tool: "torch", Version: "2.x FlopCounterMode", Unit: "FLOP", Params: ParamsAll, Scale: 2,
		Notes: []string{"2 FLOPs per MAC of convolutions and matrix products (mm, addmm, bmm, attention), no bias, nothing else.",
			"Under eval + no_grad torch 2.x runs nn.MultiheadAttention through a fused fast path FlopCounterMode has no formula for, so it counts 0 there (as the real tool does)."}},
	modules: []group{
		{"conv_w", convClasses},
		{"linear_w", "Linear LazyLinear Bilinear"},
		{"", "MultiheadAttention"},
	},
	functions: []group{
		{"mm", mmFunctions},
		{"linear_w", "F.linear torch.addmm"},
		{"attn", "F.scaled_dot_product_attention"},
	},
}, {
	Convention: Convention{ID: "torchvision", Tool: "torchvision", Version: "published _ops", Unit: "MAC", Params: ParamsAll,
		Notes: []string{"torchvision's published 'GFLOPS' column: multiply-accumulates of convolutions and matrix products (attention included), no bias, for one image, printed in G with 3 decimals."}},
	base:    "torch",
	modules: []group{{"mha_proj + attn", "MultiheadAttention"}},
}}

func init() {
	for i := range specs {
		s := &specs[i]
		var base Convention
		if s.base != "" {
			base = *registry[s.base]
		}
		s.Modules = table(base.Modules, s.modules)
		s.Functions = table(base.Functions, s.functions)
		register(&s.Convention)
	}
}

// table is base (shared when there are no groups) with the groups' rules
// set in order; it is nil when both are empty.
func table(base map[string]Rule, groups []group) map[string]Rule {
	if len(groups) == 0 {
		return base
	}
	tb := maps.Clone(base)
	if tb == nil {
		tb = make(map[string]Rule)
	}
	for _, g := range groups {
		r := parseRule(g.rule)
		for _, c := range strings.Fields(g.classes) {
			tb[c] = r
		}
	}
	return tb
}

// parseRule reads a rule written as described above the tables.
func parseRule(s string) Rule {
	r := Rule{}
	if s == "" {
		return r
	}
	for _, term := range strings.Split(s, " + ") {
		t := Term{Coef: 1}
		term, t.Functional = strings.CutPrefix(term, "fn:")
		if k, q, ok := strings.Cut(term, "·"); ok {
			coef, err := strconv.ParseInt(k, 10, 64)
			if err != nil {
				panic("convention: bad coefficient in rule " + s)
			}
			t.Coef, term = coef, q
		}
		t.Q = term
		r = append(r, t)
	}
	return r
}
