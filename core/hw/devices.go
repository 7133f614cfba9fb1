// Package hw describes accelerators (peak dense throughput per dtype,
// memory bandwidth and capacity) and computes roofline lower bounds for a
// traced model: per layer, arithmetic intensity = FLOPs / bytes moved,
// compute- or memory-bound against the device's ridge point, and time ≥
// max(FLOPs / peak, bytes / bandwidth).
//
// These are lower bounds, not predictions. Real runs add kernel launch
// overhead, imperfect utilisation, caches, fusion and framework time: on an
// H200, ResNet-50 fp32 inference at batch 1 was measured at 3.5 ms against
// an ideal of about 0.01 ms (launch overhead dominates), and 7.95 ms at
// batch 64. Use the figures to compare models and find the bound, not to
// quote latency.
package hw

import (
	"strings"
)

// Device is an accelerator. Users can fill one themselves.
type Device struct {
	// ID is a short identifier ("h100-sxm").
	ID   string `json:"id"`
	Name string `json:"name"`
	// Peak is the dense (no structured sparsity) peak throughput in
	// operations per second, by dtype name ("fp32", "bf16", "int8", ...).
	// A dtype that is missing is not supported (or not published).
	Peak map[string]int64 `json:"peak"`
	// Bandwidth is the memory bandwidth in bytes per second.
	Bandwidth int64 `json:"bandwidth"`
	// Capacity is the memory size in bytes.
	Capacity int64 `json:"capacity"`
	// Source names the datasheet the figures come from, and how dense
	// figures were derived.
	Source string `json:"source"`
}

const (
	tera = 1_000_000_000_000
	giga = 1_000_000_000
	gib  = 1 << 30
)

// Devices returns the built-in table (a fresh copy the caller may change). Peaks are the vendors' dense figures
// (datasheets list tensor-core figures "with sparsity"; those are halved
// here). Capacities are the marketed size in GiB (DRAM stacks are sized
// in powers of two; usable memory is slightly lower).
func Devices() []Device {
	ds := make([]Device, len(devices))
	for i, r := range devices {
		peak := make(map[string]int64, len(r.Peak))
		for _, p := range r.Peak {
			peak[p.dtype] = p.ops
		}
		ds[i] = Device{ID: r.ID, Name: r.Name, Peak: peak, Bandwidth: r.Bandwidth, Capacity: r.Capacity, Source: r.Source}
	}
	return ds
}

// deviceRow is a built-in Device with its peaks as a list: an array of
// such rows (constants and strings only) is laid out as static data in the
// binary, where a map literal per device compiled to code (17.5 KB of
// app.wasm's code, about 2 KB of its zstd size).
type deviceRow struct {
	ID, Name            string
	Peak                peaks
	Bandwidth, Capacity int64
	Source              string
}

// peaks lists a device's dense peak throughput by dtype name.
type peaks []struct {
	dtype string
	ops   int64
}

