package hfconfig

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
	"floplab/core/units"
)

// family is one model_type: the class FlopLab builds and how a config of
// it is read.
type family struct {
	modelType string
	class     string // the transformers class built ("LlamaForCausalLM")
	file      string // the definition in families/
	entry     string // the Starlark function that builds the model from config
	// read normalizes the config into the script's config dict and fills
	// the model's facts.
	read func(r *reader, out *dict, m *Model)
}

// dict is an ordered Starlark dict literal.
type dict struct {
	keys []string
	vals map[string]any
}

func (d *dict) set(k string, v any) {
	if d.vals == nil {
		d.vals = map[string]any{}
	}
	if _, ok := d.vals[k]; !ok {
		d.keys = append(d.keys, k)
	}
	d.vals[k] = v
}

func (d *dict) get(k string) any { return d.vals[k] }

var families = []family{
	{modelType: "llama", class: "LlamaForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "mistral", class: "MistralForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "mixtral", class: "MixtralForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "qwen2", class: "Qwen2ForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "qwen2_moe", class: "Qwen2MoeForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "qwen3", class: "Qwen3ForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "qwen3_moe", class: "Qwen3MoeForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "gemma", class: "GemmaForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "gemma2", class: "Gemma2ForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "gemma3_text", class: "Gemma3ForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "phi3", class: "Phi3ForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "deepseek_v2", class: "DeepseekV2ForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "deepseek_v3", class: "DeepseekV3ForCausalLM", file: "decoder", entry: "DecoderForCausalLM", read: readLlamaLike},
	{modelType: "gpt2", class: "GPT2LMHeadModel", file: "gpt2", entry: "GPT2LMHeadModel", read: readGPT2},
	{modelType: "gpt_neox", class: "GPTNeoXForCausalLM", file: "gpt_neox", entry: "GPTNeoXForCausalLM", read: readGPTNeoX},
	{modelType: "falcon", class: "FalconForCausalLM", file: "falcon", entry: "FalconForCausalLM", read: readFalcon},
	{modelType: "bert", class: "BertModel", file: "bert", entry: "BertModel", read: readBERT},
	{modelType: "t5", class: "T5ForConditionalGeneration", file: "t5", entry: "T5ForConditionalGeneration", read: readT5},
}

// aliases are older model_type names of a family.
var aliases = map[string]string{"RefinedWebModel": "falcon", "RefinedWeb": "falcon"}

// Families lists the model_type values FlopLab builds, in its order.
func Families() []string {
	var out []string
	for _, f := range families {
		out = append(out, f.modelType)
	}
	return out
}

func lookupFamily(modelType string) (family, bool) {
	if a, ok := aliases[modelType]; ok {
		modelType = a
	}
	for _, f := range families {
		if f.modelType == modelType {
			return f, true
		}
	}
	return family{}, false
}

// nearest is the known model_type closest to s: one that s starts with
// (qwen2_vl -> qwen2), else the least edit distance.
func nearest(s string) string {
	s = strings.ToLower(s)
	best, bestLen := "", 0
	for _, f := range families {
		if strings.HasPrefix(s, f.modelType) && len(f.modelType) > bestLen {
			best, bestLen = f.modelType, len(f.modelType)
		}
	}
	if best != "" {
		return best
	}
	types := make([]string, len(families))
	for i, f := range families {
		types[i] = f.modelType
	}
	best, _ = diag.Nearest(s, types)
	return best
}

// prefixes are the class-name prefixes of the decoder families.
var prefixes = map[string]string{
	"llama": "Llama", "mistral": "Mistral", "mixtral": "Mixtral", "qwen2": "Qwen2", "qwen2_moe": "Qwen2Moe",
	"qwen3": "Qwen3", "qwen3_moe": "Qwen3Moe", "gemma": "Gemma", "gemma2": "Gemma2", "gemma3_text": "Gemma3",
	"phi3": "Phi3", "deepseek_v2": "DeepseekV2", "deepseek_v3": "DeepseekV3",
}

