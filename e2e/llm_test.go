//go:build !(js && wasm)

package e2e

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"floplab/core/share"
)

// Qwen2.5-7B (core/hfconfig/testdata/configs/Qwen2.5-7B.json): 28
// layers, hidden 3584, 28 query heads and 4 KV heads of 128, MLP 18944,
// vocabulary 152064, untied head, bf16.
const (
	qwenParams = 7615616512
	qwenLayers = 28
	// the Linear weights GPTQ quantizes, per layer: q and o 3584², k and
	// v 3584×512, gate, up and down 3584×18944
	qwenLinear = qwenLayers * (2*3584*3584 + 2*3584*512 + 3*3584*18944)
)

// TestLLMConfig pastes a real config.json and drives the Memory & speed
// tab as an engineer sizing a model would: the exact parameters, bf16 from
// the config's torch_dtype, the KV cache of grouped-query attention, the
// quantization and KV-dtype pickers, LoRA's rank and target modules, the
// serving and fine-tuning table with its formulas; then reopens the share
// link in a fresh browser context, and looks at it in Chinese and on a
// 390 px phone (screenshots llm-*.png).
func TestLLMConfig(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	cfg, err := os.ReadFile("../core/hfconfig/testdata/configs/Qwen2.5-7B.json")
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, dir, "")
	ctx, foreign := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"?lang=en"))
	waitFor(t, ctx, "first visit", readyJS, 30*time.Second)

	// Paste the config into the editor.
	paste(t, ctx, string(cfg))
	waitMetric(t, ctx, "params", qwenParams)
	if dt := eval[string](t, ctx, `document.getElementById('dtype').value`); dt != "bf16" {
		t.Errorf("the dtype picker shows %q, want the config's bf16", dt)
	}

	// Memory & speed: weights in bf16, and the KV cache of 4 KV heads at
	// the default 4,096 tokens.
	do(t, ctx, chromedp.Click(chromedp.ID("tab-memory")))
	waitTerm(t, ctx, "weights", 2*qwenParams)
	kv := int64(qwenLayers * 4096 * 4 * (128 + 128))
	waitTerm(t, ctx, "kv_cache", 2*kv)
	// The buffers row says what the buffers are: the rotary frequencies
	// (issue 12 item 3), not BatchNorm statistics.
	buffersRow := `(document.querySelector('#mem-terms tr[data-term=buffers] .formula-cell')||{innerText:''}).innerText`
	if f := eval[string](t, ctx, buffersRow); !strings.Contains(f, "64 buffer elements (Qwen2RotaryEmbedding.inv_freq 64: rotary position frequencies)") {
		t.Errorf("buffers row %q", f)
	}
	if v := eval[string](t, ctx, `document.getElementById('mem-kvdtype').selectedOptions[0].text`); !strings.Contains(v, "bf16") {
		t.Errorf("KV dtype picker's default reads %q", v)
	}

	// An RTX 4090, GPTQ int4 weights, an fp8 KV cache, LoRA r=64 on the
	// four attention projections.
	choose(t, ctx, "mem-device", "rtx-4090")
	choose(t, ctx, "mem-quant", "gptq-int4")
	// 4 + (16 + 4)/128 bits per quantized weight; the rest at bf16
	gptq := int64(qwenLinear)*532/128/8 + 2*(qwenParams-qwenLinear)
	waitTerm(t, ctx, "weights", gptq)
	choose(t, ctx, "mem-kvdtype", "fp8")
	waitTerm(t, ctx, "kv_cache", kv)
	if h := eval[string](t, ctx, `document.querySelector('#panel-memory .mem-section h3').innerText`); h != "Inference memory (bf16, weights gptq-int4, KV cache fp8)" {
		t.Errorf("memory title %q", h)
	}
	waitFor(t, ctx, "LoRA fields", `document.getElementById('mem-lora-rank') !== null`, 10*time.Second)
	setField(t, ctx, "mem-lora-rank", "64")
	setField(t, ctx, "mem-lora-targets", "q_proj,k_proj,v_proj,o_proj")
	lora := int64(qwenLayers * 64 * (2*(3584+3584) + 2*(3584+512)))
	waitFor(t, ctx, "LoRA params", fmt.Sprintf(`(document.querySelector('#finetune tr[data-method=lora] td')||{}).innerText === %q`, thousands(lora)), 15*time.Second)

	// The serving table: every figure is a number whose formula opens.
	figs := eval[string](t, ctx, `[...document.querySelectorAll('#serving tr[data-figure]')].map(r => r.dataset.figure + '=' + r.querySelector('td[data-value]').dataset.value).join(' ')`)
	for _, f := range []string{"prefill_seconds", "decode_seconds_per_token", "decode_tokens_per_second", "batch_decode_tokens_per_second", "gpus_needed=1"} {
		if !strings.Contains(figs, f) {
			t.Errorf("serving table %q lacks %s", figs, f)
		}
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#serving tr[data-figure=decode_seconds_per_token] button`)))
	waitFor(t, ctx, "decode formula", `(document.getElementById('formula')||{innerText:''}).innerText.includes('bytes read / bandwidth')`, 10*time.Second)
	do(t, ctx, chromedp.Click(chromedp.CSS(`#finetune tr[data-method=qlora] td:nth-child(4) button`)))
	waitFor(t, ctx, "QLoRA formula", `(document.getElementById('formula')||{innerText:''}).innerText.includes('NF4 base weights')`, 10*time.Second)
	if n := eval[int](t, ctx, `document.querySelectorAll('#finetune tbody tr').length`); n != 3 {
		t.Errorf("fine-tuning table has %d rows", n)
	}
	screenshot(t, ctx, "llm-1400-en")

	// A target the model lacks: the message names the nearest module.
	setField(t, ctx, "mem-lora-targets", "q_proj,v_prj")
	waitFor(t, ctx, "bad target", `(document.getElementById('mem-error')||{innerText:''}).innerText.includes('did you mean v_proj?')`, 10*time.Second)
	setField(t, ctx, "mem-lora-targets", "q_proj,k_proj,v_proj,o_proj")
	waitFor(t, ctx, "target fixed", `document.getElementById('mem-error') === null`, 10*time.Second)

	// The link reopens all of it in a fresh browser context.
	href := waitHash(t, ctx, string(cfg))
	fresh, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	do(t, fresh, chromedp.Navigate(href))
	waitFor(t, fresh, "shared memory tab", readyJS+` && document.getElementById('panel-memory') !== null`, 30*time.Second)
	waitTerm(t, fresh, "weights", gptq)
	waitTerm(t, fresh, "kv_cache", kv)
	got := eval[string](t, fresh, `['mem-device', 'mem-quant', 'mem-kvdtype', 'mem-lora-rank', 'mem-lora-targets'].map(id => document.getElementById(id).value).join(' ')`)
	if got != "rtx-4090 gptq-int4 fp8 64 q_proj,k_proj,v_proj,o_proj" {
		t.Errorf("the reopened link's settings: %q", got)
	}
	waitFor(t, fresh, "reopened LoRA", fmt.Sprintf(`(document.querySelector('#finetune tr[data-method=lora] td')||{}).innerText === %q`, thousands(lora)), 15*time.Second)

	// Chinese: headings, labels and formulas.
	do(t, ctx, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, ctx, "Chinese serving table", `document.querySelector('.serving h3').innerText.includes('推理服务')`, 10*time.Second)
	// (the device's own name stays as its maker writes it)
	if f := eval[string](t, ctx, `[...document.querySelectorAll('#serving .formula-cell')].map(e => e.innerText).join('\n')`); !strings.Contains(f, "每 token") || englishRun.MatchString(strings.ReplaceAll(f, "NVIDIA GeForce RTX 4090", "")) {
		t.Errorf("Chinese serving formulas:\n%s", f)
	}
	if f := eval[string](t, ctx, buffersRow); !strings.Contains(f, "64 个缓冲区元素（Qwen2RotaryEmbedding.inv_freq 64：旋转位置编码的频率）") {
		t.Errorf("Chinese buffers row %q", f)
	}
	screenshot(t, ctx, "llm-1400-zh")

	// A 390 px phone, in both languages: nothing wider than the screen.
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1), chromedp.EmulateMobile))
	for _, lang := range []string{"zh", "en"} {
		if lang == "en" {
			do(t, ctx, chromedp.Click(chromedp.ID("lang")))
			waitFor(t, ctx, "English again", `document.querySelector('.serving h3').innerText.includes('Serving on')`, 10*time.Second)
		}
		eval[bool](t, ctx, `(document.getElementById('serving').scrollIntoView(), true)`)
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("390 px %s: the page is %d px wide", lang, w)
		}
		screenshot(t, ctx, "llm-390-"+lang)
	}
	if f := foreign(); len(f) > 0 {
		t.Errorf("requests to other origins: %v", f)
	}
}

