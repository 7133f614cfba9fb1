package presets_test

import "testing"

func TestViTPresets(t *testing.T) {
	cases := []visionCase{
		{name: "vit_b_16", params: 86567656, ops: 17.564, fromFile: true, fixed: true,
			wrong: []int64{1, 3, 256, 256}, wrongText: "Wrong image height! Expected 224 but got 256"},
		{name: "vit_b_32", params: 88224232, ops: 4.409, fixed: true,
			wrong: []int64{1, 3, 224, 192}, wrongText: "Wrong image width! Expected 224 but got 192"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkVision(t, tc) })
	}
}

// TestViTAttention checks what the attention of ViT-B costs, derived by hand:
// 12 encoder blocks of 12 heads of 64 dims over T = (224/p)^2 + 1 tokens.
// torchvision's count is the patch convolution, per block the in/out
// projections (4·768²·T) and the MLP (2·768·3072·T) plus the two attention
// matmuls (2·12·T²·64), and the head (768·1000).
func TestViTAttention(t *testing.T) {
	for _, tc := range []struct {
		name  string
		patch int64
	}{
		{"vit_b_16", 16},
		{"vit_b_32", 32},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 224 / tc.patch
			tokens := n*n + 1
			conv := 768 * 3 * tc.patch * tc.patch * n * n
			perBlock := (4*768*768+2*768*3072)*tokens + 2*12*tokens*tokens*64
			want := conv + 12*perBlock + 768*1000
			rep := analyzePreset(t, tc.name, nil)
			if got := convention(t, rep, "torchvision").Count; got != want {
				t.Errorf("torchvision count %d, want %d (diff %+d)", got, want, got-want)
			}
		})
	}
}
