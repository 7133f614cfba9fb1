package convention

import (
	"floplab/core/graph"
	"floplab/core/units"
)

// ptflops: sovrasov/flops-counter.pytorch@d612c75. The pytorch backend
// (ptflops/pytorch_engine.py, pytorch_ops.py) hooks modules, divides their
// sum by the batch, and also counts patched functionals and tensor ops
// (not divided); the aten backend (aten_engine.py, aten_ops.py) counts a
// few aten operators.

// ptflops' own terms.
var (
	upsamplePtflops = quantity(graph.QUpsamplePtflops, "ptflops' upsample hook (one sample's outputs)")
	interpPtflops   = quantity(graph.QInterpPtflops, "ptflops' interpolate formula")
	ptflopsRNN      = quantity(graph.QPtflopsRNN, "ptflops' RNN formula")
	ptflopsMHA      = quantity(graph.QPtflopsMHA, "ptflops' attention formula")
)

var ptflopsLegacy = &spec{
	Convention: Convention{ID: "ptflops-legacy", Tool: "ptflops", Version: "count_functional=False (≤ 0.7.0)", Unit: "MAC", Params: ParamsTrainable, BatchDivide: true,
		Print:  printPtflopsGMac,
		Notes:  []string{"Module hooks only, divided by the batch size (a per-image figure). Bias counted; BatchNorm 2 per element; ReLU and pooling 1 per element."},
		Source: "sovrasov/flops-counter.pytorch@d612c75 ptflops/pytorch_ops.py (MODULES_MAPPING), pytorch_engine.py"},
	modules: []group{
		{rule(convW, bias), convClasses},
		{rule(linearW, bias), "Linear LazyLinear"},
		{rule(norm, affine), bnClasses + " " + inClasses + " GroupNorm"},
		{rule(norm), "LayerNorm"},
		{rule(out), "ReLU ReLU6 PReLU ELU LeakyReLU GELU"},
		{rule(in), poolClasses},
		// Its hook table matches the exact class: nn.Upsample only, and
		// the hook counts output[0], one sample's elements.
		{rule(upsamplePtflops), "Upsample"},
		{rule(ptflopsRNN), rnnClasses},
		{rule(ptflopsMHA), "MultiheadAttention"},
	},
}

var ptflopsPytorch = &spec{
	Convention: Convention{ID: "ptflops", Tool: "ptflops", Version: "0.7.x (pytorch backend)", Unit: "MAC", Params: ParamsTrainable, BatchDivide: true,
		Print: printPtflops,
		Notes: []string{"ptflops' default. Module hooks are divided by the batch but its patched functional and tensor-op counters are not, so at batch > 1 the figure is neither per image nor per batch.",
			"nn.ReLU and the pooling modules are counted twice: once by their hook, once by the patched F.relu / F.max_pool2d they call. A layer's row shows its hook's figure, as ptflops prints it per layer; the second count is in the total only."},
		Source: "sovrasov/flops-counter.pytorch@d612c75 ptflops/pytorch_ops.py (MODULES_MAPPING, FUNCTIONAL_MAPPING, TENSOR_OPS_MAPPING), pytorch_engine.py"},
	base: ptflopsLegacy,
	// nn modules whose forward calls a functional ptflops has patched are
	// counted a second time by the functional collector.
	modules: []group{
		{rule(out, fn(out)), "ReLU PReLU ELU GELU"},
		{rule(in, fn(in)), poolClasses},
		{rule(upsamplePtflops, fn(interpPtflops)), "Upsample"},
		{rule(fn(interpPtflops)), "UpsamplingNearest2d UpsamplingBilinear2d"},
	},
	functions: []group{
		{rule(fn(out)), "F.relu F.elu F.relu6 F.gelu F.silu F.softmax"}, // and F.prelu, which the model language lacks
		{rule(fn(interpPtflops)), "F.interpolate F.upsample"},
		{rule(fn(in)), poolFunctions},
		{rule(fn(mm)), "torch.matmul Tensor.matmul torch.mm Tensor.mm torch.bmm Tensor.bmm torch.addmm"},
		{rule(fn(out)), "torch.mul Tensor.mul torch.add Tensor.add"},
	},
}

var ptflopsAten = &spec{
	Convention: Convention{ID: "ptflops-aten", Tool: "ptflops", Version: "0.7.x (aten backend)", Unit: "MAC", Params: ParamsTrainable,
		Print: printPtflops,
		Notes: []string{"Counts the aten operators convolution, mm, addmm, bmm and matmul, with biases; everything else is 0.",
			"On torch 2.x attention computed by scaled_dot_product_attention (F.scaled_dot_product_attention, and nn.MultiheadAttention called with need_weights=False, as in torchvision's ViT) runs in a fused kernel the aten backend does not count: 0."},
		Source: "sovrasov/flops-counter.pytorch@d612c75 ptflops/aten_ops.py (ATEN_OPS_MAPPING), aten_engine.py"},
	modules: []group{
		{rule(convW, bias), convClasses},
		{rule(linearW, bias), "Linear LazyLinear Bilinear"},
		{rule(mhaProj, attnW, bias), "MultiheadAttention"},
	},
	functions: []group{
		{rule(mm), mmFunctions},
		{rule(mm, bias), "F.linear torch.addmm"},
	},
}

// printPtflops is get_model_complexity_info's default print:
// "716.44 MMac, 61.1 M".
func printPtflops(count, params int64) string {
	return units.PtflopsMacs(count, 2) + ", " + units.PtflopsParams(params, 2)
}

// printPtflopsGMac is ptflops ≤ 0.6's print, in GMac: "0.72 GMac, 61.1 M".
func printPtflopsGMac(count, params int64) string {
	return units.PtflopsGMac(count, 2) + ", " + units.PtflopsParams(params, 2)
}
