package lang

import "floplab/core/msg"

// Chinese formats of the node formulas (see package msg): the key is the
// English format, numbers and shapes are the same in both.
func init() {
	msg.Register(map[string]string{
		// Matrix products and linear layers.
		"%d batch · %d·%d @ %d·%d = %s MACs":                     "%d 批 · %d·%d @ %d·%d = %s MACs",
		"%d·%d @ %d·%d = %s MACs":                                "%d·%d @ %d·%d = %s MACs",
		"%s rows · %d in · %d out = %s MACs":                     "%s 行 · 输入 %d · 输出 %d = %s MACs",
		"%d in · %d out = %s MACs":                               "输入 %d · 输出 %d = %s MACs",
		"%d rows · %d out · (%d·%d + %d) = %s MACs":              "%d 行 · 输出 %d · (%d·%d + %d) = %s MACs",
		"(%d + 1)·%d = %s params":                                "(%d + 1)·%d = %s 个参数",
		"%d·%d = %s params":                                      "%d·%d = %s 个参数",
		"bias: %s output elements = %s adds":                     "偏置：%s 个输出元素 = %s 次加法",
		"QKᵀ %d·%d·%d·%d + AV %d·%d·%d·%d = %s MACs":             "QKᵀ %d·%d·%d·%d + AV %d·%d·%d·%d = %s MACs",
		"Embedding takes token ids; the input is treated as ids": "Embedding 的输入是 token id；此处把输入当作 id 处理",
		"a table lookup: 0 MACs":                                 "查表：0 MACs",
		"its own work is counted in the calls its forward makes": "它自身的运算计入其 forward 中的各个调用",
		"%s of %s elements into %s":                              "%[1]s 归约：%[2]s 个元素归约为 %[3]s 个",
		"projections q %d·%d·%d², k %d·%d·%d·%d, v %d·%d·%d·%d, out %d·%d·%d² = %s; QKᵀ + AV = 2·%d·%d·%d·%d = %s; total %s MACs": "投影 q %d·%d·%d²，k %d·%d·%d·%d，v %d·%d·%d·%d，输出 %d·%d·%d² = %s；QKᵀ + AV = 2·%d·%d·%d·%d = %s；合计 %s MACs",

		// Convolutions.
		"%s out · %s·%d/%d = %s MACs":               "%s 个输出 · %s·%d/%d = %s MACs",
		"%s in · %d/%d out channels · %s = %s MACs": "%s 个输入 · %d/%d 个输出通道 · %s = %s MACs",
		"(%s·%d/%d + 1)·%d = %s params":             "(%s·%d/%d + 1)·%d = %s 个参数",
		"%s·%d/%d·%d = %s params":                   "%s·%d/%d·%d = %s 个参数",

		// Elementwise operations, normalization, softmax.
		"%s elements · %s":            "%s 个元素 · %s",
		"%s elements · no arithmetic": "%s 个元素 · 无算术运算",
		"add":                         "次加法",
		"mul":                         "次乘法",
		"compare":                     "次比较",
		"exp/transcendental":          "次指数/超越函数",
		"layer norm":                  "LayerNorm",
		"instance norm":               "InstanceNorm",
		"group norm":                  "GroupNorm",
		"%s over %s elements in %s groups: adds 3·n + groups, muls 2·n + 2·groups, sqrt per group":                            "%s：%s 个元素分 %s 组归一化：加法 3·n + 组数，乘法 2·n + 2·组数，每组一次开方",
		"%s over %s elements in %s groups: adds 3·n + groups, muls 2·n + 2·groups, sqrt per group; affine: + n muls + n adds": "%s：%s 个元素分 %s 组归一化：加法 3·n + 组数，乘法 2·n + 2·组数，每组一次开方；仿射变换：再加 n 次乘法 + n 次加法",
		"eval mode, statistics folded into scale and shift: %s elements · (1 mul + 1 add)":                                    "推理模式，统计量折叠为缩放和平移：%s 个元素 · (1 次乘法 + 1 次加法)",
		"γ, β: 2·%d = %s params (+ running mean/var buffers)":                                                                 "γ、β：2·%d = %s 个参数（另有 running mean/var 缓冲区）",
		"RMS norm over %s elements in %s rows":                                                                                "RMSNorm：%s 个元素，共 %s 行",
		"%s elements · (window of %d adds, 3 muls, 1 pow)":                                                                    "%s 个元素 · (窗口内 %d 次加法、3 次乘法、1 次幂运算)",
		"softmax over dim %d of %s: %s elements · (1 compare, 2 adds, 1 exp, 1 div)":                                          "在 %[2]s 的第 %[1]d 维上做 softmax：%[3]s 个元素 · (1 次比较、2 次加法、1 次指数、1 次除法)",

		// Pooling and upsampling.
		"Σ windows %s − %s outputs = %s adds, %s divisions": "Σ 窗口 %s − %s 个输出 = %s 次加法，%s 次除法",
		"Σ windows %s − %s outputs = %s comparisons":        "Σ 窗口 %s − %s 个输出 = %s 次比较",
		"nearest: copies, no arithmetic":                    "最近邻插值：只复制，无算术运算",
		"%s: %s outputs · %d lerps (2 adds + 1 mul each)":   "%s：%s 个输出 · %d 次线性插值（每次 2 次加法 + 1 次乘法）",

		// Recurrent layers.
		"%d gates · %d hidden · (input + %d)":                            "%d 个门 · 隐藏层 %d · (输入 + %d)",
		"%d gates · %d hidden · (input + %d) + %d·%d projection":         "%d 个门 · 隐藏层 %d · (输入 + %d) + %d·%d 投影",
		"%d layers · %d directions · %d batch · %d steps · %s = %s MACs": "%d 层 · %d 个方向 · 批 %d · %d 个时间步 · %s = %s MACs",
		" (input %d)":                       "（输入 %d）",
		" (input %d for layer 0, %d after)": "（第 0 层输入 %d，之后各层 %d）",
		"%s: gate nonlinearities as exp, gate products as mul, sums and biases as add": "%s：门的非线性计为指数运算，门的乘积计为乘法，求和与偏置计为加法",

		// Errors and their hints.
		"%s: %s":                                "%s：%s",
		"%s takes %s":                           "%s 的参数为 %s",
		"arguments follow PyTorch's signatures": "参数与 PyTorch 的函数签名一致",
		"%s's arguments follow PyTorch's; check the shapes and values passed to it": "%s 的参数与 PyTorch 一致；请检查传给它的形状和数值",
	})
}
