package presets_test

import (
	"fmt"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/presets"
)

// tfVisionCase is one torchvision transformer preset.
type tfVisionCase struct {
	name string
	// params and ops are torchvision's published num_params and _ops
	// (GMACs, 3 decimals). When fromFile is set they must also match
	// testdata/published.json; vit_b_32 is not in that file: its figures are
	// the ViT_B_32_Weights.IMAGENET1K_V1 meta as quoted in issue #3
	// (torchvision docs: 88,224,232 params, 4.409 GFLOPS).
	params   int64
	ops      float64
	fromFile bool
	// wrong is an input the architecture rejects and what its script's
	// error says.
	wrong     []int64
	wrongText string
}

// tfCheckVision compares a torchvision transformer preset with the golden
// trace of the real model and with torchvision's published figures.
func tfCheckVision(t *testing.T, tc tfVisionCase) {
	tfCheckHeader(t, tc.name, []int64{1, 3, 224, 224}, "float", true)
	gold, wantCalls := tfLoadGolden(t, tc.name)
	if gold.Params != tc.params {
		t.Errorf("golden params %d != published num_params %d", gold.Params, tc.params)
	}
	if tc.fromFile {
		np, ops, ok := tfPublished(t, tc.name)
		if !ok {
			t.Fatalf("testdata/published.json lacks %s", tc.name)
		}
		if np != tc.params || ops != tc.ops {
			t.Errorf("published.json: %d / %.3f, table: %d / %.3f", np, ops, tc.params, tc.ops)
		}
	}

	rep := tfAnalyze(t, tc.name, nil)
	if rep.Totals.Params != gold.Params {
		t.Errorf("params = %d, want %d (torchvision)", rep.Totals.Params, gold.Params)
	}
	if rep.Totals.TrainableParams != gold.TrainableParams {
		t.Errorf("trainable params = %d, want %d", rep.Totals.TrainableParams, gold.TrainableParams)
	}
	if rep.Totals.Buffers != gold.Buffers {
		t.Errorf("buffers = %d, want %d", rep.Totals.Buffers, gold.Buffers)
	}

	// The module tree: paths and classes in registration order.
	var gotMods, wantMods []string
	for _, m := range rep.Graph.Modules {
		gotMods = append(gotMods, m.Path+" "+m.Type)
	}
	for _, m := range gold.Modules {
		wantMods = append(wantMods, m[0]+" "+m[1])
	}
	tfFirstDiff(t, "module", gotMods, wantMods)

	// What forward hooks on every leaf module see.
	tfFirstDiff(t, "leaf call", tfLeafCalls(rep.Graph), wantCalls)

	tv := tfConvention(t, rep, "torchvision")
	if got, want := fmt.Sprintf("%.3f", float64(tv)/1e9), fmt.Sprintf("%.3f", tc.ops); got != want {
		t.Errorf("torchvision GFLOPS = %s (%d), published _ops %s", got, tv, want)
	}

	// A wrong input is an error that says what is wrong, never a panic:
	// from the preset (fixed size) and from the script itself.
	p, _ := presets.Lookup(tc.name)
	for _, req := range []core.Request{
		{Preset: tc.name, Inputs: [][]int64{tc.wrong}},
		{Script: presets.Script(p), Filename: p.File, Inputs: [][]int64{tc.wrong}},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("input %v: panic %v", tc.wrong, r)
				}
			}()
			_, err := core.Analyze(req)
			switch {
			case err == nil:
				t.Errorf("input %v (preset %q): no error", tc.wrong, req.Preset)
			case req.Preset == "" && !strings.Contains(err.Error(), tc.wrongText):
				t.Errorf("input %v: error %q does not mention %q", tc.wrong, err, tc.wrongText)
			}
		}()
	}
}

func TestViTPresets(t *testing.T) {
	cases := []tfVisionCase{
		{name: "vit_b_16", params: 86567656, ops: 17.564, fromFile: true,
			wrong: []int64{1, 3, 256, 256}, wrongText: "Wrong image height! Expected 224 but got 256"},
		{name: "vit_b_32", params: 88224232, ops: 4.409,
			wrong: []int64{1, 3, 224, 192}, wrongText: "Wrong image width! Expected 224 but got 192"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { tfCheckVision(t, tc) })
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
			rep := tfAnalyze(t, tc.name, nil)
			if got := tfConvention(t, rep, "torchvision"); got != want {
				t.Errorf("torchvision count %d, want %d (diff %+d)", got, want, got-want)
			}
		})
	}
}
