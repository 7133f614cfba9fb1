package printout_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/graph"
	"floplab/core/importers"
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
		fmt.Sprint(a.Params) != fmt.Sprint(b.Params) {
		return false
	}
	for q := graph.QName(0); q < graph.NumQ; q++ {
		if a.QValue(q) != b.QValue(q) {
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
		{"testdata/printouts/vit_b_16.txt", "vit_b_16", 86567656},
		{"testdata/printouts/swin_t.txt", "swin_t", 28288354},
		{"testdata/printouts/convnext_tiny.txt", "convnext_tiny", 28589128},
		{"testdata/printouts/googlenet.txt", "googlenet", 6624904},
		{"testdata/printouts/inception_v3.txt", "inception_v3", 23834568},
		{"testdata/hf/bert_base_uncased.txt", "bert-base-uncased", 109482240},
		{"testdata/hf/gpt2.txt", "gpt2", 124439808},
		{"testdata/hf/gpt2.old.txt", "gpt2", 124439808},
		{"testdata/hf/llama_2_7b.txt", "llama-2-7b", 6738415616},
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
// show is traced as far as its children fit; the child that does not fit
// is marked not counted with the reason (graph.NotCounted, which
// core.Analyze turns into Report.Incomplete with the printout line), the
// Linear after it restarts from its own in_features, and the parameters
// are all known.
func TestNotSequential(t *testing.T) {
	for _, f := range []string{"testdata/printouts/blocks.txt", "testdata/printouts/blocks.new.txt"} {
		r, err := run(t, f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if len(r.Graph.NotCounted) != 1 || r.Graph.NotCounted[0].Module != "head" || !strings.Contains(r.Graph.NotCounted[0].Reason, "head expects 32 input features but gets shape (1, 32, 224, 224)") {
			t.Errorf("%s: not counted %+v, want head, whose input does not fit", f, r.Graph.NotCounted)
		}
		if totalParams(r.Graph) != 75466 { // 75,466 from torch (testdata/printouts/params.txt)
			t.Errorf("%s: %d parameters, want 75,466", f, totalParams(r.Graph))
		}
		fc := false
		for _, n := range r.Graph.Nodes {
			fc = fc || n.Name == "head" && n.Ops.MACs == 32*10
		}
		if !fc {
			t.Errorf("%s: head not counted from its own in_features", f)
		}
	}
}

// TestAnalyze: through core.Analyze, a converted printout gives the
// preset's figures under every convention.
func TestAnalyze(t *testing.T) {
	for _, tc := range []struct{ file, preset string }{
		{"testdata/reprs/resnet18.txt", "resnet18"},
		{"testdata/reprs/mobilenet_v2.txt", "mobilenet_v2"},
		{"testdata/printouts/vit_b_16.txt", "vit_b_16"},
		{"testdata/printouts/swin_t.txt", "swin_t"},
		{"testdata/printouts/convnext_tiny.txt", "convnext_tiny"},
		{"testdata/printouts/googlenet.txt", "googlenet"},
		{"testdata/printouts/inception_v3.txt", "inception_v3"},
		{"testdata/hf/bert_base_uncased.txt", "bert-base-uncased"},
		{"testdata/hf/gpt2.txt", "gpt2"},
		{"testdata/hf/gpt2.old.txt", "gpt2"},
		{"testdata/hf/llama_2_7b.txt", "llama-2-7b"},
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
		direct, err := core.Analyze(core.Request{Script: string(data), Filename: "pasted.txt", AllConventions: true, Importers: importers.All()})
		if err != nil || direct.Totals != got.Totals || len(direct.Notes) == 0 {
			t.Errorf("%s: pasted printout: %v, totals %+v", tc.file, err, direct)
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		want, err := core.Analyze(core.Request{Preset: tc.preset, DType: "fp32", AllConventions: true}) // LLM presets default to their torch_dtype
		if err != nil {
			t.Fatal(err)
		}
		if got.Totals != want.Totals || fmt.Sprint(got.Conventions) != fmt.Sprint(want.Conventions) || len(got.Conventions) == 0 {
			t.Errorf("%s: totals %+v\nconventions %v\nwant %+v\n%v", tc.file, got.Totals, got.Conventions, want.Totals, want.Conventions)
		}
	}
}

// TestAuxClassifiers: torchvision's googlenet and inception_v3 with
// weights=None print their auxiliary classifiers; their parameters are
// counted and, as in evaluation, they do not run: the graph is the
// preset's built with aux_logits=True.
func TestAuxClassifiers(t *testing.T) {
	for _, tc := range []struct {
		file, preset, call string
		params             int64 // from torch, testdata/printouts/params.txt
	}{
		{"testdata/printouts/googlenet_aux.txt", "googlenet", "googlenet(aux_logits=True)", 13004888},
		{"testdata/printouts/inception_v3_aux.txt", "inception_v3", "inception_v3(aux_logits=True)", 27161264},
	} {
		got, err := run(t, tc.file)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		p, _ := presets.Lookup(tc.preset)
		src := presets.Source(p) + "\nmodel = " + tc.call + "\n" + presets.InputLine(p.Input, p.InputDType)
		want, err := lang.Run(src, lang.Options{Filename: tc.preset + ".star"})
		if err != nil {
			t.Fatal(err)
		}
		if n, w := totalParams(got.Graph), totalParams(want.Graph); n != tc.params || w != tc.params {
			t.Errorf("%s: params %d, preset %d, want %d", tc.file, n, w, tc.params)
		}
		g, w := got.Graph.Nodes, want.Graph.Nodes
		if len(g) != len(w) {
			t.Fatalf("%s: %d nodes, preset has %d", tc.file, len(g), len(w))
		}
		for i := range g {
			if !sameNode(g[i], w[i]) {
				t.Fatalf("%s: node %d: %s %s, preset %s %s", tc.file, i, g[i].Name, g[i].Type, w[i].Name, w[i].Type)
			}
		}
	}
}

// TestTransformerEncoder: torch's nn.TransformerEncoder(Layer) are wired
// as their forward (self-attention and feed-forward blocks with
// residuals), with torch's parameter counts.
func TestTransformerEncoder(t *testing.T) {
	for _, tc := range []struct {
		file   string
		params int64 // from torch, testdata/printouts/params.txt
		shape  string
	}{
		{"testdata/printouts/transformer_encoder.txt", 4738560, "[128 1 256]"},
		{"testdata/printouts/transformer_encoder.new.txt", 4738560, "[128 1 256]"},
		{"testdata/printouts/transformer_encoder_layer.txt", 3152384, "[128 1 512]"},
	} {
		got, err := run(t, tc.file)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if n := totalParams(got.Graph); n != tc.params {
			t.Errorf("%s: params %d, want %d", tc.file, n, tc.params)
		}
		var mha, adds int
		for _, n := range got.Graph.Nodes {
			switch n.Type {
			case "MultiheadAttention":
				mha++
				if s := fmt.Sprint(n.Inputs[0].Shape); s != tc.shape {
					t.Errorf("%s: attention input %s, want %s", tc.file, s, tc.shape)
				}
			case "operator.add":
				adds++
			}
		}
		if mha == 0 || adds != 2*mha {
			t.Errorf("%s: %d attention calls, %d residual adds", tc.file, mha, adds)
		}
	}
}

// TestTies: GPT-2 ties lm_head to the token embedding by default (counted
// once); Llama 2 does not, and a tie can be asked for; either can be
// undone; the script traces to the same count.
func TestTies(t *testing.T) {
	const gpt2, llama = "testdata/hf/gpt2.txt", "testdata/hf/llama_2_7b.txt"
	for _, tc := range []struct {
		file   string
		opt    printout.ConvertOptions
		params int64
	}{
		{gpt2, printout.ConvertOptions{}, 124439808},
		{gpt2, printout.ConvertOptions{Untie: true}, 124439808 + 50257*768},
		{llama, printout.ConvertOptions{}, 6738415616},
		{llama, printout.ConvertOptions{Tie: [][2]string{{"lm_head", "model.embed_tokens"}}}, 6738415616 - 32000*4096},
	} {
		data := mustReadFile(t, tc.file)
		root, err := printout.Parse(tc.file, data)
		if err != nil {
			t.Fatal(err)
		}
		pc, err := printout.CountParamsWith(root, tc.opt)
		if err != nil || pc.Params != tc.params {
			t.Errorf("%s %+v: CountParams %d (%v), want %d", tc.file, tc.opt, pc.Params, err, tc.params)
		}
		script, _, err := printout.ConvertWith(tc.file, data, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		r, err := lang.Run(script, lang.Options{Filename: "converted.star"})
		if err != nil {
			t.Fatal(err)
		}
		if n := totalParams(r.Graph); n != tc.params {
			t.Errorf("%s %+v: traced params %d, want %d", tc.file, tc.opt, n, tc.params)
		}
		cands := printout.TieCandidates(root)
		if len(cands) != 1 || cands[0].Module != "lm_head" || cands[0].Default != (tc.file == gpt2) {
			t.Errorf("%s: tie candidates %+v", tc.file, cands)
		}
	}
	root, _ := printout.Parse(llama, mustReadFile(t, llama))
	if _, err := printout.CountParamsWith(root, printout.ConvertOptions{Tie: [][2]string{{"lm_head", "model.norm"}}}); err == nil || !strings.Contains(err.Error(), "cannot tie lm_head to model.norm") {
		t.Errorf("bad tie: %v", err)
	}
}

func mustReadFile(t *testing.T, f string) string {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestOlderTransformers: printouts of older transformers versions
// (LlamaSdpaAttention holding its own rotary_emb, LlamaRMSNorm() and
// Conv1D() without sizes) convert and trace with the exact parameters.
func TestOlderTransformers(t *testing.T) {
	for _, tc := range []struct {
		file   string
		params int64
	}{
		{"testdata/hf/llama_2_7b.old.txt", 6738415616},
		{"testdata/hf/gpt2.old.txt", 124439808},
	} {
		got, err := run(t, tc.file)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if n := totalParams(got.Graph); n != tc.params {
			t.Errorf("%s: params %d, want %d", tc.file, n, tc.params)
		}
	}
}
