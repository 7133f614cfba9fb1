package core

import "floplab/core/msg"

// Chinese texts of the report's notes, the demand estimate's formulas and
// the request's errors (see package msg).
func init() {
	msg.Register(map[string]string{
		"%s has no rule for %s: counted as 0.": "%s 没有 %s 的计数规则：按 0 计。",

		"%s %s × %s (%s) = %s B":                                 "%s %s × %s (%s) = %s B",
		"buffer elements (BatchNorm running stats and the like)": "个缓冲区元素（BatchNorm 的滑动统计量等）",
		"Σ outputs of the %d nodes that allocate (views excluded), kept for backward = %s B (estimate)":                            "Σ %d 个需分配内存的节点的输出（不含视图），为反向传播保留 = %s B（估算）",
		"activations are the peak live set along the graph (input included); real frameworks add workspace and allocator overhead": "激活值取沿计算图存活张量之和的峰值（含输入）；实际框架还有工作区和显存分配器的开销",
		"%s = %s params held by %s (%s) and used by a forward directly, not through a call of that module":                         "%s = %s 个参数，由 %s（%s）持有，在前向计算中直接使用，而不是通过调用该模块",
		"%s; the weight is tied to %s and counted there (0 here)":                                                                  "%s；该权重与 %s 共享，已在那里计数（此处为 0）",
		"no lower-bound time: %s": "没有时间下界：%s",

		"from the traced graph: %d %s projections, each viewed as %d KV heads × %d head dim": "来自追踪得到的计算图：%d 个 %s 投影，每个被 view 为 %d 个 KV 头 × 头维度 %d",
		"from the options (%s)":                "来自选项（%s）",
		"%s; overridden by %s":                 "%s；被 %s 覆盖",
		"%s; sequence length %s given":         "%s；序列长度指定为 %s",
		"%s; sequence length = the input's %s": "%s；序列长度 = 输入的 %s",

		// A partial count (Report.Incomplete).
		"the trace stopped here: ":                       "追踪在这里停止：",
		"not reached: the trace stopped at %s (line %d)": "未到达：追踪停在 %s（第 %d 行）",
		"MACs of %s of %s layers: the operation counts leave out %d part(s) of the model, listed with their lines and reasons; the parameters are exact": "MACs 只含 %[2]s 层中的 %[1]s 层：运算量漏掉了模型的 %[3]d 个部分（已列出行号和原因）；参数量是精确的",

		// Errors and their hints: the request (preset, convention, dtype, ties).
		"%s imports as a graph, not a model script":                                                       "%s 导入为计算图，而不是模型脚本",
		"its counts are shown as they are; there is no script to edit":                                    "按导入的计算图计数；没有可编辑的脚本",
		"the text is not a print(model) printout":                                                         "这段文本不是 print(model) 的打印输出",
		"a printout starts with the model's class name and an open parenthesis, as print(model) shows it": "打印输出以模型的类名和左括号开头，与 print(model) 显示的一样",
		"unknown preset %q":                 "未知的预设模型 %q",
		"presets: %s":                       "可用的预设模型：%s",
		"%s only accepts inputs of size %s": "%s 只接受尺寸为 %s 的输入",
		"this architecture has a fixed input size (its position embeddings or windows are sized for it); change the batch only": "该架构的输入尺寸是固定的（其位置编码或窗口按这个尺寸设定）；只能修改批大小",
		"unknown convention %q": "未知的计数口径 %q",
		"conventions: %s":       "可用的计数口径：%s",
		"unknown dtype %q":      "未知的数据类型 %q",
		"dtypes: fp64, fp32, tf32, fp16, bf16, fp8, int8, int4":                                    "可用的数据类型：fp64、fp32、tf32、fp16、bf16、fp8、int8、int4",
		"weight ties (tie, untie) apply to a pasted print(model) printout, which cannot show them": "权重共享选项（tie、untie）只适用于粘贴的 print(model) 打印输出，因为打印输出无法显示权重共享",
		"in a model script, share a weight by assigning it: self.lm_head.weight = self.wte.weight": "在模型脚本中，通过赋值来共享权重：self.lm_head.weight = self.wte.weight",

		// Errors and their hints: the demand estimate (device, optimizer, mode, KV cache) and sweeps.
		"a custom device needs a positive peak (TFLOP/s), bandwidth (GB/s) and memory (GB)": "自定义设备需要正的峰值算力（TFLOP/s）、带宽（GB/s）和显存（GB）",
		`write it as NAME:TFLOPS:GB/s:GB, e.g. "my gpu:100:900:24"`:                         `格式为 NAME:TFLOPS:GB/s:GB，例如 "my gpu:100:900:24"`,
		"custom device %q: %q is not a number":                                              "自定义设备 %q：%q 不是数字",
		"unknown device %q":                                                                 "未知的设备 %q",
		"devices: %s; or your own as NAME:TFLOPS:GB/s:GB":                                   "可用的设备：%s；也可以按 NAME:TFLOPS:GB/s:GB 自定义",
		"unknown optimizer %q":                                                              "未知的优化器 %q",
		"optimizers: sgd, momentum, adam, adamw":                                            "可用的优化器：sgd、momentum、adam、adamw",
		"no traced model to estimate":                                                       "没有已追踪的模型可供估算",
		"unknown memory mode %q":                                                            "未知的内存模式 %q",
		"modes: inference, train":                                                           "可用的模式：inference、train",
		"KV cache: give layers, KV heads and head dim (%s given; the traced graph has no decoder attention to fill in the rest)": "KV 缓存：请给出层数、KV 头数和头维度（只给了 %s；追踪得到的计算图中没有解码器注意力，无法补全其余各项）",
		"--kv-layers 32 --kv-heads 32 --head-dim 128": "例如 --kv-layers 32 --kv-heads 32 --head-dim 128",
		"the model has no input to sweep":             "模型没有可供扫描的输入",
		"no %s sweep for an input of shape %s":        "形状为 %[2]s 的输入无法做 %[1]s 扫描",
	})
}
