package printout

import (
	"fmt"
	"math"
	"strconv"
)

// Wiring of Hugging Face transformers' CLIP (4.40 modeling_clip.py,
// eager attention): the text and vision transformers, their shared
// encoder layer, and CLIPModel's contrastive head. No config.json family
// builds CLIP, so its forward is written here, as BERT's is.

// clipVision is the image size and patch grid a CLIPVisionEmbeddings
// implies: position_embedding has one row per patch and one for the class
// embedding, patch_embedding's kernel is the patch size.
func clipVision(m *Module) (image, patch, positions, dim int64, ok bool) {
	pe, pos := m.Child("patch_embedding"), m.Child("position_embedding")
	if pe == nil || pos == nil {
		return 0, 0, 0, 0, false
	}
	dim = childInt(pe, "", "out_channels", 1)
	k, found := pe.Arg("kernel_size", 2)
	ks, isInts := k.Value.Ints()
	positions = childInt(pos, "", "num_embeddings", 0)
	if dim <= 0 || !found || !isInts || len(ks) == 0 || ks[0] <= 0 || positions < 2 {
		return 0, 0, 0, 0, false
	}
	grid := int64(math.Round(math.Sqrt(float64(positions - 1))))
	if grid*grid != positions-1 {
		return 0, 0, 0, 0, false
	}
	return grid * ks[0], ks[0], positions, dim, true
}

func clipTextInput(r *resolved, m *Module) (string, string, string) {
	n := int64(77)
	if pos := find(m, "text_model.embeddings.position_embedding"); pos != nil {
		if v, err := intArg(pos, "num_embeddings", 0); err == nil && v > 0 {
			n = v
		}
	}
	return tokenInput(n, "the full context, max_position_embeddings (position_embedding's size), batch 1")
}

