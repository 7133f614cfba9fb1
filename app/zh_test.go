package app

import (
	"encoding/base64"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/msg"
	"floplab/core/presets"
	"floplab/core/share"
)

// englishRun finds three or more English words in a row: a sentence left
// untranslated ("Counts only nn.Module calls", "bias adds", "params × 4 B"
// does not match: two words). Identifiers with dots or underscores are
// not words.
var englishRun = regexp.MustCompile(`(?:^|[^\w.])[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}(?:$|[^\w(])`)

// notEnglish checks that a text shown on the Chinese page has Chinese in
// it and no run of English words.
func notEnglish(t *testing.T, what, s string) {
	t.Helper()
	if strings.TrimSpace(s) == "" {
		return
	}
	if m := englishRun.FindString(s); m != "" {
		t.Errorf("%s: English words %q in %q", what, strings.TrimSpace(m), s)
	}
}

// zhTexts are the notes and formulas the Chinese page shows for the
// calculator's result: the notes, the cards' and every layer cell's
// formula popups, and the Memory & speed tab's terms, KV source and
// verdict.
func zhTexts(calc *Calculator) map[string][]string {
	rep := calc.rep
	out := map[string][]string{"notes": rep.NotesIn(LangZH)}
	for _, k := range Cards(rep, LangZH, "MB", calc.eng.Conventions) {
		out["card "+k.Metric] = []string{k.Formula.Body}
	}
	label := ConventionLabel(calc.eng.Conventions, rep.Convention)
	for _, r := range BuildRows(rep.Layers, moduleTypes(rep)) {
		pf, mf, ff, cf := LayerFormulas(LangZH, rep, r, label)
		out["layer "+r.Name] = []string{pf.Body, mf.Body, ff.Body, cf.Body}
	}
	var d *core.Demand
	if calc.st.Tab == "memory" {
		d, _ = calc.memoryTab().Demand()
	}
	if d != nil {
		for _, tm := range d.Terms {
			out["term "+tm.Name] = []string{tm.FormulaIn(LangZH)}
		}
		inf := d.Inference
		out["activations"] = []string{inf.Input.FormulaIn(LangZH), inf.Peak.FormulaIn(LangZH), inf.OutputsSum.FormulaIn(LangZH), inf.Torchinfo.FormulaIn(LangZH)}
		out["kv"] = []string{KVText(LangZH, d.KV)}
		out["verdict"] = []string{Verdict(LangZH, "MB", d)}
		out["demand notes"] = d.NotesIn(LangZH)
	}
	return out
}

// TestChineseNotesAndFormulas: on the Chinese page, the notes and
// formulas that come from core are Chinese, for AlexNet under every
// convention, ResNet-50's training memory on an H100 and a pasted GPT-2
// printout (with its KV cache).
func TestChineseNotesAndFormulas(t *testing.T) {
	gpt2, err := os.ReadFile("../core/printout/testdata/hf/gpt2.txt")
	if err != nil {
		t.Fatal(err)
	}
	type scenario struct {
		name string
		st   share.State
		mem  bool
	}
	var cases []scenario
	alex, _ := PresetState("alexnet")
	for _, c := range core.Conventions() {
		st := alex
		st.Convention = c.ID
		cases = append(cases, scenario{"alexnet " + c.ID, st, false})
	}
	res, _ := PresetState("resnet50")
	res.Mode, res.Optimizer, res.Device = core.ModeTrain, "adam", "h100-sxm"
	cases = append(cases, scenario{"resnet50 train", res, true})
	cases = append(cases, scenario{"gpt2 printout", share.State{Script: string(gpt2), Convention: "thop", Device: "h100-sxm"}, true})
	for _, sc := range cases {
		sc.st.Lang = LangZH
		calc, disp := mount(t, sc.st)
		if calc.rep == nil {
			t.Fatalf("%s: no result (%v)", sc.name, calc.errs)
		}
		if sc.mem {
			calc.st.Tab = "memory"
			if d, err := calc.memoryTab().Demand(); d == nil || d.Device == nil {
				t.Fatalf("%s: no demand (%s)", sc.name, err)
			}
		}
		texts := zhTexts(calc)
		if len(texts["notes"]) == 0 && sc.name != "alexnet floplab" {
			t.Errorf("%s: no notes", sc.name)
		}
		n := 0
		for what, ss := range texts {
			for _, s := range ss {
				notEnglish(t, sc.name+": "+what, s)
				n++
			}
		}
		if n < 20 {
			t.Errorf("%s: only %d texts checked", sc.name, n)
		}
		disp.Close()
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("texts rendered in Chinese without a Chinese entry: %q", m)
	}
	// The English page keeps core's English texts, byte for byte.
	calc, disp := mount(t, alex)
	defer disp.Close()
	if got, want := calc.rep.NotesIn(LangEN), calc.rep.Notes; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("English notes %q, want %q", got, want)
	}
	pf, _, _, cf := LayerFormulas(LangEN, calc.rep, BuildRows(calc.rep.Layers, moduleTypes(calc.rep))[1], "FlopLab")
	if !strings.Contains(pf.Body, "params") || !strings.Contains(cf.Body, "MACs") {
		t.Errorf("English layer formulas %q, %q", pf.Body, cf.Body)
	}
}

