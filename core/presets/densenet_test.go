package presets_test

import (
	"testing"

	"floplab/core"
)

// DenseNet presets against torchvision 0.14.1 (golden data and published
// figures: see helpers_test.go). densenet161 has no published
// figures in the reference data.
var densenetCases = []classicCase{
	{name: "densenet121", published: true},
	{name: "densenet161"},
	{name: "densenet169", published: true},
	{name: "densenet201", published: true},
}

func TestDenseNetPresets(t *testing.T) {
	for _, tc := range densenetCases {
		t.Run(tc.name, func(t *testing.T) { checkClassicPreset(t, tc) })
	}
}

func TestDenseNetOtherInputs(t *testing.T) {
	for _, tc := range densenetCases {
		t.Run(tc.name, func(t *testing.T) { checkOtherInputs(t, tc.name, 1000) })
	}
}

// TestDenseNetCalibration checks every convention's headline figure for
// densenet121 at 1x3x224x224. Provenance: FlopLab's reference
// spec/counting.md, calibration table, row densenet121 (torch 1.13.1 /
// torchvision 0.14.1, weights=None, eval mode). torch = 2 x the "fvcore
// conv+matmul ops only" column (2,834,161,664), torchvision = that column
// (published as 2.834 G). ptflops counts DenseNet's functional
// F.relu and F.adaptive_avg_pool2d on top of the doubled module hooks.
func TestDenseNetCalibration(t *testing.T) {
	checkConventions(t, core.Request{Preset: "densenet121"}, 7978856, []conventionCount{
		{"thop", 2897007104},
		{"thop-0.0.31", 2865672192},
		{"ultralytics-thop", 2897709568},
		{"ptflops", 2899843048},
		{"ptflops-legacy", 2882620136},
		{"ptflops-aten", 2834162664},
		{"torchinfo", 2834246312},
		{"fvcore", 2865546752},
		{"torch", 2 * 2834161664},
		{"torchvision", 2834161664},
	})
}