// readLlamaLike reads the decoder families (families/decoder.star), with
// each one's defaults as its transformers configuration class has them.
func readLlamaLike(r *reader, out *dict, m *Model) {
	mt := m.ModelType
	gemma := mt == "gemma" || mt == "gemma2" || mt == "gemma3_text"
	deepseek := mt == "deepseek_v2" || mt == "deepseek_v3"
	moe := ""
	switch mt {
	case "mixtral":
		moe = "mixtral"
	case "qwen2_moe", "qwen3_moe":
		moe = mt
	case "deepseek_v2", "deepseek_v3":
		moe = "deepseek"
	}

	out.set("_prefix", prefixes[mt])
	vocab := r.int("vocab_size")
	hidden := r.int("hidden_size")
	layers := r.int("num_hidden_layers")
	heads := r.int("num_attention_heads")
	inter := r.int("intermediate_size")
	kvHeads := r.intOr("num_key_value_heads", heads)
	if kvHeads < 1 {
		kvHeads = heads
	}
	headDim := hidden / heads
	switch mt {
	case "gemma", "gemma2", "gemma3_text":
		headDim = r.intOr("head_dim", 256)
	case "qwen3", "qwen3_moe":
		headDim = r.intOr("head_dim", 128)
	default:
		headDim = r.intOr("head_dim", headDim)
	}
	if headDim < 1 {
		headDim = hidden / heads
	}
	if heads%kvHeads != 0 && r.err == nil {
		r.fail("num_key_value_heads", msg.F("num_attention_heads (%d) is not a multiple of num_key_value_heads (%d)", heads, kvHeads),
			msg.F("each key/value head serves the same number of query heads"))
	}
	maxPos := r.intOr("max_position_embeddings", map[string]int64{"llama": 2048, "mistral": 32768, "mixtral": 32768,
		"qwen2": 32768, "qwen2_moe": 8192, "qwen3": 32768, "qwen3_moe": 32768, "gemma": 8192, "gemma2": 8192,
		"gemma3_text": 131072, "phi3": 4096, "deepseek_v2": 2048, "deepseek_v3": 4096}[mt])
	eps := r.floatOr("rms_norm_eps", map[string]float64{"mixtral": 1e-5, "phi3": 1e-5}[mt])
	if !r.c.Has("rms_norm_eps") && mt != "mixtral" && mt != "phi3" {
		eps = 1e-6
	}
	act := r.strOr("hidden_act", map[bool]string{true: "gelu_pytorch_tanh", false: "silu"}[gemma])
	if gemma {
		// Gemma's MLP uses hidden_activation (gelu_pytorch_tanh when null)
		act = r.strOr("hidden_activation", "gelu_pytorch_tanh")
	}
	switch act {
	case "silu", "swish", "gelu", "gelu_pytorch_tanh", "relu":
	default:
		r.fail("hidden_act", msg.F("hidden_act %q is not an activation FlopLab knows", act), msg.F("known: silu, gelu, gelu_pytorch_tanh, relu"))
	}
	tieDefault := gemma
	tie := r.boolOr("tie_word_embeddings", tieDefault)

	out.set("vocab_size", vocab)
	out.set("hidden_size", hidden)
	out.set("intermediate_size", inter)
	out.set("num_hidden_layers", layers)
	out.set("num_attention_heads", heads)
	out.set("num_key_value_heads", kvHeads)
	out.set("head_dim", headDim)
	out.set("hidden_act", act)
	out.set("max_position_embeddings", maxPos)
	out.set("rms_norm_eps", eps)
	out.set("pad_token_id", r.optInt("pad_token_id"))
	out.set("tie_word_embeddings", tie)
	out.set("rope_theta", r.floatOr("rope_theta", 10000))
	attnBias := r.boolOr("attention_bias", false)
	oBias := attnBias
	if mt == "qwen2" || mt == "qwen2_moe" {
		// Qwen2: q, k and v have biases, o does not
		attnBias, oBias = true, false
	}
	if mt == "phi3" {
		attnBias, oBias = false, false
	}
	out.set("attention_bias", attnBias)
	out.set("_o_bias", oBias)
	out.set("attention_dropout", r.floatOr("attention_dropout", 0))
	out.set("mlp_bias", r.boolOr("mlp_bias", false) && mt == "llama")
	out.set("resid_pdrop", r.floatOr("resid_pdrop", 0))

	// attention and masks
	query := headDim
	var window any
	mask := "llama"
	var layerTypes []string
	for range layers {
		layerTypes = append(layerTypes, "full_attention")
	}
	switch mt {
	case "mistral", "mixtral", "phi3":
		mask = "sliding"
		window = r.optInt("sliding_window")
		if mt == "mistral" && !r.c.Has("sliding_window") {
			window = int64(4096)
		}
	case "qwen2", "qwen2_moe", "qwen3", "qwen3_moe":
		mask = "sliding"
		// the mask only adds the window when use_sliding_window is set
		if r.boolOr("use_sliding_window", false) {
			window = r.optInt("sliding_window")
		}
	case "gemma2", "gemma3_text":
		window = r.intOr("sliding_window", 4096)
		query = r.intOr("query_pre_attn_scalar", 256)
		pattern := r.intOr("sliding_window_pattern", 6)
		given := r.strList("layer_types")
		for i := range layerTypes {
			sliding := false
			if mt == "gemma2" {
				sliding = i%2 == 0
			} else if pattern > 0 {
				sliding = (int64(i)+1)%pattern != 0
			}
			if i < len(given) {
				sliding = given[i] == "sliding_attention"
			}
			if sliding {
				layerTypes[i] = "sliding_attention"
			}
		}
	}
	if mask == "sliding" && window != nil {
		for i := range layerTypes {
			layerTypes[i] = "sliding_attention"
		}
	}
	out.set("sliding_window", window)
	out.set("_mask", mask)
	out.set("_layer_types", layerTypes)
	out.set("_query_scale_dim", query)
	out.set("attn_logit_softcapping", any(nil))
	out.set("final_logit_softcapping", any(nil))
	if mt == "gemma2" {
		out.set("attn_logit_softcapping", r.optFloat("attn_logit_softcapping"))
		out.set("final_logit_softcapping", r.optFloat("final_logit_softcapping"))
	}
	if mt == "gemma3_text" {
		out.set("final_logit_softcapping", r.optFloat("final_logit_softcapping"))
	}
	rot := headDim
	if mt == "phi3" {
		rot = int64(float64(headDim) * r.floatOr("partial_rotary_factor", 1))
	}
	out.set("_qk_norm", mt == "qwen3" || mt == "qwen3_moe" || mt == "gemma3_text")
	out.set("_gemma", gemma)
	out.set("_embed_scale", gemma)
	out.set("_sandwich_norms", mt == "gemma2" || mt == "gemma3_text")
	out.set("_local_rope", mt == "gemma3_text")
	out.set("_fused_qkv", mt == "phi3")
	out.set("_fused_gate_up", mt == "phi3")

	// multi-head latent attention
	out.set("_mla", deepseek)
	kv := KVLayout{Layers: layers, KVHeads: kvHeads, HeadDim: headDim, VHeadDim: headDim, Heads: heads}
	if deepseek {
		qLora := r.optInt("q_lora_rank")
		if mt == "deepseek_v3" && !r.c.Has("q_lora_rank") {
			qLora = int64(1536)
		}
		kvLora := r.int("kv_lora_rank")
		nope := r.intOr("qk_nope_head_dim", 128)
		ropeDim := r.intOr("qk_rope_head_dim", 64)
		vDim := r.intOr("v_head_dim", 128)
		out.set("q_lora_rank", qLora)
		out.set("kv_lora_rank", kvLora)
		out.set("qk_nope_head_dim", nope)
		out.set("qk_rope_head_dim", ropeDim)
		out.set("v_head_dim", vDim)
		out.set("_mla_mscale", 1.0)
		rot = ropeDim
		kv = KVLayout{Layers: layers, Heads: heads, KVHeads: heads, HeadDim: nope + ropeDim, VHeadDim: vDim,
			Latent: kvLora + ropeDim}
	}
	out.set("_rotary_dim", rot)
	kv.Window = make([]int64, layers)
	for i, t := range layerTypes {
		if t == "sliding_attention" {
			if w, ok := window.(int64); ok {
				kv.Window[i] = w
			}
		}
	}
	m.KV = kv

	// mixture of experts
	out.set("_moe", moe)
	moeLayers := make([]bool, layers)
	if moe != "" {
		topK := r.intOr("num_experts_per_tok", map[string]int64{"mixtral": 2, "qwen2_moe": 4, "qwen3_moe": 8, "deepseek": 6}[moe])
		out.set("num_experts_per_tok", topK)
		var experts, shared int64
		switch moe {
		case "mixtral":
			experts = r.intOr("num_local_experts", 8)
			out.set("num_local_experts", experts)
			for i := range moeLayers {
				moeLayers[i] = true
			}
		case "qwen2_moe", "qwen3_moe":
			experts = r.intOr("num_experts", map[string]int64{"qwen2_moe": 60, "qwen3_moe": 128}[moe])
			out.set("num_experts", experts)
			out.set("moe_intermediate_size", r.intOr("moe_intermediate_size", map[string]int64{"qwen2_moe": 1408, "qwen3_moe": 768}[moe]))
			if moe == "qwen2_moe" {
				out.set("shared_expert_intermediate_size", r.intOr("shared_expert_intermediate_size", 5632))
				shared = 1
			}
			step := r.intOr("decoder_sparse_step", 1)
			only := map[int64]bool{}
			for _, l := range r.intList("mlp_only_layers") {
				only[l] = true
			}
			for i := range moeLayers {
				moeLayers[i] = !only[int64(i)] && experts > 0 && step > 0 && (int64(i)+1)%step == 0
			}
		case "deepseek":
			experts = r.intOr("n_routed_experts", 0)
			shared = r.intOr("n_shared_experts", 0)
			out.set("n_routed_experts", experts)
			out.set("n_shared_experts", shared)
			out.set("moe_intermediate_size", r.int("moe_intermediate_size"))
			first := r.intOr("first_k_dense_replace", 0)
			freq := r.intOr("moe_layer_freq", 1)
			for i := range moeLayers {
				moeLayers[i] = experts > 0 && int64(i) >= first && freq > 0 && int64(i)%freq == 0
			}
			out.set("_router_bias", mt == "deepseek_v3")
			m.MTPLayers = r.intOr("num_nextn_predict_layers", 0)
		}
		if topK > experts && r.err == nil {
			r.fail("num_experts_per_tok", msg.F("num_experts_per_tok (%d) is more than the %d experts", topK, experts),
				msg.F("each token picks num_experts_per_tok of the routed experts"))
		}
		m.MoE = &MoE{Experts: experts, TopK: topK, Shared: shared}
		for _, b := range moeLayers {
			if b {
				m.MoE.Layers++
			}
		}
		if moe == "deepseek" {
			deepseekCheckpoint(r, out, m)
		}
	}
	out.set("_moe_layers", moeLayers)
	m.MaxPositions = maxPos
	m.Tied = tie
	if mt == "llama" {
		llamaInvFreq(r, m, layers, headDim)
	}
	if mt == "qwen3" && tie {
		qwen3TiedHead(m, vocab, hidden)
	}
}

