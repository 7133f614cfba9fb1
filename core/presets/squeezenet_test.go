package presets_test

import "testing"

// SqueezeNet presets against torchvision 0.14.1 (golden data and published
// figures: see helpers_test.go).
var squeezenetCases = []classicCase{
	{name: "squeezenet1_0", published: true},
	{name: "squeezenet1_1", published: true},
}

func TestSqueezeNetPresets(t *testing.T) {
	for _, tc := range squeezenetCases {
		t.Run(tc.name, func(t *testing.T) { checkClassicPreset(t, tc) })
	}
}

func TestSqueezeNetOtherInputs(t *testing.T) {
	for _, tc := range squeezenetCases {
		t.Run(tc.name, func(t *testing.T) { checkOtherInputs(t, tc.name, 1000) })
	}
}
