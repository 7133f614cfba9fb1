package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"floplab/app"
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
	// A printout is never refused: the parameters are counted, and the
	// part not counted is listed at its line.
	waitMetric(t, ctx, "params", 3*16*9+16+32*8*9+8)
	if txt := eval[string](t, ctx, `document.querySelector('.errors.incomplete h2').innerText`); !strings.Contains(txt, "2 of 3 layers") {
		t.Errorf("incomplete heading reads %q", txt)
	}
	screenshot(t, ctx, "22-printout-error")

	// In Chinese, the message and its hint are Chinese.
	do(t, ctx, chromedp.Navigate(s.URL+"#"+share.Encode(share.State{Script: printout, Lang: "zh"})))
	waitFor(t, ctx, "Chinese error", `(document.querySelector('[data-error-line="5"]')||{innerText:''}).innerText.includes('需要 32 个输入通道，实际为 16')`, 30*time.Second)
	if txt := eval[string](t, ctx, `document.querySelector('[data-error-line="5"]').innerText`); !strings.Contains(txt, "上一层的输出通道数必须等于本层的 in_channels") {
		t.Errorf("hint reads %q", txt)
	}
	screenshot(t, ctx, "22b-printout-error-zh")
}

// TestEditConvertedScript: a pasted GPT-2 printout, its tie unticked, is
// replaced by the script FlopLab converted it to, which counts the same;
// "Restore your previous script" brings the printout back, still untied.
func TestEditConvertedScript(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	gpt2, err := os.ReadFile("../core/printout/testdata/hf/gpt2.txt")
	if err != nil {
		t.Fatal(err)
	}
	const untied = 163037184
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"#"+share.Encode(share.State{Script: string(gpt2), Untie: true})))
	waitFor(t, ctx, "gpt2 printout", readyJS+` && document.getElementById('edit-script') !== null`, 30*time.Second)
	waitMetric(t, ctx, "params", untied)
	do(t, ctx, chromedp.Click(chromedp.ID("edit-script")))
	waitFor(t, ctx, "converted script in the editor", `document.getElementById('script').value.startsWith('# Converted by FlopLab') && document.getElementById('edit-script') === null`, 10*time.Second)
	waitMetric(t, ctx, "params", untied)
	if n := eval[int](t, ctx, `document.querySelectorAll('#ties input').length`); n != 0 {
		t.Errorf("%d tie boxes for a script", n)
	}
	screenshot(t, ctx, "23-converted-script")
	do(t, ctx, chromedp.Click(chromedp.ID("restore")))
	waitFor(t, ctx, "printout restored", `document.getElementById('script').value.startsWith('GPT2LMHeadModel(') && document.getElementById('edit-script') !== null`, 10*time.Second)
	waitMetric(t, ctx, "params", untied)
	if eval[bool](t, ctx, `document.getElementById('tie-0').checked`) {
		t.Error("the restored printout's tie is checked again")
	}
}

// TestHaltedScript: when the page died computing a script (the running
// mark is still set at the next load, as after an out-of-memory crash or a
// tab closed on a hang), the reloaded page shows the script without
// running it, says why, and "Run it anyway" computes it.
func TestHaltedScript(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	const script = "input_shape = (1, 8)\nLinear(8, 4)\n"
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	link := s.URL + "#" + share.Encode(share.State{Script: script})
	do(t, ctx, chromedp.Navigate(link))
	waitMetric(t, ctx, "params", 36)
	eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem('floplab.running', %q), true)`, app.Fingerprint(script)))
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "halted", readyJS+` || document.getElementById('run-anyway') !== null`, 20*time.Second)
	waitFor(t, ctx, "run-anyway button", `document.getElementById('run-anyway') !== null && document.querySelector('[data-metric=params]') === null`, 10*time.Second)
	if txt := eval[string](t, ctx, `document.getElementById('problems').innerText`); !strings.Contains(txt, "did not finish") {
		t.Errorf("problems read %q", txt)
	}
	screenshot(t, ctx, "24-halted")
	do(t, ctx, chromedp.Click(chromedp.ID("run-anyway")))
	waitMetric(t, ctx, "params", 36)
	if v := eval[string](t, ctx, `localStorage.getItem('floplab.running')`); v != "" {
		t.Errorf("running mark %q after the computation", v)
	}
}
