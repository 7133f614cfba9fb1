//go:build !(js && wasm)

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// media emulates a CSS media type ("print", or "" for the screen).
func media(t *testing.T, ctx context.Context, m string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return chromedp.Void{}, err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// TestLayout (issue 12, items 7 and 15): no row hides in an inner scroll
// box, the memory tab's formula column is not cut off, the views of
// GPT-2 can be hidden, the printout of the page is the result alone, and
// on a 390 px phone the numbers come first and the table shows them.
func TestLayout(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	innerScroll := `[...document.querySelectorAll('#results .table-scroll')].map(e => e.scrollHeight - e.clientHeight).filter(d => d > 1).length`

	do(t, ctx, chromedp.Navigate(s.URL+"?preset=alexnet"))
	waitFor(t, ctx, "alexnet", readyJS, 20*time.Second)
	do(t, ctx, chromedp.Click(chromedp.ID("expand-all")))
	if n := eval[int](t, ctx, innerScroll); n != 0 {
		t.Errorf("%d tables hide rows in an inner vertical scroll box", n)
	}
	for _, q := range []string{"?preset=swin_t&tab=memory", "?preset=llama-2-7b&tab=memory&mode=train&device=h100", "?preset=llama-2-7b&convention=ptflops", "?preset=swin_t&convention=ptflops-legacy"} {
		do(t, ctx, chromedp.Navigate(s.URL+q))
		waitFor(t, ctx, q, readyJS+` && document.querySelector('#mem-terms, table#layers') !== null`, 30*time.Second)
		if strings.Contains(q, "convention") {
			do(t, ctx, chromedp.Click(chromedp.ID("expand-all")))
		}
		if cut := eval[string](t, ctx, `[...document.querySelectorAll('#results .table-scroll')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.querySelector('table').id + ' ' + e.scrollWidth + '>' + e.clientWidth).join(', ')`); cut != "" {
			t.Errorf("%s at 1400 px: tables cut off at the right: %s", q, cut)
		}
	}
	screenshot(t, ctx, "43-memory-1400")

	// GPT-2 with the views hidden.
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=gpt2"))
	waitFor(t, ctx, "gpt2", readyJS, 30*time.Second)
	do(t, ctx, chromedp.Click(chromedp.ID("expand-all")))
	rows := `document.querySelectorAll('table#layers tbody tr[data-name^="transformer.h.0"]').length`
	waitFor(t, ctx, "expanded", rows+` > 40`, 30*time.Second) // a hang check: 647 rows take 4-8 s at load 25
	all := eval[int](t, ctx, rows)
	do(t, ctx, chromedp.Click(chromedp.ID("modules-only")))
	waitFor(t, ctx, "views hidden", rows+` < `+itoa(all*2/3), 30*time.Second) // a hang check: 647 rows take 4-8 s at load 25
	if eval[bool](t, ctx, `document.querySelector('table#layers tr[data-name="transformer.h.0.attn:view"]') !== null`) {
		t.Error("a view is still listed")
	}
	if !eval[bool](t, ctx, `document.querySelector('table#layers tr[data-name="transformer.h.0.attn:softmax"]') !== null`) {
		t.Error("the softmax was hidden")
	}
	t.Logf("GPT-2 block 0: %d rows, %d with the views hidden", all, eval[int](t, ctx, rows))

	// Printing shows the result, not the editor or the buttons.
	media(t, ctx, "print")
	if got := eval[string](t, ctx, `['.left', '.controls', '.table-tools', '.tabs'].map(s => getComputedStyle(document.querySelector(s)).display).join(' ') + ' | ' + getComputedStyle(document.querySelector('.cards')).display`); got != "none none none none | grid" {
		t.Errorf("print layout: %s", got)
	}
	media(t, ctx, "")

	// A phone: the first number above the editor, and the table shows numbers.
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=alexnet"))
	waitFor(t, ctx, "alexnet on a phone", readyJS, 20*time.Second)
	if got := eval[string](t, ctx, `(() => { const m = document.querySelector('[data-metric=params]').getBoundingClientRect().top + scrollY,
		e = document.getElementById('script').getBoundingClientRect().top + scrollY; return m < e && m < 844 ? 'first' : 'number at ' + Math.round(m) + ', editor at ' + Math.round(e) })()`); got != "first" {
		t.Errorf("390 px: %s", got)
	}
	if got := eval[string](t, ctx, `(() => { const th = [...document.querySelectorAll('table#layers thead th')].filter(e => getComputedStyle(e).display !== 'none');
		const box = document.querySelector('#panel-layers .table-scroll').getBoundingClientRect();
		return th.filter(e => e.getBoundingClientRect().right <= box.right + 1).map(e => e.innerText.trim()).join('|') })()`); !strings.Contains(got, "Params") || !strings.Contains(got, "MACs") {
		t.Errorf("390 px: table columns in view: %q", got)
	}
	screenshot(t, ctx, "44-phone-alexnet")
}

func itoa(n int) string { return fmtInt(n) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
