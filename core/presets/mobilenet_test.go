package presets_test

import "testing"

// MobileNet presets against torchvision 0.14.1 (golden data and published figures: see helpers_test.go).

func TestMobileNetPresets(t *testing.T) {
	for _, name := range []string{"mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large"} {
		t.Run(name, func(t *testing.T) { checkEfficientPreset(t, name) })
	}
}

func TestMobileNetOtherInputs(t *testing.T) {
	for _, name := range []string{"mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large"} {
		t.Run(name, func(t *testing.T) { checkOtherInputs(t, name, 1000) })
	}
}

// TestMobileNetV2Calibration checks every convention's headline figure for
// mobilenet_v2 at 1x3x224x224 against the tools themselves. Provenance: the
// calibration table of FlopLab's reference spec/counting.md ("Public
// calibration figures", row mobilenet_v2), measured with torch 1.13.1 /
// torchvision 0.14.1, weights=None, eval mode, at the tool commits listed
// there. torch = 2 x the "fvcore conv+matmul ops only" column (300,774,272),
// which is FlopCounterMode's definition (FLOPs = 2 x conv/mm MACs, no bias);
// torchvision = that column (0.301 G published).
func TestMobileNetV2Calibration(t *testing.T) {
	const params = 3504872
	tests := []struct {
		convention string
		count      int64
		// checkParams: the tool prints a parameter count (all of MobileNetV2's
		// parameters sit in modules every tool has a rule for).
		checkParams bool
	}{
		{"thop", 327486720, true},
		{"thop-0.0.31", 314130496, true},
		{"ultralytics-thop", 327486720, true},
		{"ptflops", 320300008, true},
		{"ptflops-legacy", 320237288, true},
		{"ptflops-aten", 300775272, true},
		{"torchinfo", 300809384, true},
		{"fvcore", 314193216, true},
		{"torch", 2 * 300774272, false},
		{"torchvision", 300774272, false},
	}
	rep := analyzePreset(t, "mobilenet_v2", nil)
	if rep.Totals.Params != params {
		t.Errorf("params = %d, want %d", rep.Totals.Params, params)
	}
	for _, tc := range tests {
		t.Run(tc.convention, func(t *testing.T) {
			c := convention(t, rep, tc.convention)
			if c.Count != tc.count {
				t.Errorf("count = %d, want %d (diff %+d)", c.Count, tc.count, c.Count-tc.count)
			}
			if tc.checkParams && c.Params != params {
				t.Errorf("params = %d, want %d", c.Params, params)
			}
		})
	}
}

func TestMobileNetConstructorArgs(t *testing.T) {
	for _, tc := range []argsCase{
		{"mobilenet_v2", "mobilenet_v2(width_mult=0.5, num_classes=10)", "mobilenet_v2", "torchvision.models.mobilenet_v2(weights=None, width_mult=0.5, num_classes=10)"},
		{"mobilenet_v3_small", "mobilenet_v3_small(width_mult=0.75, reduced_tail=True, dilated=True, num_classes=100)", "mobilenet_v3_small",
			"torchvision.models.mobilenet_v3_small(weights=None, width_mult=0.75, reduced_tail=True, dilated=True, num_classes=100)"},
	} {
		t.Run(tc.call, func(t *testing.T) { checkArgs(t, tc) })
	}
}
