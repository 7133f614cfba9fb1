package printout

import (
	"strconv"

	"floplab/core/msg"
)

// Wiring of Hugging Face transformers' ViT (4.40 modeling_vit.py, eager
// attention): ViTModel and ViTForImageClassification. torchvision's ViT
// is wired in blocks_vision.go; this is the Hub's.

func hfViTBlocks() []block {
	return []block{
		{class: "ViTPatchEmbeddings", source: hf + "4.40 modeling_vit.py ViTPatchEmbeddings.forward", sig: "pixel_values", body: `
embeddings = $projection(pixel_values).flatten(2).transpose(1, 2)
return embeddings`},
		{class: "ViTEmbeddings", source: hf + "4.40 modeling_vit.py ViTEmbeddings.forward", sig: "pixel_values",
			resolve: func(r *resolved, m *Module, path string) {
				specs, why := heldBy.Get()["ViTEmbeddings"](m)
				if specs == nil {
					r.fail(m, path, "patch_embeddings.projection does not print a square patch size dividing 224")
					return
				}
				for _, t := range specs {
					r.hide(m, t.name, false, t.shape...)
				}
				d := specs[0].shape[2]
				r.attr(m, "hidden_size", strconv.FormatInt(d, 10), "the projection's channels")
				r.attr(m, "num_positions", strconv.FormatInt(specs[1].shape[1], 10), "patches + class token at 224×224")
				r.noteOnce("held:ViTEmbeddings", m.Pos, "%s (line %d) holds parameters a printout does not show: %s", m.Class, m.Pos.Line, msg.F(why))
			},
			script: `
# nn.Parameter(torch.randn(1, 1, hidden_size)) and
# nn.Parameter(torch.randn(1, num_patches + 1, hidden_size)): not shown in the printout
self.cls_token = Parameter(1, 1, hidden_size)
self.position_embeddings = Parameter(1, num_positions, hidden_size)`,
			body: `
embeddings = $patch_embeddings(pixel_values)
batch_size, seq_len, _ = embeddings.shape

# add the [CLS] token to the embedded patch tokens
cls_tokens = self.cls_token.expand(batch_size, -1, -1)
embeddings = torch.cat((cls_tokens, embeddings), dim = 1)

# add positional encoding to each token
embeddings = embeddings + self.position_embeddings
embeddings = $dropout(embeddings)
return embeddings`},
		{class: "ViTSelfAttention ViTSdpaSelfAttention", source: hf + "4.40 modeling_vit.py ViTSelfAttention.forward (eager attention)", sig: "hidden_states, attention_mask = None",
			resolve: func(r *resolved, m *Module, path string) {
				all := childInt(m, "query", "out_features", 1)
				if all <= 0 {
					r.fail(m, path, "query does not print its size")
					return
				}
				h, why := vitHeads(all)
				if all%h != 0 {
					r.fail(m, path, "query does not print its size")
					return
				}
				r.attr(m, "num_attention_heads", strconv.FormatInt(h, 10), why)
				r.attr(m, "attention_head_size", strconv.FormatInt(all/h, 10), "width / heads")
				r.noteOnce("ViTSelfAttention", m.Pos, "%s does not print num_attention_heads; assumed %d (%s; only the softmax count depends on it)", m.Class, h, why)
			},
			locals: []string{"dropout"},
			script: `
self.all_head_size = self.num_attention_heads * self.attention_head_size

# Newer transformers' ViTSelfAttention holds no dropout module (the
# printout shows none; it passes its probability to the attention
# function, a no-op in evaluation); an older printout's (dropout) child
# is called instead.
def dropout(attention_probs):
    return F.dropout(attention_probs, p = 0.0, training = False)

` + transposeForScores.Get(),
			body: selfAttentionBody.Get()},
		{class: "ViTSelfOutput", source: hf + "4.40 modeling_vit.py ViTSelfOutput.forward (the residual is added in ViTLayer)",
			sig: "hidden_states, input_tensor", body: `
hidden_states = $dense(hidden_states)
hidden_states = $dropout(hidden_states)
return hidden_states`},
		{class: "ViTAttention ViTSdpaAttention", source: hf + "4.40 modeling_vit.py ViTAttention.forward", sig: "hidden_states", body: `
self_outputs = $attention(hidden_states)
attention_output = $output(self_outputs[0], hidden_states)
return (attention_output,) + self_outputs[1:]`},
		{class: "ViTIntermediate", source: hf + "4.40 modeling_vit.py ViTIntermediate.forward", sig: "hidden_states", body: `
hidden_states = $dense(hidden_states)
hidden_states = $intermediate_act_fn(hidden_states)
return hidden_states`},
		{class: "ViTOutput", source: hf + "4.40 modeling_vit.py ViTOutput.forward", sig: "hidden_states, input_tensor", body: `
hidden_states = $dense(hidden_states)
hidden_states = $dropout(hidden_states)
hidden_states = hidden_states + input_tensor
return hidden_states`},
		{class: "ViTLayer", source: hf + "4.40 modeling_vit.py ViTLayer.forward", sig: "hidden_states", body: `
self_attention_outputs = $attention($layernorm_before(hidden_states))  # in ViT, layernorm is applied before self-attention
attention_output = self_attention_outputs[0]
outputs = self_attention_outputs[1:]

# first residual connection
hidden_states = attention_output + hidden_states

# in ViT, layernorm is also applied after self-attention
layer_output = $layernorm_after(hidden_states)
layer_output = $intermediate(layer_output)

# second residual connection is done here
layer_output = $output(layer_output, hidden_states)
return (layer_output,) + outputs`},
		{class: "ViTEncoder", source: hf + "4.40 modeling_vit.py ViTEncoder.forward", sig: "hidden_states", body: `
for layer_module in $layer:
    layer_outputs = layer_module(hidden_states)
    hidden_states = layer_outputs[0]
return (hidden_states,)`},
		{class: "ViTPooler", source: hf + "4.40 modeling_vit.py ViTPooler.forward", sig: "hidden_states", body: `
# We "pool" the model by simply taking the hidden state corresponding
# to the first token.
first_token_tensor = hidden_states.select(1, 0)  # hidden_states[:, 0]
pooled_output = $dense(first_token_tensor)
pooled_output = $activation(pooled_output)
return pooled_output`},
		{class: "ViTModel", optional: []string{"pooler"}, source: hf + "4.40 modeling_vit.py ViTModel.forward", sig: "pixel_values",
			input: "(1, 3, 224, 224)", body: `
embedding_output = $embeddings(pixel_values)
encoder_outputs = $encoder(embedding_output)
sequence_output = encoder_outputs[0]
sequence_output = $layernorm(sequence_output)
pooled_output = $pooler(sequence_output) if $pooler != None else None
return (sequence_output, pooled_output)`},
		{class: "ViTForImageClassification", source: hf + "4.40 modeling_vit.py ViTForImageClassification.forward", sig: "pixel_values",
			input: "(1, 3, 224, 224)", body: `
outputs = $vit(pixel_values)
sequence_output = outputs[0]
logits = $classifier(sequence_output.select(1, 0))  # sequence_output[:, 0, :]
return logits`},
	}
}
