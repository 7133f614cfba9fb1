package presets_test

import "testing"

// EfficientNet presets against torchvision 0.14.1, each at its weights' eval crop (golden data and published figures: see helpers_test.go).

func TestEfficientNetPresets(t *testing.T) {
	for _, name := range []string{"efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3"} {
		t.Run(name, func(t *testing.T) { checkEfficientPreset(t, name) })
	}
}

func TestEfficientNetOtherInputs(t *testing.T) {
	for _, name := range []string{"efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3"} {
		t.Run(name, func(t *testing.T) { checkOtherInputs(t, name, 1000) })
	}
}

func TestEfficientNetConstructorArgs(t *testing.T) {
	for _, tc := range []argsCase{
		{"efficientnet_b0", "efficientnet_b0(num_classes=10)", "efficientnet_b0", "torchvision.models.efficientnet_b0(weights=None, num_classes=10)"},
	} {
		t.Run(tc.call, func(t *testing.T) { checkArgs(t, tc) })
	}
}
