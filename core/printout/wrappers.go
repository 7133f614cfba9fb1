package printout

import (
	"strings"

	"floplab/core/internal/lazy"
	"floplab/core/msg"
)

// wrappers are classes that only hold the model they wrap, by the name
// of the child that holds it: data parallelism (the model's replica is
// "module"; FSDP's shard "_fsdp_wrapped_module"), torch.compile's
// OptimizedModule ("_orig_mod"), activation checkpointing, PEFT's model
// and tuner wrappers, and YOLOv5's AutoShape. They add no parameters and
// no work FlopLab counts.
var wrappers = lazy.Value[map[string]string]{Build: func() map[string]string {
	return map[string]string{
		"DataParallel": "module", "DistributedDataParallel": "module",
		"FullyShardedDataParallel": "_fsdp_wrapped_module", "OptimizedModule": "_orig_mod",
		"CheckpointWrapper": "_checkpoint_wrapped_module",
		"PeftModel":         "base_model", "PeftModelForCausalLM": "base_model", "PeftModelForSeq2SeqLM": "base_model",
		"PeftModelForSequenceClassification": "base_model", "PeftModelForTokenClassification": "base_model",
		"PeftModelForQuestionAnswering": "base_model", "PeftModelForFeatureExtraction": "base_model",
		"LoraModel": "model", "AdaLoraModel": "model", "IA3Model": "model", "LoHaModel": "model", "LoKrModel": "model",
		"autoShape": "model", "AutoShape": "model", "DetectMultiBackend": "model",
	}
}}

// unwrap replaces every wrapper that holds only the model it wraps by
// that model, keeping the wrapper's child name, and says so once per
// wrapper class. The tree is copied where it changes; m is not modified.
func unwrap(m *Module) (*Module, []Note) {
	var notes []Note
	noted := map[string]bool{}
	var walk func(m *Module) *Module
	walk = func(m *Module) *Module {
		for {
			child, ok := wrappers.Get()[m.Class]
			if !ok || len(m.Children) != 1 || m.Children[0].Name != child || m.Children[0].RunLength > 0 {
				break
			}
			inner := *m.Children[0]
			inner.Name, inner.RunLength = m.Name, m.RunLength
			if !noted[m.Class] {
				noted[m.Class] = true
				t := msg.F("%s (line %d) only wraps the model it holds in (%s): unwrapped, so the results and module paths are the wrapped model's", m.Class, m.Pos.Line, child)
				notes = append(notes, Note{Pos: m.Pos, Msg: t.String(), Text: t})
			}
			m = &inner
		}
		var kids []*Module
		changed := false
		for _, c := range m.Children {
			k := walk(c)
			changed = changed || k != c
			kids = append(kids, k)
		}
		if changed {
			cp := *m
			cp.Children = kids
			m = &cp
		}
		return m
	}
	out := walk(m)
	if strings.HasPrefix(m.Class, "PeftModel") && out != m {
		cp := *out
		cp.Adapted = true
		out = &cp
	}
	return out, notes
}