var devices = [...]deviceRow{
	{ID: "h100-sxm", Name: "NVIDIA H100 SXM5 80GB",
		Peak: peaks{{"fp64", 67 * tera}, {"fp32", 67 * tera}, {"tf32", 494_500 * giga},
			{"fp16", 989_500 * giga}, {"bf16", 989_500 * giga}, {"fp8", 1_979 * tera}, {"int8", 1_979 * tera}},
		Bandwidth: 3_350 * giga, Capacity: 80 * gib,
		Source: "NVIDIA H100 Tensor Core GPU datasheet (SXM): FP64 Tensor 67 TF, FP32 67 TF, TF32 989 / BF16 1,979 / FP8 3,958 TF and INT8 3,958 TOPS with sparsity (halved here), 80 GB HBM3, 3.35 TB/s"},
	{ID: "h200-sxm", Name: "NVIDIA H200 SXM 141GB",
		Peak: peaks{{"fp64", 67 * tera}, {"fp32", 67 * tera}, {"tf32", 494_500 * giga},
			{"fp16", 989_500 * giga}, {"bf16", 989_500 * giga}, {"fp8", 1_979 * tera}, {"int8", 1_979 * tera}},
		Bandwidth: 4_800 * giga, Capacity: 141 * gib,
		Source: "NVIDIA H200 Tensor Core GPU datasheet (SXM): same compute as H100 SXM (sparse figures halved), 141 GB HBM3e, 4.8 TB/s"},
	{ID: "a100-80gb-sxm", Name: "NVIDIA A100 80GB SXM",
		Peak: peaks{{"fp64", 19_500 * giga}, {"fp32", 19_500 * giga}, {"tf32", 156 * tera},
			{"fp16", 312 * tera}, {"bf16", 312 * tera}, {"int8", 624 * tera}, {"int4", 1_248 * tera}},
		Bandwidth: 2_039 * giga, Capacity: 80 * gib,
		Source: "NVIDIA A100 Tensor Core GPU datasheet: FP64 Tensor 19.5 TF, FP32 19.5 TF, TF32 156 TF, BF16/FP16 312 TF, INT8 624 TOPS, INT4 1,248 TOPS (dense), 80 GB HBM2e, 2,039 GB/s"},
	{ID: "a100-40gb-sxm", Name: "NVIDIA A100 40GB SXM",
		Peak: peaks{{"fp64", 19_500 * giga}, {"fp32", 19_500 * giga}, {"tf32", 156 * tera},
			{"fp16", 312 * tera}, {"bf16", 312 * tera}, {"int8", 624 * tera}, {"int4", 1_248 * tera}},
		Bandwidth: 1_555 * giga, Capacity: 40 * gib,
		Source: "NVIDIA A100 Tensor Core GPU datasheet (A100 40GB SXM): the same dense compute as the 80 GB part, 40 GB HBM2, 1,555 GB/s"},
	{ID: "mi300x", Name: "AMD Instinct MI300X",
		Peak: peaks{{"fp64", 163_400 * giga}, {"fp32", 163_400 * giga}, {"tf32", 653_700 * giga},
			{"fp16", 1_307_400 * giga}, {"bf16", 1_307_400 * giga}, {"fp8", 2_614_900 * giga}, {"int8", 2_614_900 * giga}},
		Bandwidth: 5_300 * giga, Capacity: 192 * gib,
		Source: "AMD Instinct MI300X data sheet: FP64/FP32 matrix 163.4 TF, TF32 653.7, FP16/BF16 1,307.4, FP8 2,614.9 TF and INT8 2,614.9 TOPS dense (the sparse figures are twice these); 192 GB HBM3, 5.3 TB/s"},
	{ID: "l40s", Name: "NVIDIA L40S",
		Peak: peaks{{"fp32", 91_600 * giga}, {"tf32", 183 * tera}, {"fp16", 362 * tera}, {"bf16", 362 * tera},
			{"fp8", 733 * tera}, {"int8", 733 * tera}},
		Bandwidth: 864 * giga, Capacity: 48 * gib,
		Source: "NVIDIA L40S datasheet: FP32 91.6 TF; TF32 366, BF16/FP16 733, FP8 1,466 TF and INT8 1,466 TOPS with sparsity (halved here); 48 GB GDDR6, 864 GB/s"},
	{ID: "a10", Name: "NVIDIA A10",
		Peak: peaks{{"fp32", 31_200 * giga}, {"tf32", 62_500 * giga}, {"fp16", 125 * tera}, {"bf16", 125 * tera},
			{"int8", 250 * tera}, {"int4", 500 * tera}},
		Bandwidth: 600 * giga, Capacity: 24 * gib,
		Source: "NVIDIA A10 datasheet: FP32 31.2 TF; TF32 62.5, BF16/FP16 125 TF, INT8 250 TOPS, INT4 500 TOPS dense (twice with sparsity); 24 GB GDDR6, 600 GB/s"},
	{ID: "ascend-910b", Name: "Huawei Ascend 910B",
		Peak:      peaks{{"fp16", 320 * tera}, {"bf16", 320 * tera}, {"int8", 640 * tera}},
		Bandwidth: 1_600 * giga, Capacity: 64 * gib,
		Source: "Huawei publishes no 910B chip datasheet: FP16 about 320 TF and INT8 about 640 TOPS are the figures reported for the Atlas 800T A2 training servers' 910B, with 64 GB HBM2e at about 1.6 TB/s (approximate; the original Ascend 910 was announced at 256 TF FP16 and 512 TOPS INT8)"},
	{ID: "v100-sxm2", Name: "NVIDIA V100 SXM2 32GB",
		Peak:      peaks{{"fp64", 7_800 * giga}, {"fp32", 15_700 * giga}, {"fp16", 125 * tera}},
		Bandwidth: 900 * giga, Capacity: 32 * gib,
		Source: "NVIDIA Tesla V100 datasheet (SXM2): FP64 7.8 TF, FP32 15.7 TF, Tensor (FP16) 125 TF, 32 GB HBM2, 900 GB/s; no BF16/TF32/FP8"},
	{ID: "t4", Name: "NVIDIA T4",
		Peak:      peaks{{"fp32", 8_100 * giga}, {"fp16", 65 * tera}, {"int8", 130 * tera}, {"int4", 260 * tera}},
		Bandwidth: 320 * giga, Capacity: 16 * gib,
		Source: "NVIDIA T4 datasheet: FP32 8.1 TF, mixed FP16/FP32 65 TF, INT8 130 TOPS, INT4 260 TOPS, 16 GB GDDR6, 320 GB/s"},
	{ID: "l4", Name: "NVIDIA L4",
		Peak: peaks{{"fp32", 30_300 * giga}, {"tf32", 60 * tera}, {"fp16", 121 * tera}, {"bf16", 121 * tera},
			{"fp8", 242_500 * giga}, {"int8", 242_500 * giga}},
		Bandwidth: 300 * giga, Capacity: 24 * gib,
		Source: "NVIDIA L4 datasheet: FP32 30.3 TF; TF32 120, FP16/BF16 242, FP8 485 TF and INT8 485 TOPS with sparsity (halved here); 24 GB GDDR6, 300 GB/s"},
	{ID: "rtx-3090", Name: "NVIDIA GeForce RTX 3090",
		Peak:      peaks{{"fp32", 35_600 * giga}, {"tf32", 35_600 * giga}, {"fp16", 71 * tera}, {"bf16", 71 * tera}, {"int8", 284 * tera}},
		Bandwidth: 936 * giga, Capacity: 24 * gib,
		Source: "NVIDIA Ampere GA102 whitepaper (RTX 3090): FP32 35.6 TF; dense tensor TF32 35.6, FP16/BF16 with FP32 accumulate 71 TF, INT8 284 TOPS; 24 GB GDDR6X, 936 GB/s"},
	{ID: "rtx-3060-12gb", Name: "NVIDIA GeForce RTX 3060 12GB",
		Peak:      peaks{{"fp32", 12_740 * giga}, {"tf32", 12_740 * giga}, {"fp16", 25_480 * giga}, {"bf16", 25_480 * giga}, {"int8", 101_900 * giga}},
		Bandwidth: 360 * giga, Capacity: 12 * gib,
		Source: "NVIDIA RTX 3060 specifications (28 SMs, 1.777 GHz boost, 12 GB GDDR6, 360 GB/s) × the GA10x per-SM rates of NVIDIA's Ampere GA102 whitepaper: FP32 12.74 TF, dense tensor FP16/BF16 with FP32 accumulate 25.5 TF, INT8 101.9 TOPS"},
	{ID: "rtx-4060-ti-16gb", Name: "NVIDIA GeForce RTX 4060 Ti 16GB",
		Peak: peaks{{"fp32", 22_060 * giga}, {"tf32", 22_060 * giga}, {"fp16", 44_100 * giga}, {"bf16", 44_100 * giga},
			{"fp8", 88_200 * giga}, {"int8", 176_500 * giga}},
		Bandwidth: 288 * giga, Capacity: 16 * gib,
		Source: "NVIDIA RTX 4060 Ti specifications (34 SMs, 2.535 GHz boost, 16 GB GDDR6, 288 GB/s) × the per-SM rates of NVIDIA's Ada Lovelace whitepaper: FP32 22.06 TF, dense tensor FP16/BF16 with FP32 accumulate 44.1 TF, FP8 88.2 TF, INT8 176.5 TOPS"},
	{ID: "rtx-4090", Name: "NVIDIA GeForce RTX 4090",
		Peak: peaks{{"fp32", 82_600 * giga}, {"tf32", 82_600 * giga}, {"fp16", 165_200 * giga}, {"bf16", 165_200 * giga},
			{"fp8", 330_300 * giga}, {"int8", 660_600 * giga}},
		Bandwidth: 1_008 * giga, Capacity: 24 * gib,
		Source: "NVIDIA Ada Lovelace whitepaper (RTX 4090): FP32 82.6 TF; dense tensor TF32 82.6, FP16/BF16 with FP32 accumulate 165.2 TF, FP8 (FP32 acc.) 330.3 TF, INT8 660.6 TOPS; 24 GB GDDR6X, 1,008 GB/s"},
	{ID: "m2-max", Name: "Apple M2 Max (38-core GPU)",
		Peak:      peaks{{"fp32", 13_600 * giga}, {"fp16", 13_600 * giga}},
		Bandwidth: 400 * giga, Capacity: 96 * gib,
		Source: "Apple M2 Max (Jan 2023): 38-core GPU, 400 GB/s unified memory, up to 96 GB; FP32 = 4,864 ALUs × 2 × 1.398 GHz ≈ 13.6 TF (Apple does not publish it; FP16 runs at the FP32 rate)"},
	{ID: "jetson-agx-orin-64gb", Name: "NVIDIA Jetson AGX Orin 64GB (GPU)",
		Peak:      peaks{{"fp32", 5_300 * giga}, {"fp16", 42_500 * giga}, {"bf16", 42_500 * giga}, {"int8", 85 * tera}},
		Bandwidth: 204_800_000_000, Capacity: 64 * gib,
		Source: "NVIDIA Jetson AGX Orin series datasheet: GPU 170 sparse INT8 TOPS (85 dense; the 275 TOPS headline adds the DLAs), 2,048 CUDA cores at 1.3 GHz = 5.3 TF FP32, FP16 tensor half of INT8; 64 GB LPDDR5, 204.8 GB/s"},
	{ID: "a17-pro-ane", Name: "Apple A17 Pro Neural Engine",
		Peak:      peaks{{"int8", 35 * tera}},
		Bandwidth: 51_200_000_000, Capacity: 8 * gib,
		Source: "Apple iPhone 15 Pro (Sep 2023): 16-core Neural Engine, 35 trillion operations per second (INT8; FP16 not published); 8 GB LPDDR5-6400 on a 64-bit bus = 51.2 GB/s, shared with the CPU/GPU"},
	{ID: "xeon-8480", Name: "Intel Xeon Platinum 8480+ (56 cores)",
		Peak: peaks{{"fp64", 3_584 * giga}, {"fp32", 7_168 * giga}, {"fp16", 14_336 * giga},
			{"bf16", 114_688 * giga}, {"int8", 229_376 * giga}},
		Bandwidth: 307_200_000_000, Capacity: 512 * gib,
		Source: "Intel Xeon Platinum 8480+ (Sapphire Rapids) at its 2.0 GHz base clock, 56 cores: AVX-512 2 FMA units × 16 fp32 lanes × 2 = 64 FLOP/cycle/core → 7.17 TF fp32, 3.58 TF fp64, AVX512-FP16 14.3 TF; AMX 1,024 BF16 / 2,048 INT8 ops/cycle/core → 114.7 TF bf16, 229.4 TOPS int8; 8 channels DDR5-4800 × 8 B = 307.2 GB/s; capacity as configured (512 GiB assumed)"},
}

// Lookup finds a built-in device by ID or name, case-insensitively.
func Lookup(name string) (Device, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, d := range Devices() {
		if strings.ToLower(d.ID) == n || strings.ToLower(d.Name) == n {
			return d, true
		}
	}
	return Device{}, false
}

// PeakFor is the device's dense peak for a dtype; false when the device
// has no published figure for it.
func (d Device) PeakFor(dtype string) (int64, bool) {
	p, ok := d.Peak[dtype]
	return p, ok && p > 0
}

// Ridge is the arithmetic intensity (FLOPs per byte) at which the device
// turns from memory-bound to compute-bound for a dtype: peak / bandwidth.
func (d Device) Ridge(dtype string) (float64, bool) {
	p, ok := d.PeakFor(dtype)
	if !ok || d.Bandwidth <= 0 {
		return 0, false
	}
	return float64(p) / float64(d.Bandwidth), true
}
