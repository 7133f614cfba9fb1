package convention

import "floplab/core/msg"

// Chinese texts of the conventions' notes and formulas (see package msg).
func init() {
	msg.Register(map[string]string{
		// Formula words (Result.FormulaIn).
		" MACs; ":                            " MACs；",
		" add + ":                            " 次加法 + ",
		" mul + ":                            " 次乘法 + ",
		" cmp + ":                            " 次比较 + ",
		" exp":                               " 次指数",
		": ":                                 "：",
		" (":                                 "（",
		")":                                  "）",
		", again via the patched functional": "，经打补丁的函数式接口再计一次",
		"outside this row, in the functional counter: ": "不在本行、另计入函数式计数器：",
		" (per image, as %s prints a module)":           "（按单张图片计，与 %s 对模块的输出一致）",
		"%s: not a leaf module, not counted":            "%s：不是叶子模块，不计入",
		"%s has no rule for %s: 0":                      "%s 没有 %s 的计数规则：0",

		// Quantity labels.
		"conv weight MACs":                              "卷积权重 MACs",
		"conv MACs as thop computes them":               "thop 算法下的卷积 MACs",
		"bias adds":                                     "偏置加法",
		"linear weight MACs":                            "全连接层权重 MACs",
		"normalized elements":                           "归一化元素数",
		"affine elements":                               "仿射变换元素数",
		"input elements":                                "输入元素数",
		"output elements":                               "输出元素数",
		"Σ window sizes":                                "Σ 窗口大小",
		"thop adaptive-pool formula":                    "thop 的自适应池化公式",
		"thop 0.0.31 adaptive-pool formula":             "thop 0.0.31 的自适应池化公式",
		"matmul MACs":                                   "矩阵乘 MACs",
		"attention matmul MACs":                         "注意力矩阵乘 MACs",
		"attention matmul MACs (weights returned)":      "注意力矩阵乘 MACs（返回注意力权重时）",
		"attention projection MACs":                     "注意力投影 MACs",
		"parameters × output dims":                      "参数量 × 输出维度",
		"thop upsample formula":                         "thop 的上采样公式",
		"thop 0.0.31 upsample formula":                  "thop 0.0.31 的上采样公式",
		"ptflops' upsample hook (one sample's outputs)": "ptflops 的上采样 hook（只算一个样本的输出）",
		"ptflops' interpolate formula":                  "ptflops 的 interpolate 公式",
		"fvcore's upsample handle":                      "fvcore 的上采样 handle",
		"thop's RNN formula":                            "thop 的 RNN 公式",
		"ptflops' RNN formula":                          "ptflops 的 RNN 公式",
		"ptflops' attention formula":                    "ptflops 的注意力公式",
		"ultralytics-thop's attention formula":          "ultralytics-thop 的注意力公式",
		"fvcore's einsum handle":                        "fvcore 的 einsum handle",
		"einsum's batched matmuls":                      "einsum 分解出的批量矩阵乘",
		"parameters of the module and its children":     "该模块及其子模块的参数量",
		"Counts parameters only, no operations: one row per module at depth 1 (nn.Sequential and nn.ModuleList do not count as a level) with the parameters of the module and its children, on its first call; Total params is the sum of the rows, so parameters a parent holds directly (ViT's class token) are left out.": "只统计参数量，不统计运算：深度为 1 的每个模块一行（nn.Sequential 和 nn.ModuleList 不算一层），为该模块及其子模块的参数量，在它第一次被调用时记录；Total params 是各行之和，所以父模块直接持有的参数（ViT 的 class token）不计入。",

		// Convention notes.
		"Every call counted: MACs of convolutions, linear layers and matrix products, and every other operation by kind (add, mul/div, compare, exp); FLOPs = 2·MACs + the other operations.":                                                            "统计每一次调用：卷积、全连接层和矩阵乘的 MACs，以及按类别统计的其他所有运算（加法、乘/除法、比较、指数）；FLOPs = 2·MACs + 其他运算。",
		"Counts only nn.Module calls it has a rule for: functional calls (F.relu, x + y, torch.cat) are 0, and modules without a rule lose their parameters too (LayerNorm, attention).":                                                                 "只统计有计数规则的 nn.Module 调用：函数式调用（F.relu、x + y、torch.cat）计为 0，没有规则的模块（LayerNorm、注意力）连参数量也不计入。",
		"Adds one MAC per convolution output for the bias; BatchNorm 2 per element.":                                                                                                                                                                     "卷积的偏置按每个输出元素 1 个 MAC 计入；BatchNorm 每个元素计 2。",
		"pip's thop (0.1.1, also ultralytics-thop 2.0.x). Counts only nn.Module calls it has a rule for; modules without a rule (GELU, attention, custom layers) count 0 and lose their parameters.":                                                     "pip 安装的 thop（0.1.1，即 ultralytics-thop 2.0.x）。只统计有计数规则的 nn.Module 调用；没有规则的模块（GELU、注意力、自定义层）计算量记为 0，参数量也不计入。",
		"Convolution bias not counted; BatchNorm 4 per element (2, doubled when affine).":                                                                                                                                                                "不计卷积偏置；BatchNorm 每个元素计 4（2，带仿射变换时翻倍）。",
		"Like thop, but average pools count their exact windows plus one division per output, and parameters are those of the whole model.":                                                                                                              "与 thop 相同，但平均池化按实际窗口计数，每个输出再加 1 次除法；参数量为整个模型的参数量。",
		"Module hooks only, divided by the batch size (a per-image figure). Bias counted; BatchNorm 2 per element; ReLU and pooling 1 per element.":                                                                                                      "只用模块钩子统计，并除以批大小（得到单张图像的数字）。计入偏置；BatchNorm 每个元素计 2；ReLU 和池化每个元素计 1。",
		"ptflops' default. Module hooks are divided by the batch but its patched functional and tensor-op counters are not, so at batch > 1 the figure is neither per image nor per batch.":                                                              "ptflops 的默认方式。模块钩子的结果会除以批大小，而打过补丁的函数式接口和张量运算计数不会，所以批大小 > 1 时，这个数字既不是单张图像的，也不是整批的。",
		"nn.ReLU and the pooling modules are counted twice: once by their hook, once by the patched F.relu / F.max_pool2d they call. A layer's row shows its hook's figure, as ptflops prints it per layer; the second count is in the total only.":      "nn.ReLU 和池化模块会被计两次：一次来自它们的钩子，一次来自它们调用的、打过补丁的 F.relu / F.max_pool2d。各层一行显示钩子的数字，与 ptflops 逐层输出一致；第二次只计入总数。",
		"Counts the aten operators convolution, mm, addmm, bmm and matmul, with biases; everything else is 0.":                                                                                                                                           "统计 aten 算子 convolution、mm、addmm、bmm 和 matmul（含偏置）；其余一律为 0。",
		"On torch 2.x attention computed by scaled_dot_product_attention (F.scaled_dot_product_attention, and nn.MultiheadAttention called with need_weights=False, as in torchvision's ViT) runs in a fused kernel the aten backend does not count: 0.": "在 torch 2.x 上，由 scaled_dot_product_attention 计算的注意力（F.scaled_dot_product_attention，以及以 need_weights=False 调用的 nn.MultiheadAttention，例如 torchvision 的 ViT）在融合 kernel 中执行，aten 后端不统计：记为 0。",
		"Mult-adds from parameters: a convolution's parameters × N·H'·W', any other layer's parameters × the batch only (so a Linear on [N, tokens, features] ignores the tokens). Leaf modules only; layers without parameters count 0.":                "由参数量推算乘加次数：卷积层为参数量 × N·H'·W'，其他层为参数量 × 批大小（所以作用在 [N, tokens, features] 上的 Linear 会忽略 token 数）。只统计叶子模块；没有参数的层计为 0。",
		"fvcore's FlopCountAnalysis on a model in eval mode: one 'flop' per fused multiply-add; no bias; BatchNorm 2 per element when affine; activations, max-pooling and additions are listed as unsupported and count 0.":                             "fvcore 的 FlopCountAnalysis（模型处于 eval 模式）：每次乘加记 1 个 “flop”；不计偏置；带仿射变换的 BatchNorm 每个元素计 2；激活函数、最大池化和加法被列为不支持的算子，计为 0。",
		"2 FLOPs per MAC of convolutions and matrix products (mm, addmm, bmm, attention), no bias, nothing else.":                                                                                                                                        "卷积和矩阵乘（mm、addmm、bmm、注意力）每个 MAC 计 2 FLOPs，不计偏置，也不计其他任何运算。",
		"Under eval + no_grad torch 2.x runs nn.MultiheadAttention through a fused fast path FlopCounterMode has no formula for, so it counts 0 there (as the real tool does).":                                                                          "在 eval + no_grad 下，torch 2.x 用融合的快速路径执行 nn.MultiheadAttention，FlopCounterMode 对它没有公式，因此这里计为 0（与真实工具一致）。",
		"torchvision's published 'GFLOPS' column: multiply-accumulates of convolutions and matrix products (attention included), no bias, for one image, printed in G with 3 decimals.":                                                                  "torchvision 公布的 “GFLOPS” 一栏：卷积和矩阵乘（含注意力）的乘加次数，不计偏置，按单张图像计，以 G 为单位保留 3 位小数。",
	})
}
