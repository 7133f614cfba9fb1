package core

import "floplab/core/msg"

// Chinese texts of the config.json notes (see package msg).
func init() {
	msg.Register(map[string]string{
		"weights in %s, the config's torch_dtype (%s); choose another dtype to compare": "权重按配置的 torch_dtype（%[2]s）取 %[1]s；可选其他数据类型比较",
		"dtypes: fp32, fp16, bf16, fp8, int8, int4":                                     "数据类型：fp32、fp16、bf16、fp8、int8、int4",
		" and %d shared": "和 %d 个共享专家",
		"mixture of experts: %d of %d routed experts%s per token in each of %d MoE layers. One token uses %s of the %s parameters (embeddings and head included): totals.active_params. The MACs follow that active path; the weights memory holds every expert.": "混合专家：%[4]d 个 MoE 层中，每个 token 在每层使用 %[2]d 个路由专家中的 %[1]d 个%[3]s。一个 token 用到 %[6]s 个参数中的 %[5]s 个（含嵌入层和输出头）：totals.active_params。MACs 按这条激活路径计算；权重内存包含全部专家。",
		"the published checkpoint holds %s parameters more than the model class: %s":                                                             "发布的检查点比模型类多 %s 个参数：%s",
		"the published checkpoint holds %s parameters in all; FlopLab's params are the model class's (sum of p.numel() over model.parameters())": "发布的检查点共有 %s 个参数；FlopLab 的参数量是模型类的（对 model.parameters() 求 p.numel() 之和）",
	})
}