// qwen3TiedHead adds the copy of the tied head that Qwen's published
// Qwen3 checkpoints hold. Qwen3ForCausalLM ties lm_head.weight to
// model.embed_tokens.weight when tie_word_embeddings is true: one tensor,
// counted once. Qwen's releases nevertheless store both keys:
// Qwen/Qwen3-0.6B's model.safetensors holds 311 tensors, lm_head.weight
// among them, 751,632,384 values for the class's 596,049,920
// (tesf777/nano-vllm Qwen3-0.6B/Qwen3-0.6B_weights_info.md @b6479a8), and
// torchtune's Qwen3 converter says both weights are on the Hub for the
// tied Qwen3 models except Qwen3-4B, which stores the embedding only
// (pytorch/torchtune torchtune/models/qwen3/_convert_weights.py
// @f0b2e60). A checkpoint written by transformers' save_pretrained (a
// fine-tune) drops the tied copy. The config cannot tell which: a part
// the checkpoint may hold, in no total.
func qwen3TiedHead(m *Model, vocab, hidden int64) {
	n, ok := mulChecked(vocab, hidden)
	if !ok || n < 1 {
		return
	}
	m.CheckpointMaybe = append(m.CheckpointMaybe, CheckpointPart{Params: n,
		Why: msg.F("lm_head.weight (%d×%d) stored beside model.embed_tokens.weight although tie_word_embeddings is true: the model ties them (one tensor, counted once), but Qwen's published Qwen3 checkpoints keep both keys (Qwen/Qwen3-0.6B: 751,632,384 values stored for 596,049,920 parameters; Qwen3-4B stores the embedding only, per torchtune's Qwen3 converter), while save_pretrained drops the copy", vocab, hidden)})
}

