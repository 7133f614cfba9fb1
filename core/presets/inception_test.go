package presets_test

import (
	"testing"

	"floplab/core"
	"floplab/core/presets"
)

// Inception v3 against torchvision 0.14.1 in its evaluation form
// (aux_logits=False, 1x3x299x299; golden data and published figures: see
// helpers_test.go). torchvision's published num_params 27,161,264
// includes the AuxLogits head; TestInceptionAuxLogits checks it.
var inceptionCases = []classicCase{
	{name: "inception_v3", published: true, publishedParams: true},
}

func TestInceptionPresets(t *testing.T) {
	for _, tc := range inceptionCases {
		t.Run(tc.name, func(t *testing.T) { checkClassicPreset(t, tc) })
	}
}

func TestInceptionOtherInputs(t *testing.T) {
	for _, tc := range inceptionCases {
		t.Run(tc.name, func(t *testing.T) { checkOtherInputs(t, tc.name, 1000) })
	}
}

// TestInceptionAuxLogits builds inception_v3 with and without its auxiliary
// head: with it, the parameters are torchvision's published num_params
// (testdata/published.json); without it, the golden count. In eval mode the
// head is never called, so the torchvision count is the same.
func TestInceptionAuxLogits(t *testing.T) {
	p := lookup(t, "inception_v3")
	pub := mustPublished(t, "inception_v3")
	gold, _ := loadGolden(t, "inception_v3")
	tests := []struct {
		call   string
		params int64
	}{
		{"inception_v3(aux_logits=True)", pub.NumParams},
		{"inception_v3(aux_logits=False)", gold.Params},
	}
	var counts []int64
	for _, tc := range tests {
		t.Run(tc.call, func(t *testing.T) {
			script := presets.Source(p) + "\nmodel = " + tc.call + "\n" + presets.InputLine(p.Input, p.InputDType)
			rep, err := core.Analyze(core.Request{Script: script, Filename: p.File, AllConventions: true})
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			if rep.Totals.Params != tc.params {
				t.Errorf("params = %d, want %d", rep.Totals.Params, tc.params)
			}
			counts = append(counts, rep.Conventions["torchvision"].Count)
		})
	}
	if len(counts) == 2 && counts[0] != counts[1] {
		t.Errorf("torchvision count with aux head %d, without %d: the head must not run in eval mode", counts[0], counts[1])
	}
}
