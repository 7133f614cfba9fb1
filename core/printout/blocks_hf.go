package printout

import (
	"fmt"
	"strconv"

	"floplab/core/internal/lazy"
)

// Wiring of Hugging Face transformers' BERT (4.40 modeling_bert.py,
// eager attention), GPT-2 (4.40 modeling_gpt2.py) and Llama (4.48
// modeling_llama.py), written as the gallery presets write them so a
// converted printout traces to the preset's graph. Token models take
// token ids: input_dtype "long", input_shape (1, seq).

const hf = "Hugging Face transformers "

func tokenInput(seq int64, why string) (string, string, string) {
	return fmt.Sprintf("(1, %d)", seq), "long", why
}

// transposeForScores and selfAttentionBody are BERT's eager
// self-attention as core/hfconfig/families/bert.star writes it, which
// ViT's copies ("Copied from BertSelfAttention"); read on first use (see
// knownBlocks).
var (
	transposeForScores = lazy.Value[string]{Build: func() string {
		return galleryHelper("hf:bert.star", "BertSelfAttention", "transpose_for_scores", "num_attention_heads", "attention_head_size")
	}}
	selfAttentionBody = lazy.Value[string]{Build: func() string {
		return galleryForward("hf:bert.star", "BertSelfAttention", "attention_head_size", "all_head_size")
	}}
)

