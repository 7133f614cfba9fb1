package convention

import (
	"floplab/core/graph"
	"floplab/core/units"
)

// thop: module hooks from a table of classes (thop/profile.py
// register_hooks), each a counter in thop/vision/basic_hooks.py and
// thop/rnn_hooks.py; modules without one count 0.
//
//	thop 0.0.31      Lyken17/pytorch-OpCounter@0fece23 thop/vision/basic_hooks.py, thop/profile.py
//	thop 0.1.1       Lyken17/pytorch-OpCounter@43c064a (= pip thop, = ultralytics-thop 2.0.x)
//	ultralytics 2.1  ultralytics/thop@39438aa (v2.1.6)

// thop's own terms.
var (
	thopConv        = quantity(graph.QThopConv, "conv MACs as thop computes them")
	thopAdapt       = quantity(graph.QThopAdapt, "thop adaptive-pool formula")
	thop031Adapt    = quantity(graph.QThop031Adapt, "thop 0.0.31 adaptive-pool formula")
	upsampleThop    = quantity(graph.QUpsampleThop, "thop upsample formula")
	upsampleThop031 = quantity(graph.QUpsampleThop031, "thop 0.0.31 upsample formula")
	thopRNN         = quantity(graph.QThopRNN, "thop's RNN formula")
	ultraMHA        = quantity(graph.QUltraMHA, "ultralytics-thop's attention formula")
)

// thop 0.0.31: conv counts its bias, BN 2 per element, no LayerNorm rule.
var thop031 = &spec{
	Convention: Convention{ID: "thop-0.0.31", Tool: "thop", Version: "0.0.31", Unit: "MAC", Params: ParamsHooked, Print: printThop,
		Notes: []string{"Counts only nn.Module calls it has a rule for: functional calls (F.relu, x + y, torch.cat) are 0, and modules without a rule lose their parameters too (LayerNorm, attention).",
			"Adds one MAC per convolution output for the bias; BatchNorm 2 per element."},
		Source: "Lyken17/pytorch-OpCounter@0fece23 thop/vision/basic_hooks.py, thop/profile.py"},
	modules: []group{
		{rule(thopConv, bias), convClasses},
		{rule(times(2, norm)), bnClasses},
		{rule(), "ReLU ReLU6 LeakyReLU ZeroPad2d " + maxPoolClasses + " " + adaMaxClasses + " Dropout"},
		{rule(out), avgPoolClasses},
		{rule(thop031Adapt), adaAvgClasses},
		{rule(linearW), "Linear LazyLinear"},
		{rule(upsampleThop031), upsampleClasses},
	},
}

// thop 0.1.1 (pip thop) = ultralytics-thop 2.0.x.
var thop011 = &spec{
	Convention: Convention{ID: "thop", Tool: "thop", Version: "0.1.1", Unit: "MAC", Params: ParamsHooked, Print: printThop,
		Notes: []string{"pip's thop (0.1.1, also ultralytics-thop 2.0.x). Counts only nn.Module calls it has a rule for; modules without a rule (GELU, attention, custom layers) count 0 and lose their parameters.",
			"Convolution bias not counted; BatchNorm 4 per element (2, doubled when affine)."},
		Source: "Lyken17/pytorch-OpCounter@43c064a thop/vision/basic_hooks.py, thop/vision/calc_func.py, thop/rnn_hooks.py, thop/profile.py"},
	modules: []group{
		{rule(thopConv), convClasses},
		{rule(times(2, norm), times(2, affine)), bnClasses + " " + inClasses + " LayerNorm GroupNorm"},
		{rule(), "ReLU ReLU6 ZeroPad2d " + maxPoolClasses + " " + adaMaxClasses + " Dropout"},
		{rule(in), "LeakyReLU"},
		{rule(out), avgPoolClasses},
		{rule(thopAdapt), adaAvgClasses},
		{rule(linearW), "Linear LazyLinear"},
		{rule(upsampleThop), upsampleClasses},
		{rule(thopRNN), rnnClasses},
	},
}

// ultralytics-thop 2.1: exact pooling windows, all parameters, rules
// found along the class hierarchy.
var ultralyticsThop = &spec{
	Convention: Convention{ID: "ultralytics-thop", Tool: "ultralytics-thop", Version: "2.1.6", Unit: "MAC", Params: ParamsAll, MRO: true, Print: printThop,
		Notes:  []string{"Like thop, but average pools count their exact windows plus one division per output, and parameters are those of the whole model."},
		Source: "ultralytics/thop@39438aa (v2.1.6) thop/vision/basic_hooks.py, thop/profile.py"},
	base: thop011,
	modules: []group{
		{rule(windowSum, out), avgPoolClasses + " " + adaAvgClasses},
		{rule(ultraMHA), "MultiheadAttention"},
	},
}

// printThop is what thop users print: clever_format([macs, params],
// "%.3f"), "714.207M MACs, 61.101M params".
func printThop(count, params int64) string {
	return units.ThopClever(count, "%.3f") + " MACs, " + units.ThopClever(params, "%.3f") + " params"
}