// llamaInvFreq adds the rotary inv_freq buffers a llama checkpoint saved
// by transformers < 4.32 holds. LlamaRotaryEmbedding registered inv_freq
// (one fp32 value per pair of a head's dimensions: ceil(head_dim/2)) as a
// persistent buffer until huggingface/transformers PR #24998 ("[Llama]
// remove persistent inv_freq tensor", merged July 2023 on 4.32.0.dev0,
// released in v4.32.0) made it persistent=False; save_pretrained writes
// model.state_dict(), so each layer's self_attn.rotary_emb.inv_freq went
// into the checkpoint. convert_llama_weights_to_hf.py puts inv_freq into
// its temporary state dict in every version, but the published files are
// written by from_pretrained + save_pretrained, so the buffer's
// persistence decides. A 4.32.0.dev0 build may be from either side of the
// PR (meta-llama/Llama-2-70b-hf, 4.32.0.dev0, holds them): a part the
// config cannot confirm, in no total. Without transformers_version nothing
// is said.
func llamaInvFreq(r *reader, m *Model, layers, headDim int64) {
	v, _ := r.c.values["transformers_version"].(string)
	major, minor, patch, rest, ok := parseVersion(v)
	if !ok || layers < 1 || headDim < 1 {
		return
	}
	per := (headDim + 1) / 2
	n, ok := mulChecked(layers, per)
	if !ok {
		return
	}
	switch {
	case major < 4 || major == 4 && minor < 32:
		m.CheckpointExtra = append(m.CheckpointExtra, CheckpointPart{Params: n,
			Why: msg.F("%d layers × %d rotary inv_freq values (head_dim/2): the config was saved by transformers %s, and before v4.32.0 (huggingface/transformers PR #24998) LlamaRotaryEmbedding kept inv_freq as a persistent buffer, so save_pretrained wrote each layer's self_attn.rotary_emb.inv_freq", layers, per, v)})
	case major == 4 && minor == 32 && patch == 0 && strings.HasPrefix(rest, ".dev"):
		m.CheckpointMaybe = append(m.CheckpointMaybe, CheckpointPart{Params: n,
			Why: msg.F("%d layers × %d rotary inv_freq values (head_dim/2), if this transformers %s build predates huggingface/transformers PR #24998 (July 2023), which stopped saving each layer's self_attn.rotary_emb.inv_freq; meta-llama/Llama-2-70b-hf (also %s) holds them, checkpoints of v4.32.0 and later do not", layers, per, v, v)})
	}
}

