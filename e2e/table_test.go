//go:build !(js && wasm)

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLayerTableButtons: the layer table, written as one string of HTML
// with one listener for its buttons, folds and sorts as before, keeps the
// focus on the button pressed (the table under it was replaced), and its
// numbers open their formulas.
func TestLayerTableButtons(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=resnet18"))
	waitFor(t, ctx, "resnet18", readyJS, 30*time.Second)
	if eval[bool](t, ctx, `document.querySelector('table#layers tr[data-name="layer1.0.conv1"]') !== null`) {
		t.Fatal("layer1.0 is unfolded at first")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`table#layers tr[data-name="layer1.0"] button.toggle`)))
	waitFor(t, ctx, "layer1.0 unfolded", `document.querySelector('table#layers tr[data-name="layer1.0.conv1"]') !== null`, 10*time.Second)
	if got := eval[string](t, ctx, `(document.activeElement.dataset || {}).key + ' ' + document.activeElement.getAttribute('aria-expanded')`); got != "layer1.0 true" {
		t.Errorf("focus after unfolding layer1.0: %q, want its toggle, expanded", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`table#layers thead button[data-sort=params]`)))
	waitFor(t, ctx, "sorted by params", `(document.querySelector('table#layers thead th[aria-sort=descending] button')||{dataset:{}}).dataset.sort === 'params'`, 10*time.Second)
	// ResNet-18's largest layers: 512·512·3·3 = 2,359,296 weights.
	if got := eval[string](t, ctx, `document.querySelector('table#layers tbody tr button[data-col=params]').dataset.value + ' ' + (document.activeElement.dataset || {}).sort`); got != "2359296 params" {
		t.Errorf("first row's params sorted by params, and the focus: %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`table#layers tbody tr:first-child button[data-col=params]`)))
	waitFor(t, ctx, "params formula", `(document.querySelector('#formula pre')||{innerText:''}).innerText.includes('= 2,359,296')`, 10*time.Second)
}
