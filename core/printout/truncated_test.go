package printout

import (
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/msg"
)

// TestTruncatedIsPartial: a printout that ends before its closing
// parentheses (cut when it was copied) is counted as far as it goes and
// is never a complete result: the module it ends inside is listed as not
// counted, at the printout's last line, in English and Chinese; the same
// printout closed is complete. An elided one ("...") is partial at the
// elision's line.
func TestTruncatedIsPartial(t *testing.T) {
	const head = "Net(\n  (features): Sequential(\n    (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))\n" +
		"    (1): ReLU(inplace=True)\n    (2): Conv2d(16, 8, kernel_size=(3, 3), stride=(1, 1))\n"
	for _, c := range []struct {
		name, text string
		complete   bool
		module     string
		line       int
		reason     string
	}{
		{"closed", head + "  )\n)\n", true, "", 0, ""},
		{"cut inside features", head, false, "features", 5, "the printout ends inside Sequential (line 2) without its closing ')'"},
		{"cut inside the model", head + "  )\n  (head): Linear(in_features=8, out_features=2, bias=True)\n", false, "", 7, "the printout ends inside Net (line 1) without its closing ')'"},
		{"elided", head + "    ...\n  )\n)\n", false, "features", 6, "the printout leaves modules out here"},
	} {
		rep, err := core.Analyze(core.Request{Script: c.text, Filename: "pasted.txt", Importers: []core.Importer{Importer{}}, Inputs: [][]int64{{1, 3, 32, 32}}})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if want := int64(3*16*9 + 16 + 16*8*9 + 8); rep.Totals.Params < want {
			t.Errorf("%s: params %d, want at least %d", c.name, rep.Totals.Params, want)
		}
		if rep.Complete != c.complete {
			t.Errorf("%s: complete %v, incomplete %+v", c.name, rep.Complete, rep.Incomplete)
		}
		if c.complete {
			continue
		}
		found := false
		for _, in := range rep.Incomplete {
			if in.Module == c.module && in.Line == c.line && strings.Contains(in.Reason, c.reason) {
				found = true
				if zh := in.Text.In(msg.ZH); strings.Contains(zh, "printout") {
					t.Errorf("%s: Chinese reason %q", c.name, zh)
				}
			}
		}
		if !found {
			t.Errorf("%s: no part not counted %q at line %d reading %q: %+v", c.name, c.module, c.line, c.reason, rep.Incomplete)
		}
		if rep.CountedLayers >= rep.TotalLayers {
			t.Errorf("%s: %d of %d layers", c.name, rep.CountedLayers, rep.TotalLayers)
		}
	}
}

// TestUnclosedNoteLists: the note on a printout cut inside two modules
// lists their lines as each language lists them.
func TestUnclosedNoteLists(t *testing.T) {
	m, err := Parse("pasted.txt", "Net(\n  (features): Sequential(\n    (0): ReLU(inplace=True)\n")
	if err != nil {
		t.Fatal(err)
	}
	var note *Note
	for i := range m.Warnings {
		if strings.Contains(m.Warnings[i].Msg, "closing ')'") {
			note = &m.Warnings[i]
		}
	}
	if note == nil {
		t.Fatalf("no note on the missing ')': %+v", m.Warnings)
	}
	if en, zh := note.Text.In(msg.EN), note.Text.In(msg.ZH); !strings.Contains(en, "at line 1, 2)") || !strings.Contains(zh, "第 1、2 行") {
		t.Errorf("the unclosed modules' lines: %q / %q", en, zh)
	}
}
