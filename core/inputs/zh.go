package inputs

import "floplab/core/msg"

// Chinese texts (see package msg).
func init() { msg.RegisterFunc(zhTexts) }

func zhTexts() map[string]string {
	return map[string]string{
		"empty input shape":                           "输入形状为空",
		"empty input shape in %q":                     "%q 中有空的输入形状",
		"input shape %q must have 1 to %d dimensions": "输入形状 %q 必须有 1 到 %d 个维度",
		"bad dimension %q in input shape %q":          "输入形状 %[2]q 中的维度 %[1]q 无效",
		"at most %d inputs":                           "最多 %d 个输入",
		"write the shape as 1x3x224x224 (or 3x224x224, 224x224 or 224 for an image model, 128 tokens for a text model), several inputs separated by ';'": "形状写作 1x3x224x224（图像模型也可写 3x224x224、224x224 或 224，文本模型可只写 token 数如 128），多个输入之间用 ';' 分隔",

		"input %s read as %s: %s": "输入 %s 按 %s 读取：%s",
		"input %s read as %s: a sequence of %d tokens for each of the %d inputs, with the model's batch %d": "输入 %s 按 %s 读取：%[4]d 个输入各为 %[3]d 个 token 的序列，批大小取模型的 %[5]d",
		"channels × height × width with the model's batch %d, as ptflops and torchsummary take it":          "通道 × 高 × 宽，批大小取模型的 %d（ptflops 和 torchsummary 就这样写）",
		"height × width with the model's batch %d and %d channels":                                          "高 × 宽，批大小取模型的 %d，%d 个通道",
		"a %d×%d image with the model's batch %d and %d channels":                                           "%d×%d 的图像，批大小取模型的 %d，%d 个通道",
		"a sequence of %d tokens with the model's batch %d":                                                 "%d 个 token 的序列，批大小取模型的 %d",
		"the shape without its batch; the model's batch %d added in front":                                  "不含批维度的形状；在前面补上模型的批大小 %d",
		"input shape %s has %d dimensions; the model takes %d (%s)":                                         "输入形状 %s 有 %d 个维度；模型要求 %d 个（%s）",
		"write %s, or %s without the batch, %s, or %d for a square image":                                   "写作 %s，或不含批维度的 %s，或 %s，方形图像也可只写 %d",
		"write %s, or the sequence length alone: %d":                                                        "写作 %s，或只写序列长度：%d",
		"write %s, or %s without the batch":                                                                 "写作 %s，或不含批维度的 %s",
		"write %s":                                                                                          "写作 %s",
	}
}
