package printout

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/msg"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// testCase is one chunk of a testdata/*.txt file.
type testCase struct {
	input  string
	expect []string // the "### " lines, without the prefix
	line   int      // where the chunk starts in the file
}

// readCases splits a chunked test file: cases are separated by "---"
// lines, expectations are "### " lines, and "#" lines before the first
// case are comments.
func readCases(t testing.TB, name string) []testCase {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var cases []testCase
	var cur *testCase
	var in []string
	flush := func() {
		if cur != nil {
			cur.input = strings.Join(in, "\n")
			cases = append(cases, *cur)
		}
		in = nil
	}
	for i, l := range strings.Split(string(data), "\n") {
		switch {
		case l == "---":
			flush()
			cur = &testCase{line: i + 2}
		case cur == nil:
			// header comments
		case strings.HasPrefix(l, "### "):
			cur.expect = append(cur.expect, strings.TrimPrefix(l, "### "))
		default:
			in = append(in, l)
		}
	}
	flush()
	return cases
}

func TestParseCases(t *testing.T) {
	for _, tc := range readCases(t, "testdata/parse.txt") {
		t.Run(fmt.Sprintf("line%d", tc.line), func(t *testing.T) {
			script, notes, err := Convert("case", tc.input)
			var unknown []string
			var params int64 = -1
			if root, perr := Parse("case", tc.input); perr == nil {
				if pc, cerr := CountParams(root); cerr == nil {
					params = pc.Params
					for _, u := range pc.Unknown {
						unknown = append(unknown, fmt.Sprintf("%s@%d", u.Class, u.Pos.Line))
					}
				}
			}
			var wantUnknown []string
			for _, e := range tc.expect {
				verb, arg, _ := strings.Cut(e, " ")
				switch verb {
				case "error":
				case "params":
					if err != nil {
						t.Fatalf("unexpected error: %v", err)
					}
					if got := strconv.FormatInt(params, 10); got != arg {
						t.Errorf("params = %s, want %s", got, arg)
					}
				case "unknown":
					wantUnknown = append(wantUnknown, arg)
				case "note":
					found := false
					for _, n := range notes {
						found = found || strings.Contains(n.Msg, arg)
					}
					if !found {
						t.Errorf("no note contains %q; notes:\n%v", arg, notes)
					}
				case "script":
					if !strings.Contains(script, arg) {
						t.Errorf("script does not contain %q:\n%s", arg, script)
					}
				default:
					t.Fatalf("bad expectation %q", e)
				}
				if verb == "error" {
					want := "case:" + arg
					pos, msg, _ := strings.Cut(want, ": ")
					if err == nil {
						t.Fatalf("no error, want %s", want)
					}
					if got := err.Error(); !strings.HasPrefix(got, pos+": ") || !strings.Contains(got, msg) {
						t.Errorf("error = %q, want %q", got, want)
					}
				}
			}
			if err == nil && strings.Join(unknown, " ") != strings.Join(wantUnknown, " ") {
				t.Errorf("unknown = %v, want %v", unknown, wantUnknown)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range readCases(t, "testdata/detect.txt") {
		if len(tc.expect) != 1 {
			t.Fatalf("line %d: want one expectation", tc.line)
		}
		if got := Detect(tc.input); strconv.FormatBool(got) != tc.expect[0] {
			t.Errorf("line %d: Detect = %v, want %s", tc.line, got, tc.expect[0])
		}
	}
	files, _ := filepath.Glob("testdata/*/*.txt")
	for _, f := range files {
		if strings.HasSuffix(f, "params.txt") {
			continue
		}
		data, _ := os.ReadFile(f)
		if !Detect(string(data)) {
			t.Errorf("%s: Detect = false on a printout", f)
		}
	}
}

// realParams are parameter counts measured with torch (see testdata/README.md).
func realParams(t *testing.T) map[string]int64 {
	m := map[string]int64{
		// torchvision's counts for the reference printouts
		"reprs/alexnet": 61100840, "reprs/resnet18": 11689512, "reprs/vgg16": 138357544,
		"reprs/densenet121": 7978856, "reprs/mobilenet_v2": 3504872,
		// hand-written Hugging Face printouts (testdata/README.md): the
		// gallery presets' counts, which match the published ones
		"hf/bert_base_uncased": 109482240, "hf/gpt2": 124439808, "hf/llama_2_7b": 6738415616,
	}
	data, err := os.ReadFile("testdata/printouts/params.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		name, n, _ := strings.Cut(l, " ")
		v, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			t.Fatalf("params.txt: %q", l)
		}
		m["printouts/"+name] = v
	}
	return m
}

// TestParams checks the count read off each real printout, and off its
// newer-PyTorch and collapsed forms, against torch.
func TestParams(t *testing.T) {
	want := realParams(t)
	files, _ := filepath.Glob("testdata/*/*.txt")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "params.txt") {
			continue
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(f, "testdata/"), ".txt")
		if strings.HasPrefix(rel, "corpus/") {
			continue // TestCorpus
		}
		key := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(rel, ".new"), ".collapsed"), ".old")
		w, ok := want[key]
		if !ok {
			t.Errorf("%s: no expected count", f)
			continue
		}
		data, _ := os.ReadFile(f)
		root, err := Parse(f, string(data))
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		pc, err := CountParams(root)
		if err != nil || pc.Params != w || len(pc.Unknown) != 0 || len(pc.Opaque) != 0 && key != "printouts/blocks" {
			t.Errorf("%s: params %d (unknown %v, err %v), want %d", f, pc.Params, pc.Unknown, err, w)
		}
		n++
	}
	if n < 30 {
		t.Errorf("only %d printouts checked", n)
	}
}