// parseVersion reads a transformers version "4.31.0.dev0" as 4, 31, 0 and
// the rest ".dev0": one to four digits, a dot, one to four digits, and
// optionally a dot and one to four digits, then anything but a newline
// (what the regular expression ^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?(.*)$
// matches; written out, because a regexp here put Go's regexp package and
// its Unicode tables into app.wasm, about 300 KB).
func parseVersion(v string) (major, minor, patch int64, rest string, ok bool) {
	// digits reads one to four ASCII digits at the start of s.
	digits := func(s string) (n int64, width int) {
		for width < len(s) && width < 4 && '0' <= s[width] && s[width] <= '9' {
			n = n*10 + int64(s[width]-'0')
			width++
		}
		return n, width
	}
	major, w := digits(v)
	if w == 0 || w == len(v) || v[w] != '.' {
		return 0, 0, 0, "", false
	}
	v = v[w+1:]
	minor, w = digits(v)
	if w == 0 {
		return 0, 0, 0, "", false
	}
	v = v[w:]
	if len(v) > 1 && v[0] == '.' {
		if p, w := digits(v[1:]); w > 0 {
			patch, v = p, v[1+w:]
		}
	}
	if strings.Contains(v, "\n") {
		return 0, 0, 0, "", false
	}
	return major, minor, patch, v, true
}

// mulChecked is a·b, false on overflow.
func mulChecked(a, b int64) (int64, bool) {
	if a != 0 && b > math.MaxInt64/a {
		return 0, false
	}
	return a * b, true
}

// readGPT2 reads a gpt2 config (families/gpt2.star).
func readGPT2(r *reader, out *dict, m *Model) {
	out.set("vocab_size", r.int("vocab_size"))
	nPos := r.intOr("n_positions", 1024)
	out.set("n_positions", nPos)
	embd := r.int("n_embd")
	out.set("n_embd", embd)
	layers := r.int("n_layer")
	out.set("n_layer", layers)
	heads := r.int("n_head")
	out.set("n_head", heads)
	out.set("n_inner", r.optInt("n_inner"))
	act := r.strOr("activation_function", "gelu_new")
	if act != "gelu_new" && r.err == nil {
		m.Notes = append(m.Notes, msg.F("activation_function %q is counted as gelu_new (the same parameters; the activation's own operations may differ)", act))
	}
	out.set("activation_function", "gelu_new")
	out.set("resid_pdrop", r.floatOr("resid_pdrop", 0.1))
	out.set("embd_pdrop", r.floatOr("embd_pdrop", 0.1))
	out.set("attn_pdrop", r.floatOr("attn_pdrop", 0.1))
	out.set("layer_norm_epsilon", r.floatOr("layer_norm_epsilon", 1e-5))
	out.set("scale_attn_weights", r.boolOr("scale_attn_weights", true))
	out.set("scale_attn_by_inverse_layer_idx", r.boolOr("scale_attn_by_inverse_layer_idx", false))
	tie := r.boolOr("tie_word_embeddings", true)
	out.set("tie_word_embeddings", tie)
	if embd%heads != 0 && r.err == nil {
		r.fail("n_head", msg.F("n_embd (%d) is not a multiple of n_head (%d)", embd, heads), msg.F("each head takes n_embd / n_head values"))
	}
	m.MaxPositions = nPos
	m.Tied = tie
	m.KV = KVLayout{Layers: layers, Heads: heads, KVHeads: heads, HeadDim: embd / heads, VHeadDim: embd / heads, Window: make([]int64, layers)}
	m.CheckpointExtra = append(m.CheckpointExtra, CheckpointPart{
		Params: layers * nPos * nPos,
		Why:    msg.F("every block's causal-mask buffer attn.bias (%d×%d) is saved in the checkpoint", nPos, nPos),
	})
}

