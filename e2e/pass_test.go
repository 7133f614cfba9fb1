package e2e

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"floplab/core/share"
)

// TestTrainingStep: the pass setting counts a training step's backward
// pass (ResNet-18 under torch's FlopCounterMode: 7,020,265,472 FLOPs, the
// figure its formulas give on torch 1.13), as a card with its formula and
// a column of the layer table, kept in the link; in Chinese at 390 px.
func TestTrainingStep(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=resnet18&convention=torch"))
	waitFor(t, ctx, "resnet18", readyJS, 30*time.Second)
	if eval[bool](t, ctx, `document.querySelector('[data-metric=backward_flops]') !== null`) {
		t.Error("a backward card for the forward pass")
	}
	choose(t, ctx, "pass", "train")
	waitMetric(t, ctx, "backward_flops", 7020265472)
	do(t, ctx, chromedp.Click(chromedp.CSS("[data-metric=backward_flops]")))
	waitFor(t, ctx, "backward formula", `(document.querySelector('#formula pre')||{innerText:''}).innerText.includes('7,020,265,472')`, 10*time.Second)
	if txt := eval[string](t, ctx, `document.querySelector('#formula pre').innerText`); !strings.Contains(txt, "FLOPs a training step") {
		t.Errorf("formula reads %q", txt)
	}
	// The column adds up to the card.
	if got := eval[string](t, ctx, `(() => { let s = 0; for (const c of document.querySelectorAll('table#layers tbody tr[data-level="0"] [data-col=backward]')) s += Number(c.dataset.value); return String(s) })()`); got != "7020265472" {
		t.Errorf("top-level backward cells add up to %s", got)
	}
	u, err := url.Parse(eval[string](t, ctx, `location.href`))
	if err != nil {
		t.Fatal(err)
	}
	if st, err := share.Decode(u.Fragment); err != nil || st.Pass != "train" {
		t.Errorf("link carries pass %q, %v", st.Pass, err)
	}
	screenshot(t, ctx, "27-training-step")

	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1), chromedp.EmulateMobile))
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=resnet18&convention=torch&pass=train&lang=zh"))
	waitFor(t, ctx, "Chinese backward card", readyJS+` && (document.querySelector('.card-backward_flops')||{innerText:''}).innerText.includes('反向传播')`, 30*time.Second)
	waitMetric(t, ctx, "backward_flops", 7020265472)
	screenshot(t, ctx, "27b-training-step-zh-390")
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page is %d px wide on a 390 px screen", w)
	}
}
