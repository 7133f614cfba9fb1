package hfconfig

import (
	"encoding/json"
	"strings"

	"floplab/core/msg"
)

// PublishedQuant is what a config's quantization_config says of the
// published weights: Method ("gptq", "awq", "fp8", "bitsandbytes"), their
// layout in words (Layout: "4-bit, group size 128"), and the FlopLab
// quantization format (memory.Quants) that stores them so, "" when none
// does.
type PublishedQuant struct {
	Method string
	Layout msg.Text
	Format string
}

// readQuant reads quantization_config, nil when the config has none.
// GPTQ and AWQ name their bits and group size ("bits"/"w_bit",
// "group_size"/"q_group_size"); bitsandbytes its mode (load_in_4bit with
// bnb_4bit_quant_type and bnb_4bit_use_double_quant, or load_in_8bit);
// FP8 checkpoints (DeepSeek-V3, Qwen3-FP8) their weight_block_size.
func readQuant(v any) *PublishedQuant {
	q, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	str := func(k string) string { s, _ := q[k].(string); return strings.ToLower(s) }
	num := func(keys ...string) (int64, bool) {
		for _, k := range keys {
			if n, ok := q[k].(json.Number); ok {
				if i, err := n.Int64(); err == nil {
					return i, true
				}
			}
		}
		return 0, false
	}
	flag := func(k string) bool { b, _ := q[k].(bool); return b }
	p := &PublishedQuant{Method: str("quant_method")}
	switch p.Method {
	case "gptq", "awq":
		bits, okb := num("bits", "w_bit")
		group, okg := num("group_size", "q_group_size")
		switch {
		case okb && okg:
			p.Layout = msg.F("%d-bit, group size %d", bits, group)
		case okb:
			p.Layout = msg.F("%d-bit", bits)
		}
		if bits == 4 && group == 128 {
			p.Format = p.Method + "-int4"
		}
	case "fp8":
		p.Layout = msg.F("FP8 (e4m3)")
		if bs, ok := q["weight_block_size"].([]any); ok && len(bs) == 2 {
			p.Layout = msg.F("FP8 (e4m3), scales per %v×%v block", bs[0], bs[1])
		}
		p.Format = "fp8"
	case "bitsandbytes":
		switch {
		case flag("load_in_4bit"):
			t := str("bnb_4bit_quant_type")
			if t == "" {
				t = "fp4" // BitsAndBytesConfig's default
			}
			p.Layout = msg.F("4-bit %s", t)
			if flag("bnb_4bit_use_double_quant") {
				p.Layout = msg.F("4-bit %s, double quantization", t)
			}
			if t == "nf4" {
				p.Format = "nf4-single"
				if flag("bnb_4bit_use_double_quant") {
					p.Format = "nf4"
				}
			}
		case flag("load_in_8bit"):
			p.Layout, p.Format = msg.Lit("LLM.int8"), "int8"
		}
	case "":
		return nil
	}
	return p
}

// Note says what the published weights are, that the inference weights
// memory counts them in Format by default (core.DemandOptions.Quant), and
// how to count them at dtype instead.
func (p *PublishedQuant) Note(dtype string) msg.Text {
	layout := p.Layout
	if layout.IsZero() {
		layout = msg.Lit("?")
	}
	if p.Format == "" {
		return msg.F("quantization_config: the published weights are quantized (quant_method %s, %s), a layout FlopLab has no format for; the weights memory counts them at %s", p.Method, layout, dtype)
	}
	return msg.F("quantization_config: the published weights are quantized (quant_method %s, %s); the inference weights memory counts them so, in the quantization %s by default (CLI --quant %s); choose not quantized (CLI --quant none) for %s", p.Method, layout, p.Format, p.Format, dtype)
}
