package printout

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"floplab/core/graph"
	"floplab/core/hfconfig"
	"floplab/core/internal/lazy"
	"floplab/core/lang"
	"floplab/core/msg"
)

// A printout of a Hugging Face decoder (LlamaForCausalLM, Mistral,
// Mixtral, Qwen2, Qwen3, Gemma, Gemma2) or of T5ForConditionalGeneration
// is built by the model code FlopLab already has for it: the config.json
// importer's family definition (core/hfconfig/families/decoder.star,
// t5.star), from the config the
// printout implies. The printout's own conversion (its layers built from
// the printed lines) is the check: the family's model is used only when
// it holds exactly the same parameters, path by path and shape by shape;
// otherwise the printout's conversion stands. So one definition of each
// decoder's forward serves config.json files, printouts and the gallery.

// familyTypes are the decoder classes the config.json importer builds, by
// the printout's root class, with their model_type.
var familyTypes = lazy.Value[map[string]string]{Build: func() map[string]string {
	return map[string]string{
		"LlamaForCausalLM": "llama", "MistralForCausalLM": "mistral", "MixtralForCausalLM": "mixtral",
		"Qwen2ForCausalLM": "qwen2", "Qwen3ForCausalLM": "qwen3", "GemmaForCausalLM": "gemma", "Gemma2ForCausalLM": "gemma2",
		"T5ForConditionalGeneration": "t5",
	}
}}

// familyConfig is the config.json a decoder printout implies: its keys in
// order, each with its value and where it comes from.
type familyConfig struct {
	modelType string
	// inside are the path prefixes of the modules the family's model
	// has (others, an nnsight wrapper's generator, are not in its forward).
	inside []string
	keys   []string
	vals   map[string]string // JSON values
	why    map[string]msg.Text
}

func (f *familyConfig) set(key, json string, why msg.Text) {
	if f.vals == nil {
		f.vals, f.why = map[string]string{}, map[string]msg.Text{}
	}
	if _, ok := f.vals[key]; !ok {
		f.keys = append(f.keys, key)
	}
	f.vals[key], f.why[key] = json, why
}

func (f *familyConfig) setInt(key string, v int64, why msg.Text) {
	f.set(key, strconv.FormatInt(v, 10), why)
}

