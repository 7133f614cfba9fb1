package printout

import (
	"fmt"
	"strings"

	"floplab/core/diag"
	"floplab/core/internal/lazy"
	"floplab/core/msg"
	"floplab/core/units"
)

// ConvertOptions change what a conversion assumes where the printout
// cannot tell.
type ConvertOptions struct {
	// Tie lists pairs {module, target} of module paths whose weights are
	// one shared tensor, module.weight = target.weight, as
	// tie_weights() does (e.g. {"lm_head", "model.embed_tokens"}). The
	// shared tensor is counted once. TieCandidates lists the pairs a
	// printout allows.
	Tie [][2]string
	// Untie drops the ties known classes make by default (GPT-2's
	// lm_head and transformer.wte), so both are counted.
	Untie bool
	// Assume gives, by class, what a class FlopLab does not know holds
	// and does: {parameters, MACs per call}. Such modules are counted so
	// instead of as 0 (and the result is not incomplete for them).
	Assume map[string][2]int64
}

// Tie is one shared weight: Module's weight is Target's.
type Tie struct {
	Module string `json:"module"`
	Target string `json:"target"`
	// Params is the size of the shared weight, counted once.
	Params int64 `json:"params"`
	// Default is true when the model's class ties these by default
	// (GPT2LMHeadModel); false for a tie asked for with ConvertOptions
	// or merely possible (TieCandidates).
	Default bool `json:"default"`
	// Why says where the tie comes from.
	Why string `json:"why"`
}

// tensorSpec is a parameter or buffer a module holds directly, which
// its printout does not show.
type tensorSpec struct {
	name   string
	shape  []int64
	buffer bool
}

// resolved holds what the printout implies beyond its lines: tensors
// held directly by known classes, sizes a line does not print (Conv1D(),
// Permute()), per-instance attributes of known blocks, weight ties, and
// the notes stating each assumption.
type resolved struct {
	hidden   map[*Module][]tensorSpec
	attrs    map[*Module][]attr
	leafExpr map[*Module]string // the expression to emit instead of the printed line
	ctx      map[*Module]map[string]int64
	ties     []Tie
	opaque   []Unknown
	// width is the model's width where a printout shows it: the size of
	// its first Embedding (for norms printed without their size).
	width  int64
	failed map[*Module]string // known classes whose wiring could not be derived
	assume map[string][2]int64
	notes  []Note
	noted  map[string]bool
}

func (r *resolved) note(pos diag.Pos, format string, args ...any) {
	t := msg.F(format, args...)
	s := t.String()
	if r.noted[s] {
		return
	}
	r.noted[s] = true
	r.notes = append(r.notes, Note{Pos: pos, Msg: s, Text: t})
}

// noteOnce records a note once per key (a class), at the first instance.
func (r *resolved) noteOnce(key string, pos diag.Pos, format string, args ...any) {
	if r.noted["key:"+key] {
		return
	}
	r.noted["key:"+key] = true
	r.note(pos, format, args...)
}

func (r *resolved) set(m *Module, key string, v int64) {
	if m == nil {
		return
	}
	if r.ctx[m] == nil {
		r.ctx[m] = map[string]int64{}
	}
	r.ctx[m][key] = v
}

func (r *resolved) get(m *Module, key string) (int64, bool) {
	v, ok := r.ctx[m][key]
	return v, ok
}

func (r *resolved) hide(m *Module, name string, buffer bool, shape ...int64) {
	r.hidden[m] = append(r.hidden[m], tensorSpec{name: name, shape: shape, buffer: buffer})
}

// knownBlock returns the wiring of m's class when m has every child it
// needs.
func knownBlock(m *Module) *block {
	b := knownBlocks()[m.Class]
	if b == nil || len(m.Children) == 0 && b.leaf == nil && b.wired() {
		return nil
	}
	for _, n := range b.needs {
		if m.Child(n) == nil {
			return nil
		}
	}
	return b
}

