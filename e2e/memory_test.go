//go:build !(js && wasm)

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// termValue is the exact byte count the memory table shows for a term.
func termValue(t *testing.T, ctx context.Context, table, term string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(document.querySelector('#%s tr[data-term=%q] td[data-value]')||{dataset:{}}).dataset.value || ''`, table, term))
}

func waitTerm(t *testing.T, ctx context.Context, term string, want int64) {
	t.Helper()
	waitFor(t, ctx, fmt.Sprintf("%s = %d", term, want),
		fmt.Sprintf(`(document.querySelector('#mem-terms tr[data-term=%q] td[data-value]')||{dataset:{}}).dataset.value === '%d'`, term, want), 15*time.Second)
}

// scheme emulates prefers-color-scheme.
func scheme(t *testing.T, ctx context.Context, v string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}}); err != nil {
		t.Fatal(err)
	}
}

// chartOK checks a chart is an inline SVG with at least n of sel.
func chartOK(t *testing.T, ctx context.Context, name, sel string, n int) {
	t.Helper()
	waitFor(t, ctx, "chart "+name, fmt.Sprintf(`(() => { const s = document.querySelector('[data-chart=%q] svg');
		return !!s && s.querySelectorAll(%q).length >= %d && s.getBoundingClientRect().width > 100 })()`, name, sel, n), 30*time.Second)
}

// TestMemoryTab drives the "Memory & speed" tab: memory terms against
// hand-derived figures, the device verdict both ways, the roofline, the
// sweeps, the article's table and the gallery, in both languages and
// both colour schemes, with screenshots.
func TestMemoryTab(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, foreign := browser(t, s.Origin)

	// ResNet-50, fp32, training with Adam on an H100.
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=resnet50"))
	waitFor(t, ctx, "resnet50", readyJS, 20*time.Second)
	waitMetric(t, ctx, "params", 25557032)
	do(t, ctx, chromedp.Click(chromedp.ID("tab-memory")))
	waitFor(t, ctx, "verdict", `document.querySelector('#verdict[data-fits="true"]') !== null`, 15*time.Second)
	waitTerm(t, ctx, "weights", 102228128)
	if v := eval[string](t, ctx, `document.getElementById('verdict').innerText`); !strings.Contains(v, "Fits on NVIDIA H100") {
		t.Errorf("verdict reads %q", v)
	}
	choose(t, ctx, "mem-mode", "train")
	waitTerm(t, ctx, "optimizer_state", 204456256)
	if g := termValue(t, ctx, "mem-terms", "gradients"); g != "102228128" {
		t.Errorf("gradients %s", g)
	}
	chartOK(t, ctx, "memory", "rect", 8)
	chartOK(t, ctx, "roofline", "circle", 50)
	if txt := eval[string](t, ctx, `document.getElementById('lower-bound-note').innerText`); !strings.Contains(txt, "lower bounds") || !strings.Contains(txt, "3.5 ms") {
		t.Errorf("lower-bound note: %q", txt)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#roofline-layers tbody tr').length`); n != 20 {
		t.Errorf("roofline table has %d rows", n)
	}
	screenshot(t, ctx, "10-memory-train")

	// Studies: sweeps, the article's AlexNet table, the gallery.
	do(t, ctx, chromedp.Click(chromedp.ID("sweep-run")))
	chartOK(t, ctx, "sweep-resolution", "circle", 15)
	chartOK(t, ctx, "sweep-batch", "circle", 15)
	do(t, ctx, chromedp.Click(chromedp.ID("article-run")))
	waitFor(t, ctx, "article table", `document.querySelectorAll('#article tbody tr').length === 3`, 30*time.Second)
	if v := eval[string](t, ctx, `[...document.querySelectorAll('#article tbody td[data-value]')].map(e => e.dataset.value).join(',')`); v != "714691904,3710034752,5717535232" {
		t.Errorf("article table counts %s", v)
	}
	do(t, ctx, chromedp.Click(chromedp.ID("gallery-run")))
	waitFor(t, ctx, "gallery", `document.querySelectorAll('#gallery tbody tr').length >= 40`, 60*time.Second)
	chartOK(t, ctx, "gallery", "circle", 40)
	screenshot(t, ctx, "11-memory-studies")

	// Dark scheme: chart text follows the page's text colour.
	scheme(t, ctx, "dark")
	if c := eval[string](t, ctx, `getComputedStyle(document.querySelector('[data-chart=roofline] svg text')).fill`); c != "rgb(227, 232, 239)" {
		t.Errorf("dark chart text fill %s", c)
	}
	screenshot(t, ctx, "12-memory-dark")
	scheme(t, ctx, "light")

	// Chinese.
	do(t, ctx, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, ctx, "Chinese charts", `document.querySelector('[data-chart=memory] svg').textContent.includes('优化器状态') && document.getElementById('verdict').innerText.includes('放得下')`, 10*time.Second)
	// The terms' formulas are Chinese too.
	if f := eval[string](t, ctx, `[...document.querySelectorAll('#mem-terms .formula-cell, .mem-section .formula-cell')].map(e => e.innerText).join('\n')`); !strings.Contains(f, "个可训练参数") || englishRun.MatchString(f) {
		t.Errorf("Chinese memory formulas:\n%s", f)
	}
	screenshot(t, ctx, "13-memory-zh")
	do(t, ctx, chromedp.Click(chromedp.ID("lang")))

	// Llama-2-7B in bf16: weights and KV cache from the graph; it does
	// not fit an H100 for Adam training.
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=llama-2-7b&dtype=bf16"))
	waitFor(t, ctx, "llama", readyJS, 30*time.Second)
	waitMetric(t, ctx, "params", 6738415616)
	do(t, ctx, chromedp.Click(chromedp.ID("tab-memory")))
	waitTerm(t, ctx, "kv_cache", 2147483648)
	waitTerm(t, ctx, "weights", 13476831232)
	if v := eval[string](t, ctx, `document.getElementById('kv-source').innerText`); !strings.Contains(v, "32 k_proj") {
		t.Errorf("KV source %q", v)
	}
	choose(t, ctx, "mem-mode", "train")
	waitFor(t, ctx, "does not fit", `document.querySelector('#verdict[data-fits="false"]') !== null`, 15*time.Second)
	if v := eval[string](t, ctx, `document.getElementById('verdict').innerText`); !strings.Contains(v, "Does not fit on NVIDIA H100") {
		t.Errorf("verdict reads %q", v)
	}
	// A user's own device: big enough.
	choose(t, ctx, "mem-device", "custom")
	waitFor(t, ctx, "custom fields", `document.getElementById('dev-3') !== null`, 5*time.Second)
	do(t, ctx, chromedp.SetValue(chromedp.ID("dev-3"), "1000"))
	eval[bool](t, ctx, `document.getElementById('dev-3').dispatchEvent(new Event('change', {bubbles: true}))`)
	waitFor(t, ctx, "custom fits", `document.querySelector('#verdict[data-fits="true"]') !== null && document.querySelector('#verdict').dataset.capacity === '1000000000000'`, 10*time.Second)
	screenshot(t, ctx, "14-memory-llama")

	// SVG export builds a standalone file.
	if !eval[bool](t, ctx, `(() => { let ok = false; const orig = URL.createObjectURL;
		URL.createObjectURL = (b) => { ok = b.type === 'image/svg+xml'; return orig.call(URL, b) };
		document.getElementById('svg-memory').click(); URL.createObjectURL = orig; return ok })()`) {
		t.Error("SVG export did not produce an image/svg+xml blob")
	}
	if f := foreign(); len(f) > 0 {
		t.Errorf("requests left the origin: %v", f)
	}
}