// readBERT reads a bert config (families/bert.star).
func readBERT(r *reader, out *dict, m *Model) {
	out.set("vocab_size", r.int("vocab_size"))
	hidden := r.int("hidden_size")
	out.set("hidden_size", hidden)
	out.set("num_hidden_layers", r.int("num_hidden_layers"))
	heads := r.int("num_attention_heads")
	out.set("num_attention_heads", heads)
	out.set("intermediate_size", r.int("intermediate_size"))
	out.set("hidden_act", r.strOr("hidden_act", "gelu"))
	out.set("hidden_dropout_prob", r.floatOr("hidden_dropout_prob", 0.1))
	out.set("attention_probs_dropout_prob", r.floatOr("attention_probs_dropout_prob", 0.1))
	maxPos := r.intOr("max_position_embeddings", 512)
	out.set("max_position_embeddings", maxPos)
	out.set("type_vocab_size", r.intOr("type_vocab_size", 2))
	out.set("layer_norm_eps", r.floatOr("layer_norm_eps", 1e-12))
	out.set("pad_token_id", r.intOr("pad_token_id", 0))
	if hidden%heads != 0 && r.err == nil {
		r.fail("num_attention_heads", msg.F("hidden_size (%d) is not a multiple of num_attention_heads (%d)", hidden, heads), msg.F("each head takes hidden_size / num_attention_heads values"))
	}
	m.MaxPositions = maxPos
	m.Encoder = true
	if len(r.c.Architectures) > 0 && r.c.Architectures[0] != "BertModel" {
		m.Notes = append(m.Notes, msg.F("counted as BertModel with its pooler (the %s checkpoint adds its task head)", r.c.Architectures[0]))
	}
}

// deepseekCheckpoint adds what DeepSeek's published checkpoints hold
// beyond the class: the multi-token-prediction layers (a MoE decoder layer
// with its own embedding and head copies, two input norms, the projection
// eh_proj from 2·hidden to hidden and a final norm) and, for FP8 weights,
// one fp32 weight_scale_inv per block of every FP8 Linear weight (all the
// decoder layers' projections and experts; not the router, the embeddings,
// the head or eh_proj).
func deepseekCheckpoint(r *reader, out *dict, m *Model) {
	geti := func(k string) int64 { v, _ := out.get(k).(int64); return v }
	h, heads, vocab := geti("hidden_size"), geti("num_attention_heads"), geti("vocab_size")
	kvl, nope, rope, vd := geti("kv_lora_rank"), geti("qk_nope_head_dim"), geti("qk_rope_head_dim"), geti("v_head_dim")
	ql, hasQL := out.get("q_lora_rank").(int64)
	E, shared, mi, inter := geti("n_routed_experts"), geti("n_shared_experts"), geti("moe_intermediate_size"), geti("intermediate_size")
	bias, _ := out.get("attention_bias").(bool)
	// the Linear weights of one layer as (out, in)
	var attn [][2]int64
	if hasQL {
		attn = append(attn, [2]int64{ql, h}, [2]int64{heads * (nope + rope), ql})
	} else {
		attn = append(attn, [2]int64{heads * (nope + rope), h})
	}
	attn = append(attn, [2]int64{kvl + rope, h}, [2]int64{heads * (nope + vd), kvl}, [2]int64{h, heads * vd})
	mlp := func(i int64) [][2]int64 { return [][2]int64{{i, h}, {i, h}, {h, i}} }
	sum := func(ws [][2]int64, f func(o, i int64) int64) int64 {
		var n int64
		for _, w := range ws {
			n += f(w[0], w[1])
		}
		return n
	}
	numel := func(o, i int64) int64 { return o * i }
	moeLayer := sum(attn, numel) + E*sum(mlp(mi), numel) + E*h + sum(mlp(mi*shared), numel) + 2*h
	if hasQL {
		moeLayer += ql
	}
	moeLayer += kvl
	if out.get("_router_bias") == true {
		moeLayer += E
	}
	if bias {
		moeLayer += kvl + rope + h
		if hasQL {
			moeLayer += ql
		}
	}
	if m.MTPLayers > 0 && E > 0 {
		per := moeLayer + 3*h + 2*h*h + 2*vocab*h
		m.CheckpointExtra = append(m.CheckpointExtra, CheckpointPart{Params: m.MTPLayers * per,
			Why: msg.F("%d multi-token-prediction layer(s) (num_nextn_predict_layers), not part of the model class: each a MoE decoder layer with its own copies of the embedding and the head, %s parameters", m.MTPLayers, units.Thousands(per))})
	}
	q, ok := r.c.values["quantization_config"].(map[string]any)
	if !ok || q["quant_method"] != "fp8" {
		return
	}
	bs, _ := q["weight_block_size"].([]any)
	if len(bs) != 2 {
		return
	}
	var blk [2]int64
	for i, v := range bs {
		n, err := strconv.ParseInt(fmt.Sprint(v), 10, 64)
		if err != nil || n < 1 {
			return
		}
		blk[i] = n
	}
	blocks := func(o, i int64) int64 { return ((o + blk[0] - 1) / blk[0]) * ((i + blk[1] - 1) / blk[1]) }
	var scales int64
	moeLayers := m.MoE.Layers + m.MTPLayers
	dense := geti("num_hidden_layers") - m.MoE.Layers
	scales += (dense + moeLayers) * sum(attn, blocks)
	scales += dense * sum(mlp(inter), blocks)
	scales += moeLayers * (E*sum(mlp(mi), blocks) + sum(mlp(mi*shared), blocks))
	m.CheckpointExtra = append(m.CheckpointExtra, CheckpointPart{Params: scales,
		Why: msg.F("FP8 weights: one fp32 weight_scale_inv per %d×%d block of every FP8 Linear weight", blk[0], blk[1])})
}

