package core_test

import (
	"math"
	"os"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/importers"
	"floplab/core/memory"
	"floplab/core/msg"
)

const mixtralConfig = `{
  "architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "vocab_size": 32000, "hidden_size": 4096,
  "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
  "num_local_experts": 8, "num_experts_per_tok": 2, "max_position_embeddings": 32768, "sliding_window": null,
  "torch_dtype": "bfloat16"
}`

// A pasted config.json is detected by content and counted like a script:
// the active parameters, the torch_dtype default and the MoE note.
func TestConfigImport(t *testing.T) {
	rep, err := core.Analyze(core.Request{Script: mixtralConfig, Importers: importers.All()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Params != 46702792704 || rep.Totals.ActiveParams != 12879925248 {
		t.Errorf("params %d active %d, want 46,702,792,704 and 12,879,925,248", rep.Totals.Params, rep.Totals.ActiveParams)
	}
	if rep.DType != "bf16" || rep.Totals.ParamBytes != 2*46702792704 {
		t.Errorf("dtype %s, weights %d B; want bf16 from torch_dtype", rep.DType, rep.Totals.ParamBytes)
	}
	notes := strings.Join(rep.NotesIn(msg.ZH), "\n")
	if !strings.Contains(notes, "混合专家") {
		t.Errorf("no MoE note in Chinese:\n%s", notes)
	}
	// an explicit dtype wins
	rep, err = core.Analyze(core.Request{Script: mixtralConfig, DType: "fp32", Importers: importers.All()})
	if err != nil || rep.DType != "fp32" {
		t.Fatalf("explicit fp32: %v %v", rep, err)
	}
	// a dense model's active parameters are its parameters
	rep, err = core.Analyze(core.Request{Preset: "llama-2-7b"})
	if err != nil || rep.Totals.ActiveParams != rep.Totals.Params || rep.DType != "fp16" {
		t.Fatalf("llama-2-7b: %v active %d params %d dtype %s", err, rep.Totals.ActiveParams, rep.Totals.Params, rep.DType)
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("untranslated: %v", m)
	}
}

// A config error points into the pasted config.
func TestConfigImportError(t *testing.T) {
	_, err := core.Analyze(core.Request{Script: "{\"model_type\": \"llama\",\n \"hidden_size\": 4096}", Filename: "config.json", Importers: importers.All()})
	if err == nil || !strings.Contains(err.Error(), "config.json:1:1: the llama config lacks vocab_size, num_hidden_layers, num_attention_heads, intermediate_size") {
		t.Fatalf("got %v", err)
	}
}

// TestQuantAndKV: --quant and --kv-dtype on a config model, by formula.
func TestQuantAndKV(t *testing.T) {
	for _, c := range []struct {
		quant   string
		weights int64
	}{
		// 6,979,321,856 Linear weights × (4 + 20/128) bits + 1,050,939,392 others × 2 B
		{"gptq-int4", 6979321856*532/128/8 + 1050939392*2},
		// the same at 4.127 bits (NF4, double quantization)
		{"nf4", (6979321856*(4*64*256+8*256+32)+64*256-1)/(64*256)/8 + 1050939392*2},
		// llama.cpp's 4.58 GiB for this very model
		{"q4_k_m", 4580 * (1 << 30) / 1000},
		// 8.5 bits for every parameter
		{"q8_0", 8030261248 * 17 / 16},
	} {
		rep, err := core.Analyze(core.Request{Preset: "llama-3-8b", Demand: &core.DemandOptions{Quant: c.quant, KVDType: "fp8", Seq: 8192}})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Memory.WeightsBytes != c.weights || rep.Memory.KVCacheBytes != 2*32*8192*8*128 {
			t.Errorf("%s: weights %d B (want %d), KV %d B", c.quant, rep.Memory.WeightsBytes, c.weights, rep.Memory.KVCacheBytes)
		}
	}
	if _, err := core.Analyze(core.Request{Preset: "llama-3-8b", Demand: &core.DemandOptions{Quant: "int3"}}); err == nil || !strings.Contains(err.Error(), "quantizations: int8") {
		t.Errorf("unknown quant: %v", err)
	}
}

// TestServing: decode is memory-bound, so one sequence's token time is
// (the active weights + its KV cache) / bandwidth; a MoE model reads only
// the experts its tokens use.
func TestServing(t *testing.T) {
	rep, err := core.Analyze(core.Request{Script: mixtralConfig, Inputs: [][]int64{{1, 1}}, Importers: importers.All(),
		Demand: &core.DemandOptions{Device: "h100-sxm", Seq: 4096}})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Demand.Serving
	if s == nil {
		t.Fatal("no serving estimate")
	}
	kv := int64(2 * 32 * 4096 * 8 * 128 * 2)
	want := (float64(12879925248)*2 + float64(kv)) / 3.35e12
	if math.Abs(s.DecodeSeconds-want) > want*1e-3 || s.GPUs != 2 || s.Context != 4096 {
		t.Errorf("decode %g s (want %g), GPUs %d", s.DecodeSeconds, want, s.GPUs)
	}
	if len(s.FineTune) != 6 || s.FineTune[1].Method != "lora" || s.FineTune[1].Trainable != 32*16*((4096+4096)+(4096+1024)) {
		t.Errorf("fine-tune %+v", s.FineTune)
	}
	for _, n := range rep.Demand.NotesIn(msg.ZH) {
		_ = n
	}
	for k, f := range s.Formulas {
		if !strings.Contains(f.In(msg.EN), "=") || f.In(msg.ZH) == "" {
			t.Errorf("%s: formula %q", k, f.In(msg.EN))
		}
	}
	for _, f := range s.FineTune {
		f.Formula.In(msg.ZH)
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("untranslated: %v", m)
	}
}

// TestLoRAOptions: the LoRA rank and target modules of the fine-tuning
// rows, by formula (Mixtral: 32 layers; q_proj 4096→4096, k_proj and
// v_proj 4096→1024, o_proj 4096→4096, the router gate 4096→8).
func TestLoRAOptions(t *testing.T) {
	for _, c := range []struct {
		rank      int64
		targets   string
		trainable int64
		err       string
	}{
		{0, "", 32 * 16 * ((4096 + 4096) + (4096 + 1024)), ""},
		{64, "q_proj,k_proj,v_proj,o_proj", 32 * 64 * (2*(4096+4096) + 2*(4096+1024)), ""},
		// every Linear but the head: attention + the router (the experts
		// are one stacked module, not Linear layers)
		{8, "all-linear", 32 * 8 * (2*(4096+4096) + 2*(4096+1024) + (4096 + 8)), ""},
		{8, "q_porj", 0, `no Linear module of this model is named "q_porj" (LoRA target modules) (hint: did you mean q_proj?`},
		{-1, "", 0, "bad LoRA rank -1"},
	} {
		targets, err := core.ParseLoRATargets(c.targets)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := core.Analyze(core.Request{Script: mixtralConfig, Inputs: [][]int64{{1, 16}}, Importers: importers.All(),
			Demand: &core.DemandOptions{Device: "h100-sxm", LoRARank: c.rank, LoRATargets: targets}})
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%d %q: error %v, want %q", c.rank, c.targets, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		s := rep.Demand.Serving
		if got := s.FineTune[1].Trainable; got != c.trainable || s.FineTune[4].Trainable != c.trainable {
			t.Errorf("%d %q: %d LoRA params, want %d", c.rank, c.targets, got, c.trainable)
		}
		if !strings.Contains(s.FineTune[1].Formula.In(msg.EN), "LoRA params (r = ") {
			t.Errorf("formula %q", s.FineTune[1].Formula.In(msg.EN))
		}
	}
	if _, err := core.ParseLoRATargets("q_proj,v-proj!"); err == nil {
		t.Error("bad target name accepted")
	}
}

// TestConfigImportHostile: a config within the field bounds whose model
// is too large stops with an error at the config's model_type, naming
// the line of the family definition.
func TestConfigImportHostile(t *testing.T) {
	text := `{"model_type": "mixtral", "vocab_size": 16777216, "hidden_size": 1048576, "intermediate_size": 1048576,
"num_attention_heads": 8, "num_hidden_layers": 1024, "num_local_experts": 4096, "num_experts_per_tok": 2}`
	_, err := core.Analyze(core.Request{Script: text, Filename: "config.json", Importers: importers.All()})
	if err == nil || !strings.HasPrefix(err.Error(), "config.json:1:2: the MixtralForCausalLM model this config builds: ") || !strings.Contains(err.Error(), "(at decoder.star:") {
		t.Fatalf("got %v", err)
	}
}

// TestQuantConv1D: GPT-2's Conv1D weights (stored in×out) are quantized
// like Linear weights, with int8's fp32 scale per output row: per block
// c_attn 768×2304, attn.c_proj 768×768, c_fc 768×3072, mlp.c_proj
// 3072×768; the embeddings and norms stay fp32 (GPT-2's torch_dtype).
func TestQuantConv1D(t *testing.T) {
	rep, err := core.Analyze(core.Request{Preset: "gpt2", Demand: &core.DemandOptions{Quant: "int8"}})
	if err != nil {
		t.Fatal(err)
	}
	q := int64(12 * (768*(2304+768+3072) + 3072*768))
	rows := int64(12 * (2304 + 768 + 3072 + 768))
	if want := q + rows*4 + (124439808-q)*4; rep.Memory.WeightsBytes != want {
		t.Errorf("gpt2 int8 weights %d B, want %d", rep.Memory.WeightsBytes, want)
	}
}

// TestPrefillQuantized: the prefill reads the weights as stored, so a
// memory-bound prefill (one token) of GPTQ int4 weights takes the
// quantized bytes' time, not the bf16 weights'.
func TestPrefillQuantized(t *testing.T) {
	prefill := func(quant string) (float64, int64, int64) {
		rep, err := core.Analyze(core.Request{Preset: "llama-3-8b", Inputs: [][]int64{{1, 1}}, Demand: &core.DemandOptions{Device: "h100-sxm", Quant: quant}})
		if err != nil {
			t.Fatal(err)
		}
		return rep.Demand.Serving.PrefillSeconds, rep.Demand.Roofline.FusedBytes, rep.Memory.WeightsBytes
	}
	bf16, fused, full := prefill("")
	gptq, _, qw := prefill("gptq-int4")
	if bf16 != float64(fused)/3.35e12 {
		t.Errorf("bf16 prefill %g s, want %d B / 3.35 TB/s", bf16, fused)
	}
	// the same bytes less the weights saved by quantizing
	if want := (float64(fused) - float64(full-qw)) / 3.35e12; math.Abs(gptq-want) > want*1e-6 {
		t.Errorf("gptq prefill %g s, want %g", gptq, want)
	}
}

// TestPublishedFP8: DeepSeek-V3's config.json says its weights are FP8;
// the report says so, and by default (= --quant fp8) the weights memory
// stores exactly the weights the
// published checkpoint holds in FP8: the Hub's F8_E4M3 count
// 680,571,043,840 (Hugging Face API safetensors.parameters, see
// hfconfig/testdata/published.json) is the 669,065,609,216 Linear weights
// FlopLab quantizes plus the multi-token-prediction layer's
// 11,505,434,624 (its attention, 256 routed experts and shared expert).
// --quant none counts them all at bf16.
func TestPublishedFP8(t *testing.T) {
	src, err := os.ReadFile("hfconfig/testdata/configs/DeepSeek-V3.json")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := core.Analyze(core.Request{Script: string(src), Inputs: [][]int64{{1, 16}}, Importers: importers.All(),
		Demand: &core.DemandOptions{}})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(rep.NotesIn(msg.EN), "\n")
	if !strings.Contains(notes, "quantization_config: the published weights are quantized (quant_method fp8, FP8 (e4m3), scales per 128×128 block); the inference weights memory counts them so, in the quantization fp8 by default (CLI --quant fp8); choose not quantized (CLI --quant none) for bf16") {
		t.Errorf("notes:\n%s", notes)
	}
	const h = 7168
	mtpFP8 := int64(1536*h + 128*192*1536 + 576*h + 128*256*512 + h*128*128 + 256*3*2048*h + 3*2048*h)
	for _, tm := range rep.Demand.Terms {
		if tm.ID == memory.Weights && !strings.HasPrefix(tm.Formula, "669,065,609,216 quantized params at fp8 + ") {
			t.Errorf("weights %s", tm.Formula)
		}
	}
	if rep.Demand.Quant != "fp8" || rep.Memory.Quant != "fp8" {
		t.Errorf("default quant %q %q", rep.Demand.Quant, rep.Memory.Quant)
	}
	d, err := core.ComputeDemand(rep, core.DemandOptions{Quant: core.QuantNone})
	if err != nil || d.Quant != "" || d.Memory.WeightsBytes != 2*rep.Totals.Params {
		t.Errorf("--quant none: %v %+v, want %d B", err, d.Memory, 2*rep.Totals.Params)
	}
	if 669065609216+mtpFP8 != 680571043840 {
		t.Errorf("FP8 weights %d + MTP %d, want the Hub's 680,571,043,840", int64(669065609216), mtpFP8)
	}
}
