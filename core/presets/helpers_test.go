package presets_test

// Shared checks for the gallery presets. Golden data:
//   - testdata/golden/<preset>.json: written by scripts/golden_presets.py from
//     torch 1.13.1 / torchvision 0.14.1 (weights=None, eval, no_grad;
//     googlenet and inception_v3 with aux_logits=False) at the preset's
//     default input; see each file's "provenance". Besides the leaf-module
//     calls, the classic CNNs' and the transformers' files list
//     model.named_modules() ("modules").
//   - testdata/golden_args/<name>.json: the same for a family's model built
//     with non-default constructor arguments (see argsCase).
//   - testdata/published.json: torchvision's published num_params/_ops,
//     copied by scripts/golden_presets.py --published from the FlopLab
//     reference data. Not every preset has weights with published figures.
//   - testdata/published_efficient.json: the same metadata for the presets the
//     reference file does not list (efficientnet_b1..b3, shufflenet_v2_x0_5,
//     regnet_x_400mf), with its provenance inside.
// The Hugging Face presets have no golden trace (no transformers package
// here): their figures are derived by hand from the configs in the tests.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/graph"
	"floplab/core/presets"
)

// ---------------------------------------------------------------------------
// Golden data and published figures.

// golden is one testdata/golden/<preset>.json (or golden_args/<name>.json).
type golden struct {
	InputShape      []int64 `json:"input_shape"`
	Params          int64   `json:"params"`
	TrainableParams int64   `json:"trainable_params"`
	Buffers         int64   `json:"buffers"`
	// Modules rows: model.named_modules() in registration order as
	// [path, class].
	Modules [][2]string `json:"modules"`
	// Calls rows: [name, class, output shape, params].
	Calls      [][]json.RawMessage `json:"calls"`
	Provenance struct {
		Model string `json:"model"` // the torchvision constructor call
	} `json:"provenance"`
}

// loadGolden reads testdata/golden/<name>.json and its leaf-module calls
// (see callString).
func loadGolden(t *testing.T, name string) (golden, []string) {
	t.Helper()
	return loadGoldenFile(t, filepath.Join("testdata", "golden", name+".json"))
}

func loadGoldenFile(t *testing.T, path string) (golden, []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden data: %v (written by scripts/golden_presets.py)", err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
	calls := make([]string, len(g.Calls))
	for i, row := range g.Calls {
		if len(row) != 4 {
			t.Fatalf("golden %s: call row %d has %d fields", path, i, len(row))
		}
		var (
			n, c  string
			shape []int64
			p     int64
		)
		for j, dst := range []any{&n, &c, &shape, &p} {
			if err := json.Unmarshal(row[j], dst); err != nil {
				t.Fatalf("golden %s: call row %d field %d: %v", path, i, j, err)
			}
		}
		calls[i] = callString(n, c, shape, p)
	}
	return g, calls
}

// callString is one leaf-module call: what a forward hook on that module
// sees.
func callString(name, class string, shape []int64, params int64) string {
	return fmt.Sprintf("%s %s %v params=%d", name, class, shape, params)
}

// published is torchvision's published num_params and _ops (GMACs).
type published struct {
	NumParams int64   `json:"num_params"`
	Ops       float64 `json:"_ops"`
}

