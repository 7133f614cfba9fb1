package convention

import "floplab/core/msg"

// Chinese texts of the backward rules (backward.go, torch.go, floplab.go).
func init() { msg.RegisterFunc(zhBackward) }

func zhBackward() map[string]string {
	return map[string]string{
		" backward: ":               " 反向：",
		"%s: %s (count_rule at %s)": "%s：%s（%[3]s 处的 count_rule）",
		"%s: inside a module with a count_rule, which counts it: 0":        "%s：位于带 count_rule 的模块内，由该模块计数：0",
		"0 (no gradient is computed here: nothing it reads requires grad)": "0（此处不计算梯度：它读取的张量都不需要梯度）",
		"grad input: conv MACs":                                     "输入梯度：卷积 MACs",
		"grad weight: conv MACs":                                    "权重梯度：卷积 MACs",
		"grad weight: groups × conv MACs":                           "权重梯度：分组数 × 卷积 MACs",
		"grad input: linear MACs":                                   "输入梯度：全连接 MACs",
		"grad weight: linear MACs":                                  "权重梯度：全连接 MACs",
		"grad of the first matrix: matmul MACs":                     "第一个矩阵的梯度：矩阵乘 MACs",
		"grad of the second matrix: matmul MACs":                    "第二个矩阵的梯度：矩阵乘 MACs",
		"fused attention backward: QKᵀ again + 4 gradient products": "融合注意力反向：重算 QKᵀ + 4 个梯度乘积",
		"grads of einsum's batched matmuls":                         "einsum 各批量矩阵乘的梯度",
		"attention gradient products":                               "注意力的梯度乘积",
		"einsum gradient contractions":                              "einsum 的梯度缩并",
		"backward: FlopCounterMode's formulas (torch ≥ 2.3): convolution_backward (grad input = the forward's FLOPs, grad weight = groups × the forward's), the mm and bmm of the gradients of linear layers and matrix products, the fused attention backward (sdpa_backward_flop); 2 FLOPs per MAC, nothing else.": "反向：FlopCounterMode 的公式（torch ≥ 2.3）：convolution_backward（输入梯度 = 前向的 FLOPs，权重梯度 = 分组数 × 前向的 FLOPs）、全连接层与矩阵乘梯度中的 mm 与 bmm、融合注意力的反向（sdpa_backward_flop）；每个 MAC 计 2 FLOPs，其余不计。",
		"backward: the MACs of the gradient products (grad input and grad weight of convolutions, linear layers, matrix products, attention and einsum), exact, 2 FLOPs per MAC; the elementwise gradients (activations, normalization, bias) are not counted.":                                                      "反向：梯度乘积的 MACs（卷积、全连接、矩阵乘、注意力与 einsum 的输入梯度和权重梯度），精确计数，每个 MAC 计 2 FLOPs；逐元素的梯度（激活、归一化、偏置）不计入。",
	}
}