// hfBlocks are the Hugging Face blocks.
func hfBlocks() []block {
	return []block{
		// ---- BERT ----
		{class: "BertModel", optional: []string{"pooler"}, source: hf + "4.40 modeling_bert.py BertModel.forward",
			sig: "input_ids, attention_mask = None, token_type_ids = None",
			inputFn: func(r *resolved, m *Module) (string, string, string) {
				return tokenInput(128, "128 token ids, batch 1; the model takes up to max_position_embeddings")
			},
			script: "\n" + galleryHelper("hf:bert.star", "BertModel", "get_extended_attention_mask"),
			body:   galleryForward("hf:bert.star", "BertModel")},
		{class: "BertEmbeddings", source: hf + "4.40 modeling_bert.py BertEmbeddings.forward",
			sig: "input_ids, token_type_ids = None, position_ids = None, past_key_values_length = 0",
			resolve: func(r *resolved, m *Module, path string) {
				n := childInt(m, "position_embeddings", "num_embeddings", 0)
				if n < 0 {
					r.fail(m, path, "position_embeddings does not print its size")
					return
				}
				r.attr(m, "max_position_embeddings", strconv.FormatInt(n, 10), "position_embeddings' size")
				r.hide(m, "position_ids", true, 1, n)
				r.hide(m, "token_type_ids", true, 1, n)
				r.noteOnce("BertEmbeddings", m.Pos, "BertEmbeddings: the buffers position_ids and token_type_ids [1, %d] (not parameters) are not shown in the printout; added", n)
			},
			script: `
self.position_embedding_type = "absolute"
# buffers, not shown in the printout
self.register_buffer("position_ids", torch.arange(max_position_embeddings).expand((1, -1)), persistent = False)
self.register_buffer("token_type_ids", torch.zeros(1, max_position_embeddings, dtype = torch.long), persistent = False)`,
			body: galleryForward("hf:bert.star", "BertEmbeddings", "position_ids", "token_type_ids", "position_embedding_type")},
		{class: "BertSelfAttention BertSdpaSelfAttention", source: hf + "4.40 modeling_bert.py BertSelfAttention.forward (eager attention)", sig: "hidden_states, attention_mask = None, head_mask = None",
			resolve: func(r *resolved, m *Module, path string) {
				all := childInt(m, "query", "out_features", 1)
				if all < 0 || all%64 != 0 {
					r.fail(m, path, "query does not print a width that is a multiple of 64")
					return
				}
				r.attr(m, "num_attention_heads", strconv.FormatInt(all/64, 10), "assumed head size 64")
				r.attr(m, "attention_head_size", "64", "assumed")
				r.noteOnce("BertSelfAttention", m.Pos, "%s does not print num_attention_heads; assumed head size 64 (%d heads), as in bert-base and bert-large (only the softmax count depends on it)", m.Class, all/64)
				if m.Class != "BertSelfAttention" {
					r.noteOnce(m.Class, m.Pos, "%s (scaled_dot_product_attention) is counted as the eager BertSelfAttention: the same operations", m.Class)
				}
			},
			script: `
self.all_head_size = self.num_attention_heads * self.attention_head_size
self.position_embedding_type = "absolute"
self.is_decoder = False

` + transposeForScores.Get(),
			body: selfAttentionBody.Get()},
		{class: "BertSelfOutput", source: hf + "4.40 modeling_bert.py BertSelfOutput.forward",
			sig: "hidden_states, input_tensor", body: galleryForward("hf:bert.star", "BertSelfOutput")},
		{class: "BertOutput", source: hf + "4.40 modeling_bert.py BertOutput.forward",
			sig: "hidden_states, input_tensor", body: galleryForward("hf:bert.star", "BertOutput")},
		{class: "BertAttention", source: hf + "4.40 modeling_bert.py BertAttention.forward",
			sig: "hidden_states, attention_mask = None, head_mask = None", body: galleryForward("hf:bert.star", "BertAttention")},
		{class: "BertIntermediate", source: hf + "4.40 modeling_bert.py BertIntermediate.forward",
			sig: "hidden_states", body: galleryForward("hf:bert.star", "BertIntermediate")},
		{class: "BertLayer", source: hf + "4.40 modeling_bert.py BertLayer.forward",
			sig: "hidden_states, attention_mask = None, head_mask = None",
			script: `
self.chunk_size_feed_forward = 0
self.seq_len_dim = 1
self.is_decoder = False
self.add_cross_attention = False

` + galleryHelper("hf:bert.star", "BertLayer", "feed_forward_chunk"),
			body: galleryForward("hf:bert.star", "BertLayer")},
		{class: "BertEncoder", source: hf + "4.40 modeling_bert.py BertEncoder.forward",
			sig: "hidden_states, attention_mask = None", body: galleryForward("hf:bert.star", "BertEncoder")},
		{class: "BertPooler", source: hf + "4.40 modeling_bert.py BertPooler.forward",
			sig: "hidden_states", body: galleryForward("hf:bert.star", "BertPooler")},

		// ---- GPT-2 ----
		{class: "GPT2LMHeadModel", source: hf + "4.40 modeling_gpt2.py GPT2LMHeadModel.forward",
			sig: "input_ids",
			resolve: func(r *resolved, m *Module, path string) {
				t, err := tieOf(m, "lm_head", "transformer.wte")
				if err != nil {
					return
				}
				t.Module, t.Target = join(path, t.Module), join(path, t.Target)
				t.Default, t.Why = true, "GPT2LMHeadModel.tie_weights(): the output embedding is the input embedding"
				r.ties = append(r.ties, t)
			},
			inputFn: gpt2Input,
			body:    galleryForward("hf:gpt2.star", "GPT2LMHeadModel")},
		{class: "GPT2Model", source: hf + "4.40 modeling_gpt2.py GPT2Model.forward",
			sig: "input_ids, attention_mask = None",
			resolve: func(r *resolved, m *Module, path string) {
				if n := childInt(m, "wpe", "num_embeddings", 0); n > 0 {
					r.set(m, "n_positions", n)
				}
			},
			inputFn: gpt2Input,
			script: `
self.model_parallel = False
self.gradient_checkpointing = False`,
			body: galleryForward("hf:gpt2.star", "GPT2Model")},
		{class: "GPT2Block", source: hf + "4.40 modeling_gpt2.py GPT2Block.forward",
			sig: "hidden_states, attention_mask = None, head_mask = None",
			resolve: func(r *resolved, m *Module, path string) {
				if e := normSize(m.Child("ln_1")); e > 0 {
					r.set(m, "embed", e)
				}
			},
			body: galleryForward("hf:gpt2.star", "GPT2Block")},
		{class: "GPT2Attention GPT2SdpaAttention GPT2FlashAttention2", source: hf + "4.40 modeling_gpt2.py GPT2Attention.forward (eager attention)", sig: "hidden_states, attention_mask = None, head_mask = None",
			resolve: gpt2AttentionResolve,
			script: `
# causal mask and masked_bias: buffers, not shown in the printout
self.register_buffer(
    "bias",
    torch.ones((1, 1, max_positions, max_positions), dtype = torch.bool),
    persistent = False,
)
self.register_buffer("masked_bias", torch.tensor(-1e4), persistent = False)
self.head_dim = self.embed_dim // self.num_heads
self.split_size = self.embed_dim
self.scale_attn_weights = True
self.is_cross_attention = False
self.scale_attn_by_inverse_layer_idx = False
self.layer_idx = None  # not printed; unused while scale_attn_by_inverse_layer_idx is False
self.is_causal = True

` + galleryHelper("hf:gpt2.star", "GPT2Attention", "_attn", "scale_attn_weights", "scale_attn_by_inverse_layer_idx", "layer_idx", "is_cross_attention", "bias") +
				"\n" + galleryHelper("hf:gpt2.star", "GPT2Attention", "_split_heads") +
				"\n" + galleryHelper("hf:gpt2.star", "GPT2Attention", "_merge_heads"),
			body: galleryForward("hf:gpt2.star", "GPT2Attention", "split_size", "num_heads", "head_dim")},
		{class: "GPT2MLP", source: hf + "4.40 modeling_gpt2.py GPT2MLP.forward",
			sig: "hidden_states", resolve: gpt2MLPResolve, body: galleryForward("hf:gpt2.star", "GPT2MLP")},

		// ---- Llama ----
		// A whole Llama/Mistral/Qwen2 printout is built by the config.json
		// family (decoder.star; see family.go), and these blocks are not used
		// for it. They wire what the family cannot serve: printouts of
		// transformers < 4.45, whose attentions each hold a rotary_emb the
		// family (one RotaryEmbedding in the model, as transformers >= 4.45)
		// has no place for; PEFT-adapted printouts, and printouts of a part
		// (a LlamaModel, a single layer), which readFamilyConfig refuses. decoder.star's forwards read their sizes from the config
		// dict they close over, which a printout's builders do not have, so
		// the forwards stay here; the functions they call (apply_rotary_pos_emb,
		// eager_attention_forward, rotate_half, repeat_kv) are decoder.star's.
		{class: "LlamaForCausalLM MistralForCausalLM Qwen2ForCausalLM", source: hf + "4.48 modeling_llama.py LlamaForCausalLM.forward",
			sig: "input_ids, num_logits_to_keep = 0",
			resolve: func(r *resolved, m *Module, path string) {
				if _, err := tieOf(m, "lm_head", "model.embed_tokens"); err == nil {
					r.note(m.Pos, "lm_head and model.embed_tokens are counted as two weights (tie_word_embeddings=False, as Llama 2 and Llama 3 8B); models that tie them (Llama 3.2 1B/3B) count one: tie them")
				}
			},
			inputFn: func(r *resolved, m *Module) (string, string, string) {
				return tokenInput(4096, "4096 token ids, batch 1: Llama 2's context; the printout does not show max_position_embeddings")
			},
			body: `
outputs = $model(input_ids)
hidden_states = outputs[0]
# Only compute necessary logits: hidden_states[:, -num_logits_to_keep:, :] (0 keeps all)
seq = hidden_states.shape[1]
keep = num_logits_to_keep if num_logits_to_keep > 0 else seq
logits = $lm_head(hidden_states.narrow(1, seq - keep, keep))
return logits`},
		{class: "LlamaModel MistralModel Qwen2Model", optional: []string{"rotary_emb"}, source: hf + "4.48 modeling_llama.py LlamaModel.forward (eager attention, no cache)", sig: "input_ids",
			resolve: func(r *resolved, m *Module, path string) {
				if d := childInt(m, "embed_tokens", "embedding_dim", 1); d > 0 {
					r.set(m, "hidden", d)
					hd := llamaHeadDim(d)
					r.set(m, "head_dim", hd)
				}
			},
			inputFn: func(r *resolved, m *Module) (string, string, string) {
				return tokenInput(4096, "4096 token ids, batch 1: Llama 2's context; the printout does not show max_position_embeddings")
			},
			script: `
self.gradient_checkpointing = False

def _prepare_4d_causal_attention_mask_with_cache_position(sequence_length, target_length, cache_position, batch_size):
    causal_mask = torch.full((sequence_length, target_length), fill_value = _MIN_FP32)
    if sequence_length != 1:
        causal_mask = torch.triu(causal_mask, diagonal = 1)
    # causal_mask *= torch.arange(target_length) > cache_position.reshape(-1, 1)
    causal_mask *= torch.arange(target_length).gt(cache_position.reshape(-1, 1))
    causal_mask = causal_mask.unsqueeze(0).unsqueeze(0).expand(batch_size, 1, -1, -1)  # causal_mask[None, None, :, :]
    return causal_mask

def _update_causal_mask(input_tensor, cache_position):
    # eager attention, no attention_mask and no cache: a fresh causal mask
    past_seen_tokens = 0
    sequence_length = input_tensor.shape[1]
    target_length = past_seen_tokens + sequence_length + 1
    return _prepare_4d_causal_attention_mask_with_cache_position(
        sequence_length,
        target_length,
        cache_position,
        input_tensor.shape[0],
    )`,
			body: `
inputs_embeds = $embed_tokens(input_ids)

past_seen_tokens = 0
cache_position = torch.arange(past_seen_tokens, past_seen_tokens + inputs_embeds.shape[1])
position_ids = cache_position.unsqueeze(0)

causal_mask = _update_causal_mask(inputs_embeds, cache_position)

hidden_states = inputs_embeds

# create position embeddings to be shared across the decoder layers
# (transformers < 4.45: each attention computes its own, see LlamaAttention)
position_embeddings = $rotary_emb(hidden_states, position_ids) if $rotary_emb != None else None

for decoder_layer in $layers:
    layer_outputs = decoder_layer(
        hidden_states,
        attention_mask = causal_mask,
        position_ids = position_ids,
        position_embeddings = position_embeddings,
    )
    hidden_states = layer_outputs[0]

hidden_states = $norm(hidden_states)
return (hidden_states,)`},
		{class: "LlamaDecoderLayer MistralDecoderLayer Qwen2DecoderLayer", source: hf + "4.48 modeling_llama.py LlamaDecoderLayer.forward",
			sig: "hidden_states, attention_mask = None, position_ids = None, position_embeddings = None",
			resolve: func(r *resolved, m *Module, path string) {
				if sa := m.Child("self_attn"); sa != nil {
					if d := childInt(sa, "q_proj", "in_features", 0); d > 0 {
						r.set(m, "hidden", d)
					}
				}
			},
			body: `
residual = hidden_states
hidden_states = $input_layernorm(hidden_states)

# Self Attention
hidden_states, self_attn_weights = $self_attn(
    hidden_states = hidden_states,
    attention_mask = attention_mask,
    position_embeddings = position_embeddings,
    position_ids = position_ids,
)
hidden_states = residual + hidden_states

# Fully Connected
residual = hidden_states
hidden_states = $post_attention_layernorm(hidden_states)
hidden_states = $mlp(hidden_states)
hidden_states = residual + hidden_states
return (hidden_states,)`},
		{class: "LlamaAttention LlamaSdpaAttention MistralAttention MistralSdpaAttention Qwen2Attention Qwen2SdpaAttention", optional: []string{"rotary_emb"}, source: hf + "4.48 modeling_llama.py LlamaAttention.forward (eager_attention_forward)", sig: "hidden_states, position_embeddings, attention_mask, position_ids = None",
			resolve: llamaAttentionResolve,
			script: `
self.layer_idx = None
self.scaling = math.pow(self.head_dim, -0.5)
self.attention_dropout = 0.0
self.is_causal = True`,
			body: `
input_shape = hidden_states.shape[:-1]
hidden_shape = input_shape + (-1, self.head_dim)

query_states = $q_proj(hidden_states).view(hidden_shape).transpose(1, 2)
key_states = $k_proj(hidden_states).view(hidden_shape).transpose(1, 2)
value_states = $v_proj(hidden_states).view(hidden_shape).transpose(1, 2)

if position_embeddings == None:
    # transformers < 4.45: the attention holds its own rotary_emb
    if $rotary_emb == None or position_ids == None:
        fail("LlamaAttention needs the rotary position embeddings LlamaModel computes: convert the whole LlamaForCausalLM printout")
    position_embeddings = $rotary_emb(value_states, position_ids)
cos, sin = position_embeddings
query_states, key_states = apply_rotary_pos_emb(query_states, key_states, cos, sin)

attn_output, attn_weights = eager_attention_forward(
    self,
    query_states,
    key_states,
    value_states,
    attention_mask,
    dropout = 0.0,
    scaling = self.scaling,
)

attn_output = attn_output.reshape(input_shape + (-1,)).contiguous()
attn_output = $o_proj(attn_output)
return attn_output, attn_weights`},
		{class: "LlamaMLP MistralMLP Qwen2MLP", source: hf + "4.48 modeling_llama.py LlamaMLP.forward",
			body: `
down_proj = $down_proj($act_fn($gate_proj(x)) * $up_proj(x))
return down_proj`},
	}
}

