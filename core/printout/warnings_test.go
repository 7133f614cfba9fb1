package printout

import (
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/msg"
)

// TestWarnings: a printout's positioned notes come back as core.Warnings
// at their printout line, the unknown class's naming its class (with or
// without the user's statement of what it holds), and each is left out of
// the plain notes a front end shows apart.
func TestWarnings(t *testing.T) {
	src := `Net(
  (stem): Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
  (mixer): MyMixer(8, 8)
  (blocks): ModuleList(
    (0-1): 2 x MyMixer(8, 8)
  )
)
`
	req := core.Request{Script: src, Importers: []core.Importer{Importer{}}, Inputs: [][]int64{{1, 3, 8, 8}}}
	for _, assume := range []bool{false, true} {
		if assume {
			req.Assume = []core.Assumption{{Class: "MyMixer", Params: 100, MACs: 1000}}
		}
		rep, err := core.Analyze(req)
		if err != nil {
			t.Fatal(err)
		}
		var w *core.Warning
		for i := range rep.Warnings {
			if rep.Warnings[i].Class == "MyMixer" {
				w = &rep.Warnings[i]
			}
		}
		if w == nil {
			t.Fatalf("assume %v: no warning about MyMixer in %+v", assume, rep.Warnings)
		}
		if w.Pos.Line != 3 || (w.Assumed != nil) != assume || !assume && !w.MayHoldWeights {
			t.Errorf("assume %v: warning %+v; want line 3, Assumed set iff stated, may hold weights", assume, *w)
		}
		if assume && *w.Assumed != req.Assume[0] {
			t.Errorf("Assumed = %+v, want %+v", *w.Assumed, req.Assume[0])
		}
		for _, n := range rep.PlainNotesIn(msg.EN) {
			if strings.Contains(n, "MyMixer (line 3") {
				t.Errorf("assume %v: plain notes keep the warning %q", assume, n)
			}
		}
		found := false
		for _, n := range rep.Notes {
			found = found || n == w.Note().String()
		}
		if !found {
			t.Errorf("assume %v: Notes lack the warning %q", assume, w.Note())
		}
	}
}

// TestCommentSafe: a left-out line's text stays on its comment line in the
// script (Starlark ends a comment at \r as well as at \n).
func TestCommentSafe(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"Linear(8, 8)":     "Linear(8, 8)",
		"a\rb\nc\r\nd":     `a\rb\nc\r\nd`,
		`already \n there`: `already \n there`,
	} {
		if got := commentSafe(in); got != want {
			t.Errorf("commentSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
