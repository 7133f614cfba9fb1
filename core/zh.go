package core

import "floplab/core/msg"

// Chinese texts of the report's notes, the demand estimate's formulas and
// the request's errors (see package msg).
func init() { msg.RegisterFunc(zhTexts) }

func zhTexts() map[string]string {
	return map[string]string{
		"%s has no rule for %s: counted as 0.": "%s 没有 %s 的计数规则：按 0 计。",
		"%s's hook raises an error on %s (it cannot read a PackedSequence, nor a cell's unbatched input): the real tool gives no figure; those layers are not counted here.": "%s 的钩子在 %s 上报错（它读不了 PackedSequence，也读不了循环单元的无批次输入）：真实工具给不出数字；这些层在此不计。",
		"no figure: %s's hook raises an error on %s (it cannot read a PackedSequence, nor a cell's unbatched input)":                                                         "无数字：%s 的钩子在 %s 上报错（它读不了 PackedSequence，也读不了循环单元的无批次输入）",
		"%s puts the model in eval mode before counting (model.eval()): counted in eval mode, not train mode.":                                                               "%s 在计数前会把模型切换到 eval 模式（model.eval()）：按 eval 模式计数，而不是训练模式。",

		"%s = %s params held by %s (%s) and used by a forward directly, not through a call of that module": "%s = %s 个参数，由 %s（%s）持有，在前向计算中直接使用，而不是通过调用该模块",
		"%s; the weight is tied to %s and counted there (0 here)":                                          "%s；该权重与 %s 共享，已在那里计数（此处为 0）",
		"no lower-bound time: %s": "没有时间下界：%s",

		// A partial count (Report.Incomplete).
		"not counted: %s: %s": "未计入：%s：%s",
		"line %d, %s":         "第 %d 行，%s",
		"… and %d more parts not counted (see incomplete in the JSON)": "……另有 %d 个部分未计入（见 JSON 中的 incomplete）",
		"the trace stopped here: %s":                                   "追踪在这里停止：%s",
		"the trace stopped here: %s (%s)":                              "追踪在这里停止：%s（%s）",
		"the model":                                                    "模型",
		"not reached: the trace stopped at %s (line %d)":               "未到达：追踪停在 %s（第 %d 行）",
		"not called: the trace went around it (see the parts above)":   "未被调用：追踪绕过了它（见上面列出的部分）",
		"MACs of %s of %s layers: the operation counts leave out %d part(s) of the model, listed with their lines and reasons; %s":                                                             "MACs 只含 %[2]s 层中的 %[1]s 层：运算量漏掉了模型的 %[3]d 个部分（已列出行号和原因）；%[4]s",
		"MACs of %s of %s layers, and of %s more counted from an input shape FlopLab assumed: the operation counts leave out %d part(s) of the model, listed with their lines and reasons; %s": "MACs 只含 %[2]s 层中的 %[1]s 层，另有 %[3]s 层按 FlopLab 假设的输入形状计数：运算量漏掉了模型的 %[4]d 个部分（已列出行号和原因）；%[5]s",
		"the parameters are exact": "参数量是精确的",
		"the parameters are a lower bound too: a part left out may hold weights": "参数量也是下界：漏掉的部分可能含权重",

		// Errors and their hints: the request (preset, convention, dtype, ties).
		"%s imports as a graph, not a model script":                                                       "%s 导入为计算图，而不是模型脚本",
		"its counts are shown as they are; there is no script to edit":                                    "按导入的计算图计数；没有可编辑的脚本",
		"the text is not a print(model) printout":                                                         "这段文本不是 print(model) 的打印输出",
		"a printout starts with the model's class name and an open parenthesis, as print(model) shows it": "打印输出以模型的类名和左括号开头，与 print(model) 显示的一样",
		"unknown preset %q":                 "未知的预设模型 %q",
		"presets: %s":                       "可用的预设模型：%s",
		"%s only accepts inputs of size %s": "%s 只接受尺寸为 %s 的输入",
		"this architecture has a fixed input size (its position embeddings are sized for it); change the batch only": "该架构的输入尺寸是固定的（其位置编码按这个尺寸设定）；只能修改批大小",
		"unknown convention %q": "未知的计数口径 %q",
		"conventions: %s":       "可用的计数口径：%s",
		"unknown dtype %q":      "未知的数据类型 %q",
		"dtypes: fp64, fp32, tf32, fp16, bf16, fp8, int8, int4":                                    "可用的数据类型：fp64、fp32、tf32、fp16、bf16、fp8、int8、int4",
		"weight ties (tie, untie) apply to a pasted print(model) printout, which cannot show them": "权重共享选项（tie、untie）只适用于粘贴的 print(model) 打印输出，因为打印输出无法显示权重共享",
		"in a model script, share a weight by assigning it: self.lm_head.weight = self.wte.weight": "在模型脚本中，通过赋值来共享权重：self.lm_head.weight = self.wte.weight",

		// Errors and their hints: the demand estimate (device, optimizer, mode, KV cache) and sweeps.
		"no traced model to estimate":          "没有已追踪的模型可供估算",
		"the model has no input to sweep":      "模型没有可供扫描的输入",
		"no %s sweep for an input of shape %s": "形状为 %[2]s 的输入无法做 %[1]s 扫描",
	}
}
