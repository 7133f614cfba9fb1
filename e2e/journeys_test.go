//go:build !(js && wasm)

package e2e

import (
	"floplab/app"

	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"floplab/core/share"
)

// TestJourneys screenshots what a newcomer meets, at 1400 px and on a
// 390 px phone, in English and Chinese: the first visit, a preset, a
// pasted printout, an error and the Memory & speed tab (files
// j-WIDTH-LANG-STEP.png, for a person to look at). On each it checks that
// the page is no wider than the screen and that a number is shown.
func TestJourneys(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	bad := "input_shape = (1, 3, 32, 32)\nmodel = Sequential(\n    Conv2d(3, 8, 3),\n    Conv2d(8, 8, 3, padding=(1, 1),\n    ReLU(),\n)\n"
	for _, w := range []int64{1400, 390} {
		if w == 390 {
			do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1), chromedp.EmulateMobile))
		}
		for _, lang := range []string{"en", "zh"} {
			steps := []struct{ name, url, wait string }{
				{"first", "?lang=" + lang, readyJS},
				{"preset", "?preset=resnet50&lang=" + lang, readyJS},
				{"printout", "#" + share.Encode(share.State{Script: app.ExamplePrintout, Lang: lang}), readyJS},
				{"error", "#" + share.Encode(share.State{Script: bad, Lang: lang}), `document.querySelector('[data-error-line]') !== null`},
				{"memory", "?preset=llama-2-7b&tab=memory&mode=train&device=h100&lang=" + lang, readyJS + ` && document.querySelector('#mem-terms') !== null`},
			}
			for _, st := range steps {
				do(t, ctx, chromedp.Navigate(s.URL+st.url))
				waitFor(t, ctx, st.name, st.wait, 30*time.Second)
				if pw := eval[int](t, ctx, `document.documentElement.scrollWidth`); int64(pw) > w {
					t.Errorf("%d px %s %s: the page is %d px wide", w, lang, st.name, pw)
				}
				screenshot(t, ctx, fmt.Sprintf("j-%d-%s-%s", w, lang, st.name))
			}
		}
	}
}
