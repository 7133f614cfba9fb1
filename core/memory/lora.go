package memory

import (
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
)

// LoRA settings a fine-tuning estimate accepts.
const (
	// DefaultLoRARank is the rank when none is given (a common choice;
	// PEFT's own default is 8).
	DefaultLoRARank = 16
	// MaxLoRARank bounds the rank a user may ask for.
	MaxLoRARank = 1 << 16
	// AllLinear is PEFT's target_modules shorthand for every Linear
	// layer but the output head.
	AllLinear = "all-linear"
	// maxLoRATargets bounds the number of target module names.
	maxLoRATargets = 64
)

// ParseLoRATargets reads LoRA target modules as PEFT's target_modules
// names them, separated by commas or spaces ("q_proj,v_proj",
// "all-linear"): at most 64 names of letters, digits, '_' and '-', each
// at most 64 bytes. Empty text means the family's default (nil).
func ParseLoRATargets(v string) ([]string, error) {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		ok := len(f) <= 64
		for _, r := range f {
			if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				ok = false
			}
		}
		if !ok {
			return nil, diag.New(diag.Pos{}, msg.F("bad LoRA target module %q", clipName(f)),
				msg.F("name modules as PEFT's target_modules does: q_proj,v_proj (or all-linear)"))
		}
		out = append(out, f)
	}
	if len(out) > maxLoRATargets {
		return nil, diag.New(diag.Pos{}, msg.F("too many LoRA target modules (%d, at most 64)", len(out)), msg.Text{})
	}
	return out, nil
}

// clipName shortens a name for a message to 40 bytes, on a rune
// boundary.
func clipName(s string) string {
	if len(s) <= 40 {
		return s
	}
	n := 40
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
