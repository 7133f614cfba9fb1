package hw

import "floplab/core/msg"

// Chinese text of the roofline caveat (see package msg).
func init() { msg.RegisterFunc(zhTexts) }

func zhTexts() map[string]string {
	return map[string]string{
		LowerBoundNote: "这些是按峰值算力和带宽得出的下界：实际运行更慢（kernel 启动开销、利用率、框架耗时）。在 H200 上实测，ResNet-50 fp32 推理在批大小 1 时耗时 3.5 ms，而理想值约 0.01 ms；批大小 64 时耗时 7.95 ms。",

		"a custom device needs a positive peak (TFLOP/s), bandwidth (GB/s) and memory (GB)": "自定义设备需要正的峰值算力（TFLOP/s）、带宽（GB/s）和显存（GB）",
		`write it as NAME:TFLOPS:GB/s:GB, e.g. "my gpu:100:900:24"`:                         `格式为 NAME:TFLOPS:GB/s:GB，例如 "my gpu:100:900:24"`,
		"custom device %q: %q is not a number":                                              "自定义设备 %q：%q 不是数字",
		"unknown device %q":                                                                 "未知的设备 %q",
		"devices: %s; or your own as NAME:TFLOPS:GB/s:GB":                                   "可用的设备：%s；也可以按 NAME:TFLOPS:GB/s:GB 自定义",
	}
}
