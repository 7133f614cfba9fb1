package main

import "floplab/core/msg"

// columnsZH are the layer table's column heads in Chinese; kept apart from
// msg's table, where "params" is already the formulas' "个参数".
var columnsZH = map[string]string{
	"layer":        "层",
	"type":         "类型",
	"output shape": "输出形状",
	"params":       "参数量",
	"bound":        "瓶颈",
	"lower bound":  "时间下界",
	"backward":     "反向",
}

// column is a column head of the layer table in lang.
func column(lang, head string) string {
	if z, ok := columnsZH[head]; ok && lang == msg.ZH {
		return z
	}
	return head
}

// Chinese text of the table output (--lang zh; see package msg). The
// notes, formulas and verdicts come from core with their own entries.
func init() { msg.Register(textsZH) }

// textsZH maps the table output's English formats to Chinese ones.
var textsZH = map[string]string{
	// Words of the layer table.
	"compute": "计算",
	"memory":  "访存",
	"view":    "视图",

	// Summary.
	"\nmodel %s, input %s\n":                                      "\n模型 %s，输入 %s\n",
	"\nmodel %s, input %s, train mode\n":                          "\n模型 %s，输入 %s，训练模式\n",
	"params: %s (trainable %s, non-trainable %s), buffers %s\n":   "参数量：%s（可训练 %s，不可训练 %s），缓冲区 %s\n",
	"weights in %s (memory below): %s B = %s = %s; at %s: %s B\n": "%s 权重（见下方内存）：%s B = %s = %s；按 %s：%s B\n",
	"weights in %s: %s B = %s = %s\n":                             "%s 权重：%s B = %s = %s\n",
	"backward pass (%s): %s FLOPs\n":                              "反向传播（%s）：%s FLOPs\n",
	"partial: the MACs and FLOPs above are of %d of %d layers; the parts not counted are listed in the notes\n":                                                             "不完整：以上 MACs 与 FLOPs 只统计了 %d / %d 层；未统计的部分列在注释中\n",
	"partial: the MACs and FLOPs above are of %d of %d layers, and of %d more counted from an input shape FlopLab assumed; the parts not counted are listed in the notes\n": "不完整：以上 MACs 与 FLOPs 只统计了 %d / %d 层，另有 %d 层按 FlopLab 假设的输入形状计数；未统计的部分列在注释中\n",
	"FlopLab: %s MACs, %s FLOPs (= 2·MACs + %s add + %s mul + %s cmp + %s exp)\n":                                                                                           "FlopLab：%s MACs，%s FLOPs（= 2·MACs + %s 次加法 + %s 次乘/除 + %s 次比较 + %s 次指数）\n",
	"%s: %s %s, params %s — printed as %s\n":                        "%s：%s %s，参数量 %s —— 工具输出 %s\n",
	"%s: %s; params %s; its rules count %s %s on the other calls\n": "%s：%s；参数量 %s；其规则在其余调用上计得 %s %s\n",
	"no figure": "无数字",
	"  of which %s in its functional counter, outside the layer rows (patched functionals that modules call)\n": "  其中 %s 来自其函数式计数器，不在各层行内（模块内部调用的打补丁函数）\n",
	"\nconvention          count            unit  params        printed\n":                                      "\n统计口径            计数             单位  参数量        工具输出\n",
	"note: %s\n": "注：%s\n",

	// Weight ties.
	"\nweight ties (a printout cannot show them):\n":      "\n权重共享（print(model) 的输出看不出来）：\n",
	"untied, counted separately":                          "未共享，分别计数",
	"tied, counted once":                                  "共享，只计一次",
	"drop %s":                                             "去掉 %s",
	", the class's default":                               "，该类的默认设置",
	"  %s.weight = %s.weight  %s params  %s (%s%s; %s)\n": "  %s.weight = %s.weight  %s 个参数  %s（%s%s；%s）\n",

	// Memory and device.
	"inference":            "推理",
	"training step, %s":    "训练一步，%s",
	"\nmemory (%s, %s):\n": "\n内存（%s，%s）：\n",
	// The rows' names (weights, buffers, ..., KV cache) are core/memory's
	// catalog entries, shared with the total's formula (memory/zh.go).
	"total":                         "合计",
	"input":                         "输入",
	"peak live set":                 "峰值存活集合",
	"sum of all outputs":            "所有输出之和",
	"torchinfo fwd/bwd pass size":   "torchinfo 前向/反向传递大小",
	"activations, other figures:\n": "激活值的其他口径：\n",
	"KV cache: %d layers, batch %d, seq %d, %d KV heads, head dim %d (%s)\n":                                 "KV 缓存：%d 层，批大小 %d，序列长度 %d，%d 个 KV 头，头维度 %d（%s）\n",
	"  no lower-bound time: %s\n":                                                                            "  无法给出时间下界：%s\n",
	"  peak %s FLOP/s (%s), bandwidth %s B/s, ridge %.1f FLOP/B\n":                                           "  峰值 %s FLOP/s（%s），带宽 %s B/s，拐点 %.1f FLOP/B\n",
	"  forward lower bound %s (%s-bound: compute-bound layers %s, memory-bound layers %s); fused ideal %s\n": "  前向时间下界 %s（%s受限：计算受限的层 %s，访存受限的层 %s）；全融合理想值 %s\n",
	"%s samples/s (batch %d)":                                                                                "每秒 %s 个样本（批大小 %d）",
	", %s tokens/s":                                                                                          "，每秒 %s 个 token",
	"  at most %s; training step ≥ %s (forward + backward, layer by layer)\n":                                "  最多 %s；训练一步 ≥ %s（前向 + 反向，逐层计算）\n",
}