func (f *familyConfig) json() string {
	var b strings.Builder
	b.WriteString("{\n")
	for i, k := range f.keys {
		fmt.Fprintf(&b, "  %q: %s", k, f.vals[k])
		if i < len(f.keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// readFamilyConfig reads the config a decoder printout implies, or false
// when the printout is not one the family definition builds (a layer
// missing, sizes that do not split into heads, ties the config cannot
// say).
func readFamilyConfig(root *Module, r *resolved) (*familyConfig, bool) {
	mt, ok := familyTypes.Get()[root.Class]
	if !ok || root.Adapted {
		return nil, false
	}
	f := &familyConfig{modelType: mt, inside: []string{"model", "lm_head"}}
	f.set("model_type", strconv.Quote(mt), msg.F("the class %s", root.Class))
	if mt == "t5" {
		return f, readT5Config(f, root, r)
	}
	printed := msg.F("printed")
	embed, layers, head := find(root, "model.embed_tokens"), find(root, "model.layers"), find(root, "lm_head")
	if embed == nil || layers == nil || head == nil || embed.Class != "Embedding" || len(layers.Children) == 0 {
		return nil, false
	}
	vocab, err1 := intArg(embed, "num_embeddings", 0)
	hidden, err2 := intArg(embed, "embedding_dim", 1)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	n := int64(len(layers.Expanded()))
	l0 := layers.Expanded()[0].Module
	attn := l0.Child("self_attn")
	if attn == nil || attn.Child("rotary_emb") != nil && knownBlocks()[root.Class] != nil {
		// Attention holding its own rotary_emb is transformers < 4.45,
		// which computes the rotary embedding in every layer: the
		// printout's wiring of that version (blocks_hf.go) counts it
		// so; the family's model computes it once, as 4.45 and later.
		return nil, false
	}
	lin := func(m *Module, name string) (in, out int64, bias, ok bool) {
		c := m.Child(name)
		if c == nil || !(c.Class == "Linear" || leafAlias.Get()[c.Class] == "Linear") {
			return 0, 0, false, false
		}
		in, e1 := intArg(c, "in_features", 0)
		out, e2 := intArg(c, "out_features", 1)
		bias, e3 := boolArg(c, "bias", true)
		return in, out, bias, e1 == nil && e2 == nil && e3 == nil
	}
	_, q, qBias, ok1 := lin(attn, "q_proj")
	_, k, _, ok2 := lin(attn, "k_proj")
	if !ok1 || !ok2 {
		return nil, false
	}
	f.setInt("vocab_size", vocab, printed)
	f.setInt("hidden_size", hidden, printed)
	f.setInt("num_hidden_layers", n, printed)
	var hd int64
	var hdWhy msg.Text
	switch mt {
	case "gemma", "gemma2":
		hd, hdWhy = 256, msg.F("assumed: Gemma's default (not printed)")
	case "qwen3":
		hd = normSize(attn.Child("q_norm"))
		hdWhy = msg.F("q_norm's size")
	default:
		hd = llamaHeadDim(q)
		hdWhy = msg.F("assumed (not printed): %d when it divides the width, as every Llama 2 and 3 size", hd)
	}
	if hd <= 0 || q%hd != 0 || k%hd != 0 || k == 0 || (q/hd)%(k/hd) != 0 {
		return nil, false
	}
	f.setInt("head_dim", hd, hdWhy)
	f.setInt("num_attention_heads", q/hd, msg.F("q_proj's %d outputs / head_dim", q))
	f.setInt("num_key_value_heads", k/hd, msg.F("k_proj's %d outputs / head_dim", k))
	if mt != "qwen2" {
		f.set("attention_bias", strconv.FormatBool(qBias), printed)
	}
	if mlp := l0.Child("mlp"); mlp != nil {
		_, inter, _, ok := lin(mlp, "gate_proj")
		if !ok {
			return nil, false
		}
		f.setInt("intermediate_size", inter, msg.F("gate_proj's outputs"))
		if act := mlp.Child("act_fn"); act != nil {
			name := map[string]string{"SiLU": "silu", "SiLUActivation": "silu", "GELUActivation": "gelu", "GELU": "gelu",
				"PytorchGELUTanh": "gelu_pytorch_tanh", "GELUTanh": "gelu_pytorch_tanh", "ReLU": "relu"}[act.Class]
			if name == "" {
				return nil, false
			}
			key := "hidden_act"
			if mt == "gemma" || mt == "gemma2" {
				key = "hidden_activation"
			}
			f.set(key, strconv.Quote(name), msg.F("act_fn %s", act.Class))
		}
	} else if moe := l0.Child("block_sparse_moe"); moe != nil && mt == "mixtral" {
		experts := moe.Child("experts")
		if experts == nil || len(experts.Children) == 0 {
			return nil, false
		}
		e0 := experts.Expanded()[0].Module
		_, inter, _, ok := lin(e0, "w1")
		if !ok {
			return nil, false
		}
		f.setInt("intermediate_size", inter, msg.F("each expert's w1 outputs"))
		f.setInt("num_local_experts", int64(len(experts.Expanded())), msg.F("the experts printed"))
		f.setInt("num_experts_per_tok", 2, msg.F("assumed: Mixtral's default, two experts a token (the printout does not show the router's top-k)"))
	} else {
		return nil, false
	}
	if ln := l0.Child("input_layernorm"); ln != nil {
		if a, ok := ln.Arg("eps", 1); ok && a.Value.Starlark() != "" && a.Value.Kind != None {
			f.set("rms_norm_eps", a.Value.Starlark(), printed)
		}
	}
	switch mt {
	case "llama":
		f.setInt("max_position_embeddings", 4096, msg.F("assumed: Llama 2's context (not printed); the input is 4096 tokens"))
	case "gemma2":
		// Gemma2Config's defaults, which every Gemma 2 size keeps.
		f.set("attn_logit_softcapping", "50.0", msg.F("assumed: Gemma 2's default (not printed)"))
		f.set("final_logit_softcapping", "30.0", msg.F("assumed: Gemma 2's default (not printed)"))
		f.setInt("query_pre_attn_scalar", 256, msg.F("assumed: Gemma 2's default (not printed)"))
		f.setInt("sliding_window", 4096, msg.F("assumed: Gemma 2's default (not printed)"))
	}
	// Ties: the config says only whether lm_head is the token embedding.
	tied := false
	for _, t := range r.ties {
		if t.Module != "lm_head" || t.Target != "model.embed_tokens" {
			return nil, false
		}
		tied = true
	}
	f.set("tie_word_embeddings", strconv.FormatBool(tied), msg.F("as the printout's conversion counts lm_head (see the ties)"))
	return f, true
}

// readT5Config reads T5ForConditionalGeneration's config: every key the
// family reads is printed (the heads and buckets by the first block's
// relative_attention_bias, Embedding(buckets, heads)).
func readT5Config(f *familyConfig, root *Module, r *resolved) bool {
	f.inside = []string{"shared", "encoder", "decoder", "lm_head"}
	printed := msg.F("printed")
	shared, enc, dec := find(root, "shared"), find(root, "encoder.block"), find(root, "decoder.block")
	if shared == nil || enc == nil || dec == nil || len(enc.Children) == 0 || len(dec.Children) == 0 {
		return false
	}
	vocab, err1 := intArg(shared, "num_embeddings", 0)
	d, err2 := intArg(shared, "embedding_dim", 1)
	b0 := enc.Expanded()[0].Module
	attn, ff := find(b0, "layer.0.SelfAttention"), find(b0, "layer.1.DenseReluDense")
	if err1 != nil || err2 != nil || attn == nil || ff == nil || attn.Child("q") == nil || attn.Child("relative_attention_bias") == nil {
		return false
	}
	inner, err3 := intArg(attn.Child("q"), "out_features", 1)
	rel := attn.Child("relative_attention_bias")
	buckets, err4 := intArg(rel, "num_embeddings", 0)
	heads, err5 := intArg(rel, "embedding_dim", 1)
	if err3 != nil || err4 != nil || err5 != nil || heads <= 0 || inner%heads != 0 {
		return false
	}
	wi, gated := ff.Child("wi"), false
	if wi == nil {
		wi, gated = ff.Child("wi_0"), true
	}
	act := ff.Child("act")
	if wi == nil || act == nil {
		return false
	}
	dff, err6 := intArg(wi, "out_features", 1)
	name := map[string]string{"ReLU": "relu", "NewGELUActivation": "gelu_new", "GELUActivation": "gelu", "GELU": "gelu",
		"GELUTanh": "gelu_pytorch_tanh", "PytorchGELUTanh": "gelu_pytorch_tanh"}[act.Class]
	if err6 != nil || name == "" {
		return false
	}
	proj := name
	if gated {
		proj = "gated-" + name
		if name == "gelu_new" {
			proj = "gated-gelu" // transformers' name for gated gelu_new
		}
	}
	f.setInt("vocab_size", vocab, printed)
	f.setInt("d_model", d, printed)
	f.setInt("d_kv", inner/heads, msg.F("q's %d outputs / num_heads", inner))
	f.setInt("d_ff", dff, printed)
	f.setInt("num_layers", int64(len(enc.Expanded())), printed)
	f.setInt("num_decoder_layers", int64(len(dec.Expanded())), printed)
	f.setInt("num_heads", heads, msg.F("relative_attention_bias' size"))
	f.setInt("relative_attention_num_buckets", buckets, msg.F("relative_attention_bias' size"))
	f.set("feed_forward_proj", strconv.Quote(proj), msg.F("act %s", act.Class))
	// The config says whether lm_head is the shared embedding; the
	// encoder's and decoder's embeddings always are.
	tied := false
	for _, t := range r.ties {
		switch {
		case t.Module == "lm_head" && t.Target == "shared":
			tied = true
		case (t.Module == "encoder.embed_tokens" || t.Module == "decoder.embed_tokens") && t.Target == "shared":
		default:
			return false
		}
	}
	f.set("tie_word_embeddings", strconv.FormatBool(tied), msg.F("as the printout's conversion counts lm_head (see the ties)"))
	return true
}

// familyNote is the script's and the result's account of the config.
func (f *familyConfig) note(class, file string) msg.Text {
	parts := []any{msg.F("%s is built as FlopLab's config.json importer builds it (core/hfconfig/families/%s: its forward, attention and routing included), from the config the printout implies:", class, file)}
	for i, k := range f.keys {
		sep := " "
		if i > 0 {
			sep = "; "
		}
		parts = append(parts, sep+k+" "+f.vals[k]+" (", f.why[k], ")")
	}
	return msg.Cat(parts...)
}

// paramGroups are a built model's parameters, counted by group: each
// parameter by its dotted path, but a mixture's experts as one group
// ("model.layers.0.block_sparse_moe.experts": a ModuleList of experts in
// older transformers, stacked tensors in newer ones hold the same
// weights). Each group has its element count and whether its parameters
// train (true, false, or mixed); tied copies and buffers are left out.
func paramGroups(g *graph.Graph) map[string]string {
	n := map[string]int64{}
	state := map[string]string{}
	for _, m := range g.Modules {
		for _, p := range m.Params {
			if p.Buffer || p.Tied {
				continue
			}
			key := join(m.Path, p.Name)
			if i := strings.Index(key, ".experts."); i >= 0 {
				key = key[:i+len(".experts")]
			}
			n[key] += p.Shape.Numel()
			t := strconv.FormatBool(p.Trainable)
			if old, ok := state[key]; ok && old != t {
				t = "mixed"
			}
			state[key] = t
		}
	}
	out := map[string]string{}
	for k, v := range n {
		out[k] = strconv.FormatInt(v, 10) + " " + state[k]
	}
	return out
}

// frozenModules are the modules whose parameter groups do not train, by
// path with "*" for every index ("model.layers.*.self_attn.q_proj").
func frozenModules(groups map[string]string) []string {
	var out []string
	for k, v := range groups {
		if !strings.HasSuffix(v, " false") {
			continue
		}
		path := k
		if !strings.HasSuffix(k, ".experts") {
			path = k[:strings.LastIndexByte(k, '.')] // the parameter's module
		}
		parts := strings.Split(path, ".")
		for i := range parts {
			if _, err := strconv.Atoi(parts[i]); err == nil {
				parts[i] = "*"
			}
		}
		if path = strings.Join(parts, "."); !slices.Contains(out, path) {
			out = append(out, path)
		}
	}
	slices.Sort(out)
	return out
}

// useFamily replaces c's script with the family definition's when the
// printout is a decoder it builds with exactly the parameters of the
// printout's own conversion; it reports whether it did.
func (c *conversion) useFamily(root *Module, r *resolved) bool {
	f, ok := readFamilyConfig(root, r)
	if !ok {
		return false
	}
	fm, err := hfconfig.Convert("config.json", f.json())
	if err != nil {
		return false
	}
	own, err := lang.Run(c.script, lang.Options{Build: true})
	if err != nil {
		return false
	}
	want := paramGroups(own.Graph)
	script := fm.Script
	// Layers the printout freezes (bitsandbytes' and GPTQ's quantized
	// linears) are frozen in the family's model too.
	if frozen := frozenModules(want); len(frozen) > 0 {
		var b strings.Builder
		b.WriteString(script)
		b.WriteString("\n" + helperText()["_freeze"] + "\n_freeze(model, [\n")
		for _, p := range frozen {
			fmt.Fprintf(&b, "    %q,\n", p)
		}
		b.WriteString("])  # quantized layers do not train, as the printout's conversion counts them\n")
		script = b.String()
	}
	built, err := lang.Run(script, lang.Options{Build: true})
	if err != nil {
		return false
	}
	got := paramGroups(built.Graph)
	if len(got) != len(want) {
		return false
	}
	for p, s := range want {
		if got[p] != s {
			return false
		}
	}
	note := f.note(root.Class, fm.DefinitionFile)
	var head strings.Builder
	fmt.Fprintf(&head, "# Converted by FlopLab from a print(model) printout: %s, built by the\n", root.Class)
	head.WriteString("# config.json importer's family definition from the config the printout implies\n")
	head.WriteString("# (every parameter checked against the printed layers):\n")
	for _, k := range f.keys {
		fmt.Fprintf(&head, "#   %s: %s (%s)\n", k, f.vals[k], commentSafe(f.why[k].String()))
	}
	head.WriteString("\n")
	c.script = head.String() + script
	c.starts, c.spans = nil, nil
	// The printout's own wiring notes (sequential containers, assumed
	// heads, what an unknown container holds) are not this script's;
	// its notes on what the printed classes are (aliases, ties, sizes,
	// wrappers) stand.
	kept := []Note{{Pos: root.Pos, Text: note, Msg: note.String()}}
	for _, n := range c.notes {
		if !familyDrops.Get()[n.Text.Format] {
			kept = append(kept, n)
		}
	}
	in := msg.F("input_shape %s is a default (%s): a printout does not show the input size", inputText(fm.Input), msg.F("%d token ids, batch 1", fm.Input[0][1]))
	c.notes = append([]Note{{Pos: root.Pos, Text: in, Msg: in.String()}}, kept...)
	// Modules outside the family's model (an nnsight wrapper's
	// generator) do no work in its forward: said, not listed.
	var inc []incomplete
	for _, x := range c.incomplete {
		in := false
		for _, p := range f.inside {
			in = in || x.path == p || strings.HasPrefix(x.path, p+".")
		}
		if !in {
			t := msg.F("%s is not part of %s's forward: not counted", x.path, root.Class)
			c.notes = append(c.notes, Note{Pos: x.pos, Text: t, Msg: t.String()})
			continue
		}
		inc = append(inc, x)
	}
	c.incomplete = inc
	return true
}

func inputText(in [][]int64) string {
	var parts []string
	for _, s := range in {
		ds := make([]string, len(s))
		for i, d := range s {
			ds[i] = strconv.FormatInt(d, 10)
		}
		parts = append(parts, "("+strings.Join(ds, ", ")+")")
	}
	return strings.Join(parts, ", ")
}

// familyDrops are the formats of the conversion's notes that describe its
// own wiring, which a family-built script does not use.
var familyDrops = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"input_shape %s is a default (%s): a printout does not show the input size":                                                                                                                                                                              true,
		"%s: forward not shown in the printout; assumed sequential (children called in printed order)":                                                                                                                                                           true,
		"%s does not print num_attention_heads; assumed head_dim %d (%d query heads, %d key/value heads from k_proj), as every Llama 2 and 3 size":                                                                                                               true,
		"%s is counted with transformers 4.48's eager attention: the same operations":                                                                                                                                                                            true,
		"lm_head and model.embed_tokens are counted as two weights (tie_word_embeddings=False, as Llama 2 and Llama 3 8B); models that tie them (Llama 3.2 1B/3B) count one: tie them":                                                                           true,
		"%s (%s): parameters and buffers a module holds directly (nn.Parameter attributes such as a class token or a position embedding) are invisible in a printout, which lists only child modules; FlopLab does not know %s, so any it holds are not counted": true,
		"%s: a Linear after 2-d layers; the flatten its forward does (torch.flatten(x, 1)) is assumed where the sizes fit":                                                                                                                                       true,
		"%s: %s is taken as a learned position embedding: its rows for positions 0…n-1 are added to the hidden states, as transformers' decoders do":                                                                                                             true,
		"%s: an LSTM/GRU returns (output, state); the next layer is assumed to take the output sequence":                                                                                                                                                         true,
	}
}}

// freezeHelper is the helper _freeze (see helperText).
const freezeHelper = `def _freeze(model, paths):
    # requires_grad False for the modules at paths ("*": every child).
    for path in paths:
        todo = [model]
        for name in path.split("."):
            next = []
            for m in todo:
                if name == "*":
                    next.extend(m.children())
                else:
                    next.append(getattr(m, name))
            todo = next
        for m in todo:
            m.requires_grad_(False)
`
