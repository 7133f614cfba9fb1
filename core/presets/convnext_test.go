package presets_test

import "testing"

// ConvNeXt preset against torchvision 0.14.1 (golden data and published figures: see helpers_test.go).

func TestConvNeXtPresets(t *testing.T) {
	for _, name := range []string{"convnext_tiny"} {
		t.Run(name, func(t *testing.T) { checkEfficientPreset(t, name) })
	}
}

func TestConvNeXtOtherInputs(t *testing.T) {
	for _, name := range []string{"convnext_tiny"} {
		t.Run(name, func(t *testing.T) { checkOtherInputs(t, name, 1000) })
	}
}

func TestConvNeXtConstructorArgs(t *testing.T) {
	for _, tc := range []argsCase{
		{"convnext_tiny", "convnext_tiny(num_classes=10)", "convnext_tiny", "torchvision.models.convnext_tiny(weights=None, num_classes=10)"},
	} {
		t.Run(tc.call, func(t *testing.T) { checkArgs(t, tc) })
	}
}

// TestConvNeXtCalibration checks the ConvNeXt-T figures FlopLab's reference
// spec/counting.md gives (torch 1.13.1 / torchvision 0.14.1, weights=None,
// eval, 1x3x224x224): thop <= 2.0.18 sums only modules it has a rule for, so
// it loses the LayerNorm2d weights and CNBlock's layer_scale (28,579,432 of
// 28,589,128 params); ultralytics-thop 2.1.x reports model.parameters(); the
// ptflops aten backend under torch 2.x counts Linear on a 4-D input as addmm
// with bias: 4,468,966,888. These only come out when the preset keeps
// torchvision's classes (LayerNorm2d, not LayerNorm) and layer_scale as a
// parameter of CNBlock itself.
func TestConvNeXtCalibration(t *testing.T) {
	rep := analyzePreset(t, "convnext_tiny", nil)
	tests := []struct {
		convention string
		params     int64
		count      int64 // 0: not checked
	}{
		{"thop", 28579432, 0},
		{"ultralytics-thop", 28589128, 0},
		{"ptflops-aten", 28589128, 4468966888},
	}
	for _, tc := range tests {
		t.Run(tc.convention, func(t *testing.T) {
			c := convention(t, rep, tc.convention)
			if c.Params != tc.params {
				t.Errorf("params = %d, want %d", c.Params, tc.params)
			}
			if tc.count != 0 && c.Count != tc.count {
				t.Errorf("count = %d, want %d", c.Count, tc.count)
			}
		})
	}
}
