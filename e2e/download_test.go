//go:build !(js && wasm)

package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// TestDownloads clicks the download buttons a user has — the layer table
// as CSV, the memory chart as SVG and PNG — and reads the saved files.
func TestDownloads(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	out := t.TempDir()
	_, err := chromedp.Run(ctx, chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: out})
		return chromedp.Void{}, err
	}))
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=alexnet&tab=memory"))
	waitFor(t, ctx, "memory chart", readyJS+` && document.querySelector('[data-chart=memory] svg') !== null`, 30*time.Second)
	saved := func(ext string) []byte {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			files, _ := filepath.Glob(filepath.Join(out, "*."+ext))
			if len(files) == 1 {
				if b, err := os.ReadFile(files[0]); err == nil && len(b) > 0 {
					return b
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("no .%s file saved in %s", ext, out)
		return nil
	}
	do(t, ctx, chromedp.Click(chromedp.ID("svg-memory")))
	if svg := saved("svg"); !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("saved SVG: %.80q", svg)
	}
	do(t, ctx, chromedp.Click(chromedp.ID("png-memory")))
	if png := saved("png"); !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("saved PNG starts %q", png[:min(8, len(png))])
	}
	do(t, ctx, chromedp.Click(chromedp.ID("tab-layers")))
	waitFor(t, ctx, "layers tab", `document.getElementById('dl-csv') !== null`, 10*time.Second)
	do(t, ctx, chromedp.Click(chromedp.ID("dl-csv")))
	csv := string(saved("csv"))
	if !strings.HasPrefix(csv, "name,type,output_shape,params,macs,flops,") || !strings.Contains(csv, "features.0,Conv2d,1x64x55x55,23296,70276800,") {
		t.Errorf("saved CSV:\n%.300s", csv)
	}
}
