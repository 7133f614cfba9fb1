package printout

import "sync"

// Helper functions the converted scripts call. Those the gallery presets
// (core/presets/*.star) or the config.json families
// (core/hfconfig/families/*.star) define are read from their files
// (galleryDef), so that a converted printout traces exactly as the preset
// does; the others are the converter's own.

// helperText is each helper's source, by name.
//
// It is built on first use, as knownBlocks is: some helpers are read from
// the gallery files, which only a pasted printout needs.
func helperText() map[string]string {
	helperTables.once.Do(loadHelpers)
	return helperTables.text
}

// helperDeps are the helpers (and, for a class wired by a builder, the
// functions its forward calls) each one needs; built with helperText.
func helperDeps() map[string][]string {
	helperTables.once.Do(loadHelpers)
	return helperTables.deps
}

var helperTables struct {
	once sync.Once
	text map[string]string
	deps map[string][]string
}

func loadHelpers() {
	text := ownHelpers()
	text["_freeze"] = freezeHelper
	galleryHelpers(text)
	llamaHelpers(text)
	deps := map[string][]string{
		"shifted_window_attention":         {"_span"},
		"ShiftedWindowAttention":           {"shifted_window_attention", "_get_relative_position_bias"},
		"PatchMerging":                     {"_patch_merging_pad"},
		"eager_attention_forward":          {"repeat_kv"},
		"apply_rotary_pos_emb":             {"rotate_half"},
		"_create_4d_causal_attention_mask": {"_MIN_FP32"},
		"LlamaAttention":                   {"apply_rotary_pos_emb", "eager_attention_forward"},
		"LlamaSdpaAttention":               {"apply_rotary_pos_emb", "eager_attention_forward"},
		"LlamaModel":                       {"_MIN_FP32"},
		"CLIPTextTransformer":              {"_create_4d_causal_attention_mask"},
		"WhisperDecoder":                   {"_create_4d_causal_attention_mask"},
	}
	// Mistral and Qwen2 copy Llama's modeling code (transformers marks
	// it "Copied from"): the same wiring and helpers.
	for _, c := range []string{"MistralAttention", "MistralSdpaAttention", "Qwen2Attention", "Qwen2SdpaAttention"} {
		deps[c] = deps["LlamaAttention"]
	}
	deps["MistralModel"] = deps["LlamaModel"]
	deps["Qwen2Model"] = deps["LlamaModel"]
	helperTables.text, helperTables.deps = text, deps
}

// galleryHelpers adds the helpers read from the gallery files, and
// LlamaRMSNorm.
func galleryHelpers(text map[string]string) {
	for name, file := range map[string]string{
		"Permute": "swin.star", "LayerNorm2d": "convnext.star", "_patch_merging_pad": "swin.star",
		"_get_relative_position_bias": "swin.star", "_span": "swin.star", "shifted_window_attention": "swin.star",
		"GELUActivation": "hf:bert.star", "Conv1D": "hf:gpt2.star", "NewGELUActivation": "hf:gpt2.star",
		"rotate_half": "hf:decoder.star", "repeat_kv": "hf:decoder.star", "_MIN_FP32": "hf:decoder.star",
		"apply_rotary_pos_emb": "hf:decoder.star", "eager_attention_forward": "hf:decoder.star",
		"channel_shuffle": "shufflenet.star",
	} {
		text[name] = galleryDef(file, name)
	}
	text["LlamaRMSNorm"] = `def LlamaRMSNorm(hidden_size, eps = 1e-6):
    self = Module("LlamaRMSNorm")
    self.weight = Parameter(hidden_size)
    self.variance_epsilon = eps

    def forward(hidden_states):
        # hidden_states.to(torch.float32) and .to(input_dtype) are no-ops in float32
        variance = hidden_states.pow(2).mean(-1, keepdim = True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states

    self.forward = forward
    return self
`
}

// llamaHelpers adds LlamaRotaryEmbedding, the causal mask and _tie.
func llamaHelpers(text map[string]string) {
	// As the preset's LlamaRotaryEmbedding(config), from the one size the
	// buffer depends on (the printout shows neither).
	text["LlamaRotaryEmbedding"] = `# rope_type "default": inv_freq = 1 / base^(arange(0, dim, 2) / dim), no parameters.
def LlamaRotaryEmbedding(head_dim):
    self = Module("LlamaRotaryEmbedding")
    self.rope_type = "default"
    self.register_buffer("inv_freq", torch.zeros(head_dim // 2), persistent = False)
    self.attention_scaling = 1.0

    def forward(x, position_ids):
        # Core RoPE block
        inv_freq_expanded = self.inv_freq.unsqueeze(0).unsqueeze(2).float().expand(position_ids.shape[0], -1, 1)  # inv_freq[None, :, None]
        position_ids_expanded = position_ids.unsqueeze(1).float()  # position_ids[:, None, :]
        freqs = (inv_freq_expanded.float() @ position_ids_expanded.float()).transpose(1, 2)
        emb = torch.cat((freqs, freqs), dim = -1)
        cos = emb.cos()
        sin = emb.sin()

        # Advanced RoPE types (e.g. yarn) apply a post-processing scaling factor
        cos = cos * self.attention_scaling
        sin = sin * self.attention_scaling
        return cos, sin

    self.forward = forward
    return self
`
	// The causal mask of CLIP's text transformer and Whisper's decoder
	// (transformers' modeling_attn_mask_utils, no padding mask, no cache).
	// Llama-family printouts take theirs from decoder.star's model.
	text["_create_4d_causal_attention_mask"] = `def _create_4d_causal_attention_mask(input_shape):
    # 0 on and below the diagonal, the dtype's minimum above
    bsz, tgt_len = input_shape
    mask = torch.full((tgt_len, tgt_len), _MIN_FP32)
    mask = torch.triu(mask, diagonal = 1)
    return mask.unsqueeze(0).unsqueeze(0).expand(bsz, 1, tgt_len, tgt_len)
`
	text["_tie"] = `def _tie(model, module, target):
    # module.weight = target.weight, as tie_weights() does: one shared
    # tensor, counted once.
    m = model
    for name in module.split("."):
        m = getattr(m, name)
    t = model
    for name in target.split("."):
        t = getattr(t, name)
    m.weight = t.weight
`
}
