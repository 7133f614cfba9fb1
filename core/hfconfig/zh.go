package hfconfig

import "floplab/core/msg"

// Chinese texts of the importer's messages (see package msg).
func init() {
	msg.Register(map[string]string{
		"%s must be a list, not %s":         "%s 必须是列表，而不是 %s",
		"%s must be a number, not %s":       "%s 必须是数，而不是 %s",
		"%s must be a string, not %s":       "%s 必须是字符串，而不是 %s",
		"%s must be a whole number, not %s": "%s 必须是整数，而不是 %s",
		"%s must be true or false, not %s":  "%s 必须是 true 或 false，而不是 %s",
		"%s must be at least 1":             "%s 至少为 1",
		"%s must be a list of strings":      "%s 必须是字符串列表",
		"%s = %d is outside 0..%d":          "%s = %d 超出 0..%d 的范围",
		"FP8 weights: one fp32 weight_scale_inv per %d×%d block of every FP8 Linear weight":                "FP8 权重：每个 FP8 Linear 权重的每个 %d×%d 块各有一个 fp32 weight_scale_inv",
		"FlopLab bounds what a config may ask for; real models stay well inside":                           "FlopLab 限制配置可要求的规模；真实模型都远在范围之内",
		"FlopLab knows %s; a model of another family can be written as a script or pasted as print(model)": "FlopLab 认识的系列：%s；其他系列的模型可以写成脚本，或粘贴 print(model) 的输出",
		"FlopLab knows %s; add \"model_type\" as the model's config.json has it":                           "FlopLab 认识的系列：%s；请按模型的 config.json 加上 \"model_type\"",
		"a %s model needs these fields; copy the model's whole config.json":                                "%s 模型需要这些字段；请复制模型完整的 config.json",
		"a config.json is one JSON object: {\"model_type\": \"llama\", \"hidden_size\": 4096, ...}":        "config.json 是一个 JSON 对象：{\"model_type\": \"llama\", \"hidden_size\": 4096, ...}",
		"a config.json is one JSON object; remove what follows it":                                         "config.json 是一个 JSON 对象；请删去其后的内容",
		"config.json: %s": "config.json：%s",
		"config.json: text after the closing brace":                                                                       "config.json：右花括号之后还有内容",
		"config.json: the text is not a JSON object":                                                                      "config.json：文本不是 JSON 对象",
		"counted as BertModel with its pooler (the %s checkpoint adds its task head)":                                     "按带 pooler 的 BertModel 计数（%s 检查点另有其任务头）",
		"each head takes hidden_size / num_attention_heads values":                                                        "每个头取 hidden_size / num_attention_heads 个值",
		"each head takes n_embd / n_head values":                                                                          "每个头取 n_embd / n_head 个值",
		"each key/value head serves the same number of query heads":                                                       "每个 key/value 头服务相同数量的 query 头",
		"each token picks num_experts_per_tok of the routed experts":                                                      "每个 token 从路由专家中选 num_experts_per_tok 个",
		"every block's causal-mask buffer attn.bias (%d×%d) is saved in the checkpoint":                                   "检查点保存了每个 block 的因果掩码缓冲区 attn.bias（%d×%d）",
		"hidden_size (%d) is not a multiple of num_attention_heads (%d)":                                                  "hidden_size（%d）不是 num_attention_heads（%d）的倍数",
		"model_type %q is not a family FlopLab builds; the nearest is %s":                                                 "model_type %q 不是 FlopLab 能构建的系列；最接近的是 %s",
		"n_embd (%d) is not a multiple of n_head (%d)":                                                                    "n_embd（%d）不是 n_head（%d）的倍数",
		"num_attention_heads (%d) is not a multiple of num_key_value_heads (%d)":                                          "num_attention_heads（%d）不是 num_key_value_heads（%d）的倍数",
		"num_experts_per_tok (%d) is more than the %d experts":                                                            "num_experts_per_tok（%d）多于专家总数 %d",
		"the %s config lacks %s":                                                                                          "%s 配置缺少 %s",
		"the config names no model_type":                                                                                  "配置没有给出 model_type",
		"the config is %d bytes, more than the limit of %d":                                                               "配置有 %d 字节，超过上限 %d",
		"hidden_act %q is not an activation FlopLab knows":                                                                "FlopLab 不认识激活函数 hidden_act %q",
		"known: silu, gelu, gelu_pytorch_tanh, relu":                                                                      "已知：silu、gelu、gelu_pytorch_tanh、relu",
		"paste the model's config.json itself":                                                                            "请粘贴模型的 config.json 本身",
		"write it as in the model's config.json":                                                                          "请按模型的 config.json 填写",
		"write it as in the model's config.json, e.g. \"%s\": 4096":                                                       "请按模型的 config.json 填写，例如 \"%s\": 4096",
		"activation_function %q is counted as gelu_new (the same parameters; the activation's own operations may differ)": "activation_function %q 按 gelu_new 计数（参数相同；激活函数本身的运算量可能不同）",
		"%s is a multimodal model: only its language model (text_config, %s) is counted; the vision encoder is not":       "%s 是多模态模型：只计入其语言模型（text_config，%s），不计视觉编码器",
		"%d multi-token-prediction layer(s) (num_nextn_predict_layers), not part of the model class: each a MoE decoder layer with its own copies of the embedding and the head, %d parameters": "%d 个多 token 预测层（num_nextn_predict_layers），不属于模型类：每层是一个 MoE 解码层，另带嵌入和输出头的副本，共 %d 个参数",
	})
}
