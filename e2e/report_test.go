//go:build !(js && wasm)

package e2e

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"floplab/core/presets"
)

// TestReport measures what scripts/report.sh prints: cold load to first
// result, recompute time after an edit of the largest preset, and the
// time to count it again under another convention or dtype. It only runs
// when FLOPLAB_REPORT=1.
func TestReport(t *testing.T) {
	if os.Getenv("FLOPLAB_REPORT") != "1" {
		t.Skip("measurements run from scripts/report.sh (FLOPLAB_REPORT=1)")
	}
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")

	var cold, inPage []float64
	for i := 0; i < 3; i++ {
		ctx, _ := browser(t, s.Origin) // fresh profile: cold HTTP cache, no worker
		start := time.Now()
		do(t, ctx, chromedp.Navigate(s.URL))
		waitFor(t, ctx, "first result", readyJS, 30*time.Second)
		cold = append(cold, float64(time.Since(start).Microseconds())/1000)
		ms, _ := strconv.ParseFloat(eval[string](t, ctx, `document.getElementById('calc').dataset.firstResultMs`), 64)
		inPage = append(inPage, ms)
	}
	fmt.Printf("REPORT cold_load_ms median=%.0f all=%v (in page, performance.now at first result: %v)\n", median(cold), round(cold), round(inPage))

	name := largestPreset()
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset="+name))
	waitFor(t, ctx, "preset", readyJS, 30*time.Second)
	layers := eval[int](t, ctx, `document.querySelectorAll('table#layers tbody tr').length`)
	computed := func(what string, change func()) float64 {
		n := eval[int](t, ctx, `+document.getElementById('calc').dataset.computes`)
		change()
		waitFor(t, ctx, what, fmt.Sprintf(`+document.getElementById('calc').dataset.computes > %d`, n), 20*time.Second)
		v, _ := strconv.ParseFloat(eval[string](t, ctx, `document.getElementById('calc').dataset.computeUs`), 64)
		return v / 1000
	}
	// An edit that changes the model: the default num_classes replaced by
	// typing 1001, 1002, ..., so every recompute runs the script and counts
	// a different classifier.
	var us []float64
	params := eval[string](t, ctx, `document.querySelector('[data-metric=params]').dataset.value`)
	for i := 0; i < 7; i++ {
		us = append(us, computed("recompute", func() {
			if !eval[bool](t, ctx, `(() => { const e = document.getElementById('script'); const m = /num_classes=(\d+)/.exec(e.value);
				if (!m) return false; e.focus(); e.selectionStart = m.index + 'num_classes='.length; e.selectionEnd = m.index + m[0].length; return true })()`) {
				t.Fatal("no num_classes= in the script")
			}
			do(t, ctx, chromedp.SendKeys(chromedp.ID("script"), strconv.Itoa(1001+i)))
		}))
	}
	if now := eval[string](t, ctx, `document.querySelector('[data-metric=params]').dataset.value`); now == params {
		t.Errorf("the edits left params at %s", now)
	}
	fmt.Printf("REPORT recompute_ms preset=%s median=%.2f all=%v (engine only, in app.wasm; an edit of num_classes; %d visible table rows)\n", name, median(us), round(us), layers)
	// Another convention or dtype: the trace is kept, only counting runs.
	var rc []float64
	for i, conv := range []string{"thop", "ptflops", "fvcore", "torchinfo", "torch", "floplab", "thop-0.0.31"} {
		dt := []string{"bf16", "fp32", "int8"}[i%3]
		rc = append(rc, computed("recount", func() { choose(t, ctx, "convention", conv) }))
		rc = append(rc, computed("recount", func() { choose(t, ctx, "dtype", dt) }))
	}
	fmt.Printf("REPORT recount_ms preset=%s median=%.2f all=%v (another convention or dtype: the trace is kept)\n", name, median(rc), round(rc))
}

// largestPreset is the preset with the most calls: DenseNet-201 when the
// gallery has it.
func largestPreset() string {
	for _, n := range []string{"densenet201", "densenet169", "densenet161", "densenet121"} {
		if _, ok := presets.Lookup(n); ok {
			return n
		}
	}
	return presets.Names()[0]
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func round(v []float64) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = strconv.FormatFloat(x, 'f', 1, 64)
	}
	return out
}