// resolve derives what the printout implies; see resolved.
func resolve(root *Module, opt ConvertOptions) (*resolved, error) {
	r := &resolved{assume: opt.Assume, hidden: map[*Module][]tensorSpec{}, attrs: map[*Module][]attr{}, leafExpr: map[*Module]string{},
		ctx: map[*Module]map[string]int64{}, noted: map[string]bool{}}
	r.width = firstEmbeddingDim(root)
	var walk func(m *Module, path string)
	walk = func(m *Module, path string) {
		b := knownBlock(m)
		switch {
		case b != nil && b.resolve != nil:
			b.resolve(r, m, path)
		case b == nil && heldBy.Get()[m.Class] != nil:
			if specs, why := heldBy.Get()[m.Class](m); specs != nil {
				for _, t := range specs {
					r.hide(m, t.name, false, t.shape...)
				}
				r.noteOnce("held:"+m.Class, m.Pos, "%s (line %d) holds parameters a printout does not show: %s", m.Class, m.Pos.Line, msg.F(why))
			}
		case b == nil && len(m.Children) > 0 && !isContainer(m.Class):
			r.opaque = append(r.opaque, Unknown{Path: path, Class: m.Class, Pos: m.Pos})
			r.noteOnce("opaque:"+m.Class, m.Pos, "%s (%s): parameters and buffers a module holds directly (nn.Parameter attributes such as a class token or a position embedding) are invisible in a printout, which lists only child modules; FlopLab does not know %s, so any it holds are not counted", displayPath(path), m.Class, m.Class)
		}
		ties := defaultTies.Get()[m.Class]
		if m.Class == "T5ForConditionalGeneration" && !hasClass(m, "T5DenseGatedActDense") {
			// T5 v1.0 (ReLU feed-forward) ties lm_head to the shared
			// embedding; v1.1 and FLAN-T5 (gated GELU) do not.
			ties = append(ties[:len(ties):len(ties)], [3]string{"lm_head", "shared", "T5 v1.0 (ReLU feed-forward, as printed) ties lm_head to the shared embedding; v1.1 and FLAN-T5 do not"})
		}
		for _, d := range ties {
			if t, err := tieOf(m, d[0], d[1]); err == nil {
				t.Module, t.Target = join(path, t.Module), join(path, t.Target)
				t.Default, t.Why = true, d[2]
				dup := false
				for _, x := range r.ties {
					dup = dup || x.Module == t.Module && x.Target == t.Target
				}
				if !dup {
					r.ties = append(r.ties, t)
				}
			}
		}
		if f := leafFix.Get()[m.Class]; f != nil && len(m.Children) == 0 {
			f(r, m, path)
		} else if isRMSNorm(m.Class) && len(m.Children) == 0 {
			rmsNormFix(m.Class)(r, m, path)
		}
		for i, c := range m.Children {
			if c.Class == "Permute" && len(c.Args) == 0 && len(c.Children) == 0 {
				r.permute(m, i, join(path, groupName(c)))
			}
		}
		for _, c := range m.Children {
			// Context flows down: what a block knows (the model width,
			// n_positions) reaches the layers under it.
			for k, v := range r.ctx[m] {
				if _, ok := r.get(c, k); !ok {
					r.set(c, k, v)
				}
			}
			walk(c, join(path, groupName(c)))
		}
	}
	walk(root, "")
	if opt.Untie {
		for _, t := range r.ties {
			r.note(root.Pos, "%s and %s are counted separately (untied); %s ties them by default", t.Module, t.Target, root.Class)
		}
		r.ties = nil
	}
	for _, p := range opt.Tie {
		t, err := tieOf(root, p[0], p[1])
		if err != nil {
			return nil, err
		}
		dup := false
		for _, x := range r.ties {
			dup = dup || x.Module == t.Module && x.Target == t.Target
		}
		if !dup {
			t.Why = "asked for (tied weights)"
			r.ties = append(r.ties, t)
			r.note(root.Pos, "%s.weight is tied to %s.weight as asked: the shared %s parameters are counted once", t.Module, t.Target, units.Thousands(t.Params))
		}
	}
	return r, nil
}

// hasClass reports whether m or a module under it is of class c.
func hasClass(m *Module, c string) bool {
	if m.Class == c {
		return true
	}
	for _, k := range m.Children {
		if hasClass(k, c) {
			return true
		}
	}
	return false
}

// firstEmbeddingDim is the embedding_dim of the first Embedding in
// printed order, 0 if none.
func firstEmbeddingDim(m *Module) int64 {
	if m.Class == "Embedding" && len(m.Children) == 0 {
		if d, err := intArg(m, "embedding_dim", 1); err == nil {
			return d
		}
	}
	for _, c := range m.Children {
		if d := firstEmbeddingDim(c); d > 0 {
			return d
		}
	}
	return 0
}

