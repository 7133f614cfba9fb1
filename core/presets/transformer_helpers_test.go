package presets_test

// Shared checks for the transformer presets (vit, swin, bert, gpt2, llama,
// mistral, qwen2). Golden data for the torchvision ones:
//   - testdata/golden/<preset>.json: written by scripts/golden_presets.py from
//     torch 1.13.1 / torchvision 0.14.1 (weights=None, eval, no_grad) at the
//     preset's default input; see each file's "provenance".
//   - testdata/published.json: torchvision's published num_params/_ops, copied
//     by scripts/golden_presets.py --published from the FlopLab reference data.
// The Hugging Face presets have no golden trace (no transformers package
// here): their figures are derived by hand from the configs in the tests.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/graph"
	"floplab/core/presets"
)

// tfGolden is one testdata/golden/<preset>.json.
type tfGolden struct {
	InputShape      []int64             `json:"input_shape"`
	Params          int64               `json:"params"`
	TrainableParams int64               `json:"trainable_params"`
	Buffers         int64               `json:"buffers"`
	Modules         [][2]string         `json:"modules"`
	Calls           [][]json.RawMessage `json:"calls"`
	Provenance      map[string]any      `json:"provenance"`
}

func tfLoadGolden(t *testing.T, name string) (tfGolden, []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden", name+".json"))
	if err != nil {
		t.Fatalf("golden data: %v (run scripts/golden_presets.py %s)", err, name)
	}
	var g tfGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("golden %s: %v", name, err)
	}
	calls := make([]string, len(g.Calls))
	for i, row := range g.Calls {
		if len(row) != 4 {
			t.Fatalf("golden %s: call row %d has %d fields", name, i, len(row))
		}
		var (
			n, c  string
			shape []int64
			p     int64
		)
		for j, dst := range []any{&n, &c, &shape, &p} {
			if err := json.Unmarshal(row[j], dst); err != nil {
				t.Fatalf("golden %s: call row %d field %d: %v", name, i, j, err)
			}
		}
		calls[i] = tfCallString(n, c, shape, p)
	}
	return g, calls
}

func tfCallString(name, class string, shape []int64, params int64) string {
	return fmt.Sprintf("%s %s %v params=%d", name, class, shape, params)
}

// tfLeafCalls lists the calls of leaf modules in call order, as forward
// hooks on every leaf module record them.
func tfLeafCalls(g *graph.Graph) []string {
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
		out = append(out, tfCallString(m.Path, m.Type, shape, trainable+frozen))
	}
	return out
}

