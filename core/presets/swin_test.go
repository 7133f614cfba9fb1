package presets_test

import "testing"

func TestSwinPresets(t *testing.T) {
	cases := []visionCase{
		// torchvision's Swin pads any spatial size to whole windows, so a
		// wrong input is one the patch embedding cannot take: 1 channel.
		{name: "swin_t", params: 28288354, ops: 4.491, fromFile: true,
			wrong: []int64{1, 1, 224, 224}, wrongText: "expects 3 input channels, got 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkVision(t, tc) })
	}
}

// TestSwinAttention derives Swin-T's conv + matmul MACs by hand (the
// torchvision convention: 4,490,566,656 per spec/counting.md): the 4x4 patch
// embedding, per block qkv/proj (4·C²) and MLP (8·C²) per token plus the two
// window-attention matmuls (2·49·32 per token and head: every window has 49
// tokens, heads of 32 dims), the patch mergings (4C·2C per output token) and
// the head.
func TestSwinAttention(t *testing.T) {
	depths := []int64{2, 2, 6, 2}
	heads := []int64{3, 6, 12, 24}
	want := int64(96 * 3 * 16 * 56 * 56)
	side, c := int64(56), int64(96)
	for i := range depths {
		tokens := side * side
		want += depths[i] * (12*c*c*tokens + 2*heads[i]*tokens*49*32)
		if i < len(depths)-1 {
			side /= 2
			want += side * side * 4 * c * 2 * c
			c *= 2
		}
	}
	want += 768 * 1000
	if want != 4490566656 {
		t.Fatalf("hand derivation gives %d, spec/counting.md 4,490,566,656", want)
	}
	rep := analyzePreset(t, "swin_t", nil)
	if got := convention(t, rep, "torchvision").Count; got != want {
		t.Errorf("torchvision count %d, want %d (diff %+d)", got, want, got-want)
	}
	if got := convention(t, rep, "torch").Count; got != 8981133312 {
		t.Errorf("torch count %d, want 8,981,133,312 (torch 2.11 FlopCounterMode, spec/counting.md)", got)
	}
}
