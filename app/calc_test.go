package app

import (
	"net/url"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core/share"
)

// openURL mounts the page natively (go-app's client emulator) with eng
// and opens rawURL; the caller closes the dispatcher.
func openURL(eng Engine, rawURL string) (*Calculator, app.ClientDispatcher) {
	calc := NewCalculator(eng)
	disp := app.NewClientTester(calc)
	u, _ := url.Parse(rawURL)
	disp.Nav(u)
	disp.Consume()
	return calc, disp
}

// TestCalculatorNav mounts the page natively (go-app's client emulator),
// opens URLs and checks the state transitions the page makes.
func TestCalculatorNav(t *testing.T) {
	good := share.Encode(share.State{Script: "model = mine()\n", Convention: "thop-0.0.31", Unit: "MiB", Lang: "zh"})
	cases := []struct {
		url     string
		script  string
		conv    string
		lang    string
		linkErr string
		errs    int
		stale   bool
	}{
		{"http://h/#" + good, "model = mine()\n", "thop-0.0.31", LangZH, "", 0, false},
		{"http://h/#zBAD!!", "", "", LangEN, "damaged", 0, false},
		{"http://h/?preset=lenet5&convention=thop", "", "thop", LangEN, "", 0, false},
		{"http://h/#" + share.Encode(share.State{Script: "bad script"}), "bad script", "", LangEN, "", 1, false},
	}
	for _, c := range cases {
		storageSet(keyState, "") // no autosave
		calc, disp := openURL(fakeEngine(nil), c.url)
		if c.script != "" && calc.st.Script != c.script {
			t.Errorf("%s: script %q", c.url, calc.st.Script)
		}
		if calc.st.Convention != c.conv || calc.lang != c.lang {
			t.Errorf("%s: convention %q lang %q", c.url, calc.st.Convention, calc.lang)
		}
		if linkErr := calc.linkErr.String(); (c.linkErr == "") != (linkErr == "") || !strings.Contains(linkErr, c.linkErr) {
			t.Errorf("%s: link error %q, want %q", c.url, linkErr, c.linkErr)
		}
		if len(calc.errs) != c.errs || (c.errs == 0) != (calc.rep != nil) {
			t.Errorf("%s: %d errors, report %v", c.url, len(calc.errs), calc.rep != nil)
		}
		// The state went to the autosave, and what was saved decodes back.
		saved, _ := storageGet(keyState)
		if st, err := share.Decode(saved); err != nil || st.Script != calc.st.Script {
			t.Errorf("%s: autosave %q: %v", c.url, saved, err)
		}
		// getValue reads what the page pushed into the uncontrolled editor.
		if got := getValue(idScript); got != calc.st.Script {
			t.Errorf("%s: editor holds %.40q, want %.40q", c.url, got, calc.st.Script)
		}
		disp.Close()
	}

	// An error keeps the last good result, marked stale.
	calc, disp := openURL(fakeEngine(nil), "http://h/#"+good)
	defer disp.Close()
	calc.st.Script = "oops"
	calc.compute()
	if calc.rep == nil || !calc.stale || len(calc.errs) != 1 || calc.errs[0].Pos.Line != 2 {
		t.Errorf("after an error: report %v stale %v errs %v", calc.rep != nil, calc.stale, calc.errs)
	}
	calc.st.Script = "model = ok()"
	calc.compute()
	if calc.stale || len(calc.errs) != 0 {
		t.Errorf("after the fix: stale %v errs %v", calc.stale, calc.errs)
	}
}

// TestControlSelects: the controls' selects, written as HTML strings,
// offer every preset (in its group) and every convention, and mark what
// the state chose.
func TestControlSelects(t *testing.T) {
	storageSet(keyState, "")
	calc, disp := openURL(CoreEngine(), "http://h/?preset=resnet18&convention=thop&unit=MiB&pass=train&dtype=fp16")
	defer disp.Close()
	html := app.HTMLString(calc.renderControls())
	n := 0
	for _, g := range PresetGroups() {
		n += len(g.Presets)
		if !strings.Contains(html, `<optgroup label="`+T(LangEN, g.Key)+`">`) {
			t.Errorf("no group %q", T(LangEN, g.Key))
		}
	}
	if got := strings.Count(html, "<option "); got != n+1+len(calc.eng.Conventions)+len(DTypeNames())+6 {
		t.Errorf("%d options, want %d presets + custom, %d conventions, %d dtypes, 6 in unit/pass/mode", got, n, len(calc.eng.Conventions), len(DTypeNames()))
	}
	for _, want := range []string{`value="resnet18" selected="selected"`, `value="thop" selected="selected"`, `value="MiB" selected="selected"`,
		`value="train" selected="selected">` + T(LangEN, "pass.train"), `value="fp16" selected="selected"`, `value="" selected="selected">` + T(LangEN, "nnmode.eval")} {
		if !strings.Contains(html, want) {
			t.Errorf("controls lack %s", want)
		}
	}
	if strings.Count(html, `selected="selected"`) != 6 {
		t.Errorf("%d options selected, want one per select", strings.Count(html, `selected="selected"`))
	}
}
