//go:build !(js && wasm)

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestControlsKeepFocus: the controls' selects, written as HTML with one
// listener for their changes, still count with what is chosen, and a
// select changed from the keyboard keeps the focus though the page wrote
// it anew; "custom" stands in the preset select once the script is
// edited.
func TestControlsKeepFocus(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=alexnet"))
	waitFor(t, ctx, "alexnet", readyJS, 30*time.Second)
	// A keyboard change: the select has the focus, its value changes, a
	// change event bubbles (what the browser does for an arrow key).
	eval[bool](t, ctx, `(() => { const s = document.getElementById('convention'); s.focus(); s.value = 'thop-0.0.31';
		s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitMetric(t, ctx, "count", 714691904) // thop 0.0.31 on AlexNet, as the article prints it
	if got := eval[string](t, ctx, `document.activeElement.id + ' ' + document.getElementById('convention').value`); got != "convention thop-0.0.31" {
		t.Errorf("after choosing thop 0.0.31 from the keyboard: focus and value %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.ID("dtype")))
	choose(t, ctx, "dtype", "fp16")
	waitFor(t, ctx, "fp16 weight bytes", `document.querySelector('[data-metric=param_bytes]').dataset.value === '122201680'`, 10*time.Second)
	// An edit of the script: the preset select says "custom".
	eval[bool](t, ctx, `(() => { const e = document.getElementById('script'); e.value += '\n# edited\n';
		e.dispatchEvent(new Event('input', {bubbles: true})); return true })()`)
	waitFor(t, ctx, "custom preset", `document.getElementById('preset').value === ''`, 10*time.Second)
}
