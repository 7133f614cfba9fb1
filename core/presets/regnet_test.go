package presets_test

import "testing"

// RegNet presets against torchvision 0.14.1 (golden data and published figures: see helpers_test.go).

func TestRegNetPresets(t *testing.T) {
	for _, name := range []string{"regnet_y_400mf", "regnet_x_400mf"} {
		t.Run(name, func(t *testing.T) { checkEfficientPreset(t, name) })
	}
}

func TestRegNetOtherInputs(t *testing.T) {
	for _, name := range []string{"regnet_y_400mf", "regnet_x_400mf"} {
		t.Run(name, func(t *testing.T) { checkOtherInputs(t, name, 1000) })
	}
}

func TestRegNetConstructorArgs(t *testing.T) {
	for _, tc := range []argsCase{
		{"regnet_x_400mf", "regnet_x_400mf(num_classes=10)", "regnet_x_400mf", "torchvision.models.regnet_x_400mf(weights=None, num_classes=10)"},
	} {
		t.Run(tc.call, func(t *testing.T) { checkArgs(t, tc) })
	}
}