// TestLayerNormBias checks that a LayerNorm without bias changes only its
// own count: the parameter rule is shared by every LayerNorm of a process.
func TestLayerNormBias(t *testing.T) {
	for i, tc := range []struct {
		text string
		want int64
	}{
		{"Sequential(\n  (0): LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=False)\n  (1): LayerNorm((8,), eps=1e-05, elementwise_affine=True)\n)", 8 + 16},
		{"LayerNorm((8,), eps=1e-05, elementwise_affine=True)", 16},
		{"LayerNorm((4, 8), eps=1e-05, elementwise_affine=True, bias=False)", 32},
		{"LayerNorm((8,), eps=1e-05, elementwise_affine=False)", 0},
	} {
		root, err := Parse("ln.txt", tc.text)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		pc, err := CountParams(root)
		if err != nil || pc.Params != tc.want {
			t.Errorf("%d: params %d (%v), want %d", i, pc.Params, err, tc.want)
		}
	}
}

// TestGolden compares Convert's script with testdata/golden.
func TestGolden(t *testing.T) {
	for _, name := range []string{"reprs/resnet18", "reprs/densenet121", "reprs/mobilenet_v2", "printouts/blocks.new", "printouts/shufflenet_v2_x0_5", "printouts/transformer_encoder.new",
		"hf/gpt2.old", "hf/llama_2_7b", "hf/bert_base_uncased"} {
		data, err := os.ReadFile("testdata/" + name + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		script, notes, err := Convert(filepath.Base(name)+".txt", string(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var b strings.Builder
		b.WriteString(script)
		b.WriteString("\n# Notes:\n")
		for _, n := range notes {
			b.WriteString("# " + n.String() + "\n")
		}
		golden := "testdata/golden/" + strings.ReplaceAll(name, "/", "_") + ".star"
		if *update {
			os.MkdirAll("testdata/golden", 0o755)
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s: script differs from %s (run with -update and review the diff)", name, golden)
		}
	}
}

// TestRunLength: a newer-PyTorch printout parses to the same modules as
// the old one once its groups are expanded.
func TestRunLength(t *testing.T) {
	for _, pair := range [][2]string{
		{"printouts/blocks.txt", "printouts/blocks.new.txt"},
		{"printouts/transformer_encoder.txt", "printouts/transformer_encoder.new.txt"},
		{"printouts/resnet18.txt", "printouts/resnet18.collapsed.txt"},
		{"printouts/mobilenet_v2.txt", "printouts/mobilenet_v2.collapsed.txt"},
	} {
		var dumps [2]string
		for i, f := range pair {
			data, err := os.ReadFile("testdata/" + f)
			if err != nil {
				t.Fatal(err)
			}
			root, err := Parse(f, string(data))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			dump(&b, root, "")
			dumps[i] = b.String()
		}
		if dumps[0] != dumps[1] {
			t.Errorf("%s and %s differ after expansion", pair[0], pair[1])
		}
		if !strings.Contains(mustRead(t, "testdata/"+pair[1]), " x ") {
			t.Errorf("%s has no run-length group", pair[1])
		}
	}
}

func mustRead(t *testing.T, f string) string {
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// dump writes every module path with its class and arguments.
func dump(b *strings.Builder, m *Module, path string) {
	fmt.Fprintf(b, "%s %s(%s)\n", path, m.Class, argText(m))
	for _, c := range m.Expanded() {
		dump(b, c.Module, join(path, c.Name))
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range readCases(f, "testdata/parse.txt") {
		f.Add(tc.input)
	}
	for _, tc := range readCases(f, "testdata/detect.txt") {
		f.Add(tc.input)
	}
	files, _ := filepath.Glob("testdata/*/*.txt")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		if len(data) < 20000 {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		Detect(text)
		if kind, line := Identify(text); kind != "" && (line < 1 || line > strings.Count(text, "\n")+1) {
			t.Fatalf("Identify: %s at line %d of a %d-line text", kind, line, strings.Count(text, "\n")+1)
		}
		root, err := Parse("fuzz", text)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		if _, err := CountParams(root); err != nil && !strings.HasPrefix(err.Error(), "fuzz:") {
			t.Fatalf("error without position: %v", err)
		}
		if _, _, err := ConvertModule("fuzz", root); err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		// Traced as the page does: an error is placed on a line of the
		// printout, never on one of the script it was converted to. (A
		// text the page does not take for a printout runs as a script.)
		if !Detect(text) {
			return
		}
		rep, err := core.Analyze(core.Request{Script: text, Filename: "fuzz", Importers: []core.Importer{Importer{}}})
		if err == nil {
			// A partial result names lines of the printout.
			lines := strings.Count(text, "\n") + 1
			for _, in := range rep.Incomplete {
				if in.Line < 0 || in.Line > lines || in.Reason == "" {
					t.Fatalf("incomplete %+v in a %d-line printout", in, lines)
				}
			}
			if rep.Complete != (len(rep.Incomplete) == 0) || rep.CountedLayers > rep.TotalLayers {
				t.Fatalf("complete %v with %d incomplete, %d of %d layers", rep.Complete, len(rep.Incomplete), rep.CountedLayers, rep.TotalLayers)
			}
		}
		var de *diag.Error
		var dl diag.List
		switch {
		case err == nil:
		case errors.As(err, &de):
			dl = diag.List{de}
			fallthrough
		case errors.As(err, &dl):
			lines := strings.Count(text, "\n") + 1
			for _, e := range dl {
				if e.Pos.File != "fuzz" || e.Pos.Line < 1 || e.Pos.Line > lines {
					t.Fatalf("error outside the printout's %d lines: %v", lines, e)
				}
			}
		default:
			t.Fatalf("error %T is not a diagnostic: %v", err, err)
		}
	})
}

// TestBlockNeeds: a block with a fixed body needs the children its body
// and script name; each optional child is named there too, and a forward
// function lists what it needs.
func TestBlockNeeds(t *testing.T) {
	for _, b := range knownBlocks() {
		if b.forward != nil {
			continue
		}
		if (b.body != "" || b.script != "") && b.leaf == nil && len(b.needs) == 0 {
			t.Errorf("%s: a body that names no child", b.class)
		}
		for _, o := range b.optional {
			found := false
			eachRef(b.script+"\n"+b.body, func(_, child string) { found = found || child == o })
			if !found {
				t.Errorf("%s: optional child %q is not used", b.class, o)
			}
		}
	}
	if b := knownBlocks()["BasicBlock"]; b == nil || slices.Contains(b.needs, "downsample") || !slices.Contains(b.needs, "conv2") {
		t.Errorf("BasicBlock needs %v", b.needs)
	}
}

// TestNotCountedInChinese: the reasons the converted script gives
// not_counted are formats with their arguments, each translated, so the
// page and --lang zh show them in Chinese.
func TestNotCountedInChinese(t *testing.T) {
	formats := regexp.MustCompile(`not_counted\("((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(helperText()["_step"], -1)
	if len(formats) < 4 {
		t.Fatalf("%d not_counted formats in _step, want 4", len(formats))
	}
	for _, f := range formats {
		if !msg.Has(f[1]) {
			t.Errorf("no Chinese for the not_counted format %q", f[1])
		}
	}
	const net = "Net(\n  (conv1): Conv2d(3, 6, kernel_size=(5, 5), stride=(1, 1))\n  (fc1): Linear(in_features=400, out_features=120, bias=True)\n  (fc2): Linear(in_features=120, out_features=84, bias=True)\n)"
	rep, err := core.Analyze(core.Request{Script: net, Filename: "net.txt", Importers: []core.Importer{Importer{}}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Complete || len(rep.Incomplete) == 0 {
		t.Fatalf("complete %v, incomplete %+v: want fc1 not counted", rep.Complete, rep.Incomplete)
	}
	in := rep.Incomplete[0]
	en, zh := in.Text.String(), in.Text.In(msg.ZH)
	if in.Module != "fc1" || in.Line != 3 || in.Reason != en || !strings.HasPrefix(en, "fc1 expects 400 input features but gets shape (1, 6, 220, 220)") {
		t.Errorf("incomplete %+v", in)
	}
	if !strings.HasPrefix(zh, "fc1 需要 400 个输入特征，却得到形状 (1, 6, 220, 220)") {
		t.Errorf("Chinese reason %q", zh)
	}
}