// heldBy are the parameters known classes hold directly (nn.Parameter
// attributes, not printed), for classes whose forward FlopLab does not
// wire: the tensors and the sentence that says where their sizes come
// from (nil when the printout lacks what decides them).
var heldBy = lazy.Value[map[string]func(m *Module) ([]tensorSpec, string)]{Build: func() map[string]func(m *Module) ([]tensorSpec, string) {
	return map[string]func(m *Module) ([]tensorSpec, string){
		// transformers' CLIPVisionEmbeddings: class_embedding [embed_dim].
		"CLIPVisionEmbeddings": func(m *Module) ([]tensorSpec, string) {
			d := childInt(m, "patch_embedding", "out_channels", 1)
			if d <= 0 {
				return nil, ""
			}
			return []tensorSpec{{name: "class_embedding", shape: []int64{d}}}, "class_embedding, one value per channel of patch_embedding"
		},
		// CLIPModel: logit_scale, one value.
		"CLIPModel": func(m *Module) ([]tensorSpec, string) {
			return []tensorSpec{{name: "logit_scale", shape: []int64{1}}}, "logit_scale, one value"
		},
		// transformers' ViTEmbeddings: cls_token [1, 1, d] and
		// position_embeddings [1, patches + 1, d] at the image size of the
		// config (224 for the published ViTs; not printed, so assumed).
		"ViTEmbeddings": func(m *Module) ([]tensorSpec, string) {
			pe := m.Child("patch_embeddings")
			if pe == nil || pe.Child("projection") == nil {
				return nil, ""
			}
			proj := pe.Child("projection")
			d := childInt(pe, "projection", "out_channels", 1)
			k, ok := proj.Arg("kernel_size", 2)
			ks, ok2 := k.Value.Ints()
			if d <= 0 || !ok || !ok2 || len(ks) == 0 || ks[0] <= 0 || 224%ks[0] != 0 {
				return nil, ""
			}
			n := (224 / ks[0]) * (224 / ks[0])
			return []tensorSpec{{name: "cls_token", shape: []int64{1, 1, d}}, {name: "position_embeddings", shape: []int64{1, n + 1, d}}},
				"cls_token and position_embeddings, sized for 224×224 images (the image size is not printed; the published ViTs use 224)"
		},
	}
}}

// defaultTies are the weights known classes share by default (their
// config's tie_word_embeddings is true): {module, target, why}, paths
// relative to the class's module. Counted once unless untied.
var defaultTies = lazy.Value[map[string][][3]string]{Build: func() map[string][][3]string {
	return map[string][][3]string{
		"WhisperForConditionalGeneration": {{"proj_out", "model.decoder.embed_tokens", "proj_out shares the decoder's token embedding (tie_word_embeddings)"}},
		"ChatGLMForConditionalGeneration": {{"lm_head", "transformer.word_embeddings", "lm_head shares the word embedding (tie_word_embeddings)"}},
		"OPTForCausalLM":                  {{"lm_head", "model.decoder.embed_tokens", "lm_head shares the token embedding (tie_word_embeddings)"}},
		"BloomForCausalLM":                {{"lm_head", "transformer.word_embeddings", "lm_head shares the word embedding (tie_word_embeddings)"}},
		"BartForConditionalGeneration":    {{"lm_head", "model.shared", "lm_head shares the shared token embedding (tie_word_embeddings)"}},
		"MBartForConditionalGeneration":   {{"lm_head", "model.shared", "lm_head shares the shared token embedding (tie_word_embeddings)"}},
		"T5ForConditionalGeneration":      {{"encoder.embed_tokens", "shared", "the encoder's embedding is the shared one"}, {"decoder.embed_tokens", "shared", "the decoder's embedding is the shared one"}},
		"T5EncoderModel":                  {{"encoder.embed_tokens", "shared", "the encoder's embedding is the shared one"}},
		"BartModel":                       {{"encoder.embed_tokens", "shared", "the encoder's embedding is the shared one"}, {"decoder.embed_tokens", "shared", "the decoder's embedding is the shared one"}},
		"BertForMaskedLM":                 {{"cls.predictions.decoder", "bert.embeddings.word_embeddings", "the MLM decoder shares the word embedding (tie_word_embeddings)"}},
		"RobertaForMaskedLM":              {{"lm_head.decoder", "roberta.embeddings.word_embeddings", "the MLM decoder shares the word embedding (tie_word_embeddings)"}},
		"GPTNeoForCausalLM":               {{"lm_head", "transformer.wte", "lm_head shares the token embedding (tie_word_embeddings)"}},
		"GemmaForCausalLM":                {{"lm_head", "model.embed_tokens", "lm_head shares the token embedding (tie_word_embeddings)"}},
		"Gemma2ForCausalLM":               {{"lm_head", "model.embed_tokens", "lm_head shares the token embedding (tie_word_embeddings)"}},
	}
}}

