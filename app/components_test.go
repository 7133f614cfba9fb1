package app

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/msg"
	"floplab/core/share"
)

// TestEditorMarks: the gutter marks a problem's line over a not-counted
// part's and a warning's, the warnings only while the result is current,
// and the Editor lists each at its line (data-error-line,
// data-warning-line) with the inputs beside an unknown class.
func TestEditorMarks(t *testing.T) {
	src := "Net(\n  (fc): Linear(in_features=8, out_features=8, bias=True)\n  (mix): MyMixer(8, 8)\n)\n"
	rep, errs := Run(CoreEngine(), src, share.State{Input: "1x8"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	bad := diag.List{diag.New(diag.Pos{Line: 3, Col: 4}, msg.F("boom"), msg.Text{})}
	marks, first := GutterMarks(LangEN, bad, rep, false, LineCount(src))
	if first != bad[0] || marks[3].Class != "err" || marks[3].Title != "boom" || marks[1].Class != "warn" {
		t.Errorf("marks %+v, first %v", marks, first)
	}
	if marks, _ := GutterMarks(LangEN, nil, rep, true, LineCount(src)); len(marks) != 0 {
		t.Errorf("a stale result marks %+v", marks)
	}
	ed := &Editor{Script: src, Lang: LangEN, Report: rep}
	html := app.HTMLString(ed.Render())
	for _, want := range []string{`data-warning-line="3"`, `data-class="MyMixer"`, `id="assume-MyMixer-params"`, `id="assume-MyMixer-macs"`, `data-error-line="3"`, `class="ln err"`} {
		if !strings.Contains(html, want) {
			t.Errorf("editor lacks %s", want)
		}
	}
	if strings.Contains(html, `id="restore"`) {
		t.Error("a restore button with nothing to restore")
	}
}

// TestResultCards: the cards are computed when the report, language,
// unit or the report's counted conventions change, and not otherwise.
func TestResultCards(t *testing.T) {
	eng := CoreEngine()
	rep, err := eng.Analyze(core.Request{Preset: "resnet18"})
	if err != nil {
		t.Fatal(err)
	}
	k := &ResultCards{Report: rep, Lang: LangEN, Convs: eng.Conventions}
	cards := k.Cards()
	if len(cards) == 0 || cards[0].Metric != "params" || cards[0].Value != rep.Totals.Params {
		t.Fatalf("cards %+v", cards)
	}
	if again := k.Cards(); &again[0] != &cards[0] {
		t.Error("the same report computed its cards again")
	}
	k.Lang = LangZH
	if zh := k.Cards(); zh[0].Title == cards[0].Title {
		t.Errorf("Chinese title %q", zh[0].Title)
	}
	macs := func() string {
		for _, c := range k.Cards() {
			if c.Metric == "macs" {
				return c.Tool
			}
		}
		return ""
	}
	before := macs()
	if err := rep.FillConventions(); err != nil {
		t.Fatal(err)
	}
	if after := macs(); after == before || !strings.Contains(after, "thop") {
		t.Errorf("MACs card beside thop 0.0.31's figure: %q, then %q", before, after)
	}
}

// TestStore: the page's localStorage keys are read and written in one
// place, and the running mark names the script that stopped the page.
func TestStore(t *testing.T) {
	var s Store
	s.SetAutosave("zABC")
	s.SetPrevious("pDEF")
	if s.Autosave() != "zABC" || s.Previous() != "pDEF" {
		t.Errorf("autosave %q, previous %q", s.Autosave(), s.Previous())
	}
	s.Running("x = 1\n")
	if !s.Halted("x = 1\n") || s.Halted("x = 2\n") {
		t.Error("the running mark does not name its script")
	}
	s.Done()
	if s.Halted("x = 1\n") {
		t.Error("the running mark outlives Done")
	}
	s.SetAutosave("")
	s.SetPrevious("")
}

func TestGutterRuns(t *testing.T) {
	err, warn := Mark{"err", "bad"}, Mark{"warn", "hmm"}
	cases := []struct {
		lines int
		marks map[int]Mark
		want  string
	}{
		{1, nil, "1-1"},
		{5, nil, "1-5"},
		{5, map[int]Mark{1: err}, "1err 2-5"},
		{5, map[int]Mark{5: warn}, "1-4 5warn"},
		{6, map[int]Mark{2: err, 3: warn, 6: err}, "1-1 2err 3warn 4-5 6err"},
		{3, map[int]Mark{9: err}, "1-3"}, // a mark past the text draws nothing
	}
	for _, c := range cases {
		var got []string
		lines := 0
		for _, r := range GutterRuns(c.lines, c.marks) {
			if r.Mark != nil {
				got = append(got, fmt.Sprintf("%d%s", r.From, r.Mark.Class))
				if r.From != r.To || r.Mark.Title != c.marks[r.From].Title {
					t.Errorf("%d lines %v: marked run %+v", c.lines, c.marks, r)
				}
			} else {
				got = append(got, fmt.Sprintf("%d-%d", r.From, r.To))
				if want := r.To - r.From + 1; strings.Count(r.Numbers(), "\n")+1 != want || !strings.HasPrefix(r.Numbers(), strconv.Itoa(r.From)) {
					t.Errorf("run %d-%d numbers %q", r.From, r.To, r.Numbers())
				}
			}
			lines += r.To - r.From + 1
		}
		if s := strings.Join(got, " "); s != c.want || lines != c.lines {
			t.Errorf("%d lines %v: runs %s (%d lines), want %s", c.lines, c.marks, s, lines, c.want)
		}
	}
}
