package printout_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/graph"
	"floplab/core/lang"
	"floplab/core/presets"
	"floplab/core/printout"
)

// run converts a printout and traces the script.
func run(t *testing.T, file string) (*lang.Result, error) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	script, _, err := printout.Convert(file, string(data))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return lang.Run(script, lang.Options{Filename: "converted.star"})
}

func totalParams(g *graph.Graph) (n int64) {
	for _, m := range g.Modules {
		tr, fr, _ := graph.Count(m.Params)
		n += tr + fr
	}
	return n
}

// sameNode compares what counting conventions read from a node: its
// name, type, kind of call, shapes, operation counts and quantities.
func sameNode(a, b *graph.Node) bool {
	if a.Name != b.Name || a.Type != b.Type || a.Call != b.Call || a.Ops != b.Ops ||
		fmt.Sprint(a.Inputs) != fmt.Sprint(b.Inputs) || fmt.Sprint(a.Outputs) != fmt.Sprint(b.Outputs) ||
		fmt.Sprint(a.Params) != fmt.Sprint(b.Params) || len(a.Q) != len(b.Q) {
		return false
	}
	for k, q := range a.Q {
		if b.Q[k].Value != q.Value {
			return false
		}
	}
	return true
}

// TestMatchesPreset: the script converted from a real torchvision
// printout traces to the same graph, node for node, as the gallery
// preset at the same input, so parameters and every convention's counts
// agree; also for the run-length (collapsed) forms.
func TestMatchesPreset(t *testing.T) {
	tests := []struct {
		file, preset string
		params       int64 // from torch, see testdata/README.md
	}{
		{"testdata/reprs/alexnet.txt", "alexnet", 61100840},
		{"testdata/reprs/resnet18.txt", "resnet18", 11689512},
		{"testdata/reprs/vgg16.txt", "vgg16", 138357544},
		{"testdata/reprs/densenet121.txt", "densenet121", 7978856},
		{"testdata/reprs/mobilenet_v2.txt", "mobilenet_v2", 3504872},
		{"testdata/printouts/resnet18.collapsed.txt", "resnet18", 11689512},
		{"testdata/printouts/mobilenet_v2.collapsed.txt", "mobilenet_v2", 3504872},
		{"testdata/printouts/resnet50.txt", "resnet50", 25557032},
		{"testdata/printouts/mobilenet_v3_small.txt", "mobilenet_v3_small", 2542856},
		{"testdata/printouts/squeezenet1_0.txt", "squeezenet1_0", 1248424},
		{"testdata/printouts/shufflenet_v2_x0_5.txt", "shufflenet_v2_x0_5", 1366792},
		{"testdata/printouts/mnasnet1_0.txt", "mnasnet1_0", 4383312},
		{"testdata/printouts/efficientnet_b0.txt", "efficientnet_b0", 5288548},
		{"testdata/printouts/regnet_x_400mf.txt", "regnet_x_400mf", 5495976},
		{"testdata/printouts/vgg11_bn.txt", "vgg11_bn", 132868840},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, err := run(t, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			p, ok := presets.Lookup(tc.preset)
			if !ok {
				t.Fatalf("no preset %s", tc.preset)
			}
			want, err := lang.Run(presets.Script(p), lang.Options{Filename: tc.preset + ".star"})
			if err != nil {
				t.Fatal(err)
			}
			if n := totalParams(got.Graph); n != tc.params {
				t.Errorf("params %d, want %d", n, tc.params)
			}
			g, w := got.Graph.Nodes, want.Graph.Nodes
			if len(g) != len(w) {
				t.Fatalf("%d nodes, preset has %d", len(g), len(w))
			}
			for i := range g {
				if !sameNode(g[i], w[i]) {
					t.Fatalf("node %d: %s %s %+v, preset %s %s %+v", i, g[i].Name, g[i].Type, g[i].Ops, w[i].Name, w[i].Type, w[i].Ops)
				}
			}
		})
	}
}

// TestNotSequential: a custom model whose forward the printout does not
// show stops at the first child that cannot take its input, naming the
// container and its printout line, with parameters still known.
func TestNotSequential(t *testing.T) {
	for _, f := range []string{"testdata/printouts/blocks.txt", "testdata/printouts/blocks.new.txt"} {
		r, err := run(t, f)
		if err == nil || !strings.Contains(err.Error(), "Blocks (printout line 1)") || !strings.Contains(err.Error(), "probably not sequential") {
			t.Errorf("%s: error %v, want one saying the container is probably not sequential", f, err)
			continue
		}
		if r == nil || totalParams(r.Graph) != 75466 { // 75,466 from torch (testdata/printouts/params.txt)
			t.Errorf("%s: parameters not known after the failed trace", f)
		}
	}
}

// TestAnalyze: through core.Analyze, a converted printout gives the
// preset's figures under every convention.
func TestAnalyze(t *testing.T) {
	for _, tc := range []struct{ file, preset string }{
		{"testdata/reprs/resnet18.txt", "resnet18"},
		{"testdata/reprs/mobilenet_v2.txt", "mobilenet_v2"},
	} {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		script, _, err := printout.Convert(tc.file, string(data))
		if err != nil {
			t.Fatal(err)
		}
		got, err := core.Analyze(core.Request{Script: script, Filename: "converted.star", AllConventions: true})
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		// The printout itself, auto-detected by core.Analyze.
		direct, err := core.Analyze(core.Request{Script: string(data), Filename: "pasted.txt", AllConventions: true})
		if err != nil || direct.Totals != got.Totals || len(direct.Notes) == 0 {
			t.Errorf("%s: pasted printout: %v, totals %+v", tc.file, err, direct)
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		want, err := core.Analyze(core.Request{Preset: tc.preset, AllConventions: true})
		if err != nil {
			t.Fatal(err)
		}
		if got.Totals != want.Totals || fmt.Sprint(got.Conventions) != fmt.Sprint(want.Conventions) || len(got.Conventions) == 0 {
			t.Errorf("%s: totals %+v\nconventions %v\nwant %+v\n%v", tc.file, got.Totals, got.Conventions, want.Totals, want.Conventions)
		}
	}
}
