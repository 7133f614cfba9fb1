package presets_test

import "testing"

// GoogLeNet against torchvision 0.14.1 in its evaluation form
// (aux_logits=False; golden data and published figures: see
// helpers_test.go). The published num_params 6,624,904 is the model
// without aux heads: torchvision's builder drops them after loading.
var googlenetCases = []classicCase{
	{name: "googlenet", published: true},
}

func TestGoogLeNetPresets(t *testing.T) {
	for _, tc := range googlenetCases {
		t.Run(tc.name, func(t *testing.T) { checkClassicPreset(t, tc) })
	}
}

func TestGoogLeNetOtherInputs(t *testing.T) {
	for _, tc := range googlenetCases {
		t.Run(tc.name, func(t *testing.T) { checkOtherInputs(t, tc.name, 1000) })
	}
}
