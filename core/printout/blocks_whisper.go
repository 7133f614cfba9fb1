package printout

import (
	"fmt"
	"strconv"
)

// Wiring of Hugging Face transformers' Whisper (4.40 modeling_whisper.py,
// eager attention): the convolutional audio encoder, the decoder with its
// cross-attention, and WhisperForConditionalGeneration's head.

// whisperInput: the log-mel features of 30 s of audio, as many frames as
// twice the encoder's positions (conv2 halves them).
func whisperInput(r *resolved, m *Module) (string, string, string) {
	enc := find(m, "model.encoder")
	if enc == nil {
		enc = find(m, "encoder")
	}
	if enc == nil {
		return "", "", ""
	}
	mels := childInt(enc, "conv1", "in_channels", 0)
	pos := childInt(enc, "embed_positions", "num_embeddings", 0)
	if mels <= 0 || pos <= 0 {
		return "", "", ""
	}
	return fmt.Sprintf("(1, %d, %d)", mels, 2*pos), "", "the log-mel features of 30 s of audio (conv1's mel bins, twice embed_positions' frames)"
}

func whisperBlocks() []block {
	return []block{
		{class: "WhisperAttention WhisperSdpaAttention WhisperFlashAttention2", source: hf + "4.40 modeling_whisper.py WhisperAttention.forward (eager attention, no cache)",
			sig: bmmAttentionSig, resolve: headSize64("Whisper"), script: bmmAttentionScript, body: bmmAttentionBody},
		{class: "WhisperEncoderLayer", source: hf + "4.40 modeling_whisper.py WhisperEncoderLayer.forward",
			sig: "hidden_states, attention_mask = None", body: `
residual = hidden_states
hidden_states = $self_attn_layer_norm(hidden_states)
hidden_states, attn_weights = $self_attn(hidden_states = hidden_states, attention_mask = attention_mask)
hidden_states = residual + hidden_states

residual = hidden_states
hidden_states = $final_layer_norm(hidden_states)
hidden_states = $activation_fn($fc1(hidden_states))
hidden_states = $fc2(hidden_states)
hidden_states = residual + hidden_states
return (hidden_states,)`},
		{class: "WhisperDecoderLayer", source: hf + "4.40 modeling_whisper.py WhisperDecoderLayer.forward",
			sig: "hidden_states, attention_mask = None, encoder_hidden_states = None", body: `
residual = hidden_states
hidden_states = $self_attn_layer_norm(hidden_states)

# Self Attention
hidden_states, self_attn_weights = $self_attn(hidden_states = hidden_states, attention_mask = attention_mask)
hidden_states = residual + hidden_states

# Cross-Attention Block
if encoder_hidden_states != None:
    residual = hidden_states
    hidden_states = $encoder_attn_layer_norm(hidden_states)
    hidden_states, cross_attn_weights = $encoder_attn(hidden_states = hidden_states, key_value_states = encoder_hidden_states)
    hidden_states = residual + hidden_states

# Fully Connected
residual = hidden_states
hidden_states = $final_layer_norm(hidden_states)
hidden_states = $activation_fn($fc1(hidden_states))
hidden_states = $fc2(hidden_states)
hidden_states = residual + hidden_states
return (hidden_states,)`},
		{class: "WhisperEncoder", source: hf + "4.40 modeling_whisper.py WhisperEncoder.forward", sig: "input_features",
			inputFn: func(r *resolved, m *Module) (string, string, string) {
				mels := childInt(m, "conv1", "in_channels", 0)
				pos := childInt(m, "embed_positions", "num_embeddings", 0)
				return fmt.Sprintf("(1, %d, %d)", mels, 2*pos), "", "the log-mel features of 30 s of audio (conv1's mel bins, twice embed_positions' frames)"
			}, body: `
inputs_embeds = F.gelu($conv1(input_features))
inputs_embeds = F.gelu($conv2(inputs_embeds))
inputs_embeds = inputs_embeds.permute(0, 2, 1)
embed_pos = $embed_positions.weight

hidden_states = inputs_embeds + embed_pos
for encoder_layer in $layers:
    layer_outputs = encoder_layer(hidden_states, None)
    hidden_states = layer_outputs[0]

hidden_states = $layer_norm(hidden_states)
return (hidden_states,)`},
		{class: "WhisperDecoder", source: hf + "4.40 modeling_whisper.py WhisperDecoder.forward (no cache)",
			sig: "input_ids, encoder_hidden_states = None",
			body: `
input_shape = input_ids.size()
input_ids = input_ids.view(-1, input_shape[-1])
inputs_embeds = $embed_tokens(input_ids)

# _prepare_4d_causal_attention_mask without a padding mask: the causal mask alone
attention_mask = _create_4d_causal_attention_mask(input_shape)

# embed positions: WhisperPositionalEmbedding returns its weight's first rows
positions = $embed_positions.weight.narrow(0, 0, input_shape[-1])

hidden_states = inputs_embeds + positions
for decoder_layer in $layers:
    layer_outputs = decoder_layer(hidden_states, attention_mask = attention_mask, encoder_hidden_states = encoder_hidden_states)
    hidden_states = layer_outputs[0]

hidden_states = $layer_norm(hidden_states)
return (hidden_states,)`},
		{class: "WhisperModel", source: hf + "4.40 modeling_whisper.py WhisperModel.forward", sig: "input_features, decoder_input_ids",
			body: `
encoder_outputs = $encoder(input_features)
decoder_outputs = $decoder(input_ids = decoder_input_ids, encoder_hidden_states = encoder_outputs[0])
return (decoder_outputs[0], encoder_outputs[0])`},
		{class: "WhisperForConditionalGeneration", source: hf + "4.40 modeling_whisper.py WhisperForConditionalGeneration.forward (the decoder's token ids made inside: FlopLab's inputs share one dtype)",
			sig: "input_features",
			resolve: func(r *resolved, m *Module, path string) {
				n, ok := innerLength(r, m, path, "model.decoder.embed_positions", "decoder_length", "the decoder's positions")
				if !ok {
					return
				}
				r.noteOnce("WhisperForConditionalGeneration", m.Pos, "WhisperForConditionalGeneration takes the audio features as its input; the decoder runs on %d token ids (its full context, embed_positions' size) made inside forward, since FlopLab's inputs share one dtype", n)
			},
			inputFn: whisperInput, body: `
decoder_input_ids = torch.zeros(input_features.shape[0], self.decoder_length, dtype = torch.long)
outputs = $model(input_features, decoder_input_ids)
lm_logits = $proj_out(outputs[0])
return lm_logits`},
	}
}

