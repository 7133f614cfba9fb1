package convention

import "floplab/core/units"

// torchvision's published "GFLOPS" (really GMACs) in each weight's meta
// "_ops": pytorch/vision PR #6936, computed with torch's flop counter and
// halved; attention counted.
var torchvisionOps = &spec{
	Convention: Convention{ID: "torchvision", Tool: "torchvision", Version: "published _ops", Unit: "MAC", Params: ParamsAll,
		Print:  printTorchvision,
		Notes:  []string{"torchvision's published 'GFLOPS' column: multiply-accumulates of convolutions and matrix products (attention included), no bias, for one image, printed in G with 3 decimals."},
		Source: "pytorch/vision PR #6936 (the published \"GFLOPS\" = GMACs)"},
	base:    torchFlopCounter,
	modules: []group{{Rule{{Term: mhaProj}, {Term: attn}}, "MultiheadAttention"}},
}

// printTorchvision is the docs' "GFLOPS" column: "0.714 GFLOPS".
func printTorchvision(count, _ int64) string { return TorchvisionGFLOPS(count) + " GFLOPS" }

// TorchvisionGFLOPS is torchvision's published "GFLOPS" figure (really
// GMACs): n/10^9 with three decimals, "0.714".
func TorchvisionGFLOPS(n int64) string { return units.PyFixed(float64(n)/1e9, 3) }
