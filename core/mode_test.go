package core

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"floplab/core/graph"
	"floplab/core/presets"
)

// TestModeFvcoreBatchNorm: fvcore counts the model in the mode it is in;
// ResNet-50 at 1x3x224x224 is 4,111,512,576 in eval mode and
// 4,144,854,528 in train mode (the real fvcore 0.1.5 on torchvision 0.14,
// /work/shared/spec/counting.md "ResNet-50 at 224 for the record"), while
// thop, which calls model.eval() itself, gives 4,133,742,592 in both.
func TestModeFvcoreBatchNorm(t *testing.T) {
	want := map[string]map[string]int64{
		"":      {"fvcore": 4111512576, "thop": 4133742592, "ptflops": 4132436968, "torchinfo": 4089238376},
		"eval":  {"fvcore": 4111512576, "thop": 4133742592, "ptflops": 4132436968, "torchinfo": 4089238376},
		"train": {"fvcore": 4144854528, "thop": 4133742592, "ptflops": 4132436968, "torchinfo": 4089238376},
	}
	var a Analyzer
	for _, mode := range []string{"", "train", "eval"} {
		for conv, w := range want[mode] {
			rep, err := a.Analyze(Request{Preset: "resnet50", Mode: mode, Convention: conv, AllConventions: true})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Totals.Count != w {
				t.Errorf("mode %q %s: %d, want %d", mode, conv, rep.Totals.Count, w)
			}
			for c, wc := range want[mode] {
				if got := rep.Conventions[c].Count; got != wc {
					t.Errorf("mode %q, counted under %s: conventions[%s] = %d, want %d", mode, conv, c, got, wc)
				}
			}
			wantMode := mode
			if conv != "fvcore" || mode == "" {
				wantMode = "eval"
			}
			if rep.Mode != wantMode {
				t.Errorf("mode %q %s: report mode %q, want %q", mode, conv, rep.Mode, wantMode)
			}
			forced := strings.Contains(strings.Join(rep.Notes, " "), "puts the model in eval mode")
			if forced != (mode == "train" && conv != "fvcore") {
				t.Errorf("mode %q %s: eval-mode note shown %v", mode, conv, forced)
			}
		}
	}
	if _, err := Analyze(Request{Preset: "resnet18", Mode: "training"}); err == nil || !strings.Contains(err.Error(), `unknown mode "training"`) {
		t.Errorf("mode training: %v", err)
	}
}

// TestModeAuxHeads: GoogLeNet's and Inception-v3's auxiliary classifiers
// run only in train mode. The figures are torch 1.13.1 / torchvision
// 0.14.1's, from forward hooks on the real models built with
// aux_logits=True (testdata/modes/aux_heads.py, its output
// aux_heads.txt): torch's FlopCounterMode counts the model as given (2 per
// conv and linear MAC), torchvision's _ops are eval mode whatever the
// mode, and fvcore adds 5 per BatchNorm element in train mode (2 in eval)
// and 1 per adaptive-average-pool input element.
func TestModeAuxHeads(t *testing.T) {
	raw, err := os.ReadFile("testdata/modes/aux_heads.txt")
	if err != nil {
		t.Fatal(err)
	}
	type sums struct {
		ConvLin int64 `json:"convlin"`
		BN      int64 `json:"bn"`
		Adapt   int64 `json:"adapt"`
		Leaves  int   `json:"leaves"`
		Outputs int   `json:"outputs"`
		Params  int64 `json:"params"`
	}
	torch := map[string]sums{}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		f := strings.SplitN(line, " ", 3)
		var s sums
		if err := json.Unmarshal([]byte(strings.ReplaceAll(f[2], "'", `"`)), &s); err != nil {
			t.Fatal(err)
		}
		torch[f[0]+" "+f[1]] = s
	}
	for _, m := range []struct{ preset, call, input string }{
		{"googlenet", "googlenet(aux_logits=True)", "(2, 3, 224, 224)"},
		{"inception_v3", "inception_v3(aux_logits=True)", "(2, 3, 299, 299)"},
	} {
		p, ok := presets.Lookup(m.preset)
		if !ok {
			t.Fatalf("no preset %s", m.preset)
		}
		src := presets.Source(p) + "\nmodel = " + m.call + "\ninput_shape = " + m.input + "\n"
		for _, mode := range []string{"eval", "train"} {
			want := torch[m.preset+" "+mode]
			if want.Params == 0 {
				t.Fatalf("aux_heads.txt has no %s %s", m.preset, mode)
			}
			bn := int64(2)
			if mode == "train" {
				bn = 5
			}
			figures := map[string]int64{
				"torch":       2 * want.ConvLin,
				"torchvision": torch[m.preset+" eval"].ConvLin,
				"fvcore":      want.ConvLin + bn*want.BN + want.Adapt,
			}
			for conv, w := range figures {
				rep, err := Analyze(Request{Script: src, Mode: mode, Convention: conv})
				if err != nil {
					t.Fatal(err)
				}
				if rep.Totals.Count != w || rep.Totals.Params != want.Params {
					t.Errorf("%s %s %s: %d MACs, %d params; want %d, %d", m.preset, mode, conv, rep.Totals.Count, rep.Totals.Params, w, want.Params)
				}
				if conv == "torch" {
					calls := 0
					for _, n := range rep.Graph.Nodes {
						if n.Call == graph.CallModule && rep.Graph.Modules[n.Module].Leaf {
							calls++
						}
					}
					if calls != want.Leaves || len(rep.Graph.Outputs) != want.Outputs {
						t.Errorf("%s %s: %d leaf module calls, %d outputs; torch ran %d, returned %d", m.preset, mode, calls, len(rep.Graph.Outputs), want.Leaves, want.Outputs)
					}
				}
			}
		}
	}
}
