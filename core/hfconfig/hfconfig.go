// Package hfconfig builds a model from a Hugging Face config.json: the
// family named by its model_type, with the module structure, names and
// shapes that Hugging Face transformers builds, so that its parameters are
// exact and every convention counts it as it counts a written script.
//
// The families' definitions are Starlark files (families/*.star); a config
// becomes a model script: the family's definition, the config as a dict
// with every key the family reads (the config's values, else the defaults
// of the family's configuration class), and the model call.
package hfconfig

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/msg"
)

// Model is a config.json converted to a model script, with the facts of the
// model that the count does not show (KV cache layout, experts, what the
// published checkpoint holds besides the class's parameters).
type Model struct {
	// ModelType is the family ("llama"); Class the transformers class
	// built ("LlamaForCausalLM").
	ModelType string
	Class     string
	// Script is the model script: Definition and the default input.
	Script string
	// Definition is the family's definition, the config and the model,
	// without an input; its first lines are DefinitionFile's.
	Definition     string
	DefinitionFile string
	// TypePos is where the config names its model_type (errors of the
	// built model are reported there).
	TypePos diag.Pos
	// Input is the default input: batch 1 and min(max positions, 4096)
	// tokens (encoder-decoders: the same for both sides).
	Input [][]int64
	// TorchDType is the config's torch_dtype ("bfloat16"; "" when absent).
	TorchDType string
	// MaxPositions is max_position_embeddings (or n_positions).
	MaxPositions int64
	Tied         bool
	// Encoder is true for encoder-only models (no KV cache);
	// EncoderDecoder for T5 (two inputs; the decoder's layers cache).
	Encoder, EncoderDecoder bool
	KV                      KVLayout
	// MoE is nil for dense models.
	MoE *MoE
	// MTPLayers is num_nextn_predict_layers (DeepSeek-V3): checkpoint
	// layers outside the class.
	MTPLayers int64
	// CheckpointExtra lists what the published checkpoint holds beyond
	// the class's parameters.
	CheckpointExtra []CheckpointPart
	// CheckpointMaybe lists what the published checkpoint may hold beyond
	// the class where the config alone cannot tell; it is in no total.
	CheckpointMaybe []CheckpointPart
	// Quant is what quantization_config says of the published weights
	// (nil without one).
	Quant *PublishedQuant
	Notes []msg.Text
}

// CheckpointPart is a part of a published checkpoint outside the model
// class's parameters.
type CheckpointPart struct {
	Params int64
	Why    msg.Text
}

// KVLayout is what one token leaves in the KV cache of each layer.
type KVLayout struct {
	Layers int64
	// Heads are the query heads; KVHeads the key/value heads (= Heads for
	// MHA, 1 for MQA).
	Heads, KVHeads int64
	// HeadDim is the key head size, VHeadDim the value head size.
	HeadDim, VHeadDim int64
	// Window[i] is layer i's sliding window (0: the layer sees the whole
	// sequence).
	Window []int64
	// Latent is the compressed KV per token of multi-head latent
	// attention (kv_lora_rank + qk_rope_head_dim; 0 otherwise).
	Latent int64
}

// MoE describes the experts of a mixture-of-experts model.
type MoE struct {
	// Experts routed per MoE layer, TopK of them per token, Shared
	// experts (always on) per MoE layer, Layers with experts.
	Experts, TopK, Shared, Layers int64
}

// maxDefaultSeq caps the default sequence length of a config's model.
const maxDefaultSeq = 4096

// Convert reads a config.json and builds its model script.
func Convert(file, text string) (*Model, error) {
	c, err := Parse(file, text)
	if err != nil {
		return nil, err
	}
	return FromConfig(c)
}

// FromConfig builds the model script of a parsed config.
func FromConfig(c *Config) (*Model, error) {
	var notes []msg.Text
	quant := readQuant(c.values["quantization_config"])
	mt := c.ModelType
	if mt == "" {
		mt = typeFromArchitectures(c.Architectures)
	}
	if mt == "" {
		return nil, diag.New(diag.Pos{File: c.File, Line: 1, Col: 1}, msg.F("the config names no model_type"),
			msg.F("FlopLab knows %s; add \"model_type\" as the model's config.json has it", strings.Join(Families(), ", ")))
	}
	if mt == "gemma3" || strings.HasSuffix(mt, "_vl") || c.Has("text_config") {
		if sub, ok := c.sub("text_config"); ok {
			if sub.ModelType == "" && mt == "gemma3" {
				sub.ModelType = "gemma3_text"
			}
			if sub.ModelType != "" {
				notes = append(notes, msg.F("%s is a multimodal model: only its language model (text_config, %s) is counted; the vision encoder is not", mt, sub.ModelType))
				dt := c.values["torch_dtype"]
				c = sub
				if _, ok := c.values["torch_dtype"]; !ok && dt != nil {
					c.values["torch_dtype"] = dt
				}
				mt = c.ModelType
			}
		}
	}
	fam, ok := lookupFamily(mt)
	if !ok {
		return nil, diag.New(c.Pos("model_type"), msg.F("model_type %q is not a family FlopLab builds; the nearest is %s", mt, nearest(mt)),
			msg.F("FlopLab knows %s; a model of another family can be written as a script or pasted as print(model)", strings.Join(Families(), ", ")))
	}
	m := &Model{ModelType: mt, Class: fam.class, Notes: notes, TypePos: c.Pos("model_type"), Quant: quant}
	r := &reader{c: c}
	var out dict
	fam.read(r, &out, m)
	if err := r.done(mt); err != nil {
		return nil, err
	}
	m.TorchDType = r.strOr("torch_dtype", "")
	if m.TorchDType == "" {
		m.TorchDType = r.strOr("dtype", "")
	}
	if r.err != nil {
		return nil, r.err
	}
	seq := m.MaxPositions
	if seq <= 0 || seq > maxDefaultSeq {
		seq = maxDefaultSeq
	}
	m.Input = [][]int64{{1, seq}}
	if m.EncoderDecoder {
		m.Input = append(m.Input, []int64{1, seq})
	}
	src, ok := embeddedFile(fam.file + ".star")
	if !ok {
		panic("hfconfig: no family file " + fam.file + ".star") // embedded; checked by tests
	}
	var b strings.Builder
	b.WriteString(strings.TrimRight(src, "\n"))
	b.WriteString("\n\n# ")
	b.WriteString(fmt.Sprintf("%s, from config.json (model_type %q)", fam.class, mt))
	b.WriteString("\nconfig = ")
	writeDict(&b, &out)
	b.WriteString("\n\nmodel = ")
	b.WriteString(fam.entry)
	b.WriteString("(config)\n")
	m.Definition = b.String()
	m.DefinitionFile = fam.file + ".star"
	writeInput(&b, m.Input)
	m.Script = b.String()
	return m, nil
}

