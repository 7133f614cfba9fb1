package presets_test

import "testing"

// ShuffleNet V2 presets against torchvision 0.14.1 (golden data and published figures: see efficient_helpers_test.go).

func TestShuffleNetPresets(t *testing.T) {
	for _, name := range []string{"shufflenet_v2_x0_5", "shufflenet_v2_x1_0"} {
		t.Run(name, func(t *testing.T) { effCheckPreset(t, name) })
	}
}

func TestShuffleNetOtherInputs(t *testing.T) {
	for _, name := range []string{"shufflenet_v2_x0_5", "shufflenet_v2_x1_0"} {
		t.Run(name, func(t *testing.T) { effCheckOtherInputs(t, name, 1000) })
	}
}

func TestShuffleNetConstructorArgs(t *testing.T) {
	for _, tc := range []effArgsCase{
		{"shufflenet_v2_x1_0", "shufflenet_v2_x2_0()", "shufflenet_v2_x2_0", "torchvision.models.shufflenet_v2_x2_0(weights=None)"},
	} {
		t.Run(tc.call, func(t *testing.T) { effCheckArgs(t, tc) })
	}
}