// TestLLMCheckpointNote pastes Qwen3-0.6B's config.json: its tied head is
// counted once (596,049,920 parameters), and a note says that Qwen's
// published checkpoint may store lm_head.weight beside the embedding
// (151,936 × 1,024 = 155,582,464 values more), in English and Chinese.
func TestLLMCheckpointNote(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	cfg, err := os.ReadFile("../core/hfconfig/testdata/configs/Qwen3-0.6B.json")
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"?lang=en"))
	waitFor(t, ctx, "first visit", readyJS, 30*time.Second)
	paste(t, ctx, string(cfg))
	waitMetric(t, ctx, "params", 596049920)
	notes := `[...document.querySelectorAll('#results .notes li')].map(e => e.innerText).join('\n')`
	waitFor(t, ctx, "checkpoint note", notes+`.includes('may hold 155,582,464 parameters more than the model class (in no total here): lm_head.weight (151936×1024)')`, 10*time.Second)
	do(t, ctx, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, ctx, "Chinese checkpoint note", notes+`.includes('可能比模型类多 155,582,464 个参数')`, 10*time.Second)
}

// TestLLMQuantDefault pastes a GPTQ checkpoint's config.json
// (Qwen3-30B-A3B-GPTQ-Int4, whose quantization_config names 4-bit, group
// size 128): the Memory tab sizes its weights as published, 4 + (16 +
// 4)/128 bits per block Linear weight (cmd/floplab TestQuantDefault's
// formula), with the picker on the config's format; "not quantized" counts
// them at the config's fp16, and the link reopens that choice.
func TestLLMQuantDefault(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	cfg, err := os.ReadFile("../core/hfconfig/testdata/configs/Qwen3-30B-A3B-GPTQ-Int4.json")
	if err != nil {
		t.Fatal(err)
	}
	const gptq, fp16 = 16802672640, 61064245248 // routers at fp16 (cmd/floplab TestQuantDefault)
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL+"?lang=en"))
	waitFor(t, ctx, "first visit", readyJS, 30*time.Second)
	paste(t, ctx, string(cfg))
	waitMetric(t, ctx, "params", 30532122624)
	do(t, ctx, chromedp.Click(chromedp.ID("tab-memory")))
	waitTerm(t, ctx, "weights", gptq)
	picked := `document.getElementById('mem-quant').value + ' | ' + document.getElementById('mem-quant').selectedOptions[0].text`
	if got := eval[string](t, ctx, picked); got != "gptq-int4 | GPTQ int4, group 128 · 4.15625 bits · the config's quantization_config" {
		t.Errorf("the picker shows %q", got)
	}
	if h := eval[string](t, ctx, `document.querySelector('#panel-memory .mem-section h3').innerText`); h != "Inference memory (fp16, weights gptq-int4)" {
		t.Errorf("memory title %q", h)
	}
	choose(t, ctx, "mem-quant", "none")
	waitTerm(t, ctx, "weights", fp16)
	href := waitHash(t, ctx, string(cfg))
	for i := 0; i < 50 && !strings.Contains(linkQuant(t, href), "quant=none"); i++ {
		time.Sleep(50 * time.Millisecond)
		href = waitHash(t, ctx, string(cfg))
	}
	fresh, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	do(t, fresh, chromedp.Navigate(href))
	waitFor(t, fresh, "shared memory tab", readyJS+` && document.getElementById('panel-memory') !== null`, 30*time.Second)
	waitTerm(t, fresh, "weights", fp16)
	if got := eval[string](t, fresh, `document.getElementById('mem-quant').value`); got != "none" {
		t.Errorf("the reopened link's picker: %q", got)
	}
}

// linkQuant is the quant setting of a page URL's fragment, "quant=..."
// ("" when it carries none).
func linkQuant(t *testing.T, href string) string {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	st, err := share.Decode(u.Fragment)
	if err != nil || st.Quant == "" {
		return ""
	}
	return "quant=" + st.Quant
}

// thousands writes n with comma separators, as the page does.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
