package core

import "floplab/core/msg"

// Chinese texts of the report's notes and the demand estimate's formulas
// (see package msg).
func init() {
	msg.Register(map[string]string{
		"%s has no rule for %s: counted as 0.": "%s 没有 %s 的计数规则：按 0 计。",

		"%s %s × %s (%s) = %s B":                                 "%s %s × %s (%s) = %s B",
		"buffer elements (BatchNorm running stats and the like)": "个缓冲区元素（BatchNorm 的滑动统计量等）",
		"Σ outputs of the %d nodes that allocate (views excluded), kept for backward = %s B (estimate)":                            "Σ %d 个需分配内存的节点的输出（不含视图），为反向传播保留 = %s B（估算）",
		"activations are the peak live set along the graph (input included); real frameworks add workspace and allocator overhead": "激活值取沿计算图存活张量之和的峰值（含输入）；实际框架还有工作区和显存分配器的开销",
		"no lower-bound time: %s": "没有时间下界：%s",

		"from the traced graph: %d %s projections, each viewed as %d KV heads × %d head dim": "来自追踪得到的计算图：%d 个 %s 投影，每个被 view 为 %d 个 KV 头 × 头维度 %d",
		"from the options (%s)":                "来自选项（%s）",
		"%s; overridden by %s":                 "%s；被 %s 覆盖",
		"%s; sequence length %s given":         "%s；序列长度指定为 %s",
		"%s; sequence length = the input's %s": "%s；序列长度 = 输入的 %s",
	})
}
