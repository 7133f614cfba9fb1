package presets_test

import "testing"

// ShuffleNet V2 presets against torchvision 0.14.1 (golden data and published figures: see helpers_test.go).

func TestShuffleNetPresets(t *testing.T) {
	for _, name := range []string{"shufflenet_v2_x0_5", "shufflenet_v2_x1_0"} {
		t.Run(name, func(t *testing.T) { checkEfficientPreset(t, name) })
	}
}

func TestShuffleNetOtherInputs(t *testing.T) {
	for _, name := range []string{"shufflenet_v2_x0_5", "shufflenet_v2_x1_0"} {
		t.Run(name, func(t *testing.T) { checkOtherInputs(t, name, 1000) })
	}
}

func TestShuffleNetConstructorArgs(t *testing.T) {
	for _, tc := range []argsCase{
		{"shufflenet_v2_x1_0", "shufflenet_v2_x2_0()", "shufflenet_v2_x2_0", "torchvision.models.shufflenet_v2_x2_0(weights=None)"},
	} {
		t.Run(tc.call, func(t *testing.T) { checkArgs(t, tc) })
	}
}
