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
// result, and recompute time after an edit of the largest preset. It only
// runs when FLOPLAB_REPORT=1.
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
	var us []float64
	for i := 0; i < 7; i++ {
		n := eval[int](t, ctx, `+document.getElementById('calc').dataset.computes`)
		typeAtEnd(t, ctx, " ")
		waitFor(t, ctx, "recompute", fmt.Sprintf(`+document.getElementById('calc').dataset.computes > %d`, n), 20*time.Second)
		v, _ := strconv.ParseFloat(eval[string](t, ctx, `document.getElementById('calc').dataset.computeUs`), 64)
		us = append(us, v/1000)
	}
	fmt.Printf("REPORT recompute_ms preset=%s median=%.2f all=%v (engine only, in app.wasm; %d visible table rows)\n", name, median(us), round(us), layers)
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
