package presets_test

import "testing"

// MNASNet preset against torchvision 0.14.1 (golden data and published figures: see helpers_test.go).

func TestMNASNetPresets(t *testing.T) {
	for _, name := range []string{"mnasnet1_0"} {
		t.Run(name, func(t *testing.T) { checkEfficientPreset(t, name) })
	}
}

func TestMNASNetOtherInputs(t *testing.T) {
	for _, name := range []string{"mnasnet1_0"} {
		t.Run(name, func(t *testing.T) { checkOtherInputs(t, name, 1000) })
	}
}

func TestMNASNetConstructorArgs(t *testing.T) {
	for _, tc := range []argsCase{
		{"mnasnet1_0", "mnasnet0_5()", "mnasnet0_5", "torchvision.models.mnasnet0_5(weights=None)"},
	} {
		t.Run(tc.call, func(t *testing.T) { checkArgs(t, tc) })
	}
}
