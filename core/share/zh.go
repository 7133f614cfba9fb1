package share

import "floplab/core/msg"

// Chinese texts of the errors for links and for the settings typed on the
// page (see package msg): the key is the English format; setting names,
// values and shapes are the same in both.
func init() { msg.RegisterFunc(zhTexts) }

func zhTexts() map[string]string {
	return map[string]string{
		// A message and its hint, as the page shows them.
		"%s (hint: %s)": "%s（提示：%s）",

		// The fragment: its size, format and encoding.
		"the link carries no calculation":                                              "链接中没有计算内容",
		"the link is too long (%d bytes, at most %d)":                                  "链接太长（%d 字节，最多 %d 字节）",
		"links over 2 MiB cannot be opened by browsers; share the script file instead": "浏览器无法打开超过 2 MiB 的链接；请改为分享脚本文件",
		"unknown link format %q":                                                       "未知的链接格式 %q",
		"copy the whole link, starting at '#'":                                         "请从 '#' 开始复制完整的链接",
		"the link is damaged (bad base64 at byte %d)":                                  "链接已损坏（第 %d 字节处的 base64 有误）",
		"the link was probably cut short or altered when it was pasted":                "链接可能在粘贴时被截断或改动了",
		"the link is damaged (%v)":                                                     "链接已损坏（%v）",
		"the link was probably cut short when it was pasted":                           "链接可能在粘贴时被截断了",
		"it ends too early":                                                            "数据提前结束",
		"corrupt input before offset %d":                                               "偏移量 %d 之前的数据有误",
		"the link's script is larger than %d bytes":                                    "链接中的脚本超过了 %d 字节",
		"the link's text is not valid UTF-8":                                           "链接的文本不是有效的 UTF-8",

		// The link's settings.
		"the link's settings are not terminated":  "链接的设置部分没有正确结束",
		"the link was probably altered":           "链接可能被改动过",
		"bad setting %q in the link":              "链接中的设置 %q 有误",
		"bad value for %q in the link":            "链接中 %q 的值有误",
		"the link's %q setting is too long":       "链接中的 %q 设置太长",
		"unknown setting %q in the link":          "链接中有未知的设置 %q",
		"this link may come from a newer FlopLab": "此链接可能来自更新版本的 FlopLab",
		"unknown %s %q":                           "未知的%s %q",
		"use %s=%s or %s=%s":                      "请使用 %s=%s 或 %s=%s",
		"use %s=%s or %s":                         "请使用 %s=%s 或 %s",
		", ":                                      "、",
		"byte unit":                               "字节单位",
		"language":                                "语言",
		"memory mode":                             "估算模式",
		"optimizer":                               "优化器",
		"tab":                                     "标签页",
		"KV cache dtype":                          "KV 缓存数据类型",
		"bad LoRA rank %q":                        "LoRA 秩 %q 不合法",
		"a whole number from 1 to %d":             "请填写 1 到 %d 之间的整数",
		"bad sequence length %q":                  "序列长度 %q 无效",
		"bad batch %q":                            "批大小 %q 无效",
		"bad custom device %q":                    "自定义设备 %q 有误",
		"write it as NAME:TFLOPS:GB/s:GB":         "请写成 NAME:TFLOPS:GB/s:GB",
		"bad untie %q":                            "untie 的值 %q 有误",
		"use untie=1":                             "请使用 untie=1",
		"bad weight tie %q":                       "权重共享 %q 有误",
		"pass":                                    "计算范围",
		"model mode":                              "模型模式",
		"bad assumption %q":                       "类的设定 %q 有误",
		"more than %d assumptions":                "类的设定超过 %d 个",
		"write CLASS=PARAMS[:MACS_PER_CALL], e.g. MyMixer=4096:1048576; several separated by ';'": "请写成 CLASS=PARAMS[:MACS_PER_CALL]，例如 MyMixer=4096:1048576；多个之间用 ';' 分隔",
		"the preset name is too long": "预设模型的名称太长",
		"write a tie as module=target, e.g. lm_head=transformer.wte; several separated by ';'": "权重共享写作 module=target，例如 lm_head=transformer.wte；多个之间用 ';' 分隔",
	}
}