// llamaRotaryFix: LlamaRotaryEmbedding prints no arguments; its size is
// the head_dim LlamaModel resolved.
func llamaRotaryFix(r *resolved, m *Module, path string) {
	hd, ok := r.get(m, "head_dim")
	if !ok {
		hd = 128
	}
	r.leafExpr[m] = fmt.Sprintf("LlamaRotaryEmbedding(%d)", hd)
}

func gpt2Input(r *resolved, m *Module) (string, string, string) {
	wpe := find(m, "wpe")
	if wpe == nil {
		wpe = find(m, "transformer.wpe")
	}
	if wpe != nil {
		if n, err := intArg(wpe, "num_embeddings", 0); err == nil && n > 0 {
			return tokenInput(n, "the full context, n_positions (wpe's size), batch 1")
		}
	}
	return tokenInput(1024, "1024 token ids, batch 1")
}

func gpt2AttentionResolve(r *resolved, m *Module, path string) {
	e, ok := r.get(m, "embed")
	if !ok {
		if nf, _, ok2 := conv1DSizes(m.Child("c_proj"), nil); ok2 {
			e, ok = nf, true
		}
	}
	if !ok || e%64 != 0 {
		r.fail(m, path, "the embedding width is not printed (no ln_1 around it, no Conv1D sizes)")
		return
	}
	if _, _, printed := conv1DSizes(m.Child("c_attn"), nil); !printed {
		r.set(m.Child("c_attn"), "nf", 3*e)
		r.set(m.Child("c_attn"), "nx", e)
		r.set(m.Child("c_proj"), "nf", e)
		r.set(m.Child("c_proj"), "nx", e)
		r.noteOnce("Conv1D()", m.Pos, "Conv1D() prints no sizes (transformers before Conv1D.__repr__); c_attn taken as Conv1D(%d, %d) and c_proj as Conv1D(%d, %d) from the width %d of ln_1", 3*e, e, e, e, e)
	}
	p, ok := r.get(m, "n_positions")
	if !ok {
		p = 1024
		r.noteOnce("GPT2Attention.n_positions", m.Pos, "GPT2Attention: n_positions is not printed (no wpe around it); assumed 1024 for the causal-mask buffer")
	}
	r.attr(m, "embed_dim", strconv.FormatInt(e, 10), "the model width")
	r.attr(m, "num_heads", strconv.FormatInt(e/64, 10), "assumed head size 64")
	r.attr(m, "max_positions", strconv.FormatInt(p, 10), "n_positions, wpe's size")
	r.hide(m, "bias", true, 1, 1, p, p)
	r.hide(m, "masked_bias", true)
	r.noteOnce("GPT2Attention", m.Pos, "GPT2Attention does not print n_head; assumed head size 64 (%d heads), as every GPT-2 size (only the softmax count depends on it); its causal-mask buffers bias [1, 1, %d, %d] and masked_bias are not shown in the printout and are added (buffers, not parameters)", e/64, p, p)
}

