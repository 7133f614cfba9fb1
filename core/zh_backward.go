package core

import "floplab/core/msg"

// Chinese texts of the backward pass (backward.go).
func init() { msg.RegisterFunc(zhBackward) }

func zhBackward() map[string]string {
	return map[string]string{
		"unknown pass %q":        "未知的计算过程 %q",
		"passes: forward, train": "可选：forward（前向）、train（训练：前向 + 反向）",
		"%s does not count the backward pass; the torch (FlopCounterMode) and floplab conventions count it op by op.":                                      "%s 不统计反向传播；torch（FlopCounterMode）与 floplab 口径逐个算子统计反向传播。",
		"backward: the model inputs do not require grad (a training batch), so the first layer computes no grad input; frozen weights get no grad weight.": "反向：模型输入不需要梯度（一批训练数据），所以第一层不计算输入梯度；被冻结的权重不计算权重梯度。",
		"backward: %s has no backward rule for %s: not counted.":                                                                                           "反向：%s 没有 %s 的反向规则：未计入。",
	}
}