// tfFirstDiff reports the first difference of two row lists and a length
// mismatch.
func tfFirstDiff(t *testing.T, what string, got, want []string) {
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

// tfPublishedOps reads torchvision's published _ops (GMACs) for a model.
func tfPublished(t *testing.T, name string) (numParams int64, ops float64, ok bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "published.json"))
	if err != nil {
		t.Fatalf("published figures: %v", err)
	}
	var doc struct {
		Models map[string]struct {
			NumParams int64   `json:"num_params"`
			Ops       float64 `json:"_ops"`
		} `json:"models"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("published.json: %v", err)
	}
	m, ok := doc.Models[name]
	return m.NumParams, m.Ops, ok
}

// tfAnalyze runs a preset, at its default input when in is nil.
func tfAnalyze(t *testing.T, name string, in [][]int64) *core.Report {
	t.Helper()
	if _, ok := presets.Lookup(name); !ok {
		t.Fatalf("preset %s not found", name)
	}
	rep, err := core.Analyze(core.Request{Preset: name, AllConventions: true, Inputs: in})
	if err != nil {
		t.Fatalf("Analyze %s at %v: %v", name, in, err)
	}
	return rep
}

// tfIsMatmul tells the recorded function calls that are matrix products
// (torch.matmul, Tensor.matmul, the @ operator, torch.bmm).
func tfIsMatmul(n *graph.Node) bool {
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

// tfMatmulMACs sums FlopLab's MACs over the function-call matrix products.
func tfMatmulMACs(g *graph.Graph) (macs int64, calls int) {
	for _, n := range g.Nodes {
		if tfIsMatmul(n) {
			macs += n.Ops.MACs
			calls++
		}
	}
	return macs, calls
}

// tfConvention returns a convention's count, failing when it is missing.
func tfConvention(t *testing.T, rep *core.Report, id string) int64 {
	t.Helper()
	c, ok := rep.Conventions[id]
	if !ok {
		t.Fatalf("convention %q missing from the report", id)
	}
	return c.Count
}

// tfCheckHeader checks the gallery entry of a transformer preset.
func tfCheckHeader(t *testing.T, name string, input []int64, dtype string, fixed bool) {
	t.Helper()
	p, ok := presets.Lookup(name)
	if !ok {
		t.Fatalf("preset %s not found", name)
	}
	if p.Group != presets.GroupTransformer {
		t.Errorf("group %q, want %q", p.Group, presets.GroupTransformer)
	}
	if p.Paper == "" || p.Year == 0 || p.Mirrors == "" {
		t.Errorf("header lacks paper/year/mirrors: %+v", p)
	}
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

// tfModuleTypes counts the modules of each class in the module tree.
func tfModuleTypes(g *graph.Graph) map[string]int {
	out := map[string]int{}
	for _, m := range g.Modules {
		out[m.Type]++
	}
	return out
}

// tfModule finds a module by dotted path.
func tfModule(g *graph.Graph, path string) *graph.Module {
	for _, m := range g.Modules {
		if m.Path == path {
			return m
		}
	}
	return nil
}

// tfLMCase is one Hugging Face language-model preset. Everything but
// params (the checkpoint's published size, quoted in issue #3) is derived
// from its config.json values by the test's own arithmetic.
type tfLMCase struct {
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
func (tc tfLMCase) attention(s int64) int64 {
	return tc.layers*2*tc.heads*s*s*tc.headDim + tc.rope*s
}

// torch is FlopCounterMode's count: 2 x (Linear + matmul MACs).
func (tc tfLMCase) torch(s int64) int64 {
	return 2 * (tc.linear*s + tc.attention(s) + tc.fixed)
}

func tfCheckLM(t *testing.T, tc tfLMCase) {
	tfCheckHeader(t, tc.name, tc.input, "long", false)
	if tc.derived != tc.params {
		t.Errorf("config arithmetic gives %d params, the checkpoint has %d", tc.derived, tc.params)
	}
	if tc.torchRef != 0 && tc.torch(tc.refSeq) != tc.torchRef {
		t.Errorf("hand-derived torch count at seq %d = %d, spec/counting.md %d", tc.refSeq, tc.torch(tc.refSeq), tc.torchRef)
	}

	rep := tfAnalyze(t, tc.name, nil)
	if rep.Totals.Params != tc.params {
		t.Errorf("params = %d, want %d", rep.Totals.Params, tc.params)
	}
	if rep.Totals.TrainableParams != tc.params {
		t.Errorf("trainable params = %d, want %d", rep.Totals.TrainableParams, tc.params)
	}
	if rep.Totals.Buffers != tc.buffers {
		t.Errorf("buffers = %d, want %d", rep.Totals.Buffers, tc.buffers)
	}
	types := tfModuleTypes(rep.Graph)
	for ty, n := range tc.types {
		if types[ty] != n {
			t.Errorf("%d modules of class %s, want %d", types[ty], ty, n)
		}
	}
	for path, ty := range tc.paths {
		if m := tfModule(rep.Graph, path); m == nil {
			t.Errorf("no module %s", path)
		} else if m.Type != ty {
			t.Errorf("module %s is a %s, want %s", path, m.Type, ty)
		}
	}
	s := tc.input[1]
	if got, want := tfConvention(t, rep, "torch"), tc.torch(s); got != want {
		t.Errorf("seq %d: torch count %d, want %d (diff %+d)", s, got, want, got-want)
	}

	// Attention grows with the square of the sequence, the rest linearly.
	for _, s := range []int64{128, 256} {
		rep := tfAnalyze(t, tc.name, [][]int64{{1, s}})
		if rep.Totals.Params != tc.params {
			t.Errorf("seq %d: params = %d, want %d", s, rep.Totals.Params, tc.params)
		}
		macs, calls := tfMatmulMACs(rep.Graph)
		if macs != tc.attention(s) {
			t.Errorf("seq %d: %d matmul calls with %d MACs, want %d", s, calls, macs, tc.attention(s))
		}
		if got, want := tfConvention(t, rep, "torch"), tc.torch(s); got != want {
			t.Errorf("seq %d: torch count %d, want %d (diff %+d)", s, got, want, got-want)
		}
	}
}

// tfDecoderConfig is the part of a Llama-style config.json that sizes the
// model.
type tfDecoderConfig struct {
	vocab, hidden, inter, layers, heads, kvHeads int64
	tied, qkvBias                                bool
}

// params of a Llama-style decoder: embeddings, per layer q/k/v/o, the gated
// MLP and two RMSNorm weights, the final norm and an untied LM head.
func (c tfDecoderConfig) params() int64 {
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
func (c tfDecoderConfig) linear() int64 {
	d := c.hidden / c.heads
	return c.layers*(2*c.hidden*c.heads*d+2*c.hidden*c.kvHeads*d+3*c.hidden*c.inter) + c.hidden*c.vocab
}

// lmCase fills a tfLMCase for a Llama-style decoder whose classes are
// prefix+"ForCausalLM", prefix+"Attention", ...
func (c tfDecoderConfig) lmCase(name, prefix string, seq, params int64) tfLMCase {
	d := c.hidden / c.heads
	L := int(c.layers)
	last := fmt.Sprint(c.layers - 1)
	return tfLMCase{
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