func clipBlocks() []block {
	return []block{
		{class: "CLIPAttention CLIPSdpaAttention", source: hf + "4.40 modeling_clip.py CLIPAttention.forward (eager attention)",
			sig: bmmAttentionSig, resolve: headSize64("CLIP"), script: bmmAttentionScript, body: bmmAttentionBody},
		{class: "CLIPMLP", source: hf + "4.40 modeling_clip.py CLIPMLP.forward", sig: "hidden_states", body: `
hidden_states = $fc1(hidden_states)
hidden_states = $activation_fn(hidden_states)
hidden_states = $fc2(hidden_states)
return hidden_states`},
		{class: "CLIPEncoderLayer", source: hf + "4.40 modeling_clip.py CLIPEncoderLayer.forward",
			sig: "hidden_states, attention_mask = None, causal_attention_mask = None", body: `
residual = hidden_states

hidden_states = $layer_norm1(hidden_states)
hidden_states, attn_weights = $self_attn(
    hidden_states = hidden_states,
    attention_mask = attention_mask,
    causal_attention_mask = causal_attention_mask,
)
hidden_states = residual + hidden_states

residual = hidden_states
hidden_states = $layer_norm2(hidden_states)
hidden_states = $mlp(hidden_states)
hidden_states = residual + hidden_states
return (hidden_states,)`},
		{class: "CLIPEncoder", source: hf + "4.40 modeling_clip.py CLIPEncoder.forward",
			sig: "inputs_embeds, attention_mask = None, causal_attention_mask = None", body: `
hidden_states = inputs_embeds
for encoder_layer in $layers:
    layer_outputs = encoder_layer(hidden_states, attention_mask, causal_attention_mask)
    hidden_states = layer_outputs[0]
return (hidden_states,)`},
		{class: "CLIPTextEmbeddings", source: hf + "4.40 modeling_clip.py CLIPTextEmbeddings.forward", sig: "input_ids",
			resolve: func(r *resolved, m *Module, path string) {
				n := childInt(m, "position_embedding", "num_embeddings", 0)
				if n < 0 {
					r.fail(m, path, "position_embedding does not print its size")
					return
				}
				r.attr(m, "max_position_embeddings", strconv.FormatInt(n, 10), "position_embedding's size")
				r.hide(m, "position_ids", true, 1, n)
				r.noteOnce("CLIPTextEmbeddings", m.Pos, "CLIPTextEmbeddings: the buffer position_ids [1, %d] (not a parameter) is not shown in the printout; added", n)
			},
			script: `
# a buffer, not shown in the printout
self.register_buffer("position_ids", torch.arange(max_position_embeddings).expand((1, -1)), persistent = False)`,
			body: `
seq_length = input_ids.shape[-1]
position_ids = self.position_ids.narrow(1, 0, seq_length)  # [:, :seq_length]
inputs_embeds = $token_embedding(input_ids)
position_embeddings = $position_embedding(position_ids)
embeddings = inputs_embeds + position_embeddings
return embeddings`},
		{class: "CLIPTextTransformer", source: hf + "4.40 modeling_clip.py CLIPTextTransformer.forward (eos_token_id 2: the pooled output at each sequence's highest id)",
			sig: "input_ids",
			body: `
input_shape = input_ids.size()
input_ids = input_ids.view(-1, input_shape[-1])

hidden_states = $embeddings(input_ids)
causal_attention_mask = _create_4d_causal_attention_mask(input_shape)

encoder_outputs = $encoder(inputs_embeds = hidden_states, causal_attention_mask = causal_attention_mask)

last_hidden_state = encoder_outputs[0]
last_hidden_state = $final_layer_norm(last_hidden_state)

# last_hidden_state[arange(batch), input_ids.argmax(dim=-1)]: one row a
# sequence (an index, no arithmetic FlopLab counts)
pooled_output = last_hidden_state.select(1, 0)
return (last_hidden_state, pooled_output)`},
		{class: "CLIPTextModel", source: hf + "4.40 modeling_clip.py CLIPTextModel.forward", sig: "input_ids",
			inputFn: clipTextInput, body: `
return $text_model(input_ids)`},
		{class: "CLIPVisionEmbeddings", source: hf + "4.40 modeling_clip.py CLIPVisionEmbeddings.forward", sig: "pixel_values",
			resolve: func(r *resolved, m *Module, path string) {
				image, patch, positions, d, ok := clipVision(m)
				if !ok {
					r.fail(m, path, "patch_embedding and position_embedding do not print a square patch grid")
					return
				}
				r.attr(m, "embed_dim", strconv.FormatInt(d, 10), "patch_embedding's channels")
				r.attr(m, "num_positions", strconv.FormatInt(positions, 10), "position_embedding's size")
				r.hide(m, "class_embedding", false, d)
				r.hide(m, "position_ids", true, 1, positions)
				r.noteOnce("CLIPVisionEmbeddings", m.Pos, "CLIPVisionEmbeddings holds class_embedding [%d] (a parameter) and the buffer position_ids [1, %d] directly, not shown in the printout; added. Its %d positions are a %d×%d grid of %d-pixel patches and the class embedding: %d×%d images", d, positions, positions, image/patch, image/patch, patch, image, image)
			},
			script: `
# nn.Parameter(torch.randn(embed_dim)) and a buffer: not shown in the printout
self.class_embedding = Parameter(embed_dim)
self.register_buffer("position_ids", torch.arange(num_positions).expand((1, -1)), persistent = False)`,
			body: `
batch_size = pixel_values.shape[0]
patch_embeds = $patch_embedding(pixel_values)  # shape = [*, width, grid, grid]
patch_embeds = patch_embeds.flatten(2).transpose(1, 2)

class_embeds = self.class_embedding.expand(batch_size, 1, -1)
embeddings = torch.cat([class_embeds, patch_embeds], dim = 1)
embeddings = embeddings + $position_embedding(self.position_ids)
return embeddings`},
		{class: "CLIPVisionTransformer", source: hf + "4.40 modeling_clip.py CLIPVisionTransformer.forward", sig: "pixel_values",
			inputFn: clipImageInput, body: `
hidden_states = $embeddings(pixel_values)
hidden_states = $pre_layrnorm(hidden_states)

encoder_outputs = $encoder(inputs_embeds = hidden_states)

last_hidden_state = encoder_outputs[0]
pooled_output = last_hidden_state.select(1, 0)  # last_hidden_state[:, 0, :]
pooled_output = $post_layernorm(pooled_output)
return (last_hidden_state, pooled_output)`},
		{class: "CLIPVisionModel", source: hf + "4.40 modeling_clip.py CLIPVisionModel.forward", sig: "pixel_values",
			inputFn: clipImageInput, body: `
return $vision_model(pixel_values)`},
		{class: "CLIPModel", source: hf + "4.40 modeling_clip.py CLIPModel.forward (the text input made inside: FlopLab's inputs share one dtype)",
			sig: "pixel_values",
			resolve: func(r *resolved, m *Module, path string) {
				n, ok := innerLength(r, m, path, "text_model.embeddings.position_embedding", "text_length", "text_model's position_embedding size")
				if !ok {
					return
				}
				r.hide(m, "logit_scale", false, 1)
				r.noteOnce("CLIPModel", m.Pos, "CLIPModel: logit_scale, a parameter the model holds directly, is not shown in the printout; added. The model takes the image as its input; the text is %d token ids made inside forward (batch as the image's), since FlopLab's inputs share one dtype", n)
			},
			inputFn: clipImageInput,
			script: `
# nn.Parameter(torch.tensor(logit_scale_init_value)): not shown in the printout
self.logit_scale = Parameter(1)`,
			body: `
input_ids = torch.zeros(pixel_values.shape[0], self.text_length, dtype = torch.long)
vision_outputs = $vision_model(pixel_values)
text_outputs = $text_model(input_ids)

image_embeds = vision_outputs[1]
image_embeds = $visual_projection(image_embeds)

text_embeds = text_outputs[1]
text_embeds = $text_projection(text_embeds)

# normalized features: x / x.norm(p=2, dim=-1, keepdim=True)
image_embeds = image_embeds * torch.rsqrt(image_embeds.pow(2).sum(-1, keepdim = True))
text_embeds = text_embeds * torch.rsqrt(text_embeds.pow(2).sum(-1, keepdim = True))

# cosine similarity as logits
logit_scale = self.logit_scale.exp()
logits_per_text = torch.matmul(text_embeds, image_embeds.t()) * logit_scale
logits_per_image = logits_per_text.t()
return logits_per_image, logits_per_text`},
	}
}

// clipImageInput: one image of the size the vision embeddings imply.
func clipImageInput(r *resolved, m *Module) (string, string, string) {
	for _, p := range []string{"vision_model.embeddings", "embeddings"} {
		if e := find(m, p); e != nil {
			if image, _, _, _, ok := clipVision(e); ok {
				return fmt.Sprintf("(1, 3, %d, %d)", image, image), "", "one image of the size position_embedding implies"
			}
		}
	}
	return "", "", ""
}

// innerLength is the length of the token ids a model makes inside its
// forward (its inputs share one dtype): the rows of the embedding at
// embed, set as the builder's attribute attr.
func innerLength(r *resolved, m *Module, path, embed, attr, why string) (int64, bool) {
	n := int64(-1)
	if e := find(m, embed); e != nil {
		n = childInt(e, "", "num_embeddings", 0)
	}
	if n <= 0 {
		r.fail(m, path, embed+" does not print its size")
		return 0, false
	}
	r.attr(m, attr, strconv.FormatInt(n, 10), why)
	return n, true
}
