package convention

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

var (
	convClasses  = []string{"Conv1d", "Conv2d", "Conv3d", "LazyConv1d", "LazyConv2d", "LazyConv3d"}
	convTClasses = []string{"ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
		"LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d"}
	bnClasses       = []string{"BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "SyncBatchNorm"}
	inClasses       = []string{"InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"}
	maxPoolClasses  = []string{"MaxPool1d", "MaxPool2d", "MaxPool3d"}
	avgPoolClasses  = []string{"AvgPool1d", "AvgPool2d", "AvgPool3d"}
	adaAvgClasses   = []string{"AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d"}
	adaMaxClasses   = []string{"AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d"}
	upsampleClasses = []string{"Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"}
	dropoutClasses  = []string{"Dropout"}
	rnnClasses      = []string{"RNN", "GRU", "LSTM", "RNNCell", "GRUCell", "LSTMCell"}
	mmFunctions     = []string{"torch.matmul", "Tensor.matmul", "torch.mm", "Tensor.mm", "torch.bmm", "Tensor.bmm", "operator.matmul"}
)

func t(coef int64, q string) Term  { return Term{Coef: coef, Q: q} }
func fn(coef int64, q string) Term { return Term{Coef: coef, Q: q, Functional: true} }

// table builds a rule map from class groups.
type table map[string]Rule

func (tb table) set(rule Rule, classes ...[]string) table {
	for _, cs := range classes {
		for _, c := range cs {
			tb[c] = rule
		}
	}
	return tb
}

func one(names ...string) []string { return names }

func withPrefix(prefix string, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}

var pools = []string{"max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
	"adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
	"adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d"}

func init() {
	register(&Convention{ID: "floplab", Tool: "FlopLab", Version: "", Unit: "MAC", Own: true, Params: ParamsAll,
		Notes: []string{"Every call counted: MACs of convolutions, linear layers and matrix products, and every other operation by kind (add, mul/div, compare, exp); FLOPs = 2·MACs + the other operations."}})

	// thop 0.0.31: conv counts its bias, BN 2 per element, no LayerNorm rule.
	thop031 := table{}.
		set(Rule{t(1, "thop_conv"), t(1, "bias")}, convClasses, convTClasses).
		set(Rule{t(2, "norm")}, bnClasses).
		set(Rule{}, one("ReLU", "ReLU6", "LeakyReLU", "ZeroPad2d"), maxPoolClasses, adaMaxClasses, dropoutClasses).
		set(Rule{t(1, "out")}, avgPoolClasses).
		set(Rule{t(1, "thop031_adapt")}, adaAvgClasses).
		set(Rule{t(1, "linear_w")}, one("Linear", "LazyLinear"))
	register(&Convention{ID: "thop-0.0.31", Tool: "thop", Version: "0.0.31", Unit: "MAC", Modules: thop031, Params: ParamsHooked,
		Notes: []string{"Counts only nn.Module calls it has a rule for: functional calls (F.relu, x + y, torch.cat) are 0, and modules without a rule lose their parameters too (LayerNorm, attention).",
			"Adds one MAC per convolution output for the bias; BatchNorm 2 per element."}})

	// thop 0.1.1 (pip thop) = ultralytics-thop 2.0.x.
	thop := table{}.
		set(Rule{t(1, "thop_conv")}, convClasses, convTClasses).
		set(Rule{t(2, "norm"), t(2, "affine")}, bnClasses, inClasses, one("LayerNorm", "GroupNorm")).
		set(Rule{}, one("ReLU", "ReLU6", "ZeroPad2d"), maxPoolClasses, adaMaxClasses, dropoutClasses).
		set(Rule{t(1, "in")}, one("LeakyReLU")).
		set(Rule{t(1, "out")}, avgPoolClasses).
		set(Rule{t(1, "thop_adapt")}, adaAvgClasses).
		set(Rule{t(1, "linear_w")}, one("Linear", "LazyLinear")).
		set(Rule{t(1, "upsample_thop")}, upsampleClasses).
		set(Rule{t(1, "thop_rnn")}, rnnClasses)
	register(&Convention{ID: "thop", Tool: "thop", Version: "0.1.1", Unit: "MAC", Modules: thop, Params: ParamsHooked,
		Notes: []string{"pip's thop (0.1.1, also ultralytics-thop 2.0.x). Counts only nn.Module calls it has a rule for; modules without a rule (GELU, attention, custom layers) count 0 and lose their parameters.",
			"Convolution bias not counted; BatchNorm 4 per element (2, doubled when affine)."}})

	// ultralytics-thop 2.1: exact pooling windows, all parameters.
	ultra := table{}
	for k, v := range thop {
		ultra[k] = v
	}
	ultra.set(Rule{t(1, "window_sum"), t(1, "out")}, avgPoolClasses, adaAvgClasses).
		set(Rule{t(1, "ultra_mha")}, one("MultiheadAttention"))
	register(&Convention{ID: "ultralytics-thop", Tool: "ultralytics-thop", Version: "2.1.6", Unit: "MAC", Modules: ultra, Params: ParamsAll, MRO: true,
		Notes: []string{"Like thop, but average pools count their exact windows plus one division per output, and parameters are those of the whole model."}})

	// ptflops' pytorch backend: module hooks (divided by the batch) plus
	// its patched functionals and tensor ops (not divided).
	ptLegacy := table{}.
		set(Rule{t(1, "conv_w"), t(1, "bias")}, convClasses, convTClasses).
		set(Rule{t(1, "linear_w"), t(1, "bias")}, one("Linear", "LazyLinear")).
		set(Rule{t(1, "norm"), t(1, "affine")}, bnClasses, inClasses, one("GroupNorm")).
		set(Rule{t(1, "norm")}, one("LayerNorm")).
		set(Rule{t(1, "out")}, one("ReLU", "ReLU6", "PReLU", "ELU", "LeakyReLU", "GELU")).
		set(Rule{t(1, "in")}, maxPoolClasses, avgPoolClasses, adaAvgClasses, adaMaxClasses).
		set(Rule{t(1, "out")}, upsampleClasses).
		set(Rule{t(1, "ptflops_rnn")}, rnnClasses).
		set(Rule{t(1, "ptflops_mha")}, one("MultiheadAttention"))
	register(&Convention{ID: "ptflops-legacy", Tool: "ptflops", Version: "count_functional=False (≤ 0.7.0)", Unit: "MAC", Modules: ptLegacy, Params: ParamsTrainable, BatchDivide: true,
		Notes: []string{"Module hooks only, divided by the batch size (a per-image figure). Bias counted; BatchNorm 2 per element; ReLU and pooling 1 per element."}})

	pt := table{}
	for k, v := range ptLegacy {
		pt[k] = v
	}
	// nn modules whose forward calls a functional ptflops has patched are
	// counted a second time by the functional collector.
	pt.set(Rule{t(1, "out"), fn(1, "out")}, one("ReLU", "PReLU", "ELU", "GELU"), upsampleClasses).
		set(Rule{t(1, "in"), fn(1, "in")}, maxPoolClasses, avgPoolClasses, adaAvgClasses, adaMaxClasses)
	ptFns := table{}.
		set(Rule{fn(1, "out")}, withPrefix("F.", "relu", "prelu", "elu", "relu6", "gelu", "silu", "softmax", "interpolate", "upsample")).
		set(Rule{fn(1, "in")}, withPrefix("F.", pools...)).
		set(Rule{fn(1, "mm")}, one("torch.matmul", "Tensor.matmul", "torch.mm", "Tensor.mm", "torch.bmm", "Tensor.bmm", "torch.addmm")).
		set(Rule{fn(1, "out")}, one("torch.mul", "Tensor.mul", "torch.add", "Tensor.add"))
	register(&Convention{ID: "ptflops", Tool: "ptflops", Version: "0.7.x (pytorch backend)", Unit: "MAC", Modules: pt, Functions: ptFns, Params: ParamsTrainable, BatchDivide: true,
		Notes: []string{"ptflops' default. Module hooks are divided by the batch but its patched functional and tensor-op counters are not, so at batch > 1 the figure is neither per image nor per batch.",
			"nn.ReLU and the pooling modules are counted twice: once by their hook, once by the patched F.relu / F.max_pool2d they call."}})

	aten := table{}.
		set(Rule{t(1, "conv_w"), t(1, "bias")}, convClasses, convTClasses).
		set(Rule{t(1, "linear_w"), t(1, "bias")}, one("Linear", "LazyLinear", "Bilinear")).
		set(Rule{t(1, "mha_proj"), t(1, "attn"), t(1, "bias")}, one("MultiheadAttention"))
	atenFns := table{}.
		set(Rule{t(1, "mm")}, mmFunctions).
		set(Rule{t(1, "mm"), t(1, "bias")}, one("F.linear", "torch.addmm")).
		set(Rule{t(1, "attn")}, one("F.scaled_dot_product_attention"))
	register(&Convention{ID: "ptflops-aten", Tool: "ptflops", Version: "0.7.x (aten backend)", Unit: "MAC", Modules: aten, Functions: atenFns, Params: ParamsTrainable,
		Notes: []string{"Counts the aten operators convolution, mm, addmm, bmm and matmul, with biases; everything else is 0."}})

	register(&Convention{ID: "torchinfo", Tool: "torchinfo", Version: "1.8.0", Unit: "MAC", Modules: table{"*": Rule{t(1, "ti")}}, Params: ParamsAll, LeafOnly: true,
		Notes: []string{"Mult-adds from parameters: a convolution's parameters × N·H'·W', any other layer's parameters × the batch only (so a Linear on [N, tokens, features] ignores the tokens). Leaf modules only; layers without parameters count 0."}})

	fv := table{}.
		set(Rule{t(1, "conv_w")}, convClasses, convTClasses).
		set(Rule{t(1, "linear_w")}, one("Linear", "LazyLinear", "Bilinear")).
		set(Rule{t(1, "norm"), t(1, "affine")}, bnClasses).
		set(Rule{t(4, "norm"), t(1, "affine")}, inClasses, one("LayerNorm", "GroupNorm")).
		set(Rule{t(1, "in")}, adaAvgClasses).
		set(Rule{t(1, "out")}, upsampleClasses).
		set(Rule{t(1, "mha_proj"), t(1, "attn")}, one("MultiheadAttention"))
	fvFns := table{}.
		set(Rule{t(1, "mm")}, mmFunctions).
		set(Rule{t(1, "linear_w")}, one("F.linear", "torch.addmm")).
		set(Rule{t(1, "attn")}, one("F.scaled_dot_product_attention")).
		set(Rule{t(1, "in")}, withPrefix("F.", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d")).
		set(Rule{t(4, "norm"), t(1, "affine")}, one("F.layer_norm")).
		set(Rule{t(1, "out")}, one("F.interpolate", "F.upsample"))
	register(&Convention{ID: "fvcore", Tool: "fvcore", Version: "0.1.5", Unit: "MAC", Modules: fv, Functions: fvFns, Params: ParamsAll,
		Notes: []string{"fvcore's FlopCountAnalysis on a model in eval mode: one 'flop' per fused multiply-add; no bias; BatchNorm 2 per element when affine; activations, max-pooling and additions are listed as unsupported and count 0."}})

	tc := table{}.
		set(Rule{t(1, "conv_w")}, convClasses, convTClasses).
		set(Rule{t(1, "linear_w")}, one("Linear", "LazyLinear", "Bilinear")).
		set(Rule{}, one("MultiheadAttention"))
	tcFns := table{}.
		set(Rule{t(1, "mm")}, mmFunctions).
		set(Rule{t(1, "linear_w")}, one("F.linear", "torch.addmm")).
		set(Rule{t(1, "attn")}, one("F.scaled_dot_product_attention"))
	register(&Convention{ID: "torch", Tool: "torch", Version: "2.x FlopCounterMode", Unit: "FLOP", Modules: tc, Functions: tcFns, Params: ParamsAll, Scale: 2,
		Notes: []string{"2 FLOPs per MAC of convolutions and matrix products (mm, addmm, bmm, attention), no bias, nothing else.",
			"Under eval + no_grad torch 2.x runs nn.MultiheadAttention through a fused fast path FlopCounterMode has no formula for, so it counts 0 there (as the real tool does)."}})

	tv := table{}
	for k, v := range tc {
		tv[k] = v
	}
	tv.set(Rule{t(1, "mha_proj"), t(1, "attn")}, one("MultiheadAttention"))
	register(&Convention{ID: "torchvision", Tool: "torchvision", Version: "published _ops", Unit: "MAC", Modules: tv, Functions: tcFns, Params: ParamsAll,
		Notes: []string{"torchvision's published 'GFLOPS' column: multiply-accumulates of convolutions and matrix products (attention included), no bias, for one image, printed in G with 3 decimals."}})
}
