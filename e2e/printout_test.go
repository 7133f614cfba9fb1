package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"floplab/core/share"
)

// TestPrintoutError pastes a print(model) printout whose layers do not
// fit together: the error is marked on the printout's line of the layer,
// not on a line of the script FlopLab converted it to.
func TestPrintoutError(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	const printout = `Net(
  (features): Sequential(
    (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (1): ReLU(inplace=True)
    (2): Conv2d(32, 8, kernel_size=(3, 3), stride=(1, 1))
  )
)`
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"#"+share.Encode(share.State{Script: printout})))
	waitFor(t, ctx, "error on printout line 5", `document.querySelector('[data-error-line="5"]') !== null`, 30*time.Second)
	if !eval[bool](t, ctx, `document.getElementById('line-5').classList.contains('err')`) {
		t.Error("the gutter does not mark line 5")
	}
	if txt := eval[string](t, ctx, `document.querySelector('[data-error-line="5"]').innerText`); !strings.Contains(txt, "expects 32 input channels, got 16") {
		t.Errorf("error reads %q", txt)
	}
	screenshot(t, ctx, "22-printout-error")
}