// lookupPublished returns torchvision's published figures for a model from
// testdata/published.json, else testdata/published_efficient.json, and
// whether either lists it.
func lookupPublished(t *testing.T, name string) (published, bool) {
	t.Helper()
	for _, f := range []string{"published.json", "published_efficient.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatalf("published figures: %v", err)
		}
		var doc struct {
			Models map[string]published `json:"models"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if p, ok := doc.Models[name]; ok {
			return p, true
		}
	}
	return published{}, false
}

// mustPublished is lookupPublished for a model that has published figures.
func mustPublished(t *testing.T, name string) published {
	t.Helper()
	p, ok := lookupPublished(t, name)
	if !ok {
		t.Fatalf("no published torchvision figures for %s", name)
	}
	return p
}

// ---------------------------------------------------------------------------
// Running presets and reading reports.

// lookup returns a preset, failing when it is missing.
func lookup(t *testing.T, name string) presets.Preset {
	t.Helper()
	p, ok := presets.Lookup(name)
	if !ok {
		t.Fatalf("preset %s not found", name)
	}
	return p
}

// analyzePreset runs a preset with every convention, at its default input
// when in is nil.
func analyzePreset(t *testing.T, name string, in [][]int64) *core.Report {
	t.Helper()
	lookup(t, name)
	rep, err := core.Analyze(core.Request{Preset: name, AllConventions: true, Inputs: in})
	if err != nil {
		t.Fatalf("Analyze %s at %v: %v", name, in, err)
	}
	return rep
}

// convention returns a convention's headline figure, failing when it is
// missing.
func convention(t *testing.T, rep *core.Report, id string) core.ConventionTotal {
	t.Helper()
	c, ok := rep.Conventions[id]
	if !ok {
		t.Fatalf("convention %q missing from the report", id)
	}
	return c
}

// leafCalls lists the calls of leaf modules in the traced graph, in call
// order, the way a forward hook on every leaf module records them.
func leafCalls(g *graph.Graph) []string {
	var out []string
	for _, n := range g.Nodes {
		if n.Call != graph.CallModule || n.Module < 0 || n.Module >= len(g.Modules) {
			continue
		}
		m := g.Modules[n.Module]
		if !m.Leaf {
			continue
		}
		trainable, frozen, _ := graph.Count(m.Params)
		var shape []int64
		if len(n.Outputs) > 0 {
			shape = n.Outputs[0].Shape
		}
		out = append(out, callString(m.Path, m.Type, shape, trainable+frozen))
	}
	return out
}

// moduleTypes counts the modules of each class in the module tree.
func moduleTypes(g *graph.Graph) map[string]int {
	out := map[string]int{}
	for _, m := range g.Modules {
		out[m.Type]++
	}
	return out
}

// findModule finds a module by dotted path.
func findModule(g *graph.Graph, path string) *graph.Module {
	for _, m := range g.Modules {
		if m.Path == path {
			return m
		}
	}
	return nil
}

// isMatmul tells the recorded function calls that are matrix products
// (torch.matmul, Tensor.matmul, the @ operator, torch.bmm).
func isMatmul(n *graph.Node) bool {
	if n.Call != graph.CallFunction {
		return false
	}
	ty := strings.ToLower(n.Type)
	for _, s := range []string{"matmul", "bmm", "@"} {
		if strings.Contains(ty, s) {
			return true
		}
	}
	return false
}

// matmulMACs sums FlopLab's MACs over the function-call matrix products.
func matmulMACs(g *graph.Graph) (macs int64, calls int) {
	for _, n := range g.Nodes {
		if isMatmul(n) {
			macs += n.Ops.MACs
			calls++
		}
	}
	return macs, calls
}

// ---------------------------------------------------------------------------
// Checks shared by the families.

// firstDiff reports the first difference of two row lists and a length
// mismatch.
func firstDiff(t *testing.T, what string, got, want []string) {
	t.Helper()
	n := min(len(got), len(want))
	for i := 0; i < n; i++ {
		if got[i] != want[i] {
			t.Errorf("%s %d:\n got  %s\n want %s", what, i, got[i], want[i])
			break
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d %s rows, want %d", len(got), what, len(want))
	}
}

// checkDefaultInput checks that a preset's default input is the one the
// golden data was measured at.
func checkDefaultInput(t *testing.T, p presets.Preset, gold golden) {
	t.Helper()
	if len(p.Input) != 1 || !reflect.DeepEqual(p.Input[0], gold.InputShape) {
		t.Errorf("default input %v, golden data measured at %v", p.Input, gold.InputShape)
	}
}

// checkHeader checks that a preset's header names its group, paper, year and
// the implementation it mirrors.
func checkHeader(t *testing.T, p presets.Preset, group string) {
	t.Helper()
	if p.Group != group {
		t.Errorf("group %q, want %q", p.Group, group)
	}
	if p.Paper == "" || p.Year == 0 || p.Mirrors == "" {
		t.Errorf("header lacks paper/year/mirrors: %+v", p)
	}
}

// checkTotals compares a report's params, trainable params and buffers with
// the golden data (or, for the Hugging Face presets, the expected ones).
func checkTotals(t *testing.T, rep *core.Report, want golden) {
	t.Helper()
	if rep.Totals.Params != want.Params {
		t.Errorf("params = %d, want %d", rep.Totals.Params, want.Params)
	}
	if rep.Totals.TrainableParams != want.TrainableParams {
		t.Errorf("trainable params = %d, want %d", rep.Totals.TrainableParams, want.TrainableParams)
	}
	if rep.Totals.Buffers != want.Buffers {
		t.Errorf("buffers = %d, want %d", rep.Totals.Buffers, want.Buffers)
	}
}

// checkModules compares the module tree, paths and classes in registration
// order, with the golden file's "modules".
func checkModules(t *testing.T, name string, rep *core.Report, gold golden) {
	t.Helper()
	if len(gold.Modules) == 0 {
		t.Fatalf("golden %s has no modules (regenerate it with scripts/golden_presets.py)", name)
	}
	var got, want []string
	for _, m := range rep.Graph.Modules {
		got = append(got, m.Path+" "+m.Type)
	}
	for _, m := range gold.Modules {
		want = append(want, m[0]+" "+m[1])
	}
	firstDiff(t, "module", got, want)
}

// checkTorchvisionOps compares the torchvision convention's count with the
// published _ops (GMACs, 3 decimals).
func checkTorchvisionOps(t *testing.T, rep *core.Report, ops float64) {
	t.Helper()
	tv := convention(t, rep, "torchvision").Count
	if got, want := fmt.Sprintf("%.3f", float64(tv)/1e9), fmt.Sprintf("%.3f", ops); got != want {
		t.Errorf("torchvision GFLOPS = %s (%d), published _ops %s", got, tv, want)
	}
}

// conventionCount is one tool's headline count from the calibration table
// of FlopLab's reference spec/counting.md.
type conventionCount struct {
	id    string
	count int64
}

// checkConventions analyzes a request and compares the params and every
// listed convention's count.
func checkConventions(t *testing.T, req core.Request, params int64, want []conventionCount) {
	t.Helper()
	req.AllConventions = true
	rep, err := core.Analyze(req)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	if rep.Totals.Params != params {
		t.Errorf("params = %d, want %d", rep.Totals.Params, params)
	}
	for _, tc := range want {
		t.Run(tc.id, func(t *testing.T) {
			if c := convention(t, rep, tc.id); c.Count != tc.count {
				t.Errorf("count = %d, want %d (diff %+d)", c.Count, tc.count, c.Count-tc.count)
			}
		})
	}
}

// checkOtherInputs traces a preset at 512x512 and at batch 8 of its default
// size: the parameters do not change, the output is [N, num_classes], and the
// torchvision count (conv + matmul MACs) grows with the batch exactly 8-fold.
func checkOtherInputs(t *testing.T, name string, numClasses int64) {
	t.Helper()
	p := lookup(t, name)
	base := analyzePreset(t, name, nil)
	def := p.Input[0]
	batch8 := append([]int64{8}, def[1:]...)
	for _, in := range [][]int64{{1, 3, 512, 512}, batch8} {
		rep, err := core.Analyze(core.Request{Preset: name, AllConventions: true, Inputs: [][]int64{in}})
		if err != nil {
			t.Errorf("input %v: %v", in, err)
			continue
		}
		if rep.Totals.Params != base.Totals.Params {
			t.Errorf("input %v: params %d, at the default input %d", in, rep.Totals.Params, base.Totals.Params)
		}
		outs := rep.Graph.Outputs
		if len(outs) != 1 || !reflect.DeepEqual(outs[0].Shape, graph.Shape{in[0], numClasses}) {
			var shapes []graph.Shape
			for _, o := range outs {
				shapes = append(shapes, o.Shape)
			}
			t.Errorf("input %v: outputs %v, want [[%d %d]]", in, shapes, in[0], numClasses)
		}
		if in[0] == 8 {
			got, want := rep.Conventions["torchvision"].Count, 8*base.Conventions["torchvision"].Count
			if got != want {
				t.Errorf("batch 8: torchvision count %d, want 8 x %d = %d", got, base.Conventions["torchvision"].Count, want)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// CNN presets (classic: vgg, resnet, googlenet, inception, densenet,
// squeezenet; efficient: mobilenet, shufflenet, mnasnet, efficientnet,
// regnet, convnext).

// classicCase is one classic preset and what torchvision publishes for it.
type classicCase struct {
	name string
	// published: torchvision publishes num_params and _ops for this model.
	published bool
	// publishedParams overrides the expectation that the published
	// num_params equals the golden params (inception_v3: the published
	// figure includes the aux head, which the evaluation form drops).
	publishedParams bool
}

// checkClassicPreset runs one classic preset at its default input and
// compares it with the golden data (totals, module tree, leaf calls) and
// torchvision's published figures.
func checkClassicPreset(t *testing.T, tc classicCase) {
	t.Helper()
	p := lookup(t, tc.name)
	gold, wantCalls := loadGolden(t, tc.name)
	checkDefaultInput(t, p, gold)
	checkHeader(t, p, presets.GroupClassic)

	rep := analyzePreset(t, tc.name, nil)
	checkTotals(t, rep, gold)
	checkModules(t, tc.name, rep, gold)
	firstDiff(t, "leaf call", leafCalls(rep.Graph), wantCalls)

	if !tc.published {
		if _, ok := lookupPublished(t, tc.name); ok {
			t.Errorf("published figures list %s: check it", tc.name)
		}
		return
	}
	pub := mustPublished(t, tc.name)
	if !tc.publishedParams && gold.Params != pub.NumParams {
		t.Errorf("golden params %d != published num_params %d", gold.Params, pub.NumParams)
	}
	checkTorchvisionOps(t, rep, pub.Ops)
}

// checkEfficientPreset runs one efficient preset at its default input and
// compares it with the golden data (totals, leaf calls) and torchvision's
// published figures.
func checkEfficientPreset(t *testing.T, name string) {
	t.Helper()
	p := lookup(t, name)
	gold, wantCalls := loadGolden(t, name)
	pub := mustPublished(t, name)
	checkDefaultInput(t, p, gold)

	rep := analyzePreset(t, name, nil)
	if gold.Params != pub.NumParams {
		t.Errorf("golden params %d != published num_params %d", gold.Params, pub.NumParams)
	}
	checkTotals(t, rep, gold)
	firstDiff(t, "leaf call", leafCalls(rep.Graph), wantCalls)
	checkTorchvisionOps(t, rep, pub.Ops)
}

// argsCase builds a preset family's model with non-default constructor
// arguments; golden is testdata/golden_args/<golden>.json, written by
//
//	scripts/golden_presets.py --out core/presets/testdata/golden_args --kwargs JSON NAME
//
// and torchvision is the constructor call recorded in its provenance.
type argsCase struct {
	preset      string // any preset of the family, for its source file
	call        string // the script's model = ... expression
	golden      string
	torchvision string
}

// checkArgs traces the family file with another constructor call at the
// golden input and compares params and the leaf-call sequence.
func checkArgs(t *testing.T, tc argsCase) {
	t.Helper()
	p := lookup(t, tc.preset)
	g, want := loadGoldenFile(t, filepath.Join("testdata", "golden_args", tc.golden+".json"))
	if g.Provenance.Model != tc.torchvision {
		t.Fatalf("golden %s was made by %s, the test expects %s", tc.golden, g.Provenance.Model, tc.torchvision)
	}
	script := presets.Source(p) + "\nmodel = " + tc.call + "\n" + presets.InputLine([][]int64{g.InputShape}, "float")
	rep, err := core.Analyze(core.Request{Script: script, Filename: p.File})
	if err != nil {
		t.Fatalf("Analyze %s: %v", tc.call, err)
	}
	if rep.Totals.Params != g.Params {
		t.Errorf("params = %d, want %d", rep.Totals.Params, g.Params)
	}
	if rep.Totals.Buffers != g.Buffers {
		t.Errorf("buffers = %d, want %d", rep.Totals.Buffers, g.Buffers)
	}
	firstDiff(t, "leaf call", leafCalls(rep.Graph), want)
}

// ---------------------------------------------------------------------------
// Transformer presets (vit, swin, bert, gpt2, llama, mistral, qwen2).

// checkTransformerHeader checks the gallery entry of a transformer preset.
func checkTransformerHeader(t *testing.T, name string, input []int64, dtype string, fixed bool) {
	t.Helper()
	p := lookup(t, name)
	checkHeader(t, p, presets.GroupTransformer)
	if len(p.Input) != 1 || fmt.Sprint(p.Input[0]) != fmt.Sprint(input) {
		t.Errorf("default input %v, want %v", p.Input, input)
	}
	if p.InputDType != dtype {
		t.Errorf("input dtype %q, want %q", p.InputDType, dtype)
	}
	if p.Fixed != fixed {
		t.Errorf("fixed = %v, want %v", p.Fixed, fixed)
	}
}

// visionCase is one torchvision transformer preset.
type visionCase struct {
	name string
	// params and ops are torchvision's published num_params and _ops
	// (GMACs, 3 decimals). When fromFile is set they must also match
	// testdata/published.json; vit_b_32 is not in that file: its figures are
	// the ViT_B_32_Weights.IMAGENET1K_V1 meta as quoted in issue #3
	// (torchvision docs: 88,224,232 params, 4.409 GFLOPS).
	params   int64
	ops      float64
	fromFile bool
	// fixed is true when the architecture takes only its default spatial
	// size (ViT's position embeddings; Swin pads to whole windows).
	fixed bool
	// wrong is an input the architecture rejects and what its script's
	// error says.
	wrong     []int64
	wrongText string
}

// checkVision compares a torchvision transformer preset with the golden
// trace of the real model and with torchvision's published figures.
func checkVision(t *testing.T, tc visionCase) {
	checkTransformerHeader(t, tc.name, []int64{1, 3, 224, 224}, "float", tc.fixed)
	gold, wantCalls := loadGolden(t, tc.name)
	if gold.Params != tc.params {
		t.Errorf("golden params %d != published num_params %d", gold.Params, tc.params)
	}
	if tc.fromFile {
		pub, ok := lookupPublished(t, tc.name)
		if !ok {
			t.Fatalf("testdata/published.json lacks %s", tc.name)
		}
		if pub.NumParams != tc.params || pub.Ops != tc.ops {
			t.Errorf("published.json: %d / %.3f, table: %d / %.3f", pub.NumParams, pub.Ops, tc.params, tc.ops)
		}
	}

	rep := analyzePreset(t, tc.name, nil)
	checkTotals(t, rep, gold)
	checkModules(t, tc.name, rep, gold)
	// What forward hooks on every leaf module see.
	firstDiff(t, "leaf call", leafCalls(rep.Graph), wantCalls)
	checkTorchvisionOps(t, rep, tc.ops)

	// A wrong input is an error that says what is wrong, never a panic:
	// from the preset (fixed size) and from the script itself.
	p := lookup(t, tc.name)
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

// lmCase is one Hugging Face language-model preset. Everything but
// params (the checkpoint's published size, quoted in issue #3) is derived
// from its config.json values by the test's own arithmetic.
type lmCase struct {
	name  string
	input []int64 // default input [batch, seq]
	// params is the checkpoint's size; derived is the same from the config.
	params, derived int64
	buffers         int64
	// Attention: layers x heads of headDim; rope is inv_freq's length (the
	// rotary embedding's inv_freq @ position_ids matmul), 0 without RoPE.
	layers, heads, headDim, rope int64
	// linear is the Linear/Conv1D MACs per token (every projection, MLP and
	// the LM head); fixed is MAC work that does not grow with the sequence
	// (BERT's pooler on the first token).
	linear, fixed int64
	types         map[string]int    // modules per class
	paths         map[string]string // some dotted paths and their class
	// torchRef is FlopCounterMode's total at seq refSeq from
	// spec/counting.md, when there is one.
	refSeq   int64
	torchRef int64
}

// attention is the MACs of the two attention matmuls (Q·Kᵀ and P·V) of all
// layers at batch 1 and sequence s, plus the rotary embedding's matmul.
func (tc lmCase) attention(s int64) int64 {
	return tc.layers*2*tc.heads*s*s*tc.headDim + tc.rope*s
}

// torch is FlopCounterMode's count: 2 x (Linear + matmul MACs).
func (tc lmCase) torch(s int64) int64 {
	return 2 * (tc.linear*s + tc.attention(s) + tc.fixed)
}

func checkLM(t *testing.T, tc lmCase) {
	checkTransformerHeader(t, tc.name, tc.input, "long", false)
	if tc.derived != tc.params {
		t.Errorf("config arithmetic gives %d params, the checkpoint has %d", tc.derived, tc.params)
	}
	if tc.torchRef != 0 && tc.torch(tc.refSeq) != tc.torchRef {
		t.Errorf("hand-derived torch count at seq %d = %d, spec/counting.md %d", tc.refSeq, tc.torch(tc.refSeq), tc.torchRef)
	}

	rep := analyzePreset(t, tc.name, nil)
	checkTotals(t, rep, golden{Params: tc.params, TrainableParams: tc.params, Buffers: tc.buffers})
	types := moduleTypes(rep.Graph)
	for ty, n := range tc.types {
		if types[ty] != n {
			t.Errorf("%d modules of class %s, want %d", types[ty], ty, n)
		}
	}
	for path, ty := range tc.paths {
		if m := findModule(rep.Graph, path); m == nil {
			t.Errorf("no module %s", path)
		} else if m.Type != ty {
			t.Errorf("module %s is a %s, want %s", path, m.Type, ty)
		}
	}
	s := tc.input[1]
	if got, want := convention(t, rep, "torch").Count, tc.torch(s); got != want {
		t.Errorf("seq %d: torch count %d, want %d (diff %+d)", s, got, want, got-want)
	}

	// Attention grows with the square of the sequence, the rest linearly.
	for _, s := range []int64{128, 256} {
		rep := analyzePreset(t, tc.name, [][]int64{{1, s}})
		if rep.Totals.Params != tc.params {
			t.Errorf("seq %d: params = %d, want %d", s, rep.Totals.Params, tc.params)
		}
		macs, calls := matmulMACs(rep.Graph)
		if macs != tc.attention(s) {
			t.Errorf("seq %d: %d matmul calls with %d MACs, want %d", s, calls, macs, tc.attention(s))
		}
		if got, want := convention(t, rep, "torch").Count, tc.torch(s); got != want {
			t.Errorf("seq %d: torch count %d, want %d (diff %+d)", s, got, want, got-want)
		}
	}
}

// decoderConfig is the part of a Llama-style config.json that sizes the
// model.
type decoderConfig struct {
	vocab, hidden, inter, layers, heads, kvHeads int64
	tied, qkvBias                                bool
}

// params of a Llama-style decoder: embeddings, per layer q/k/v/o, the gated
// MLP and two RMSNorm weights, the final norm and an untied LM head.
func (c decoderConfig) params() int64 {
	d := c.hidden / c.heads
	attn := c.hidden*c.heads*d + 2*c.hidden*c.kvHeads*d + c.heads*d*c.hidden
	if c.qkvBias {
		attn += c.heads*d + 2*c.kvHeads*d
	}
	p := c.vocab*c.hidden + c.layers*(attn+3*c.hidden*c.inter+2*c.hidden) + c.hidden
	if !c.tied {
		p += c.vocab * c.hidden
	}
	return p
}

// linear is the projection, MLP and LM-head MACs per token.
func (c decoderConfig) linear() int64 {
	d := c.hidden / c.heads
	return c.layers*(2*c.hidden*c.heads*d+2*c.hidden*c.kvHeads*d+3*c.hidden*c.inter) + c.hidden*c.vocab
}

// lmCase fills an lmCase for a Llama-style decoder whose classes are
// prefix+"ForCausalLM", prefix+"Attention", ...
func (c decoderConfig) lmCase(name, prefix string, seq, params int64) lmCase {
	d := c.hidden / c.heads
	L := int(c.layers)
	last := fmt.Sprint(c.layers - 1)
	return lmCase{
		name: name, input: []int64{1, seq}, params: params, derived: c.params(),
		buffers: d / 2, // the rotary embedding's inv_freq
		layers:  c.layers, heads: c.heads, headDim: d, rope: d / 2,
		linear: c.linear(),
		types: map[string]int{
			prefix + "ForCausalLM":     1,
			prefix + "Model":           1,
			prefix + "DecoderLayer":    L,
			prefix + "Attention":       L,
			prefix + "MLP":             L,
			prefix + "RMSNorm":         2*L + 1,
			prefix + "RotaryEmbedding": 1,
			"Linear":                   7*L + 1,
			"SiLU":                     L,
			"Embedding":                1,
			"ModuleList":               1,
		},
		paths: map[string]string{
			"model.embed_tokens":                        "Embedding",
			"model.layers.0.self_attn.q_proj":           "Linear",
			"model.layers.0.self_attn.k_proj":           "Linear",
			"model.layers." + last + ".mlp.act_fn":      "SiLU",
			"model.layers." + last + ".input_layernorm": prefix + "RMSNorm",
			"model.norm":       prefix + "RMSNorm",
			"model.rotary_emb": prefix + "RotaryEmbedding",
			"lm_head":          "Linear",
		},
	}
}
