//go:build !(js && wasm)

package e2e

import (
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
				{"printout", "#" + share.Encode(share.State{Script: examplePrintout, Lang: lang}), readyJS},
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

// examplePrintout is AlexNet's print(model) (torchvision 0.14, torch 1.13).
const examplePrintout = `AlexNet(
  (features): Sequential(
    (0): Conv2d(3, 64, kernel_size=(11, 11), stride=(4, 4), padding=(2, 2))
    (1): ReLU(inplace=True)
    (2): MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)
    (3): Conv2d(64, 192, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
    (4): ReLU(inplace=True)
    (5): MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)
    (6): Conv2d(192, 384, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (7): ReLU(inplace=True)
    (8): Conv2d(384, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (9): ReLU(inplace=True)
    (10): Conv2d(256, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (11): ReLU(inplace=True)
    (12): MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)
  )
  (avgpool): AdaptiveAvgPool2d(output_size=(6, 6))
  (classifier): Sequential(
    (0): Dropout(p=0.5, inplace=False)
    (1): Linear(in_features=9216, out_features=4096, bias=True)
    (2): ReLU(inplace=True)
    (3): Dropout(p=0.5, inplace=False)
    (4): Linear(in_features=4096, out_features=4096, bias=True)
    (5): ReLU(inplace=True)
    (6): Linear(in_features=4096, out_features=1000, bias=True)
  )
)
`
