package presets_test

import (
	"testing"

	"floplab/core"
)

// ResNet presets against torchvision 0.14.1 (golden data and published
// figures: see helpers_test.go).
var resnetCases = []classicCase{
	{name: "resnet18", published: true},
	{name: "resnet34", published: true},
	{name: "resnet50", published: true},
	{name: "resnet101", published: true},
	{name: "resnet152", published: true},
	{name: "resnext50_32x4d", published: true},
	{name: "resnext101_32x8d"},
	{name: "wide_resnet50_2", published: true},
}

func TestResNetPresets(t *testing.T) {
	for _, tc := range resnetCases {
		t.Run(tc.name, func(t *testing.T) { checkClassicPreset(t, tc) })
	}
}

func TestResNetOtherInputs(t *testing.T) {
	for _, tc := range resnetCases {
		t.Run(tc.name, func(t *testing.T) { checkOtherInputs(t, tc.name, 1000) })
	}
}

// TestResNetCalibration checks every convention's headline figure against
// the tools themselves. Provenance: FlopLab's reference spec/counting.md,
// calibration table (row resnet18) and "ResNet-50 at 224 for the record"
// (torch 1.13.1 / torchvision 0.14.1, weights=None, eval mode, at the tool
// commits listed there); ResNet-50 torch = torch 2.11 FlopCounterMode
// 8,178,368,512 from the same file; ResNet-18 torch = 2 x the "fvcore
// conv+matmul ops only" column (FlopCounterMode's definition); torchvision =
// that column (ResNet-18 1,814,073,344 -> 1.814; ResNet-50 4,089,184,256 ->
// 4.089 from the spec's "torchvision's published numbers" paragraph). The
// batch-8 ResNet-50 figures are from the spec's ptflops batch paragraph.
func TestResNetCalibration(t *testing.T) {
	tests := []struct {
		name   string
		preset string
		input  []int64
		params int64
		want   []conventionCount
	}{
		{"resnet18", "resnet18", nil, 11689512, []conventionCount{
			{"thop", 1824033792},
			{"thop-0.0.31", 1819066368},
			{"ultralytics-thop", 1824033792},
			{"ptflops", 1825313768},
			{"ptflops-legacy", 1822177768},
			{"ptflops-aten", 1814074344},
			{"torchinfo", 1814083944},
			{"fvcore", 1819065856},
			{"torch", 2 * 1814073344},
			{"torchvision", 1814073344},
		}},
		{"resnet50", "resnet50", nil, 25557032, []conventionCount{
			{"thop", 4133742592},
			{"thop-0.0.31", 4111514624},
			{"ultralytics-thop", 4133742592},
			{"ptflops", 4132436968},
			{"ptflops-legacy", 4121925096},
			{"ptflops-aten", 4089185256},
			{"torchinfo", 4089238376},
			{"fvcore", 4111512576},
			{"torch", 8178368512},
			{"torchvision", 4089184256},
		}},
		// ptflops divides module-hook totals by the batch but adds its
		// functional collectors undivided; count_functional=False is
		// exactly per image.
		{"resnet50_batch8", "resnet50", []int64{8, 3, 224, 224}, 25557032, []conventionCount{
			{"ptflops", 4206020072},
			{"ptflops-legacy", 4121925096},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := core.Request{Preset: tc.preset}
			if tc.input != nil {
				req.Inputs = [][]int64{tc.input}
			}
			checkConventions(t, req, tc.params, tc.want)
		})
	}
}
