package app

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core/msg"
	"floplab/core/share"
)

// untranslated finds what notEnglish's three-word runs miss in a list of
// parts not counted: a line or place written in English ("line 5,
// features.2", "the model") and Starlark's own run-time messages.
var untranslated = regexp.MustCompile(`\bline \d|\bthe model\b|\bthe trace\b|values to unpack|non-function|missing \d+ argument|field or method`)

// TestPartialReasonsInChinese: on the Chinese page, every part a
// printout's counts leave out is listed with a Chinese reason and place,
// and so are its warnings and notes: a Starlark error that stopped the
// trace (the elided BERT+LoRA printout of the corpus: BertModel's
// forward reads a buffer of the elided embeddings), an elision (the
// elided DistilBERT, line 26), a layer that does not fit the one
// before (the stopped printout, line 5), a class FlopLab does not know in
// the PyTorch tutorial Net.
func TestPartialReasonsInChinese(t *testing.T) {
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, c := range []struct {
		name, text, input string
		want              string // in the list of parts not counted
	}{
		{"distilbert elided", read("../core/printout/testdata/corpus/distilbert_elided.txt"), "", "打印输出在这里省略了模块"},
		{"bert lora elided", read("../core/printout/testdata/corpus/bert_lora_elided.txt"), "", "Module 没有 .token_type_ids 属性或方法"},
		{"stopped", read("testdata/stopped.txt"), "1x3x32x32", "未到达：追踪停在 features.2（第 5 行）"},
		{"tutorial net", tutorialMixer, "1x3x32x32", "fc1：fc1 需要 400 个输入特征"},
	} {
		calc, disp := mount(t, share.State{Script: c.text, Input: c.input, Lang: LangZH})
		rep := calc.rep
		if rep == nil || rep.Complete || len(rep.Incomplete) == 0 {
			t.Fatalf("%s: not a partial result (%v)", c.name, calc.errs)
		}
		var texts []string
		for _, x := range rep.Incomplete {
			texts = append(texts, x.Text.In(LangZH))
		}
		for _, w := range rep.Warnings {
			texts = append(texts, w.Text.In(LangZH))
		}
		texts = append(texts, rep.NotesIn(LangZH)...)
		html := app.HTMLString((&Editor{Lang: LangZH, Report: rep, Script: c.text}).renderProblems())
		if !strings.Contains(html, c.want) {
			t.Errorf("%s: the list of parts not counted lacks %q:\n%s", c.name, c.want, strings.Join(texts, "\n"))
		}
		for _, s := range texts {
			notEnglish(t, c.name, s)
			if m := untranslated.FindString(s); m != "" {
				t.Errorf("%s: English %q in %q", c.name, m, s)
			}
		}
		disp.Close()
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("texts rendered in Chinese without a Chinese entry: %q", m)
	}
}

// tutorialMixer is PyTorch's tutorial Net (62,006 parameters at
// 1x3x32x32; the printout of core/printout's corpus) with a class FlopLab
// does not know between fc1 and fc2.
var tutorialMixer = func() string {
	b, err := os.ReadFile("../core/printout/testdata/corpus/local_tutorial_net.txt")
	if err != nil {
		panic(err)
	}
	return strings.Replace(string(b), "  (fc2):", "  (mix): MyMixer(120, 120)\n  (fc2):", 1)
}()

// TestToolsTableComplete: a complete result's All tools table is not
// marked partial.
func TestToolsTableComplete(t *testing.T) {
	rep, errs := Run(CoreEngine(), "input_shape = (1, 8)\nLinear(8, 4)\n", share.State{})
	if len(errs) > 0 || !rep.Complete {
		t.Fatalf("%v, complete %v", errs, rep.Complete)
	}
	if html := app.HTMLString(&ToolsTable{Report: rep, Lang: LangEN, Convs: fakeConvs}); strings.Contains(html, "tools-partial") {
		t.Errorf("a complete result's tools table is marked partial:\n%s", html)
	}
}

