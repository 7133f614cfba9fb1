//go:build !(js && wasm)

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"floplab/core/share"
)

// TestNewcomer walks what a newcomer met in issue 12: the layer table adds
// up, a tied weight and the model's buffers are named, a formula clicked
// deep in the table is in view, the tab is kept across presets, a link
// with one bad value still shows its result, and "Copy link" on a preset
// is short.
func TestNewcomer(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, foreign := browser(t, s.Origin)

	// GPT-2, everything collapsed: the top rows add up to the totals, and
	// lm_head says where its weight is counted (items 1-3).
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=gpt2"))
	waitFor(t, ctx, "gpt2", readyJS, 30*time.Second)
	waitMetric(t, ctx, "params", 124439808)
	do(t, ctx, chromedp.Click(chromedp.ID("collapse-all")))
	sums := `(() => { const s = {params: 0, macs: 0};
		for (const tr of document.querySelectorAll('table#layers tbody tr[data-level="0"]'))
			for (const k of ['params', 'macs']) s[k] += Number(tr.querySelector('[data-col=' + k + ']').dataset.value);
		return s.params + ' ' + s.macs })()`
	if got, want := eval[string](t, ctx, sums), fmt.Sprintf("%s %s", metric(t, ctx, "params"), metric(t, ctx, "macs")); got != want {
		t.Errorf("gpt2 top-level rows add up to %s, totals %s", got, want)
	}
	if txt := eval[string](t, ctx, `document.querySelector('table#layers tr[data-name="lm_head"]').innerText`); !strings.Contains(txt, "tied to transformer.wte") {
		t.Errorf("lm_head row reads %q", txt)
	}
	if txt := eval[string](t, ctx, `document.querySelector('.card-buffers').innerText`); !strings.Contains(txt, "GPT2Attention.bias") || strings.Contains(txt, "BatchNorm") {
		t.Errorf("buffers card reads %q", txt)
	}
	do(t, ctx, chromedp.Click(chromedp.ID("expand-all")))
	waitFor(t, ctx, "expanded gpt2", `document.querySelector('table#layers tr[data-name="transformer.h.0.mlp"] [data-col=macs]') !== null`, 30*time.Second) // a hang check: 647 rows take 4-8 s at load 25
	mlp := `document.querySelector('table#layers tr[data-name="transformer.h.0.mlp"] [data-col=macs]').dataset.value`
	if v := eval[string](t, ctx, mlp); v != "4831838208" {
		t.Errorf("transformer.h.0.mlp MACs %s, want 4831838208", v)
	}

	// ViT-B/16: the class token and the position embedding have rows.
	choose(t, ctx, "preset", "vit_b_16")
	waitMetric(t, ctx, "params", 86567656)
	do(t, ctx, chromedp.Click(chromedp.ID("expand-all")))
	waitFor(t, ctx, "expanded vit", `document.querySelector('table#layers tr[data-name="encoder.pos_embedding"]') !== null`, 30*time.Second)
	for name, want := range map[string]string{"class_token": "768", "encoder.pos_embedding": "151296"} {
		js := fmt.Sprintf(`(document.querySelector('table#layers tr[data-name=%q] [data-col=params]')||{dataset:{}}).dataset.value || ''`, name)
		if v := eval[string](t, ctx, js); v != want {
			t.Errorf("vit row %s: %q params, want %s", name, v, want)
		}
	}

	// AlexNet: the formula of a number deep in the table is in view (item 5).
	choose(t, ctx, "preset", "alexnet")
	waitMetric(t, ctx, "params", alexParams)
	do(t, ctx, chromedp.Click(chromedp.ID("expand-all")))
	do(t, ctx, chromedp.ScrollIntoView(chromedp.CSS(`tr[data-name="classifier.6"] [data-col=params]`)),
		chromedp.Click(chromedp.CSS(`tr[data-name="classifier.6"] [data-col=params]`)))
	waitFor(t, ctx, "formula of classifier.6", `(document.querySelector('#formula pre')||{innerText:''}).innerText.includes('4,097,000')`, 5*time.Second)
	if r := eval[string](t, ctx, `(() => { const r = document.getElementById('formula').getBoundingClientRect();
		return r.top >= 0 && r.bottom <= innerHeight ? 'in view' : 'top ' + Math.round(r.top) + ', bottom ' + Math.round(r.bottom) })()`); r != "in view" {
		t.Errorf("the formula box is out of view: %s", r)
	}
	screenshot(t, ctx, "40-formula-in-view")

	// The Memory & speed tab stays open when the preset changes (item 6).
	do(t, ctx, chromedp.Click(chromedp.ID("tab-memory")))
	waitFor(t, ctx, "memory tab", `document.querySelector('#verdict, #mem-terms') !== null`, 10*time.Second)
	choose(t, ctx, "preset", "resnet18")
	waitMetric(t, ctx, "params", 11689512)
	if sel := eval[string](t, ctx, `document.querySelector('button.tab[aria-selected=true]').id`); sel != "tab-memory" {
		t.Errorf("after changing the preset the open tab is %s", sel)
	}
	waitFor(t, ctx, "memory terms of resnet18", `document.querySelector('#mem-terms') !== null`, 10*time.Second)

	// "Copy link" on an unedited preset copies ?preset=… (item 14).
	eval[bool](t, ctx, `(() => { navigator.clipboard.writeText = t => { window.copied = t; return Promise.resolve() }; return true })()`)
	choose(t, ctx, "preset", "densenet121")
	waitMetric(t, ctx, "params", 7978856)
	do(t, ctx, chromedp.Click(chromedp.ID("copy-link")))
	waitFor(t, ctx, "copied link", `typeof window.copied === 'string'`, 5*time.Second)
	link := eval[string](t, ctx, `window.copied`)
	if want := s.URL + "?preset=densenet121&tab=memory"; link != want {
		t.Errorf("copied %d characters %.120q, want %q", len(link), link, want)
	}

	// A link with one bad value: the result is shown with the rest of the
	// link applied, and the page says at the top what was ignored (item 10).
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=alexnet&convention=thop-0.1&input=1x3x512x512"))
	waitFor(t, ctx, "partly bad link", readyJS, 20*time.Second)
	waitFor(t, ctx, "512 input", `document.querySelector('.model-name').innerText.includes('1×3×512×512')`, 10*time.Second)
	txt := eval[string](t, ctx, `document.getElementById('link-error').innerText`)
	if !strings.Contains(txt, `unknown convention "thop-0.1"`) || !strings.Contains(txt, "did you mean convention=thop?") {
		t.Errorf("link message reads %q", txt)
	}
	if top := eval[float64](t, ctx, `document.getElementById('link-error').getBoundingClientRect().top`); top > 200 {
		t.Errorf("the link message is at y = %.0f, not at the top", top)
	}
	screenshot(t, ctx, "41-bad-link-value")
	// Errors say where a bracket was left open, and the nearest name (item 11).
	script := "input_shape = (1, 3, 32, 32)\nmodel = Sequential(\n    Conv2d(3, 8, kernal_size=3),\n    Conv2d(8, 8, 3, padding=(1, 1),\n    ReLU(),\n)\n"
	do(t, ctx, chromedp.Navigate(s.URL+"#"+share.Encode(share.State{Script: script})))
	waitFor(t, ctx, "error on line 4", `document.querySelector('[data-error-line="4"]') !== null`, 20*time.Second)
	if txt := eval[string](t, ctx, `document.querySelector('[data-error-line="4"]').innerText`); !strings.Contains(txt, "the '(' opened on line 4, column 11 is not closed") {
		t.Errorf("unclosed bracket reads %q", txt)
	}
	screenshot(t, ctx, "42-unclosed-bracket")
	script = strings.Replace(script, "padding=(1, 1),", "padding=(1, 1)),", 1)
	do(t, ctx, chromedp.Navigate(s.URL+"#"+share.Encode(share.State{Script: script})))
	waitFor(t, ctx, "error on line 3", `document.querySelector('[data-error-line="3"]') !== null`, 20*time.Second)
	if txt := eval[string](t, ctx, `document.querySelector('[data-error-line="3"]').innerText`); !strings.Contains(txt, "(did you mean kernel_size?)") {
		t.Errorf("misspelt keyword reads %q", txt)
	}

	// Pinch-zoom is allowed (item 17).
	if v := eval[string](t, ctx, `document.querySelector('meta[name=viewport]').content`); strings.Contains(v, "user-scalable=0") || strings.Contains(v, "maximum-scale=1") {
		t.Errorf("viewport %q blocks zooming", v)
	}
	if f := foreign(); len(f) > 0 {
		t.Errorf("requests left the origin: %v", f)
	}
}

