package core

import "floplab/core/msg"

// Chinese texts of the config.json notes (see package msg).
func init() { msg.RegisterFunc(zhConfigImport) }

func zhConfigImport() map[string]string {
	return map[string]string{
		"serving on %s (lower bounds): prefill of the input %s; decoding at %s tokens of context, %s per token = %s tokens/s (the weights and the KV cache are read once per step); %d device(s) hold weights + KV cache + activations": "在 %s 上推理（下界）：输入的预填充 %s；在 %s 个 token 的上下文上解码，每 token %s = %s token/s（每步读一次权重和 KV 缓存）；需要 %d 台设备放下权重 + KV 缓存 + 激活",
		"weights in %s, the config's torch_dtype (%s); choose another dtype to compare": "权重按配置的 torch_dtype（%[2]s）取 %[1]s；可选其他数据类型比较",
		"dtypes: fp32, fp16, bf16, fp8, int8, int4":                                     "数据类型：fp32、fp16、bf16、fp8、int8、int4",
		"serving on %s (lower bounds): prefill of the input %s; decoding at %s tokens of context, %s per token = %s tokens/s for one sequence, %s tokens/s for %d sequences together (the weights are read once per step, every sequence's KV cache each step); %d device(s) hold weights + KV cache + activations": "在 %s 上推理（下界）：输入的预填充 %s；在 %s 个 token 的上下文上解码，每 token %s = 单序列 %s token/s，%[7]d 条序列一起解码共 %[6]s token/s（每步读一次权重、读每条序列的 KV 缓存）；需要 %[8]d 台设备放下权重 + KV 缓存 + 激活",
		"fine-tuning memory (estimates; AdamW, mixed precision: 16 B per trainable parameter; LoRA r=%d on %s (%d modules); QLoRA's base in NF4; ckpt = gradient checkpointing): %s":                                                                                                                                "微调显存（估计；AdamW 混合精度：每个可训练参数 16 B；LoRA r=%d 作用于 %s（%d 个模块）；QLoRA 的基座为 NF4；ckpt = 梯度检查点）：%s",
		"max(FLOPs / peak, (weights + inputs + outputs) / bandwidth) = max(%s FLOPs / %s FLOP/s, %s B / %s B/s) = %s (every intermediate on chip)":                                                                                                                                                                  "max(FLOPs / 峰值, (权重 + 输入 + 输出) / 带宽) = max(%s FLOPs / %s FLOP/s, %s B / %s B/s) = %s（所有中间结果都留在片上）",
		"%s B of weights": "%s B 权重",
		"%s B of weights (the routed experts the step's tokens use)": "%s B 权重（只算这一步的 token 用到的路由专家）",
		"max(FLOPs per token / peak, bytes read / bandwidth) = max((2 × %s active params + 4 × %s context × %s layers × %s heads × %s head dim) / %s FLOP/s, (%s + %s B of KV cache) / %s B/s) = %s": "max(每 token FLOPs / 峰值, 读取字节 / 带宽) = max((2 × %s 激活参数 + 4 × %s 上下文 × %s 层 × %s 头 × %s 头维度) / %s FLOP/s, (%s + %s B KV 缓存) / %s B/s) = %s",
		"1 / %s per token = %s tokens/s": "1 / 每 token %s = %s token/s",
		"%d sequences / max(%d × FLOPs per token / peak, (weights read once + %d × %s B of KV cache) / bandwidth) = %d / max(%s, %s) = %s tokens/s": "%d 条序列 / max(%d × 每 token FLOPs / 峰值, (读一次权重 + %d × %s B KV 缓存) / 带宽) = %d / max(%s, %s) = %s token/s",
		"ceil(%s B (weights + KV cache + activations) / %s B per %s) = %d":                                                                          "ceil(%s B（权重 + KV 缓存 + 激活）/ 每台 %[3]s %[2]s B) = %[4]d",
		"bad LoRA rank %d":            "LoRA 秩 %d 不合法",
		"a whole number from 1 to %d": "请填写 1 到 %d 之间的整数",
		"no Linear module of this model is named %q (LoRA target modules)":                                                       "此模型没有名为 %q 的 Linear 模块（LoRA 目标模块）",
		"did you mean %s? this model's Linear modules: %s, or all-linear":                                                        "是不是 %s？此模型的 Linear 模块有：%s，或用 all-linear",
		"%s layers × %s tokens × %s hidden × %d B (each layer's input) + %s B / %s layers (one layer's activations, recomputed)": "%s 层 × %s token × %s 隐藏维度 × %d B（每层的输入）+ %s B / %s 层（重算的一层激活）",
		"%s B of activations":      "%s B 激活",
		"%s B of activations (%s)": "%s B 激活（%s）",
		"%s params × (%d B weights + %d B gradients + 4 B fp32 master + 8 B AdamW moments) + %s = %s B":           "%s 个参数 × (%d B 权重 + %d B 梯度 + 4 B fp32 主权重 + 8 B AdamW 动量) + %s = %s B",
		"%s frozen params × %d B + %s LoRA params (r = %d on %d modules: r × (in + out) each) × 16 B + %s = %s B": "%s 个冻结参数 × %d B + %s 个 LoRA 参数（r = %d，%d 个模块，每个 r × (in + out)）× 16 B + %s = %s B",
		"%s B of NF4 base weights + %s LoRA params × 16 B + %s = %s B":                                            "%s B NF4 基座权重 + %s 个 LoRA 参数 × 16 B + %s = %s B",
		"the %s model this config builds: %s (at %s)":                                                             "此配置构建的 %s 模型：%s（位于 %s）",
		" and %d shared": "和 %d 个共享专家",
		"mixture of experts: %d of %d routed experts%s per token in each of %d MoE layers. One token uses %s of the %s parameters (embeddings and head included): totals.active_params. The MACs follow that active path; the weights memory holds every expert.": "混合专家：%[4]d 个 MoE 层中，每个 token 在每层使用 %[2]d 个路由专家中的 %[1]d 个%[3]s。一个 token 用到 %[6]s 个参数中的 %[5]s 个（含嵌入层和输出头）：totals.active_params。MACs 按这条激活路径计算；权重内存包含全部专家。",
		"the published checkpoint holds %s parameters more than the model class: %s":                                                             "发布的检查点比模型类多 %s 个参数：%s",
		"the published checkpoint may hold %s parameters more than the model class (in no total here): %s":                                       "发布的检查点可能比模型类多 %s 个参数（此处不计入任何总数）：%s",
		"the published checkpoint holds %s parameters in all; FlopLab's params are the model class's (sum of p.numel() over model.parameters())": "发布的检查点共有 %s 个参数；FlopLab 的参数量是模型类的（对 model.parameters() 求 p.numel() 之和）",
	}
}
