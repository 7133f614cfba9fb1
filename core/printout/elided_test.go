package printout

import (
	"strings"
	"testing"

	"floplab/core"
)

// TestElidedClosers: after a line that stands for lines left out ("..."),
// a ')' closes the module whose opening line it is indented as, as
// print(model) indents them. The modules printed after the elision are
// the children of the module they are indented in, and everything but
// the elided part is traced: complete=false with the elision's line
// named, the rest counted. (As corpus/distilbert_elided.txt, where the
// poster cut from inside the first TransformerBlock to the end of the
// DistilBertModel, and "..." sits at column 0.)
func TestElidedClosers(t *testing.T) {
	for _, c := range []struct {
		name, text string
		line       int // the elision's
	}{
		{"end of an outer module's own elided", "Net(\n  (body): Body(\n    (blocks): ModuleList(\n      (0-1): 2 x Block(\n" +
			"        (fc1): Linear(in_features=8, out_features=8, bias=True)\n...\n  )\n" +
			"  (head): Linear(in_features=8, out_features=2, bias=True)\n)\n", 6},
		{"an elided module's ')' printed", "Net(\n  (body): Body(\n    (blocks): ModuleList(\n      (0-1): 2 x Block(\n" +
			"        (fc1): Linear(in_features=8, out_features=8, bias=True)\n      ...\n          )\n        )\n      )\n    )\n  )\n" +
			"  (head): Linear(in_features=8, out_features=2, bias=True)\n)\n", 6},
	} {
		rep, err := core.Analyze(core.Request{Script: c.text, Filename: "pasted.txt", Importers: []core.Importer{Importer{}}})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if want := int64(2*72 + 18); rep.Totals.Params != want {
			t.Errorf("%s: params %d, want %d", c.name, rep.Totals.Params, want)
		}
		macs := map[string]int64{}
		for _, l := range rep.Layers {
			macs[l.Name] = l.MACs
		}
		// Every printed Linear traced, the head as the model's child.
		if macs["body.blocks.0.fc1"] != 64 || macs["body.blocks.1.fc1"] != 64 || macs["head"] != 16 {
			t.Errorf("%s: layers %+v; want body.blocks.0.fc1, body.blocks.1.fc1 64 MACs, head 16", c.name, macs)
		}
		if rep.Complete || len(rep.Incomplete) != 1 || rep.Incomplete[0].Line != c.line ||
			!strings.Contains(rep.Incomplete[0].Reason, "the printout leaves modules out here") {
			t.Errorf("%s: complete %v, incomplete %+v; want only the elision at line %d", c.name, rep.Complete, rep.Incomplete, c.line)
		}
		if rep.CountedLayers != 3 || rep.TotalLayers != 4 {
			t.Errorf("%s: MACs of %d of %d layers, want 3 of 4", c.name, rep.CountedLayers, rep.TotalLayers)
		}
	}
}

// TestNamedModuleList: a ModuleList whose children are not 0, 1, ...
// (an edited printout) is written as a ModuleDict, and a forward assumed
// sequential iterates its modules, not its names.
func TestNamedModuleList(t *testing.T) {
	src := "Net(\n  (layers): ModuleList(\n    (0): Linear(in_features=8, out_features=8, bias=True)\n" +
		"    (head): Linear(in_features=8, out_features=2, bias=True)\n  )\n)\n"
	rep, err := core.Analyze(core.Request{Script: src, Importers: []core.Importer{Importer{}}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Complete || rep.Totals.MACs != 8*8+8*2 || rep.Totals.Params != 72+18 {
		t.Errorf("complete %v (%+v), %d MACs, %d params; want complete, 80 MACs, 90 params", rep.Complete, rep.Incomplete, rep.Totals.MACs, rep.Totals.Params)
	}
}

// TestWrappedTokenModelInput: a model FlopLab assumes sequential hands
// its input to its first child, so the usual input of the first known
// block on the way to the first layer is the model's: a PEFT-wrapped
// BertForSequenceClassification whose embeddings the poster elided
// takes BertModel's token ids, not an image (its first printed leaf,
// the elided BertEmbeddings, tells nothing).
func TestWrappedTokenModelInput(t *testing.T) {
	src := mustRead(t, "testdata/corpus/bert_lora_elided.txt")
	script, _, err := Convert("bert_lora_elided.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(script, "\ninput_shape = (1, 128)  # 128 token ids") || !strings.Contains(script, "\ninput_dtype = \"long\"\n") {
		i := strings.Index(script, "input_shape")
		t.Errorf("default input: %q; want BertModel's (1, 128) token ids", script[i:i+120])
	}
}

// TestElidedBody: a module printed with its contents left out
// ("BertEmbeddings(\n ... \n)") is listed once as not counted, at its
// elision's line, and its warning says the printout leaves out what it
// holds (a lower bound, a figure the user can state), not that FlopLab
// does not know the class or that it likely holds no weights.
func TestElidedBody(t *testing.T) {
	src := mustRead(t, "testdata/corpus/bert_lora_elided.txt")
	_, notes, err := Convert("bert_lora_elided.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range notes {
		if n.Class != "BertEmbeddings" {
			continue
		}
		found = true
		if !strings.Contains(n.Msg, "the printout leaves out what it holds") || strings.Contains(n.Msg, "not a class FlopLab knows") || !n.Weights {
			t.Errorf("BertEmbeddings: %q (weights %v)", n.Msg, n.Weights)
		}
	}
	if !found {
		t.Errorf("no warning for the elided BertEmbeddings: %+v", notes)
	}
	rep, err := core.Analyze(core.Request{Script: src, Importers: []core.Importer{Importer{}}})
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, in := range rep.Incomplete {
		if in.Module == "bert.embeddings" {
			lines = append(lines, in.Line)
		}
	}
	if len(lines) != 1 || lines[0] != 6 {
		t.Errorf("bert.embeddings not counted at lines %v, want [6] (the elision): %+v", lines, rep.Incomplete)
	}
}