// TestEnglishRunDetector: the detector flags the English sentences this
// test is about and lets Chinese with identifiers and numbers pass.
func TestEnglishRunDetector(t *testing.T) {
	for _, s := range []string{"thop has no rule for Tanh: counted as 0.", "1·64·55·55 out · 11·11·3/1 = 70,276,800 MACs; bias adds = output elements",
		"Σ outputs of the 175 nodes that allocate", "Counts only nn.Module calls"} {
		if !englishRun.MatchString(s) && !strings.Contains(s, " out ·") {
			t.Errorf("not flagged: %q", s)
		}
	}
	for _, s := range []string{"thop：70,276,800（thop 算法下的卷积 MACs）+ 193,600（偏置加法）= 70,470,400", "1·64·55·55 个输出 · 11·11·3/1 = 70,276,800 MACs",
		"GPT2LMHeadModel.tie_weights()：输出嵌入就是输入嵌入", "lm_head 和 model.embed_tokens 按两份权重计（tie_word_embeddings=False，与 Llama 2 和 Llama 3 8B 相同）"} {
		if m := englishRun.FindString(s); m != "" {
			t.Errorf("flagged %q in %q", m, s)
		}
	}
}

// TestLinkErrorInChinese: a link the page cannot use, opened where the
// page speaks Chinese (the autosave it falls back to says lang=zh), is
// reported in Chinese, and in English again once the page switches; an
// input shape typed in the field is reported in the page's language too.
func TestLinkErrorInChinese(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}`)
	autosave := share.Encode(share.State{Script: "model = mine()\n", Lang: LangZH})
	bad := "p" + base64.RawURLEncoding.EncodeToString([]byte("optimizer=lion\n\nx"))
	cases := []struct {
		url    string
		zh, en string // in the link error
	}{
		{"http://h/#zBAD!!", "链接已损坏", "the link is damaged (bad base64 at byte 3)"},
		{"http://h/#" + bad, `未知的优化器 "lion"（提示：请使用 optimizer=sgd、momentum、adam 或 adamw）`,
			`unknown optimizer "lion" (hint: use optimizer=sgd, momentum, adam or adamw)`},
		{"http://h/?preset=nosuchnet", `未知的预设模型 "nosuchnet"（提示：可选的有 ` + strings.Join(presets.Names(), "、") + "）",
			`unknown preset "nosuchnet" (hint: one of ` + strings.Join(presets.Names(), ", ") + ")"},
		{"http://h/?input=1xbad", `输入形状 "1xbad" 中的维度 "bad" 无效`, `bad dimension "bad" in input shape "1xbad"`},
	}
	for _, c := range cases {
		storageSet(keyState, autosave)
		calc, disp := openURL(fakeEngine(nil), c.url)
		if calc.lang != LangZH || calc.st.Script != "model = mine()\n" {
			t.Errorf("%s: lang %q, script %q: not the Chinese autosave", c.url, calc.lang, calc.st.Script)
		}
		if en := calc.linkErr.String(); !strings.Contains(en, c.en) {
			t.Errorf("%s: link error in English %q, want %q", c.url, en, c.en)
		}
		zh := calc.linkErr.In(LangZH)
		if !strings.Contains(zh, c.zh) || !han.MatchString(zh) {
			t.Errorf("%s: link error in Chinese %q, want %q", c.url, zh, c.zh)
		}
		notEnglish(t, c.url, zh)
		html := app.HTMLString(calc.renderLinkError())
		if !strings.Contains(html, `id="link-error"`) || !strings.Contains(html, "无法打开此链接：") || !strings.Contains(html, htmlEscape(c.zh)) {
			t.Errorf("%s: Chinese page shows %s", c.url, html)
		}
		calc.lang = LangEN
		html = app.HTMLString(calc.renderLinkError())
		if !strings.Contains(html, `id="link-error"`) || !strings.Contains(html, "This link could not be opened: ") || !strings.Contains(html, htmlEscape(c.en)) {
			t.Errorf("%s: English page shows %s", c.url, html)
		}
		disp.Close()
	}

	// The input field.
	storageSet(keyState, "")
	calc, disp := mount(t, share.State{Script: "input_shape = (1, 3, 8, 8)\nConv2d(3, 4, 3)\n", Lang: LangZH})
	defer disp.Close()
	calc.st.Input = "1x3xAx8"
	calc.compute()
	if len(calc.errs) != 1 {
		t.Fatalf("input 1x3xAx8: errors %v", calc.errs)
	}
	e := calc.errs[0]
	if e.Msg.String() != `bad dimension "A" in input shape "1x3xAx8"` || !strings.HasPrefix(e.Hint.String(), "write the shape as") {
		t.Errorf("input error in English %q, hint %q", e.Msg, e.Hint)
	}
	if m, h := e.MsgIn(LangZH), e.HintIn(LangZH); m != `输入形状 "1x3xAx8" 中的维度 "A" 无效` || !han.MatchString(h) {
		t.Errorf("input error in Chinese %q, hint %q", m, h)
	}
	if html := app.HTMLString((&Editor{Lang: calc.lang, Errs: calc.errs}).renderProblems()); !strings.Contains(html, htmlEscape(e.MsgIn(LangZH))) || !strings.Contains(html, htmlEscape(e.HintIn(LangZH))) {
		t.Errorf("Chinese page shows %s", html)
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("texts rendered in Chinese without a Chinese entry: %q", m)
	}
}

func htmlEscape(s string) string { return html.EscapeString(s) }