// typeFromArchitectures maps a class name to its family when model_type is
// missing.
func typeFromArchitectures(as []string) string {
	for _, a := range as {
		for _, f := range families {
			if f.class == a || (strings.HasPrefix(a, prefixes[f.modelType]) && prefixes[f.modelType] != "" && strings.HasSuffix(a, "ForCausalLM") &&
				strings.TrimSuffix(a, "ForCausalLM") == prefixes[f.modelType]) {
				return f.modelType
			}
		}
	}
	return ""
}

func writeInput(b *strings.Builder, in [][]int64) {
	tuple := func(s []int64) string {
		parts := make([]string, len(s))
		for i, d := range s {
			parts[i] = strconv.FormatInt(d, 10)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	if len(in) == 1 {
		b.WriteString("input_shape = " + tuple(in[0]) + "\n")
	} else {
		var ts []string
		for _, s := range in {
			ts = append(ts, tuple(s))
		}
		b.WriteString("input_shapes = [" + strings.Join(ts, ", ") + "]\n")
	}
	b.WriteString("input_dtype = \"long\"\n")
}

func writeDict(b *strings.Builder, d *dict) {
	b.WriteString("{\n")
	for _, k := range d.keys {
		b.WriteString("    ")
		b.WriteString(strconv.Quote(k))
		b.WriteString(": ")
		b.WriteString(starlarkValue(d.vals[k]))
		b.WriteString(",\n")
	}
	b.WriteString("}")
}

// starlarkValue renders a config value as a Starlark literal.
func starlarkValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return "None"
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return s
	case string:
		return strconv.Quote(v)
	case []string:
		// runs of equal values are written as [x] * n to keep the script short
		return listLiteral(len(v), func(i int) string { return strconv.Quote(v[i]) })
	case []bool:
		return listLiteral(len(v), func(i int) string { return starlarkValue(v[i]) })
	}
	panic(fmt.Sprintf("hfconfig: no literal for %T", v))
}

func listLiteral(n int, item func(int) string) string {
	if n == 0 {
		return "[]"
	}
	var parts []string
	for i := 0; i < n; {
		j := i
		for j < n && item(j) == item(i) {
			j++
		}
		if j-i == 1 {
			parts = append(parts, "["+item(i)+"]")
		} else {
			parts = append(parts, "["+item(i)+"] * "+strconv.Itoa(j-i))
		}
		i = j
	}
	return strings.Join(parts, " + ")
}

// ExpertsSuffix ends the class name of the modules that hold a layer's
// routed experts (families/decoder.star's Experts: "MixtralExperts").
const ExpertsSuffix = "Experts"

// ActiveParams is the number of parameters one token uses in g, the traced
// model: all of them, less the routed experts it is not sent to
// ((experts - top_k)/experts of every experts module's parameters).
// Embeddings, the LM head and shared experts count in full. For a dense
// model it is the parameter count.
func (m *Model) ActiveParams(g *graph.Graph) int64 {
	var total, idle int64
	for _, mod := range g.Modules {
		tr, fr, _ := graph.Count(mod.Params)
		total += tr + fr
		if m.MoE != nil && m.MoE.Experts > 0 && strings.HasSuffix(mod.Type, ExpertsSuffix) {
			idle += (tr + fr) / m.MoE.Experts * (m.MoE.Experts - m.MoE.TopK)
		}
	}
	return total - idle
}

// DefaultDType is the FlopLab dtype of the config's torch_dtype ("bf16"
// for "bfloat16"), "" when the config gives none (or m is nil).
func (m *Model) DefaultDType() string {
	if m == nil {
		return ""
	}
	switch strings.TrimPrefix(m.TorchDType, "torch.") {
	case "bfloat16":
		return "bf16"
	case "float16", "half":
		return "fp16"
	case "float32", "float":
		return "fp32"
	}
	return ""
}