// TestReproducibleWasm: app.wasm names no absolute or temporary path in
// its build info (issue 12, item 8: a temporary module path made two
// builds of one tree differ by 69 bytes, and returning visitors saw "A
// new version is available").
func TestReproducibleWasm(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	b, err := os.ReadFile(filepath.Join(dir, "web", "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"=>\t/", "/tmp/", os.TempDir() + "/"} {
		if i := bytes.Index(b, []byte(bad)); i >= 0 {
			t.Errorf("app.wasm embeds %q: %q", bad, b[max(i-40, 0):min(i+60, len(b))])
		}
	}
}

// TestOnboarding (issue 12, item 13): the page says what can be pasted,
// with one-click examples (layers as in the article, a printout, a
// config.json), links the language reference (a page of the site), opens
// the article's AlexNet table from the start, and shows the article's
// thop figure beside FlopLab's on the AlexNet start page.
func TestOnboarding(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL))
	waitFor(t, ctx, "start page", readyJS, 20*time.Second)
	if txt := eval[string](t, ctx, `document.querySelector('.card-macs').innerText`); !strings.Contains(txt, "the article (thop 0.0.31) prints 714.69M: 714,691,904 MACs") {
		t.Errorf("AlexNet's MACs card reads %q", txt)
	}
	if txt := eval[string](t, ctx, `document.getElementById('help').innerText`); !strings.Contains(txt, "print(model)") || !strings.Contains(txt, "config.json") {
		t.Errorf("help reads %q", txt)
	}
	screenshot(t, ctx, "45-start-help")
	for _, c := range []struct {
		id     string
		params int64
	}{{"example-printout", alexParams}, {"example-config", 124439808}, {"example-layers", 62006}} {
		do(t, ctx, chromedp.Click(chromedp.ID(c.id)))
		waitMetric(t, ctx, "params", c.params)
		if n := eval[int](t, ctx, `document.querySelectorAll('[data-error-line]').length`); n != 0 {
			t.Errorf("%s: %d errors", c.id, n)
		}
	}
	// The language reference is a page of the site.
	href := eval[string](t, ctx, `document.getElementById('help-language').href`)
	do(t, ctx, chromedp.Navigate(href))
	if h := eval[string](t, ctx, `document.querySelector('h1').innerText + ' | ' + document.querySelectorAll('pre code').length`); !strings.HasPrefix(h, "FlopLab model scripts | ") || strings.HasSuffix(h, "| 0") {
		t.Errorf("language page: %s", h)
	}
	// The article's table, from the start.
	do(t, ctx, chromedp.Navigate(s.URL))
	waitFor(t, ctx, "start page again", readyJS, 20*time.Second)
	do(t, ctx, chromedp.Click(chromedp.ID("help-article")))
	waitFor(t, ctx, "article table", `document.querySelector('table#article tbody tr') !== null`, 30*time.Second)
	if r := eval[string](t, ctx, `(() => { const r = document.getElementById('article').getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0 ? 'in view' : 'at ' + Math.round(r.top) })()`); r != "in view" {
		t.Errorf("the article's table is not in view: %s", r)
	}
	if txt := eval[string](t, ctx, `document.getElementById('article').innerText`); !strings.Contains(txt, "714.69M") {
		t.Errorf("article table reads %q", txt)
	}
	screenshot(t, ctx, "46-article-table")
}
