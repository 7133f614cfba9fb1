package core

import "floplab/core/msg"

// Chinese texts of the config.json notes (see package msg).
func init() {
	msg.Register(map[string]string{
		"weights in %s, the config's torch_dtype (%s); choose another dtype to compare": "权重按配置的 torch_dtype（%[2]s）取 %[1]s；可选其他数据类型比较",
		"dtypes: fp32, fp16, bf16, fp8, int8, int4":                                     "数据类型：fp32、fp16、bf16、fp8、int8、int4",
		"serving on %s (lower bounds): prefill of the input %s; decoding at %s tokens of context, %s per token = %s tokens/s for one sequence, %s tokens/s for %d sequences together (the weights are read once per step, every sequence's KV cache each step); %d device(s) hold weights + KV cache + activations": "在 %s 上推理（下界）：输入的预填充 %s；在 %s 个 token 的上下文上解码，每 token %s = 单序列 %s token/s，%[7]d 条序列一起解码共 %[6]s token/s（每步读一次权重、读每条序列的 KV 缓存）；需要 %[8]d 台设备放下权重 + KV 缓存 + 激活",
		"fine-tuning memory (estimates; AdamW, mixed precision: 16 B per trainable parameter; LoRA r=%d on q/v projections; QLoRA's base in NF4; ckpt = gradient checkpointing): %s":                                                                                                                                "微调显存（估计；AdamW 混合精度：每个可训练参数 16 B；LoRA r=%d 作用于 q/v 投影；QLoRA 的基座为 NF4；ckpt = 梯度检查点）：%s",
		"the %s model this config builds: %s (at %s)": "此配置构建的 %s 模型：%s（位于 %s）",
		" and %d shared": "和 %d 个共享专家",
		"mixture of experts: %d of %d routed experts%s per token in each of %d MoE layers. One token uses %s of the %s parameters (embeddings and head included): totals.active_params. The MACs follow that active path; the weights memory holds every expert.": "混合专家：%[4]d 个 MoE 层中，每个 token 在每层使用 %[2]d 个路由专家中的 %[1]d 个%[3]s。一个 token 用到 %[6]s 个参数中的 %[5]s 个（含嵌入层和输出头）：totals.active_params。MACs 按这条激活路径计算；权重内存包含全部专家。",
		"the published checkpoint holds %s parameters more than the model class: %s":                                                             "发布的检查点比模型类多 %s 个参数：%s",
		"the published checkpoint holds %s parameters in all; FlopLab's params are the model class's (sum of p.numel() over model.parameters())": "发布的检查点共有 %s 个参数；FlopLab 的参数量是模型类的（对 model.parameters() 求 p.numel() 之和）",
	})
}
