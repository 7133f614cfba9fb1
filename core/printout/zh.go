package printout

import "floplab/core/msg"

// Chinese texts of the importer's notes (see package msg).
func init() {
	msg.Register(map[string]string{
		": ": "：",
		`line %d of the script converted from the printout ("Edit the converted script" in the page, floplab convert in the CLI)`: "打印输出转换成的脚本第 %d 行（页面里点“编辑转换后的脚本”，命令行用 floplab convert 查看）",

		// The input shape.
		"input_shape %s is a default (%s): a printout does not show the input size": "input_shape %s 是默认值（%s）：打印输出看不出输入尺寸",
		"the usual input of %s":                                                 "%s 的常用输入",
		"the usual image-classifier size":                                       "图像分类模型的常用尺寸",
		"a default length for a 1-d convolution":                                "一维卷积的默认长度",
		"a default video clip size":                                             "默认的视频片段尺寸",
		"one sample of the first Linear's features":                             "一个样本，特征数取第一个 Linear 的输入",
		"128 token ids":                                                         "128 个 token id",
		"128 tokens of the first LayerNorm's width":                             "128 个 token，宽度取第一个 LayerNorm 的尺寸",
		"128 token ids, batch 1; the model takes up to max_position_embeddings": "128 个 token id，批大小 1；模型最多接受 max_position_embeddings 个",
		"4096 token ids, batch 1: Llama 2's context; the printout does not show max_position_embeddings": "4096 个 token id，批大小 1：Llama 2 的上下文长度；打印输出看不出 max_position_embeddings",
		"the full context, n_positions (wpe's size), batch 1":                                            "完整上下文 n_positions（wpe 的大小），批大小 1",
		"1024 token ids, batch 1": "1024 个 token id，批大小 1",
		"128 tokens, batch 1, as (sequence, batch, d_model) since batch_first=False is assumed": "128 个 token，批大小 1，形状为 (sequence, batch, d_model)，因为假定 batch_first=False",

		// Unknown and unreadable modules.
		"%s (%s) is not a layer FlopLab knows: its parameters and operations are not counted; the script stops at it until you replace it with equivalent layers":                                                                                                "%s（%s）不是 FlopLab 认识的层：它的参数量和运算都不计入；在你把它换成等价的层之前，脚本会停在这里",
		"%s (%s): %s; converted as an unknown class, and any parameters it holds directly (invisible in a printout) are not counted":                                                                                                                             "%s（%s）：%s；按未知类转换，它直接持有的参数（打印输出中看不到）不计入",
		"%s (%s): argument %q is not a literal FlopLab can read; it is kept in the script as a comment":                                                                                                                                                          "%s（%s）：参数 %q 不是 FlopLab 能读取的字面量；已作为注释保留在脚本中",
		"%s (%s): extra line %q is not understood; it is kept in the script as a comment":                                                                                                                                                                        "%s（%s）：无法理解多出的一行 %q；已作为注释保留在脚本中",
		"%s (%s): parameters and buffers a module holds directly (nn.Parameter attributes such as a class token or a position embedding) are invisible in a printout, which lists only child modules; FlopLab does not know %s, so any it holds are not counted": "%s（%s）：模块直接持有的参数和缓冲区（nn.Parameter 属性，如 class token 或位置编码）在只列出子模块的打印输出中看不到；FlopLab 不认识 %s，所以它持有的这些都不计入",
		"%s has no child (%s), unlike torchvision's %s: treated as an unknown class":                                                                                                                                                                             "%s 没有子模块（%s），与 torchvision 的 %s 不同：按未知类处理",
		"%s: forward not shown in the printout; assumed sequential (children called in printed order)":                                                                                                                                                           "%s：打印输出中看不到 forward；假定为顺序结构（按打印顺序调用子模块）",
		"position_embeddings does not print its size":                             "position_embeddings 没有打印其尺寸",
		"query does not print a width that is a multiple of 64":                   "query 打印的宽度不是 64 的倍数",
		"the embedding width is not printed (no ln_1 around it, no Conv1D sizes)": "没有打印嵌入宽度（附近没有 ln_1，Conv1D 也没有尺寸）",
		"q_proj and k_proj do not print sizes that split into heads":              "q_proj 和 k_proj 打印的尺寸无法拆分成多个头",
		"conv_proj does not print a square patch size dividing 224":               "conv_proj 打印的不是能整除 224 的正方形 patch 尺寸",
		"ln does not print its size":                                              "ln 没有打印其尺寸",
		"ln_1 does not print its size":                                            "ln_1 没有打印其尺寸",
		"block has no convolution to tell the width":                              "该 block 中没有能确定宽度的卷积",
		"block's convolution does not print its channels":                         "该 block 的卷积没有打印通道数",
		"qkv does not print a width that is a multiple of 32":                     "qkv 打印的宽度不是 32 的倍数",
		"linear1 does not print its size":                                         "linear1 没有打印其尺寸",

		// Weight ties.
		"%s.weight is tied to %s.weight (%s): the shared %s parameters are counted once; untie them if your model does not": "%s.weight 与 %s.weight 共享（%s）：共享的 %s 个参数只计一次；如果你的模型没有共享，请取消共享",
		"%s.weight is tied to %s.weight as asked: the shared %s parameters are counted once":                                "已按要求让 %s.weight 与 %s.weight 共享：共享的 %s 个参数只计一次",
		"%s and %s are counted separately (untied); %s ties them by default":                                                "%s 和 %s 分开计数（不共享）；%s 默认让它们共享",
		"GPT2LMHeadModel.tie_weights(): the output embedding is the input embedding":                                        "GPT2LMHeadModel.tie_weights()：输出嵌入就是输入嵌入",
		"same weight shape":        "权重形状相同",
		"asked for (tied weights)": "按要求（共享权重）",
		"lm_head and model.embed_tokens are counted as two weights (tie_word_embeddings=False, as Llama 2 and Llama 3 8B); models that tie them (Llama 3.2 1B/3B) count one: tie them": "lm_head 和 model.embed_tokens 按两份权重计（tie_word_embeddings=False，与 Llama 2 和 Llama 3 8B 相同）；共享它们的模型（Llama 3.2 1B/3B）只计一份：请设为共享",

		// Hugging Face blocks.
		"%s (scaled_dot_product_attention) is counted as the eager BertSelfAttention: the same operations":                                                                                                                                                                    "%s（scaled_dot_product_attention）按 eager 模式的 BertSelfAttention 计数：运算相同",
		"%s does not print num_attention_heads; assumed head size 64 (%d heads), as in bert-base and bert-large (only the softmax count depends on it)":                                                                                                                       "%s 没有打印 num_attention_heads；假定每个头 64 维（%d 个头），与 bert-base 和 bert-large 相同（只有 softmax 的计数与之有关）",
		"%s does not print num_attention_heads; assumed head_dim %d (%d query heads, %d key/value heads from k_proj), as every Llama 2 and 3 size":                                                                                                                            "%s 没有打印 num_attention_heads；假定 head_dim 为 %d（%d 个查询头，由 k_proj 得出 %d 个键/值头），与所有规模的 Llama 2 和 3 相同",
		"%s is counted with transformers 4.48's eager attention: the same operations":                                                                                                                                                                                         "%s 按 transformers 4.48 的 eager 注意力计数：运算相同",
		"%s: %s() does not print its size (transformers < 4.42); %d taken from the layers around it, eps assumed 1e-05":                                                                                                                                                       "%s：%s() 没有打印其尺寸（transformers < 4.42）；取周围层的 %d，eps 假定为 1e-05",
		"BertEmbeddings: the buffers position_ids and token_type_ids [1, %d] (not parameters) are not shown in the printout; added":                                                                                                                                           "BertEmbeddings：缓冲区 position_ids 和 token_type_ids [1, %d]（不是参数）没有出现在打印输出中；已补上",
		"Conv1D() prints no sizes (transformers before Conv1D.__repr__); c_attn taken as Conv1D(%d, %d) and c_proj as Conv1D(%d, %d) from the width %d of ln_1":                                                                                                               "Conv1D() 没有打印尺寸（Conv1D.__repr__ 出现之前的 transformers）；根据 ln_1 的宽度 %[5]d，c_attn 取 Conv1D(%[1]d, %[2]d)，c_proj 取 Conv1D(%[3]d, %[4]d)",
		"GPT2Attention does not print n_head; assumed head size 64 (%d heads), as every GPT-2 size (only the softmax count depends on it); its causal-mask buffers bias [1, 1, %d, %d] and masked_bias are not shown in the printout and are added (buffers, not parameters)": "GPT2Attention 没有打印 n_head；假定每个头 64 维（%d 个头），与所有规模的 GPT-2 相同（只有 softmax 的计数与之有关）；它的因果掩码缓冲区 bias [1, 1, %d, %d] 和 masked_bias 没有出现在打印输出中，已补上（是缓冲区，不是参数）",
		"GPT2Attention: n_positions is not printed (no wpe around it); assumed 1024 for the causal-mask buffer":                                                                                                                                                               "GPT2Attention：没有打印 n_positions（附近没有 wpe）；因果掩码缓冲区假定为 1024",
		"GPT2MLP: Conv1D() prints no sizes; c_fc taken as Conv1D(%d, %d) and c_proj as Conv1D(%d, %d), assuming n_inner = 4·%d as every GPT-2 size":                                                                                                                           "GPT2MLP：Conv1D() 没有打印尺寸；c_fc 取 Conv1D(%d, %d)，c_proj 取 Conv1D(%d, %d)，假定 n_inner = 4·%d，与所有规模的 GPT-2 相同",

		// torchvision blocks.
		"%s: Permute() does not print its dims; assumed %s (%s), as in torchvision's ConvNeXt and Swin": "%s：Permute() 没有打印其维度；假定为 %s（%s），与 torchvision 的 ConvNeXt 和 Swin 相同",
		"back to channels-first":    "转回通道在前",
		"to channels-last after %s": "在 %s 之后转为通道在后",
		"%s: image_size is not printed; assumed 224, so encoder.pos_embedding is [1, %d, %d] (%d·%d patches of %d and the class token) and class_token [1, 1, %d]; both are parameters the printout does not show": "%s：没有打印 image_size；假定为 224，因此 encoder.pos_embedding 为 [1, %d, %d]（%d·%d 个边长 %d 的 patch 加上 class token），class_token 为 [1, 1, %d]；两者都是打印输出中看不到的参数",
		"%s: not in a numbered stage, so its shift is unknown; assumed unshifted windows":                                                                                                   "%s：不在带编号的 stage 中，无法确定其窗口平移；假定窗口不平移",
		"%s: the auxiliary classifier runs only in training mode; its parameters are counted, its operations are not (evaluation)":                                                          "%s：辅助分类器只在训练模式下运行；计入它的参数量，不计它的运算（推理模式）",
		"%s: the sequence length is not printed; assumed 197 (a 224×224 image in 16×16 patches and the class token), so pos_embedding is [1, 197, %d]":                                      "%s：没有打印序列长度；假定为 197（224×224 的图像按 16×16 切成 patch，再加 class token），因此 pos_embedding 为 [1, 197, %d]",
		"%s: transform_input is not printed; assumed False (torchvision's default with weights=None; pretrained weights set it True, which adds a few elementwise operations on the input)": "%s：没有打印 transform_input；假定为 False（torchvision 在 weights=None 时的默认值；加载预训练权重时为 True，会在输入上多出几次逐元素运算）",
		"CNBlock: layer_scale, a [C, 1, 1] parameter each block holds directly, is not shown in the printout; added (C from the block's convolution)":                                       "CNBlock：每个 block 直接持有的 [C, 1, 1] 参数 layer_scale 没有出现在打印输出中；已补上（C 取自该 block 的卷积）",
		"EncoderBlock: MultiheadAttention does not print num_heads or batch_first; assumed %d heads (%s) and batch_first=True, as torchvision's ViT builds it":                              "EncoderBlock：MultiheadAttention 没有打印 num_heads 和 batch_first；假定 %d 个头（%s），batch_first=True，与 torchvision 构建 ViT 的方式相同",
		"vit_b: 12 heads":         "vit_b：12 个头",
		"vit_l / vit_h: 16 heads": "vit_l / vit_h：16 个头",
		"head size 64":            "每个头 64 维",
		"one head":                "一个头",
		"ShiftedWindowAttention does not print num_heads, window_size or shift_size; assumed head size 32 (%d heads at width %d), 7×7 windows and a shift of 3 in every second block of a stage, as torchvision's swin_t/s/b; its relative_position_bias_table [169, heads] (a parameter) and relative_position_index [2401] (a buffer) are not shown in the printout and are added": "ShiftedWindowAttention 没有打印 num_heads、window_size 和 shift_size；假定每个头 32 维（宽度 %[2]d 时 %[1]d 个头）、7×7 窗口，每个 stage 中每隔一个 block 平移 3，与 torchvision 的 swin_t/s/b 相同；它的 relative_position_bias_table [169, heads]（参数）和 relative_position_index [2401]（缓冲区）没有出现在打印输出中，已补上",
		"TransformerEncoderLayer does not print nhead, batch_first or norm_first; assumed %d heads (head size 64; only the softmax count depends on it), batch_first=False (input (sequence, batch, d_model)) and norm_first=False (post-norm); activation %s":                                                                                                                       "TransformerEncoderLayer 没有打印 nhead、batch_first 和 norm_first；假定 %d 个头（每个头 64 维；只有 softmax 的计数与之有关），batch_first=False（输入为 (sequence, batch, d_model)），norm_first=False（后置归一化）；激活函数 %s",
		"F.relu (the default; an activation given as a module would be printed as a child)": "F.relu（默认值；以模块形式给出的激活函数会作为子模块打印出来）",
		"the printed (activation)": "打印出的 (activation)",
	})
}
