package convention

import "floplab/core/msg"

// Chinese texts of the onnx-tool convention (onnxtool.go).
func init() { msg.RegisterFunc(zhOnnxTool) }

func zhOnnxTool() map[string]string {
	return map[string]string{
		"onnx-tool MACs": "onnx-tool 的 MACs",
		"onnx-tool counts ONNX files only (open a .onnx file; a model script counts 0 here). Its MACs per node: Conv out × Cin/g × kernel, plus one add per output element when the node has a bias input (every BatchNorm-folded convolution has one); Gemm adds its bias the same way; ReLU 1, Sigmoid 32, Tanh 76, Softmax 36, Div 4, Sqrt 24, Pow 32, Erf 0 per output element; pools out × kernel; GlobalAveragePool in + 4 × out; BatchNormalization 31 per element; LayerNormalization 7 per element + 29 per row.": "onnx-tool 只统计 ONNX 文件（请打开 .onnx 文件；模型脚本在此计为 0）。它对每个节点的 MACs：Conv 为 输出 × Cin/g × 卷积核，节点有偏置输入时每个输出元素再加 1 次加法（每个折叠了 BatchNorm 的卷积都有偏置）；Gemm 的偏置同样计入；每个输出元素 ReLU 1、Sigmoid 32、Tanh 76、Softmax 36、Div 4、Sqrt 24、Pow 32、Erf 0；池化为 输出 × 卷积核；GlobalAveragePool 为 输入 + 4 × 输出；BatchNormalization 每元素 31；LayerNormalization 每元素 7 加每行 29。",
		"Known deviation: onnx-tool counts ConvTranspose per output element (out × Cout/g × kernel), which over-counts it by Cout·Hout·Wout / (Cin·Hin·Win) against the per-input-element count of PyTorch tools.":                                                                                                                                                                                                                                                                                                         "已知偏差：onnx-tool 按输出元素统计 ConvTranspose（输出 × Cout/g × 卷积核），与 PyTorch 工具按输入元素的统计相比多算了 Cout·Hout·Wout / (Cin·Hin·Win) 倍。",
		"onnx-tool's printed Params row also adds the Constant-node scalars its nodes read; its deduplicated parameter count is the initializers' elements, BatchNorm running statistics included, which FlopLab lists as buffers.":                                                                                                                                                                                                                                                                                        "onnx-tool 打印的 Params 行还加上了节点读取的 Constant 节点标量；它去重后的参数量是初始化张量的元素数，包括 BatchNorm 的运行统计量，FlopLab 将其列为缓冲区。",
	}
}
