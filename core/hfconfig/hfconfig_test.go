package hfconfig_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"floplab/core/graph"
	"floplab/core/hfconfig"
	"floplab/core/lang"
	"floplab/core/msg"
)

type published struct {
	Config     string `json:"config"`
	Params     int64  `json:"params"`
	Checkpoint int64  `json:"checkpoint"`
	Active     int64  `json:"active"`
	Source     string `json:"source"`
}

func loadPublished(t *testing.T) []published {
	t.Helper()
	b, err := os.ReadFile("testdata/published.json")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Models []published `json:"models"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p.Models
}

// build converts a config file and traces its model.
func build(t *testing.T, path string) (*hfconfig.Model, *graph.Graph) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	m, err := hfconfig.Convert(filepath.Base(path), string(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	res, err := lang.Run(m.Script, lang.Options{Filename: m.DefinitionFile})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m, res.Graph
}

func params(g *graph.Graph) int64 {
	var n int64
	for _, m := range g.Modules {
		tr, fr, _ := graph.Count(m.Params)
		n += tr + fr
	}
	return n
}

// TestPublishedTotals pins every config's parameter count to its published
// figure, the active parameters of the MoE models, and the checkpoint's
// count where the config tells what the checkpoint adds.
func TestPublishedTotals(t *testing.T) {
	families := map[string]bool{}
	for _, p := range loadPublished(t) {
		t.Run(filepath.Base(p.Config), func(t *testing.T) {
			m, g := build(t, p.Config)
			families[m.ModelType] = true
			if got := params(g); got != p.Params {
				t.Errorf("params = %d, want %d (%s)", got, p.Params, p.Source)
			}
			active := m.ActiveParams(g)
			if m.MoE == nil && active != p.Params {
				t.Errorf("dense model: active params %d, want params %d", active, p.Params)
			}
			if p.Active != 0 && active != p.Active {
				t.Errorf("active params = %d, want %d", active, p.Active)
			}
			var extra int64
			for _, c := range m.CheckpointExtra {
				extra += c.Params
			}
			if extra != 0 && p.Checkpoint != p.Params+extra {
				t.Errorf("checkpoint = %d + %d = %d, want %d", p.Params, extra, p.Params+extra, p.Checkpoint)
			}
			// a part the config cannot confirm must still match the
			// published checkpoint it was read from
			var maybe int64
			for _, c := range m.CheckpointMaybe {
				maybe += c.Params
			}
			if maybe != 0 && p.Checkpoint != 0 && p.Checkpoint != p.Params+extra+maybe {
				t.Errorf("checkpoint = %d + %d + %d (may hold) = %d, want %d", p.Params, extra, maybe, p.Params+extra+maybe, p.Checkpoint)
			}
		})
	}
	for _, f := range hfconfig.Families() {
		if !families[f] {
			t.Errorf("family %s has no config with a published total", f)
		}
	}
}

// TestActiveFormula checks the active parameters of each MoE config
// against the formula: params less the (experts - top_k) routed experts
// each MoE layer does not run, each 3·hidden·moe_intermediate.
func TestActiveFormula(t *testing.T) {
	cases := []struct {
		config              string
		hidden, inter, moeL int64
	}{
		{"configs/Mixtral-8x7B-v0.1.json", 4096, 14336, 32},
		{"configs/Qwen3-30B-A3B.json", 2048, 768, 48},
		{"configs/Qwen1.5-MoE-A2.7B.json", 2048, 1408, 24},
		{"configs/DeepSeek-V2-Lite.json", 2048, 1408, 26},
		{"configs/DeepSeek-V3.json", 7168, 2048, 58},
	}
	for _, c := range cases {
		m, g := build(t, c.config)
		want := params(g) - c.moeL*(m.MoE.Experts-m.MoE.TopK)*3*c.hidden*c.inter
		if got := m.ActiveParams(g); got != want || m.MoE.Layers != c.moeL {
			t.Errorf("%s: active %d, want %d (MoE layers %d, want %d)", c.config, got, want, m.MoE.Layers, c.moeL)
		}
	}
}

// TestModuleNames checks the module paths and classes transformers gives
// the pieces each family adds.
func TestModuleNames(t *testing.T) {
	cases := []struct {
		config string
		want   map[string]string // path -> class
	}{
		{"configs/Llama-3.2-1B.json", map[string]string{"model.layers.15.self_attn.k_proj": "Linear", "model.norm": "LlamaRMSNorm", "lm_head": "Linear"}},
		{"configs/Phi-3-mini-4k-instruct.json", map[string]string{"model.layers.0.self_attn.qkv_proj": "Linear", "model.layers.0.mlp.gate_up_proj": "Linear", "model.layers.31.resid_mlp_dropout": "Dropout"}},
		{"configs/gemma-2-9b.json", map[string]string{"model.layers.41.pre_feedforward_layernorm": "Gemma2RMSNorm", "model.layers.41.post_feedforward_layernorm": "Gemma2RMSNorm"}},
		{"configs/gemma-3-1b-pt.json", map[string]string{"model.layers.0.self_attn.q_norm": "Gemma3RMSNorm", "model.rotary_emb_local": "Gemma3RotaryEmbedding"}},
		{"configs/Qwen3-0.6B.json", map[string]string{"model.layers.0.self_attn.k_norm": "Qwen3RMSNorm"}},
		{"configs/Mixtral-8x7B-v0.1.json", map[string]string{"model.layers.0.block_sparse_moe.gate": "Linear", "model.layers.0.block_sparse_moe.experts": "MixtralExperts"}},
		{"configs/Qwen1.5-MoE-A2.7B.json", map[string]string{"model.layers.0.mlp.shared_expert_gate": "Linear", "model.layers.0.mlp.shared_expert": "Qwen2MoeMLP"}},
		{"configs/DeepSeek-V3.json", map[string]string{"model.layers.0.mlp": "DeepseekV3MLP", "model.layers.3.mlp.gate": "DeepseekV3TopkRouter",
			"model.layers.3.mlp.shared_experts": "DeepseekV3MLP", "model.layers.3.self_attn.kv_a_proj_with_mqa": "Linear", "model.layers.3.self_attn.q_a_layernorm": "DeepseekV3RMSNorm"}},
		{"configs/DeepSeek-V2-Lite.json", map[string]string{"model.layers.1.self_attn.q_proj": "Linear", "model.layers.1.mlp.experts": "DeepseekV2Experts"}},
		{"configs/pythia-160m.json", map[string]string{"gpt_neox.layers.11.attention.query_key_value": "Linear", "embed_out": "Linear", "gpt_neox.final_layer_norm": "LayerNorm"}},
		{"configs/falcon-7b.json", map[string]string{"transformer.h.31.self_attention.query_key_value": "Linear", "transformer.h.0.input_layernorm": "LayerNorm", "transformer.ln_f": "LayerNorm"}},
		{"configs/t5-base.json", map[string]string{"encoder.block.0.layer.0.SelfAttention.relative_attention_bias": "Embedding", "decoder.block.11.layer.1.EncDecAttention.o": "Linear",
			"decoder.block.0.layer.2.DenseReluDense.wi": "Linear", "encoder.final_layer_norm": "T5LayerNorm"}},
		{"configs/flan-t5-base.json", map[string]string{"encoder.block.0.layer.1.DenseReluDense.wi_1": "Linear", "lm_head": "Linear"}},
	}
	for _, c := range cases {
		_, g := build(t, c.config)
		have := map[string]string{}
		for _, m := range g.Modules {
			have[m.Path] = m.Type
		}
		for p, cls := range c.want {
			if have[p] != cls {
				t.Errorf("%s: module %s is %q, want %q", c.config, p, have[p], cls)
			}
		}
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{`{"model_type": "llama"}`, true},
		{"\ufeff  {\n \"architectures\": [\"GPT2LMHeadModel\"]}", true},
		{`{"model_type": "llama"`, true}, // broken JSON still goes to the JSON parser
		{`{"hidden_size": 4096}`, false},
		{"model = alexnet()", false},
		{`x = {"model_type": "llama"}`, false},
	} {
		if got := hfconfig.Detect(c.text); got != c.want {
			t.Errorf("Detect(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestErrors: bad configs stop with a message at the right place.
func TestErrors(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"unknown", `{"model_type": "qwen2_vl_x", "hidden_size": 1}`, `config.json:1:2: model_type "qwen2_vl_x" is not a family FlopLab builds; the nearest is qwen2`},
		{"typo", `{"model_type": "lama"}`, "the nearest is llama"},
		{"missing", `{"model_type": "llama", "hidden_size": 64}`, "config.json:1:1: the llama config lacks vocab_size, num_hidden_layers, num_attention_heads, intermediate_size"},
		{"syntax", "{\"model_type\": \"llama\",\n  \"hidden_size\": 64,,\n}", "config.json:2:20: config.json: invalid character ','"},
		{"eof", "{\"model_type\": \"llama\",\n", "config.json:2:1: config.json: unexpected end of the text"},
		{"type", "{\"model_type\": \"llama\",\n \"hidden_size\": \"big\"}", `config.json:2:2: hidden_size must be a whole number, not "big"`},
		{"layers", "{\"model_type\": \"llama\", \"vocab_size\": 10, \"hidden_size\": 8, \"intermediate_size\": 8,\n\"num_attention_heads\": 2, \"num_hidden_layers\": 1000000000}", "config.json:2:27: num_hidden_layers = 1000000000 is outside 0..1024"},
		{"huge", `{"model_type": "llama", "vocab_size": 10, "hidden_size": 1e300, "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 2}`, "hidden_size must be a whole number, not 1e300"},
		{"gqa", `{"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8, "num_attention_heads": 3, "num_key_value_heads": 2, "num_hidden_layers": 2}`, "num_attention_heads (3) is not a multiple of num_key_value_heads (2)"},
		{"topk", `{"model_type": "mixtral", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 2, "num_local_experts": 2, "num_experts_per_tok": 3}`, "num_experts_per_tok (3) is more than the 2 experts"},
		{"trailing", `{"model_type": "llama"} x`, "text after the closing brace"},
		{"none", `{"architectures": ["FooForCausalLM"]}`, "the config names no model_type"},
	}
	for _, c := range cases {
		_, err := hfconfig.Convert("config.json", c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

// TestHostileSizes: a config within the bounds but asking for an absurd
// model stops in the tracer with an error, without hanging.
func TestHostileSizes(t *testing.T) {
	text := `{"model_type": "mixtral", "vocab_size": 16777216, "hidden_size": 1048576, "intermediate_size": 1048576,
	"num_attention_heads": 8, "num_hidden_layers": 1024, "num_local_experts": 4096, "num_experts_per_tok": 2}`
	m, err := hfconfig.Convert("config.json", text)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lang.Run(m.Script, lang.Options{Filename: m.DefinitionFile}); err == nil {
		t.Fatal("a 1024-layer model with 4096 experts of 2^40 weights each traced without error")
	}
}

// TestArchitecturesOnly: a config without model_type is read by its class.
func TestArchitecturesOnly(t *testing.T) {
	m, err := hfconfig.Convert("config.json", `{"architectures": ["Qwen2ForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1}`)
	if err != nil || m.ModelType != "qwen2" {
		t.Fatalf("got %v, %v", m, err)
	}
}

// TestMultimodal: a Gemma-3 multimodal config counts its text model.
func TestMultimodal(t *testing.T) {
	text := `{"model_type": "gemma3", "architectures": ["Gemma3ForConditionalGeneration"], "torch_dtype": "bfloat16",
	"text_config": {"hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 2, "num_key_value_heads": 1, "num_hidden_layers": 2, "vocab_size": 100, "head_dim": 32}}`
	m, err := hfconfig.Convert("config.json", text)
	if err != nil {
		t.Fatal(err)
	}
	if m.ModelType != "gemma3_text" || m.TorchDType != "bfloat16" || len(m.Notes) == 0 {
		t.Fatalf("got %s %q notes %v", m.ModelType, m.TorchDType, m.Notes)
	}
}

// TestChinese: every message the importer writes has its Chinese text.
func TestChinese(t *testing.T) {
	for _, p := range loadPublished(t) {
		m, _ := build(t, p.Config)
		for _, n := range m.Notes {
			n.In(msg.ZH)
		}
		for _, c := range append(m.CheckpointExtra, m.CheckpointMaybe...) {
			c.Why.In(msg.ZH)
		}
	}
	for _, text := range []string{`{"model_type": "x"}`, `{"model_type": "llama"}`, `{"model_type": 1}`, "{\"model_type\": \"llama\",", `{"model_type": "llama"} 1`, `{"architectures": []}`,
		`{"model_type": "llama", "hidden_size": true}`, `{"model_type": "llama", "hidden_size": 0.5}`, `{"model_type": "llama", "hidden_size": 99999999999}`,
		`{"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8, "num_attention_heads": 3, "num_key_value_heads": 2, "num_hidden_layers": 2}`,
		`{"model_type": "gpt2", "vocab_size": 10, "n_embd": 8, "n_head": 3, "n_layer": 1}`, `{"model_type": "bert", "vocab_size": 10, "hidden_size": 8, "num_attention_heads": 3, "num_hidden_layers": 1, "intermediate_size": 8}`,
		`{"model_type": "llama", "tie_word_embeddings": 1}`, `{"model_type": "llama", "rope_theta": "x"}`, `{"model_type": "llama", "hidden_act": 1}`, `{"model_type": "qwen3_moe", "mlp_only_layers": 1}`,
		`{"model_type": "gemma2", "layer_types": 1}`, `{"model_type": "gemma2", "layer_types": [1]}`, `{"model_type": "llama", "hidden_act": "tanh"}`, `{"model_type": "t5", "feed_forward_proj": "x"}`,
		`{"model_type": "falcon", "vocab_size": 10, "hidden_size": 8, "num_attention_heads": 3, "num_hidden_layers": 1}`,
		`{"model_type": "gpt_neox", "vocab_size": 10, "hidden_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1, "intermediate_size": 8, "hidden_act": "relu"}`,
		`{"model_type": "falcon", "vocab_size": 10, "hidden_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1, "alibi": true}`} {
		_, err := hfconfig.Convert("config.json", text)
		if err != nil {
			if e, ok := err.(interface{ In(string) string }); ok {
				e.In(msg.ZH)
			}
		}
	}
	if miss := msg.Missing(); len(miss) > 0 {
		t.Errorf("messages without Chinese text:\n%s", strings.Join(miss, "\n"))
	}
}

// TestLlamaInvFreq: a llama config saved by transformers < 4.32 tells that
// its checkpoint holds each layer's rotary inv_freq (head_dim/2 values;
// huggingface/transformers PR #24998 made the buffer non-persistent in
// v4.32.0); a 4.32.0.dev0 config may hold them (in no total); later ones,
// configs without transformers_version and other families do not.
func TestLlamaInvFreq(t *testing.T) {
	read := func(path string) *hfconfig.Model {
		b, err := os.ReadFile(filepath.Join("testdata", path))
		if err != nil {
			t.Fatal(err)
		}
		m, err := hfconfig.Convert(filepath.Base(path), string(b))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	// the Hub's safetensors totals less the class counts (published.json)
	for _, c := range []struct {
		path         string
		extra, maybe int64
	}{
		{"../../presets/Llama-2-7b-hf.json", 32 * 64, 0}, // 4.31.0.dev0: 6,738,417,664 - 6,738,415,616
		{"configs/Llama-2-70b-hf.json", 0, 80 * 64},      // 4.32.0.dev0: 68,976,653,312 - 68,976,648,192
		{"../../presets/Meta-Llama-3-8B.json", 0, 0},     // 4.40.0.dev0: safetensors total = class
		{"configs/Llama-3.1-8B.json", 0, 0},              // 4.43.0.dev0
	} {
		m := read(c.path)
		if e, mb := sumParts(m.CheckpointExtra), sumParts(m.CheckpointMaybe); e != c.extra || mb != c.maybe {
			t.Errorf("%s: checkpoint extra %d, may hold %d; want %d, %d", c.path, e, mb, c.extra, c.maybe)
		}
	}
	for _, c := range []struct {
		typ, version string
		extra, maybe int64
	}{
		{"llama", `"4.28.1"`, 3 * 2, 0}, // head_dim 3: arange(0, 3, 2) has 2 values
		{"llama", `"4.31.0"`, 6, 0},
		{"llama", `"4.31.0.dev0"`, 6, 0},
		{"llama", `"4.32.0.dev0"`, 0, 6},
		{"llama", `"4.32.0"`, 0, 0},
		{"llama", `"4.32.1"`, 0, 0},
		{"llama", `"4.40.0.dev0"`, 0, 0},
		{"llama", `"5.0.0"`, 0, 0},
		{"llama", `"x"`, 0, 0},
		{"llama", `4.31`, 0, 0},
		{"llama", "", 0, 0},
		{"mistral", `"4.31.0"`, 0, 0},
	} {
		text := `{"model_type": "` + c.typ + `", "vocab_size": 10, "hidden_size": 6, "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 3`
		if c.version != "" {
			text += `, "transformers_version": ` + c.version
		}
		m, err := hfconfig.Convert("config.json", text+"}")
		if err != nil {
			t.Fatalf("%s %s: %v", c.typ, c.version, err)
		}
		if e, mb := sumParts(m.CheckpointExtra), sumParts(m.CheckpointMaybe); e != c.extra || mb != c.maybe {
			t.Errorf("%s %s: checkpoint extra %d, may hold %d; want %d, %d", c.typ, c.version, e, mb, c.extra, c.maybe)
		}
	}
}

// TestQwen3TiedHead: a tied qwen3 config tells that the published
// checkpoint may hold lm_head.weight beside the embedding (Qwen/Qwen3-0.6B
// stores 751,632,384 values for its 596,049,920 parameters); untied qwen3
// configs, qwen3_moe and the other tied families do not.
func TestQwen3TiedHead(t *testing.T) {
	b, err := os.ReadFile("testdata/configs/Qwen3-0.6B.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := hfconfig.Convert("config.json", string(b))
	if err != nil {
		t.Fatal(err)
	}
	if e, mb := sumParts(m.CheckpointExtra), sumParts(m.CheckpointMaybe); e != 0 || mb != 151936*1024 || 596049920+mb != 751632384 {
		t.Errorf("Qwen3-0.6B: checkpoint extra %d, may hold %d; want 0, 151,936×1,024", e, mb)
	}
	if w := m.CheckpointMaybe[0].Why.In(msg.ZH); !strings.Contains(w, "lm_head.weight（151936×1024）") {
		t.Errorf("zh: %s", w)
	}
	for _, c := range []struct {
		typ, tie string
		maybe    int64
	}{
		{"qwen3", "", 0}, // Qwen3Config's default: untied
		{"qwen3", `, "tie_word_embeddings": false`, 0},
		{"qwen3", `, "tie_word_embeddings": true`, 10 * 6},
		{"qwen2", `, "tie_word_embeddings": true`, 0}, // Qwen2's tied releases store the embedding only
		{"llama", `, "tie_word_embeddings": true`, 0},
	} {
		text := `{"model_type": "` + c.typ + `", "vocab_size": 10, "hidden_size": 6, "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 3, "head_dim": 3` + c.tie + `}`
		m, err := hfconfig.Convert("config.json", text)
		if err != nil {
			t.Fatalf("%s %s: %v", c.typ, c.tie, err)
		}
		if mb := sumParts(m.CheckpointMaybe); mb != c.maybe {
			t.Errorf("%s%s: may hold %d, want %d", c.typ, c.tie, mb, c.maybe)
		}
	}
}

// TestPublishedQuant: quantization_config tells how the published weights
// are stored and which FlopLab format stores them so.
func TestPublishedQuant(t *testing.T) {
	base := `{"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1`
	for _, c := range []struct {
		quant, format, layout string
	}{
		{``, "", ""},
		{`, "quantization_config": {"bits": 4, "group_size": 128, "quant_method": "gptq", "desc_act": false}`, "gptq-int4", "4-bit, group size 128"},
		{`, "quantization_config": {"bits": 8, "group_size": 128, "quant_method": "gptq"}`, "", "8-bit, group size 128"},
		{`, "quantization_config": {"quant_method": "awq", "w_bit": 4, "q_group_size": 128, "zero_point": true}`, "awq-int4", "4-bit, group size 128"},
		{`, "quantization_config": {"quant_method": "awq", "bits": 4, "group_size": 64}`, "", "4-bit, group size 64"},
		{`, "quantization_config": {"quant_method": "fp8", "weight_block_size": [128, 128]}`, "fp8", "FP8 (e4m3), scales per 128×128 block"},
		{`, "quantization_config": {"quant_method": "bitsandbytes", "load_in_4bit": true, "bnb_4bit_quant_type": "nf4", "bnb_4bit_use_double_quant": true}`, "nf4", "4-bit nf4, double quantization"},
		{`, "quantization_config": {"quant_method": "bitsandbytes", "load_in_4bit": true, "bnb_4bit_quant_type": "nf4"}`, "nf4-single", "4-bit nf4"},
		{`, "quantization_config": {"quant_method": "bitsandbytes", "load_in_4bit": true}`, "", "4-bit fp4"},
		{`, "quantization_config": {"quant_method": "bitsandbytes", "load_in_8bit": true}`, "int8", "LLM.int8"},
		{`, "quantization_config": {"quant_method": "exl2"}`, "", ""},
	} {
		m, err := hfconfig.Convert("config.json", base+c.quant+"}")
		if err != nil {
			t.Fatalf("%s: %v", c.quant, err)
		}
		if c.quant == "" {
			if m.Quant != nil {
				t.Errorf("no quantization_config: %+v", m.Quant)
			}
			continue
		}
		if m.Quant == nil || m.Quant.Format != c.format || m.Quant.Layout.In(msg.EN) != c.layout {
			t.Errorf("%s: %+v, want format %q layout %q", c.quant, m.Quant, c.format, c.layout)
			continue
		}
		note := m.Quant.Note("bf16")
		if en := note.In(msg.EN); c.format != "" && !strings.Contains(en, "--quant "+c.format) || c.format == "" && !strings.Contains(en, "no format") {
			t.Errorf("%s: note %q", c.quant, en)
		}
		note.In(msg.ZH)
	}
	if miss := msg.Missing(); len(miss) > 0 {
		t.Errorf("messages without Chinese text:\n%s", strings.Join(miss, "\n"))
	}
}

// sumParts is the parameters of checkpoint parts together.
func sumParts(ps []hfconfig.CheckpointPart) int64 {
	var n int64
	for _, p := range ps {
		n += p.Params
	}
	return n
}