// TestPartialCardsAssumed: the PyTorch tutorial Net with a class FlopLab
// does not know (1x3x32x32): fc1 restarts from an assumed input (the
// printout does not show the second pooling), so the cards and the list
// of parts not counted (and the All tools table) say "3 of 7 layers, 3
// more from an assumed input"
// (fc1, fc2, fc3; MyMixer is not counted), never "7 of 7"; with what
// MyMixer holds stated, it is a fourth layer from the assumed input.
func TestPartialCardsAssumed(t *testing.T) {
	for _, c := range []struct {
		assume []share.Assumption
		en, zh string
	}{
		{nil, "MACs of 3 of 7 layers, 3 more from an assumed input", "只统计了 3 / 7 层的 MACs，另有 3 层按假设的输入计数"},
		{[]share.Assumption{{Class: "MyMixer", Params: 14520, MACs: 14400}}, "MACs of 3 of 7 layers, 4 more from an assumed input", "只统计了 3 / 7 层的 MACs，另有 4 层按假设的输入计数"},
	} {
		rep, errs := Run(CoreEngine(), tutorialMixer, share.State{Input: "1x3x32x32", Assume: c.assume})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		stated := int64(0)
		for _, a := range c.assume {
			stated += a.Params
		}
		if rep.Totals.Params != 62006+stated {
			t.Errorf("params %d", rep.Totals.Params)
		}
		for lang, want := range map[string]string{LangEN: c.en, LangZH: c.zh} {
			for _, k := range Cards(rep, lang, "MB", fakeConvs) {
				if k.Metric == "macs" && !strings.Contains(k.Partial, want) {
					t.Errorf("%s, %v: MACs card reads %q, want %q", lang, c.assume, k.Partial, want)
				}
				// MyMixer(120, 120) is printed with sizes: unless its
				// contents are stated, the parameters are a lower bound.
				if lower := T(lang, "card.params.lower"); k.Metric == "params" && (k.Partial == lower) != (c.assume == nil) {
					t.Errorf("%s, %v: params card reads %q (lower bound %v)", lang, c.assume, k.Partial, rep.ParamsLowerBound)
				}
			}
			tools := app.HTMLString(&ToolsTable{Report: rep, Lang: lang, Convs: fakeConvs})
			if want := PartialLabel(lang, "tools.partial", rep); !strings.Contains(tools, `id="tools-partial"`) || !strings.Contains(tools, htmlEscape(want)) ||
				!strings.Contains(want, map[string]string{LangEN: "3 of 7 layers", LangZH: "3 / 7 层"}[lang]) {
				t.Errorf("%s: the All tools table is not marked partial (%q):\n%s", lang, want, tools)
			}
			head := PartialLabel(lang, "incomplete", rep)
			html := app.HTMLString((&Editor{Lang: lang, Report: rep, Script: tutorialMixer}).renderProblems())
			if !strings.Contains(html, head) || !strings.Contains(head, map[string]string{LangEN: "3 of 7 layers", LangZH: "其中 3 层（共 7 层）"}[lang]) ||
				!strings.Contains(head, map[string]string{LangEN: "more from an assumed input", LangZH: "按假设的输入计数"}[lang]) {
				t.Errorf("%s: the list of parts not counted is headed %q", lang, head)
			}
			if lower := map[string]string{LangEN: "the parameters are a lower bound", LangZH: "参数量是下界"}[lang]; strings.Contains(head, lower) != (c.assume == nil) {
				t.Errorf("%s, %v: the list of parts not counted is headed %q", lang, c.assume, head)
			}
		}
	}
}

// TestAssumedRows: in the layer table, the layers of the tutorial Net with
// MyMixer counted from an assumed input (fc1, fc2, fc3: the printout does
// not show the second pooling) say so beside their type and in their
// MACs, FLOPs and count formulas; conv1 does not.
func TestAssumedRows(t *testing.T) {
	rep, errs := Run(CoreEngine(), tutorialMixer, share.State{Input: "1x3x32x32"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := strings.Join(rep.AssumedModules, " "); got != "fc1 fc2 fc3" {
		t.Errorf("AssumedModules %q, want fc1 fc2 fc3", got)
	}
	for _, lang := range []string{LangEN, LangZH} {
		html := app.HTMLString(&LayerTable{Report: rep, Lang: lang, Convs: fakeConvs})
		if n := strings.Count(html, T(lang, "row.assumed")); n != 3 {
			t.Errorf("%s: %d rows marked %q, want 3", lang, n, T(lang, "row.assumed"))
		}
		for _, r := range ReportRows(rep) {
			_, mf, ff, cf := LayerFormulas(lang, rep, r, "FlopLab")
			marked := strings.HasPrefix(mf.Body, T(lang, "f.assumed")) && strings.HasPrefix(ff.Body, T(lang, "f.assumed")) && strings.HasPrefix(cf.Body, T(lang, "f.assumed"))
			if want := r.Name == "fc1" || r.Name == "fc2" || r.Name == "fc3"; marked != want {
				t.Errorf("%s %s: formulas marked %v: %q", lang, r.Name, marked, mf.Body)
			}
			if lang == LangZH {
				notEnglish(t, r.Name, mf.Body)
			}
		}
	}
}
