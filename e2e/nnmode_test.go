//go:build !(js && wasm)

package e2e

import (
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"floplab/core/share"
)

// TestModelMode: the model mode setting counts the model in train mode
// (ResNet-50 under fvcore: BatchNorm's batch statistics, 4,144,854,528
// instead of 4,111,512,576, the real fvcore's figures), kept in the link
// under nnmode, apart from the Memory tab's mode; thop, which puts the
// model in eval mode itself, says so in the notes.
func TestModelMode(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=resnet50&convention=fvcore"))
	waitFor(t, ctx, "resnet50", readyJS, 30*time.Second)
	waitMetric(t, ctx, "count", 4111512576)
	choose(t, ctx, "nnmode", "train")
	waitMetric(t, ctx, "count", 4144854528)
	u, err := url.Parse(eval[string](t, ctx, `location.href`))
	if err != nil {
		t.Fatal(err)
	}
	if st, err := share.Decode(u.Fragment); err != nil || st.NNMode != "train" || st.Mode != "" {
		t.Errorf("link carries nnmode %q mode %q, %v", st.NNMode, st.Mode, err)
	}
	choose(t, ctx, "convention", "thop")
	waitFor(t, ctx, "thop's eval-mode note", `document.body.innerText.includes('counted in eval mode, not train mode')`, 15*time.Second)
	screenshot(t, ctx, "28-model-mode")

	do(t, ctx, chromedp.Navigate(s.URL+"?preset=resnet50&convention=fvcore&nnmode=train&lang=zh"))
	waitFor(t, ctx, "Chinese model mode", readyJS+` && document.getElementById('nnmode').value === 'train' && document.body.innerText.includes('模型模式')`, 30*time.Second)
	waitMetric(t, ctx, "count", 4144854528)
}
