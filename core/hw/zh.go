package hw

import "floplab/core/msg"

// Chinese text of the roofline caveat (see package msg).
func init() {
	msg.Register(map[string]string{
		LowerBoundNote: "这些是按峰值算力和带宽得出的下界：实际运行更慢（kernel 启动开销、利用率、框架耗时）。在 H200 上实测，ResNet-50 fp32 推理在批大小 1 时耗时 3.5 ms，而理想值约 0.01 ms；批大小 64 时耗时 7.95 ms。",
	})
}
