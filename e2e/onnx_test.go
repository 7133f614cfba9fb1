//go:build !(js && wasm)

package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestONNXFile drops an exported ResNet-18 (graph only: its weights are
// in an external .data file that is not there) on the editor and reads
// the cards; then opens a small CNN with a dynamic batch through the file
// picker, sets the batch and switches to the onnx-tool convention.
func TestONNXFile(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL))
	waitFor(t, ctx, "page", readyJS, 20*time.Second)

	resnet, err := os.ReadFile("../core/onnx/testdata/resnet18_op13_graph.onnx")
	if err != nil {
		t.Fatal(err)
	}
	// A drop as the browser makes it: a DataTransfer holding a File.
	drop := fmt.Sprintf(`(() => {
		const bin = atob(%q), bytes = new Uint8Array(bin.length);
		for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], 'resnet18.onnx', {type: 'application/octet-stream'}));
		const ed = document.querySelector('.editor');
		ed.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
		return !ed.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
	})()`, base64.StdEncoding.EncodeToString(resnet))
	if !eval[bool](t, ctx, drop) {
		t.Fatal("the page did not take the dropped file (drop not cancelled)")
	}
	// torchvision's ResNet-18: 1,814,073,344 MACs; the export folds 20
	// BatchNorms, so the file has 4,800 parameters fewer than PyTorch.
	waitMetric(t, ctx, "macs", 1814073344)
	waitMetric(t, ctx, "params", 11684712)
	if v := eval[string](t, ctx, `document.getElementById('script').value`); !strings.HasPrefix(v, "# ONNX graph of resnet18.onnx") || len(v) > 40000 {
		t.Errorf("editor holds %d bytes: %.60q", len(v), v)
	}
	if n := eval[string](t, ctx, `document.body.innerText`); !strings.Contains(n, "/layer1/layer1.0/conv1/Conv") || !strings.Contains(n, "folded in at export") {
		t.Errorf("the layer table or the folding note is missing")
	}
	if eval[bool](t, ctx, `document.body.innerText.includes('Edit the converted script')`) {
		t.Errorf("an ONNX file is offered a converted script to edit")
	}
	screenshot(t, ctx, "30-onnx-resnet18")

	// The file picker, a dynamic batch set in the batch field, onnx-tool.
	tiny, err := filepath.Abs("../core/onnx/testdata/tiny_cnn_dynbatch.onnx")
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.SetUploadFiles(chromedp.ID("onnx-file"), []string{tiny}))
	waitMetric(t, ctx, "params", 1458)
	waitMetric(t, ctx, "buffers", 32)
	waitMetric(t, ctx, "macs", 290896)
	choose(t, ctx, "convention", "onnx-tool")
	// onnx-tool 1.0.1 printed 451,706 MACs for this model at batch 1.
	waitMetric(t, ctx, "count", 451706)
	screenshot(t, ctx, "31-onnx-tool")

	// A file that is not ONNX: a message, the previous result kept.
	bad := `(() => { const dt = new DataTransfer(); dt.items.add(new File(['not a model'], 'notes.onnx'));
		document.querySelector('.editor').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); return true })()`
	eval[bool](t, ctx, bad)
	waitFor(t, ctx, "error message", `document.body.innerText.includes('not an ONNX model')`, 15*time.Second)
	waitMetric(t, ctx, "params", 1458)
}
