package convention

import (
	"floplab/core/graph"
	"floplab/core/units"
)

// onnxToolMACs is onnx-tool's MACs of an ONNX node, computed by package
// onnx from the node's shapes and attributes as onnx-tool's profile
// methods do (graph.ONNXOp); the ops onnx-tool hides from its table, and
// nodes that are not ONNX ops, have none.
var onnxToolMACs = &Term{Label: "onnx-tool MACs", Of: func(_ *graph.Graph, n *graph.Node, _ *units.Acc) (int64, bool) {
	op, ok := n.Layer.(*graph.ONNXOp)
	if !ok || op.Hidden {
		return 0, false
	}
	return op.OnnxTool, true
}}

// onnxTool reproduces onnx-tool's model_profile "Forward_MACs" (node.py's
// profile methods, ThanatosShinji/onnx-tool commit 00f5f0a, version
// 1.0.1): every ONNX node by its op type. It counts ONNX files only.
var onnxTool = &spec{
	Convention: Convention{ID: "onnx-tool", Tool: "onnx-tool", Version: "1.0.1", Unit: "MAC", Params: ParamsAll,
		Print: printOnnxTool,
		Notes: []string{
			"onnx-tool counts ONNX files only (open a .onnx file; a model script counts 0 here). Its MACs per node: Conv out × Cin/g × kernel, plus one add per output element when the node has a bias input (every BatchNorm-folded convolution has one); Gemm adds its bias the same way; ReLU 1, Sigmoid 32, Tanh 76, Softmax 36, Div 4, Sqrt 24, Pow 32, Erf 0 per output element; pools out × kernel; GlobalAveragePool in + 4 × out; BatchNormalization 31 per element; LayerNormalization 7 per element + 29 per row.",
			"Known deviation: onnx-tool counts ConvTranspose per output element (out × Cout/g × kernel), which over-counts it by Cout·Hout·Wout / (Cin·Hin·Win) against the per-input-element count of PyTorch tools.",
			"onnx-tool's printed Params row also adds the Constant-node scalars its nodes read; its deduplicated parameter count is the initializers' elements, BatchNorm running statistics included, which FlopLab lists as buffers.",
		},
		Source: "github.com/ThanatosShinji/onnx-tool onnx_tool/node.py (profile and _profile_core of each node class), commit 00f5f0a"},
	modules: []group{{Rule{{Term: onnxToolMACs}}, "*"}},
}

// printOnnxTool is onnx-tool's Total row: "1,821,452,264 MACs".
func printOnnxTool(count, _ int64) string { return units.Thousands(count) + " MACs" }