func gpt2MLPResolve(r *resolved, m *Module, path string) {
	if _, _, printed := conv1DSizes(m.Child("c_fc"), nil); printed {
		return
	}
	e, ok := r.get(m, "embed")
	if !ok {
		return
	}
	inner := 4 * e
	r.set(m.Child("c_fc"), "nf", inner)
	r.set(m.Child("c_fc"), "nx", e)
	r.set(m.Child("c_proj"), "nf", e)
	r.set(m.Child("c_proj"), "nx", inner)
	r.noteOnce("GPT2MLP", m.Pos, "GPT2MLP: Conv1D() prints no sizes; c_fc taken as Conv1D(%d, %d) and c_proj as Conv1D(%d, %d), assuming n_inner = 4·%d as every GPT-2 size", inner, e, e, inner, e)
}

// llamaHeadDim: Llama's attention does not print num_heads; every
// Llama 2 and Llama 3 size uses head_dim 128.
func llamaHeadDim(d int64) int64 {
	if d%128 == 0 {
		return 128
	}
	return 64
}

func llamaAttentionResolve(r *resolved, m *Module, path string) {
	q := childInt(m, "q_proj", "out_features", 1)
	k := childInt(m, "k_proj", "out_features", 1)
	d := childInt(m, "q_proj", "in_features", 0)
	hd := llamaHeadDim(q)
	if q < 0 || k < 0 || d < 0 || q%hd != 0 || k%hd != 0 || k == 0 || (q/hd)%(k/hd) != 0 {
		r.fail(m, path, "q_proj and k_proj do not print sizes that split into heads")
		return
	}
	r.attr(m, "head_dim", strconv.FormatInt(hd, 10), "assumed")
	r.attr(m, "num_key_value_groups", strconv.FormatInt(q/k, 10), "q_proj / k_proj")
	r.noteOnce("LlamaAttention", m.Pos, "%s does not print num_attention_heads; assumed head_dim %d (%d query heads, %d key/value heads from k_proj), as every Llama 2 and 3 size", m.Class, hd, q/hd, k/hd)
	if m.Class != "LlamaAttention" {
		r.noteOnce(m.Class, m.Pos, "%s is counted with transformers 4.48's eager attention: the same operations", m.Class)
	}
}