// The eager attention of transformers' Whisper (BartAttention's copy) and
// CLIP: one body for both. Whisper's cross-attention takes
// key_value_states; CLIP's text transformer adds causal_attention_mask.
const (
	bmmAttentionSig    = "hidden_states, key_value_states = None, attention_mask = None, causal_attention_mask = None"
	bmmAttentionScript = `
self.head_dim = self.embed_dim // self.num_heads
self.scaling = math.pow(self.head_dim, -0.5)

def _shape(tensor, seq_len, bsz):
    return tensor.view(bsz, seq_len, self.num_heads, self.head_dim).transpose(1, 2).contiguous()`
	bmmAttentionBody = `
# if key_value_states are provided this layer is used as a cross-attention layer
is_cross_attention = key_value_states != None
bsz, tgt_len, _ = hidden_states.size()

# get query proj
query_states = $q_proj(hidden_states) * self.scaling
if is_cross_attention:
    key_states = _shape($k_proj(key_value_states), -1, bsz)
    value_states = _shape($v_proj(key_value_states), -1, bsz)
else:
    key_states = _shape($k_proj(hidden_states), -1, bsz)
    value_states = _shape($v_proj(hidden_states), -1, bsz)

proj_shape = (bsz * self.num_heads, -1, self.head_dim)
query_states = _shape(query_states, tgt_len, bsz).view(*proj_shape)
key_states = key_states.reshape(*proj_shape)
value_states = value_states.reshape(*proj_shape)

src_len = key_states.size(1)
attn_weights = torch.bmm(query_states, key_states.transpose(1, 2))

if causal_attention_mask != None:
    attn_weights = attn_weights.view(bsz, self.num_heads, tgt_len, src_len) + causal_attention_mask
    attn_weights = attn_weights.view(bsz * self.num_heads, tgt_len, src_len)

if attention_mask != None:
    attn_weights = attn_weights.view(bsz, self.num_heads, tgt_len, src_len) + attention_mask
    attn_weights = attn_weights.view(bsz * self.num_heads, tgt_len, src_len)

attn_weights = F.softmax(attn_weights, dim = -1)
attn_probs = F.dropout(attn_weights, p = 0.0, training = False)
attn_output = torch.bmm(attn_probs, value_states)

attn_output = attn_output.view(bsz, self.num_heads, tgt_len, self.head_dim)
attn_output = attn_output.transpose(1, 2)
attn_output = attn_output.reshape(bsz, tgt_len, self.embed_dim)

attn_output = $out_proj(attn_output)
return attn_output, None`
)

// headSize64 resolves an attention whose printout shows q_proj but not
// its heads: head size 64, as every size of the family.
func headSize64(family string) func(r *resolved, m *Module, path string) {
	return func(r *resolved, m *Module, path string) {
		d := childInt(m, "q_proj", "out_features", 1)
		if d < 0 || d%64 != 0 {
			r.fail(m, path, "q_proj does not print a width that is a multiple of 64")
			return
		}
		r.attr(m, "embed_dim", strconv.FormatInt(d, 10), "q_proj's outputs")
		r.attr(m, "num_heads", strconv.FormatInt(d/64, 10), "assumed head size 64")
		r.noteOnce(family+"Attention", m.Pos, "%s does not print num_attention_heads; assumed head size 64 (%d heads at width %d), as every %s size (only the softmax count depends on it)", m.Class, d/64, d, family)
	}
}
