package memory

import "floplab/core/msg"

// Chinese texts of the config KV cache (see package msg).
func init() { msg.RegisterFunc(zhKVLayout) }

func zhKVLayout() map[string]string {
	return map[string]string{
		"%s batch × (%s) %s × %s = %s B": "%s 批 × (%s) %s × %s = %s B",
		"%s batch × (%s (self-attention) + %s layers × %s encoder tokens × %s (cross-attention)) %s × %s = %s B":                                                                                                                                                          "%s 批 × (%s（自注意力）+ %s 层 × %s 个编码器 token × %s（交叉注意力）) %s × %s = %s B",
		"encoder-decoder: each of the %d decoder layers also caches its cross-attention's keys and values of the encoder output (%s encoder tokens), computed once per sequence: %s B of the KV cache; the self-attention part grows with the decoded length (%s tokens)": "编码器-解码器：%d 个解码层每层还缓存交叉注意力对编码器输出算出的 K 和 V（%s 个编码器 token），每个序列只算一次，占 KV 缓存 %s B；自注意力部分随解码长度（%s 个 token）增长",
		"bad LoRA target module %q": "LoRA 目标模块 %q 写法有误",
		"name modules as PEFT's target_modules does: q_proj,v_proj (or all-linear)":       "按 PEFT 的 target_modules 写模块名：q_proj,v_proj（或 all-linear）",
		"too many LoRA target modules (%d, at most 64)":                                   "LoRA 目标模块太多（%d 个，最多 64 个）",
		"K and V values per token":                                                        "每 token 的 K、V 值数",
		"latent values per token":                                                         "每 token 的潜向量值数",
		"from the config: %d layers, each layer's KV heads, head dims and sliding window": "来自配置：%d 层，各层的 KV 头数、头维度和滑动窗口",
		"KV cache of multi-head latent attention: %s values per token per layer (kv_lora_rank + qk_rope_head_dim), what vLLM and SGLang store; Hugging Face transformers' own cache holds the expanded keys and values, %s B at this length (%.1f× as much)": "多头潜注意力（MLA）的 KV 缓存：每层每 token %s 个值（kv_lora_rank + qk_rope_head_dim），即 vLLM 和 SGLang 所存；Hugging Face transformers 自己的缓存存放展开后的 K 和 V，在此长度下为 %s B（%.1f 倍）",
		"%d of %d layers attend within a sliding window and keep at most that many tokens in the cache":             "%d/%d 层只在滑动窗口内做注意力，缓存中最多保留窗口长度的 token",
		"the sequence length %s is past the model's max_position_embeddings (%s): the model was not trained for it": "序列长度 %s 超过模型的 max_position_embeddings（%s）：模型并未为此长度训练",
		"unknown KV cache dtype %q":                    "未知的 KV 缓存数据类型 %q",
		"unknown quantization %q":                      "未知的量化格式 %q",
		"quantizations: %s":                            "量化格式：%s",
		"a quantized model is estimated for inference": "量化模型按推理估算",
		"for QLoRA training, estimate the base model in inference mode with --quant nf4": "QLoRA 训练时，请用推理模式加 --quant nf4 估算基座模型",
		"%s quantized params at %s + %s other params × %s = %s B":                        "%s 个量化参数按 %s + %s 个其他参数 × %s = %s B",
		"weights quantized as %s: %s":                                                    "权重按 %s 量化：%s",
		"%s quantizes the Linear weights of the blocks (%s params); the embeddings, the LM head, norms and biases stay at %s (%s params)":                                                           "%s 只量化各 block 的 Linear 权重（%s 个参数）；嵌入层、输出头、归一化层和偏置保持 %s（%s 个参数）",
		"%s checkpoints keep the mixture-of-experts routers (each MoE block's gate Linear, %s params) at %s, as GPTQModel's load of Qwen3-30B-A3B-GPTQ-Int4 shows; they are among the other params": "%s 检查点把混合专家的路由器（各 MoE block 的 gate Linear，%s 个参数）保持为 %s（见 GPTQModel 加载 Qwen3-30B-A3B-GPTQ-Int4 的日志）；它们计入其他参数",
		"%s mixes block types per tensor; its size here is llama.cpp's measured average, an estimate":                                                                                               "%s 按张量混用不同块类型；这里的大小取 llama.cpp 实测的平均值，是估计",
	}
}
