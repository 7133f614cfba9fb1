package e2e

import (
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestZZProbe(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.EmulateViewport(1400, 900))
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=alexnet&convention=ptflops"))
	waitFor(t, ctx, "ready", readyJS, 20*time.Second)
	time.Sleep(500 * time.Millisecond)
	screenshot(t, ctx, "zz-ptflops")
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=resnet50&tab=memory&mode=train&device=h100"))
	waitFor(t, ctx, "ready", readyJS, 20*time.Second)
	time.Sleep(800 * time.Millisecond)
	screenshot(t, ctx, "zz-memory")
}

func TestZZEdit(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=lenet5"))
	waitFor(t, ctx, "ready", readyJS, 20*time.Second)
	setScript := `(() => { const e = document.getElementById('script'); e.value = "Net(\n  (fc): Linear(in_features=4, out_features=2, bias=True)\n)"; e.dispatchEvent(new Event('input', {bubbles: true})); return true })()`
	eval[bool](t, ctx, setScript)
	time.Sleep(1 * time.Second)
	t.Log(eval[string](t, ctx, `document.getElementById('problems').innerHTML`))
	do(t, ctx, chromedp.Click(chromedp.ID("edit-script")))
	time.Sleep(1 * time.Second)
	t.Log(eval[string](t, ctx, `document.getElementById('problems').innerHTML`))
	t.Log(eval[string](t, ctx, `document.getElementById('script').value.slice(0, 200)`))
	t.Log(eval[string](t, ctx, `location.hash.slice(0, 80)`))
	t.Log(eval[string](t, ctx, `document.querySelector('[data-metric=params]').dataset.value`))
	t.Log(eval[string](t, ctx, `document.getElementById('restore') ? 'restore' : 'no restore'`))
}
