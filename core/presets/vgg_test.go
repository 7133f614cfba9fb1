package presets_test

import "testing"

// VGG presets against torchvision 0.14.1 (golden data and published figures:
// see helpers_test.go). torchvision publishes figures for vgg11,
// vgg16 and vgg19_bn among these.
var vggCases = []classicCase{
	{name: "vgg11", published: true},
	{name: "vgg11_bn"},
	{name: "vgg13"},
	{name: "vgg16", published: true},
	{name: "vgg16_bn"},
	{name: "vgg19"},
	{name: "vgg19_bn", published: true},
}

func TestVGGPresets(t *testing.T) {
	for _, tc := range vggCases {
		t.Run(tc.name, func(t *testing.T) { checkClassicPreset(t, tc) })
	}
}

func TestVGGOtherInputs(t *testing.T) {
	for _, tc := range vggCases {
		t.Run(tc.name, func(t *testing.T) { checkOtherInputs(t, tc.name, 1000) })
	}
}
