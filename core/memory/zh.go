package memory

import "floplab/core/msg"

// Chinese formats of the memory terms and verdicts (see package msg).
func init() { msg.RegisterFunc(zhTexts) }

func zhTexts() map[string]string {
	return map[string]string{
		"%s %s × %s = %s B": "%s %s × %s = %s B",
		"%s = %s B":         "%s = %s B",
		// the terms' names in the total's formula (totalText; the same
		// as cmd/floplab's table rows, which use these entries)
		"weights":                          "权重",
		"buffers":                          "缓冲区",
		"gradients":                        "梯度",
		"optimizer state":                  "优化器状态",
		"master weights":                   "fp32 主权重",
		"activations":                      "激活值",
		"activations (peak live set)":      "激活值（峰值存活集合）",
		"KV cache":                         "KV 缓存",
		"params":                           "个参数",
		"trainable params":                 "个可训练参数",
		"trainable params in fp32":         "个可训练参数（fp32）",
		"fp32 values (%s × trainable, %s)": "个 fp32 值（%s × 可训练参数，%s）",
		"none: weights are already %s":     "无：权重本来就是 %s",
		"Σ node outputs ≈ %s B (estimate: frameworks free some and keep others)":    "Σ 各节点输出 ≈ %s B（估算：框架会释放一部分、保留另一部分）",
		"2 × %s layers × %s batch × %s seq × %s kv heads × %s head dim × %s = %s B": "2 × %s 层 × 批 %s × 序列 %s × %s 个 KV 头 × 头维度 %s × %s = %s B",
		"%s input elements = %s B":                                                                    "%s 个输入元素 = %s B",
		"Σ outputs of %d nodes = %s B":                                                                "Σ %d 个节点的输出 = %s B",
		"%s output elements of leaf layers with params × 4 B × 2 = %s B":                              "有参数的叶子层的 %s 个输出元素 × 4 B × 2 = %s B",
		"max over nodes of live tensors = %s B":                                                       "各节点处存活张量之和的最大值 = %s B",
		"max over nodes of live tensors (at %s) = %s B":                                               "各节点处存活张量之和的最大值（在 %s 处）= %s B",
		"%s B weights + %s B peak activations = %s B":                                                 "%s B 权重 + %s B 激活峰值 = %s B",
		"mixed precision: %s weights and gradients plus an fp32 master copy of the trainable weights": "混合精度：%s 的权重和梯度，外加一份可训练权重的 fp32 主副本",
		"activations are an estimate; real use adds framework workspace and allocator overhead":       "激活值是估算；实际运行还有框架的工作区和显存分配器的开销",
		"%s: cannot compare, bad byte counts":                                                         "%s：无法比较，字节数无效",
		"Fits on %s: needs %s of %s, %s (%s B) to spare.":                                             "%s 放得下：需要 %s，共 %s，剩余 %s（%s 字节）。",
		"Does not fit on %s: needs %s, has %s, short by %s (%s B).":                                   "%s 放不下：需要 %s，只有 %s，还差 %s（%s 字节）。",

		"%s %s × %s (%s) = %s B":       "%s %s × %s (%s) = %s B",
		"buffer elements":              "个缓冲区元素",
		"buffer elements (%s)":         "个缓冲区元素（%s）",
		"%s %s: %s":                    "%s %s：%s",
		"%s %s":                        "%s %s",
		"; ":                           "；",
		"rotary position frequencies":  "旋转位置编码的频率",
		"BatchNorm running statistics": "BatchNorm 的滑动统计量",
		"BatchNorm batch counter":      "BatchNorm 的批次计数",
		"position ids 0…n−1":           "位置编号 0…n−1",
		"default token type ids":       "默认的 token 类型编号",
		"score of masked positions":    "被遮蔽位置的分数",
		"relative position index":      "相对位置索引",
		"causal attention mask":        "因果注意力掩码",
		"attention mask":               "注意力掩码",
		"Σ outputs of the %d nodes that allocate (views excluded) and that the backward pass reaches (%d frozen, or before any trainable weight, left out), kept for backward = %s B (estimate)": "Σ %d 个需分配内存且反向传播会经过的节点的输出（不含视图；%d 个被冻结或位于所有可训练权重之前的节点不计），为反向传播保留 = %s B（估算）",
		"Σ outputs of the %d nodes that allocate (views excluded), kept for backward = %s B (estimate)":                                                                                          "Σ %d 个需分配内存的节点的输出（不含视图），为反向传播保留 = %s B（估算）",
		"activations are the peak live set along the graph (input included); real frameworks add workspace and allocator overhead":                                                               "激活值取沿计算图存活张量之和的峰值（含输入）；实际框架还有工作区和显存分配器的开销",
		"from the traced graph: %d %s projections, each viewed as %d KV heads × %d head dim":                                                                                                     "来自追踪得到的计算图：%d 个 %s 投影，每个被 view 为 %d 个 KV 头 × 头维度 %d",
		"from the options (%s)":                  "来自选项（%s）",
		"%s; overridden by %s":                   "%s；被 %s 覆盖",
		"%s; sequence length %s given":           "%s；序列长度指定为 %s",
		"%s; sequence length = the input's %s":   "%s；序列长度 = 输入的 %s",
		"unknown optimizer %q":                   "未知的优化器 %q",
		"optimizers: sgd, momentum, adam, adamw": "可用的优化器：sgd、momentum、adam、adamw",
		"unknown memory mode %q":                 "未知的内存模式 %q",
		"modes: inference, train":                "可用的模式：inference、train",
		"KV cache: give layers, KV heads and head dim (%s given; the traced graph has no decoder attention to fill in the rest)": "KV 缓存：请给出层数、KV 头数和头维度（只给了 %s；追踪得到的计算图中没有解码器注意力，无法补全其余各项）",
		"--kv-layers 32 --kv-heads 32 --head-dim 128": "例如 --kv-layers 32 --kv-heads 32 --head-dim 128",
	}
}