// readGPTNeoX reads a gpt_neox config (families/gpt_neox.star).
func readGPTNeoX(r *reader, out *dict, m *Model) {
	vocab, hidden := r.int("vocab_size"), r.int("hidden_size")
	layers, heads := r.int("num_hidden_layers"), r.int("num_attention_heads")
	out.set("vocab_size", vocab)
	out.set("hidden_size", hidden)
	out.set("num_hidden_layers", layers)
	out.set("num_attention_heads", heads)
	out.set("intermediate_size", r.int("intermediate_size"))
	maxPos := r.intOr("max_position_embeddings", 2048)
	out.set("max_position_embeddings", maxPos)
	out.set("layer_norm_eps", r.floatOr("layer_norm_eps", 1e-5))
	out.set("use_parallel_residual", r.boolOr("use_parallel_residual", true))
	out.set("attention_bias", r.boolOr("attention_bias", true))
	out.set("attention_dropout", r.floatOr("attention_dropout", 0))
	out.set("hidden_dropout", r.floatOr("hidden_dropout", 0))
	tie := r.boolOr("tie_word_embeddings", false)
	out.set("tie_word_embeddings", tie)
	if act := r.strOr("hidden_act", "gelu"); act != "gelu" && r.err == nil {
		m.Notes = append(m.Notes, msg.F("hidden_act %q is counted as gelu (the same parameters; the activation's own operations may differ)", act))
	}
	if hidden%heads != 0 && r.err == nil {
		r.fail("num_attention_heads", msg.F("hidden_size (%d) is not a multiple of num_attention_heads (%d)", hidden, heads), msg.F("each head takes hidden_size / num_attention_heads values"))
	}
	hd := hidden / heads
	out.set("_rotary_ndims", int64(float64(hd)*r.floatOr("rotary_pct", 0.25)))
	m.MaxPositions, m.Tied = maxPos, tie
	m.KV = KVLayout{Layers: layers, Heads: heads, KVHeads: heads, HeadDim: hd, VHeadDim: hd, Window: make([]int64, layers)}
}

