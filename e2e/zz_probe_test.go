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