// permute infers the dims of torchvision's Permute, which prints as
// "Permute()": to channels-last after an NCHW layer, back otherwise, as
// ConvNeXt's CNBlock and Swin use it.
func (r *resolved) permute(parent *Module, i int, path string) {
	c := parent.Children[i]
	dims := "[0, 3, 1, 2]"
	why := msg.F("back to channels-first")
	if i > 0 {
		prev := parent.Children[i-1]
		if strings.HasPrefix(prev.Class, "Conv") || prev.Class == "BatchNorm2d" || prev.Class == "LayerNorm2d" {
			dims, why = "[0, 2, 3, 1]", msg.F("to channels-last after %s", prev.Class)
		}
	}
	r.leafExpr[c] = "Permute(" + dims + ")"
	r.note(c.Pos, "%s: Permute() does not print its dims; assumed %s (%s), as in torchvision's ConvNeXt and Swin", path, dims, why)
}

// weightShape is the shape of a module's weight, for ties.
func weightShape(m *Module, r *resolved) ([]int64, bool) {
	switch m.Class {
	case "Embedding":
		n, err1 := intArg(m, "num_embeddings", 0)
		d, err2 := intArg(m, "embedding_dim", 1)
		return []int64{n, d}, err1 == nil && err2 == nil
	case "Linear":
		in, err1 := intArg(m, "in_features", 0)
		out, err2 := intArg(m, "out_features", 1)
		return []int64{out, in}, err1 == nil && err2 == nil
	case "Conv1D":
		nf, nx, ok := conv1DSizes(m, r)
		return []int64{nx, nf}, ok
	}
	return nil, false
}

// find returns the module at a dotted path (run-length groups expanded).
func find(root *Module, path string) *Module {
	m := root
	if path == "" {
		return m
	}
	for _, part := range strings.Split(path, ".") {
		var next *Module
		for _, c := range m.Expanded() {
			if c.Name == part {
				next = c.Module
				break
			}
		}
		if next == nil {
			return nil
		}
		m = next
	}
	return m
}

func tieOf(root *Module, module, target string) (Tie, error) {
	bad := func(why msg.Text) (Tie, error) {
		return Tie{}, &diag.Error{Pos: root.Pos, Msg: msg.F("cannot tie %s to %s: %s", module, target, why),
			Hint: msg.F("tie a Linear or Conv1D to an Embedding of the same weight shape (see the tie candidates)"), Kind: diag.ErrTiePair}
	}
	m, t := find(root, module), find(root, target)
	if m == nil || t == nil || module == target {
		return bad(msg.F("no such pair of modules in the printout"))
	}
	ms, ok1 := weightShape(m, nil)
	ts, ok2 := weightShape(t, nil)
	if !ok1 || !ok2 {
		return bad(msg.F("both must be Embedding, Linear or Conv1D layers with printed sizes"))
	}
	if fmt.Sprint(ms) != fmt.Sprint(ts) {
		return bad(msg.F("weight shapes %s and %s differ", fmt.Sprint(ms), fmt.Sprint(ts)))
	}
	return Tie{Module: module, Target: target, Params: ms[0] * ms[1]}, nil
}

// TieCandidates lists the pairs of modules a printout allows tying: a
// Linear (or Conv1D) whose weight has the shape of an Embedding's, such
// as an output head and the token embedding. Default marks the ties the
// model's class makes by default (counted once unless
// ConvertOptions.Untie); the others are counted separately unless
// ConvertOptions.Tie asks for them.
func TieCandidates(root *Module) []Tie {
	r, err := resolve(root, ConvertOptions{})
	if err != nil {
		return nil
	}
	var embs, heads []Child
	var walk func(m *Module, path string)
	walk = func(m *Module, path string) {
		for _, c := range m.Expanded() {
			p := join(path, c.Name)
			switch c.Module.Class {
			case "Embedding":
				embs = append(embs, Child{p, c.Module})
			case "Linear", "Conv1D":
				heads = append(heads, Child{p, c.Module})
			}
			walk(c.Module, p)
		}
	}
	walk(root, "")
	var out []Tie
	for _, h := range heads {
		hs, ok := weightShape(h.Module, r)
		if !ok {
			continue
		}
		for _, e := range embs {
			es, ok := weightShape(e.Module, r)
			if !ok || fmt.Sprint(es) != fmt.Sprint(hs) {
				continue
			}
			t := Tie{Module: h.Name, Target: e.Name, Params: es[0] * es[1], Why: "same weight shape"}
			for _, d := range r.ties {
				if d.Module == t.Module && d.Target == t.Target {
					t.Default, t.Why = true, d.Why
				}
			}
			out = append(out, t)
		}
	}
	return out
}