// readFalcon reads a falcon config (families/falcon.star), older
// RefinedWeb names included.
func readFalcon(r *reader, out *dict, m *Model) {
	vocab := r.int("vocab_size")
	hidden := r.int("hidden_size")
	layers := r.intOr("num_hidden_layers", 0)
	if layers == 0 {
		layers = r.int("n_layer")
	}
	heads := r.intOr("num_attention_heads", 0)
	if heads == 0 {
		heads = r.int("n_head")
	}
	newArch := r.boolOr("new_decoder_architecture", false)
	multiQuery := r.boolOr("multi_query", true)
	kv := int64(1)
	if newArch || !multiQuery {
		kv = r.intOr("num_kv_heads", heads)
		if r.c.Has("n_head_kv") {
			kv = r.intOr("n_head_kv", heads)
		}
	}
	if !newArch && !multiQuery {
		kv = heads
	}
	if hidden%heads != 0 && r.err == nil {
		r.fail("num_attention_heads", msg.F("hidden_size (%d) is not a multiple of num_attention_heads (%d)", hidden, heads), msg.F("each head takes hidden_size / num_attention_heads values"))
	}
	if kv < 1 || heads%kv != 0 {
		if r.err == nil {
			r.fail("num_kv_heads", msg.F("num_attention_heads (%d) is not a multiple of num_key_value_heads (%d)", heads, kv), msg.F("each key/value head serves the same number of query heads"))
		}
		kv = 1
	}
	if r.boolOr("alibi", false) && r.err == nil {
		m.Notes = append(m.Notes, msg.F("alibi: the attention bias has no parameters; FlopLab counts rotary embeddings in its place"))
	}
	lnPar := r.intOr("num_ln_in_parallel_attn", 0)
	if lnPar == 0 && newArch {
		lnPar = 2
	}
	out.set("vocab_size", vocab)
	out.set("hidden_size", hidden)
	out.set("num_hidden_layers", layers)
	out.set("num_attention_heads", heads)
	out.set("_num_kv_heads", kv)
	out.set("_head_dim", hidden/heads)
	out.set("ffn_hidden_size", r.intOr("ffn_hidden_size", 4*hidden))
	out.set("bias", r.boolOr("bias", false))
	out.set("parallel_attn", r.boolOr("parallel_attn", true))
	out.set("_num_ln_in_parallel_attn", lnPar)
	out.set("layer_norm_epsilon", r.floatOr("layer_norm_epsilon", 1e-5))
	out.set("attention_dropout", r.floatOr("attention_dropout", 0))
	tie := r.boolOr("tie_word_embeddings", true)
	out.set("tie_word_embeddings", tie)
	m.MaxPositions, m.Tied = r.intOr("max_position_embeddings", 2048), tie
	m.KV = KVLayout{Layers: layers, Heads: heads, KVHeads: kv, HeadDim: hidden / heads, VHeadDim: hidden / heads, Window: make([]int64, layers)}
}

// readT5 reads a t5 config (families/t5.star).
func readT5(r *reader, out *dict, m *Model) {
	out.set("vocab_size", r.int("vocab_size"))
	dModel := r.int("d_model")
	out.set("d_model", dModel)
	dkv := r.intOr("d_kv", 64)
	out.set("d_kv", dkv)
	out.set("d_ff", r.int("d_ff"))
	layers := r.int("num_layers")
	out.set("num_layers", layers)
	dec := r.intOr("num_decoder_layers", layers)
	out.set("num_decoder_layers", dec)
	heads := r.int("num_heads")
	out.set("num_heads", heads)
	out.set("relative_attention_num_buckets", r.intOr("relative_attention_num_buckets", 32))
	out.set("dropout_rate", r.floatOr("dropout_rate", 0.1))
	out.set("layer_norm_epsilon", r.floatOr("layer_norm_epsilon", 1e-6))
	proj := r.strOr("feed_forward_proj", "relu")
	gated := strings.HasPrefix(proj, "gated-")
	act := strings.TrimPrefix(proj, "gated-")
	switch act {
	case "relu", "gelu", "gelu_new", "gelu_pytorch_tanh":
	default:
		r.fail("feed_forward_proj", msg.F("feed_forward_proj %q is not one FlopLab knows", proj), msg.F("known: relu, gated-gelu, gelu, gated-relu"))
	}
	if gated && act == "gelu" {
		act = "gelu_new" // transformers: "gated-gelu" means gelu_new
	}
	out.set("is_gated_act", gated)
	out.set("dense_act_fn", act)
	tie := r.boolOr("tie_word_embeddings", true)
	out.set("tie_word_embeddings", tie)
	m.MaxPositions, m.Tied = r.intOr("n_positions", 512), tie
	m.EncoderDecoder = true
	m.KV = KVLayout{Layers: dec, Heads: heads, KVHeads: heads, HeadDim: dkv, VHeadDim: dkv, Window: make([]int64, dec)}
	if !gated {
		// measured on t5-base; the original T5 release's checkpoints
		m.CheckpointExtra = append(m.CheckpointExtra, CheckpointPart{Params: r.intOr("relative_attention_num_buckets", 32) * heads,
			Why: msg.F("the first decoder block's cross-attention stores a relative_attention_bias (%d×%d) that the model never uses", r.intOr("relative_attention_num_buckets", 32), heads)})
	}
}
