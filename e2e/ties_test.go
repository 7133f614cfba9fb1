//go:build !(js && wasm)

package e2e

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"floplab/core/share"
)

// TestTies pastes GPT-2's print(model) through a link: lm_head and the
// token embedding are counted once (124,439,808 params) with a checked
// "tied" box; unticking it counts them separately (163,037,184), the link
// carries that and restores it; ticking it again goes back.
func TestTies(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	gpt2, err := os.ReadFile("../core/printout/testdata/hf/gpt2.txt")
	if err != nil {
		t.Fatal(err)
	}
	const tied, untied = 124439808, 163037184
	s := serve(t, dir, "")
	ctx, foreign := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"#"+share.Encode(share.State{Script: string(gpt2)})))
	waitFor(t, ctx, "gpt2 printout", readyJS, 30*time.Second)
	waitMetric(t, ctx, "params", tied)
	waitFor(t, ctx, "tie box", `document.querySelector('#ties input#tie-0[data-module="lm_head"][data-target="transformer.wte"]') !== null`, 10*time.Second)
	if !eval[bool](t, ctx, `document.getElementById('tie-0').checked`) {
		t.Error("GPT-2's default tie is not checked")
	}
	if txt := eval[string](t, ctx, `document.getElementById('ties').innerText`); !strings.Contains(txt, "lm_head.weight = transformer.wte.weight") || !strings.Contains(txt, "38,597,376") {
		t.Errorf("tie box reads %q", txt)
	}
	// The note is about the printout's first line: listed at it, beside the editor.
	if txt := eval[string](t, ctx, `document.getElementById('warnings').innerText`); !strings.Contains(txt, "counted once") {
		t.Errorf("notes do not say the tie is counted once: %q", txt)
	}
	screenshot(t, ctx, "20-ties-gpt2")

	// Untick: counted separately, and the link says so.
	do(t, ctx, chromedp.Click(chromedp.ID("tie-0")))
	waitMetric(t, ctx, "params", untied)
	if eval[bool](t, ctx, `document.getElementById('tie-0').checked`) {
		t.Error("the tie box is still checked")
	}
	href := eval[string](t, ctx, `location.href`)
	u, _ := url.Parse(href)
	st, err := share.Decode(u.Fragment)
	if err != nil || !st.Untie || st.Script != string(gpt2) {
		t.Fatalf("untied link: untie %v, %v", st.Untie, err)
	}
	screenshot(t, ctx, "21-ties-untied")

	// The link restores it in a fresh browser context, in Chinese too.
	fresh, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	do(t, fresh, chromedp.Navigate(href))
	waitFor(t, fresh, "shared untied gpt2", readyJS, 30*time.Second)
	waitMetric(t, fresh, "params", untied)
	if eval[bool](t, fresh, `document.getElementById('tie-0').checked`) {
		t.Error("the shared link's tie box is checked")
	}
	do(t, fresh, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, fresh, "Chinese tie box", `document.getElementById('ties').innerText.includes('权重共享')`, 5*time.Second)
	cancel()

	// Tick again.
	do(t, ctx, chromedp.Click(chromedp.ID("tie-0")))
	waitMetric(t, ctx, "params", tied)
	if !eval[bool](t, ctx, `document.getElementById('tie-0').checked`) {
		t.Error("the tie box is not checked again")
	}
	// A preset has no tie box.
	choose(t, ctx, "preset", "lenet5")
	waitMetric(t, ctx, "params", 61706)
	if eval[bool](t, ctx, `document.querySelector('#ties input') !== null`) {
		t.Error("a preset shows a tie box")
	}
	if f := foreign(); len(f) > 0 {
		t.Errorf("requests left the origin: %v", f)
	}
}