// conv1DSizes returns a transformers Conv1D's nf (output) and nx (input)
// sizes: printed as Conv1D(nf=2304, nx=768) by recent transformers,
// or inferred from the block around it when printed as Conv1D().
func conv1DSizes(m *Module, r *resolved) (nf, nx int64, ok bool) {
	a, ok1 := m.Arg("nf", 0)
	b, ok2 := m.Arg("nx", 1)
	if ok1 && ok2 && a.Value.Kind == Int && b.Value.Kind == Int {
		return a.Value.Int, b.Value.Int, true
	}
	if r != nil {
		nf, ok1 := r.get(m, "nf")
		nx, ok2 := r.get(m, "nx")
		return nf, nx, ok1 && ok2
	}
	return 0, 0, false
}

// leafFix sets the emitted expression (and parameters, when the line
// does not print its sizes) of leaf classes whose printed arguments are
// not their constructor's.
var leafFix = lazy.Value[map[string]func(r *resolved, m *Module, path string)]{Build: leafFixes}

func leafFixes() map[string]func(r *resolved, m *Module, path string) {
	leafFix := map[string]func(r *resolved, m *Module, path string){}
	leafFix["Conv1D"] = func(r *resolved, m *Module, path string) {
		nf, nx, ok := conv1DSizes(m, r)
		if !ok {
			return
		}
		r.leafExpr[m] = fmt.Sprintf("Conv1D(%d, %d)", nf, nx)
	}
	leafFix["LlamaRMSNorm"] = rmsNormFix("LlamaRMSNorm")
	leafFix["LlamaRotaryEmbedding"] = llamaRotaryFix
	leafFix["MistralRotaryEmbedding"] = llamaRotaryFix
	leafFix["Qwen2RotaryEmbedding"] = llamaRotaryFix
	leafFix["LayerNorm2d"] = func(r *resolved, m *Module, path string) {
		a, ok := m.Arg("normalized_shape", 0)
		if !ok {
			return
		}
		xs, ok := a.Value.Ints()
		if !ok || len(xs) != 1 {
			return
		}
		eps := ""
		if e, ok := m.Arg("eps", -1); ok && e.Value.Starlark() != "" {
			eps = ", eps=" + e.Value.Starlark()
		}
		r.leafExpr[m] = fmt.Sprintf("LayerNorm2d(%d%s)", xs[0], eps)
	}
	return leafFix
}

// rmsNormFix: LlamaRMSNorm((4096,), eps=1e-05) in transformers >= 4.42,
// LlamaRMSNorm() before; the size then comes from the block around it.
func rmsNormFix(class string) func(r *resolved, m *Module, path string) {
	return func(r *resolved, m *Module, path string) {
		n := int64(-1)
		if a, ok := m.Arg("normalized_shape", 0); ok {
			if xs, ok := a.Value.Ints(); ok && len(xs) == 1 {
				n = xs[0]
			}
		}
		if n < 0 {
			v, ok := r.get(m, "hidden")
			if ok {
				r.note(m.Pos, "%s: %s() does not print its size (transformers < 4.42); %d taken from the layers around it, eps assumed 1e-05", path, class, v)
			} else if v = r.width; v > 0 {
				r.noteOnce("width:"+class, m.Pos, "%s (line %d): %s() does not print its size; taken as the model's width, %d, the size of its first embedding", class, m.Pos.Line, class, v)
			} else {
				return
			}
			n = v
		}
		eps := "1e-05"
		if e, ok := m.Arg("eps", 1); ok && e.Value.Starlark() != "" && e.Value.Kind != None {
			eps = e.Value.Starlark()
		}
		if class == "LlamaRMSNorm" {
			r.leafExpr[m] = fmt.Sprintf("%s(%d, eps=%s)", class, n, eps)
		} else {
			r.leafExpr[m] = fmt.Sprintf("RMSNorm(%d, eps=%s)", n, eps)
		}
	}
}
