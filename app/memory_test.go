package app

import (
	"os"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/importers"
	"floplab/core/memory"
	"floplab/core/share"
)

// TestMemoryPanel mounts the page with the real core and checks the tab's
// figures, verdict and charts in both languages.
func TestMemoryPanel(t *testing.T) {
	storageSet(keyState, "")
	calc, disp := openURL(CoreEngine(), "http://h/?preset=resnet50")
	defer disp.Close()
	if calc.rep == nil {
		t.Fatal("no report")
	}
	calc.st.Tab = "memory"
	calc.st.Mode, calc.st.Optimizer = core.ModeTrain, "adam"
	tab := calc.memoryTab()
	d, _ := tab.Demand()
	if d == nil || d.Memory.WeightsBytes != 102228128 || d.Memory.OptimizerBytes != 204456256 || d.Device == nil || !d.Device.Fits {
		t.Fatalf("demand %+v", d)
	}
	if len(tab.bars) != 4 {
		t.Errorf("%d memory bars", len(tab.bars))
	}
	for _, lang := range []string{LangEN, LangZH} {
		tab.Lang = lang
		v := Verdict(lang, "MB", d)
		if !strings.Contains(v, "NVIDIA H100") || !strings.Contains(v, "GB") {
			t.Errorf("%s verdict %q", lang, v)
		}
		for _, name := range []string{"memory", "roofline"} {
			svg := tab.chartSVG(name)
			if !strings.HasPrefix(svg, "<svg") || strings.Contains(svg, "term.") || strings.Contains(svg, "chart.") {
				t.Errorf("%s %s chart: %.200s", lang, name, svg)
			}
		}
		if svg := tab.chartSVG("roofline"); strings.Count(svg, "<circle") < 50 {
			t.Errorf("roofline has %d points", strings.Count(svg, "<circle"))
		}
	}
	if !strings.Contains(tab.chartSVG("memory"), "优化器状态") {
		t.Error("the Chinese memory chart does not name the optimizer state")
	}
	tab.Lang = LangEN
	calc.runSweeps()
	if len(calc.mem.sweeps) != 2 || calc.mem.sweepErr != "" || !strings.Contains(tab.chartSVG("sweep-batch"), "batch size") {
		t.Errorf("sweeps %d, %q", len(calc.mem.sweeps), calc.mem.sweepErr)
	}
	calc.runArticle()
	if len(calc.mem.article) != 3 || calc.mem.article[1].Count != 3710034752 {
		t.Errorf("article %+v", calc.mem.article)
	}
	calc.runGallery()
	if len(calc.mem.gallery) < 40 || strings.Count(tab.chartSVG("gallery"), "<circle") != len(calc.mem.gallery) {
		t.Errorf("gallery %d rows", len(calc.mem.gallery))
	}
	calc.Update()
	disp.Consume()

	// A device that is too small, and a custom one.
	calc.st.Device = CustomDeviceID
	calc.st.Custom = [4]string{"tiny", "1", "10", "0.1"}
	if d, _ := calc.memoryTab().Demand(); d == nil || d.Device == nil || d.Device.Fits || !strings.Contains(Verdict(LangEN, "MB", d), "Does not fit on tiny") {
		t.Errorf("custom device %+v", d)
	}
	calc.st.Custom = [4]string{"bad", "x", "", ""}
	if d, err := calc.memoryTab().Demand(); err == "" || d == nil || d.Device != nil {
		t.Errorf("a bad custom device: err %q", err)
	}
}

func TestMemoryHelpers(t *testing.T) {
	if got := CustomSpec([4]string{"a:b", "", "2", " 3 "}); got != "a b:100:2:3" {
		t.Errorf("CustomSpec = %q", got)
	}
	if ParseSeq("2048") != 2048 || ParseSeq("-1") != 0 || ParseSeq("x") != 0 {
		t.Error("ParseSeq")
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" class="fl-chart" width="680" height="360" viewBox="0 0 680 360">`
	if w, h := svgSize(svg); w != 680 || h != 360 {
		t.Errorf("svgSize %d %d", w, h)
	}
	if s := StandaloneSVG(svg); !strings.HasPrefix(s, `<svg style="color:#1c2430;background:#ffffff" xmlns=`) {
		t.Errorf("StandaloneSVG %q", s)
	}
	// Every memory term has a label of the page's by its ID (the
	// inference and training activations share "activations").
	for _, id := range []memory.TermID{memory.Weights, memory.Buffers, memory.Gradients, memory.OptimizerState, memory.MasterWeights,
		memory.Activations, memory.KVCacheTerm, memory.Input, memory.Peak, memory.OutputsSum, memory.Torchinfo} {
		tm := memory.Term{ID: id, Name: "(no label)"}
		if termLabel(LangZH, tm) == tm.Name || termLabel(LangEN, tm) == tm.Name {
			t.Errorf("no label for the term %q", id)
		}
	}
	if FmtBytesBoth(244403360, "MiB") != "233.08 MiB · 244.40 MB" {
		t.Error(FmtBytesBoth(244403360, "MiB"))
	}
}

// TestMemoryTabLLM: a pasted config.json with the tab's LLM settings in
// its link: the quantized weights, the fp8 KV cache, the serving table's
// figures with formulas, LoRA at the link's rank and targets; the link
// carries them back. Qwen2.5-7B: 28 layers, 4 KV heads of 128, q_proj
// and o_proj 3584→3584, k_proj and v_proj 3584→512.
func TestMemoryTabLLM(t *testing.T) {
	cfg, err := os.ReadFile("../core/hfconfig/testdata/configs/Qwen2.5-7B.json")
	if err != nil {
		t.Fatal(err)
	}
	st := share.State{Script: string(cfg), Input: "1x1024", Tab: "memory", Device: "rtx-4090", Quant: "gptq-int4", KVDType: "fp8",
		LoRARank: 64, LoRATargets: "q_proj,k_proj,v_proj,o_proj"}
	calc, disp := mount(t, st)
	defer disp.Close()
	if calc.rep == nil || calc.rep.Totals.Params != 7615616512 || !calc.rep.IsLanguageModel() {
		t.Fatalf("report %+v (%v)", calc.rep, calc.errs)
	}
	tab := calc.memoryTab()
	d, errText := tab.Demand()
	if d == nil || errText != "" || d.Serving == nil {
		t.Fatalf("demand %+v, %q", d, errText)
	}
	if want := int64(28 * 1024 * 4 * 256); d.KV == nil || d.KV.Term.Bytes != want {
		t.Errorf("KV cache %+v, want %d B in fp8", d.KV, want)
	}
	if !strings.Contains(d.Terms[0].Formula, "at gptq-int4") {
		t.Errorf("weights %q", d.Terms[0].Formula)
	}
	s := d.Serving
	if s.LoRA.Rank != 64 || s.LoRA.Modules != 28*4 || s.FineTune[1].Trainable != 28*64*(2*(3584+3584)+2*(3584+512)) {
		t.Errorf("LoRA %+v, %d trainable", s.LoRA, s.FineTune[1].Trainable)
	}
	for _, k := range []string{"prefill_seconds", "decode_seconds_per_token", "decode_tokens_per_second", "batch_decode_tokens_per_second", "gpus_needed"} {
		if f := s.Formulas[k]; !strings.Contains(f.In(LangZH), "=") || f.In(LangZH) == f.In(LangEN) {
			t.Errorf("%s: formula %q / %q", k, f.In(LangEN), f.In(LangZH))
		}
	}
	calc.Update()
	disp.Consume()
	if got := fragment(t, calc); got.Quant != "gptq-int4" || got.KVDType != "fp8" || got.LoRARank != 64 || got.LoRATargets != st.LoRATargets {
		t.Errorf("fragment %+v", got)
	}
	// the tab's settings replace the page's, and only those
	page := share.State{Script: "x", Convention: "thop", Tab: "memory"}
	if got := WithMemory(page, st); got.Script != "x" || got.Convention != "thop" || got.Quant != "gptq-int4" || got.LoRARank != 64 {
		t.Errorf("WithMemory %+v", got)
	}
	// a LoRA target the model lacks: the error names the nearest, and the
	// estimate stands without the LoRA settings
	calc.st.LoRATargets = "q_prj"
	d, errText = calc.memoryTab().Demand()
	if d == nil || d.Serving == nil || !strings.Contains(errText, "q_proj") {
		t.Errorf("bad target: %q", errText)
	}
	calc.lang = LangZH
	if _, errText = calc.memoryTab().Demand(); !strings.Contains(errText, "是不是 q_proj") {
		t.Errorf("bad target in Chinese: %q", errText)
	}
	// quantization applies to inference only
	if o := DemandOptions(share.State{Mode: core.ModeTrain, Quant: "nf4", KVDType: "fp8"}); o.Quant != "" || o.KVDType != "" {
		t.Errorf("training options %+v", o)
	}
}

func TestMemoryTabFields(t *testing.T) {
	if v, err := LoRATargetsField(" q_proj  v_proj,", LangEN); v != "q_proj,v_proj" || err != "" {
		t.Errorf("LoRATargetsField %q %q", v, err)
	}
	if v, err := LoRATargetsField("q_proj,v/proj", LangZH); v != "" || !strings.Contains(err, "LoRA 目标模块") {
		t.Errorf("LoRATargetsField bad: %q %q", v, err)
	}
	if ParseLoRARank("64") != 64 || ParseLoRARank("0") != 0 || ParseLoRARank("99999999") != 0 {
		t.Error("ParseLoRARank")
	}
	for _, q := range memory.Quants {
		if l := QuantLabel(q); !strings.Contains(l, "bits") || strings.HasPrefix(l, q.ID+" ·") && q.ID != "int8" && q.ID != "fp8" {
			t.Errorf("QuantLabel(%s) = %q", q.ID, l)
		}
	}
	if got := StorageLabel(LangEN, "bf16", core.DemandOptions{Quant: "gptq-int4", KVDType: "fp8"}); got != "bf16, weights gptq-int4, KV cache fp8" {
		t.Errorf("StorageLabel %q", got)
	}
	if got := StorageLabel(LangZH, "bf16", core.DemandOptions{KVDType: "bf16"}); got != "bf16" {
		t.Errorf("StorageLabel zh %q", got)
	}
	gptq, _ := memory.LookupQuant("gptq-int4")
	q4km, _ := memory.LookupQuant("q4_k_m")
	if QuantLabel(gptq) != "GPTQ int4, group 128 · 4.15625 bits" || QuantLabel(q4km) != "GGUF Q4_K_M · ≈4.90 bits" {
		t.Errorf("%q %q", QuantLabel(gptq), QuantLabel(q4km))
	}
	// a config's quantization_config marks its format in the picker
	if got := QuantOptionLabel(LangEN, gptq, "gptq-int4"); got != "GPTQ int4, group 128 · 4.15625 bits · the config's quantization_config" {
		t.Errorf("QuantOptionLabel %q", got)
	}
	if got := QuantOptionLabel(LangZH, q4km, "gptq-int4"); got != QuantLabel(q4km) {
		t.Errorf("QuantOptionLabel q4_k_m %q", got)
	}
	cfg := `{"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1,
		"quantization_config": {"bits": 4, "group_size": 128, "quant_method": "gptq"}}`
	rep, err := core.Analyze(core.Request{Script: cfg, Importers: importers.All()})
	if err != nil || rep.PublishedQuant() == nil || rep.PublishedQuant().Format != "gptq-int4" {
		t.Fatalf("PublishedQuant: %v %+v", err, rep)
	}
	if (*core.Report)(nil).PublishedQuant() != nil {
		t.Error("nil report")
	}
}

// TestQuantPickerDefault: a config whose quantization_config names GPTQ
// int4 (Qwen3-30B-A3B-GPTQ-Int4) opens with its weights in that format:
// the picker selects it, marked as the config's, the weights term counts
// 4.15625 bits per block Linear weight and the title says so. Choosing
// "not quantized" is the explicit share.QuantNone, which the link keeps
// and which counts every weight at the config's fp16; choosing the
// config's format again is the default, as before (no quant in the link).
func TestQuantPickerDefault(t *testing.T) {
	cfg, err := os.ReadFile("../core/hfconfig/testdata/configs/Qwen3-30B-A3B-GPTQ-Int4.json")
	if err != nil {
		t.Fatal(err)
	}
	const gptqBytes, fp16Bytes = 16802672640, 61064245248 // cmd/floplab TestQuantDefault's formulas (routers at fp16)
	calc, disp := mount(t, share.State{Script: string(cfg), Tab: "memory"})
	defer disp.Close()
	picker := func() string { return app.HTMLString(calc.memoryTab().quantPicker()) }
	// selected is the value of the picker's selected option and its text.
	selected := func(h string) (value, text string) {
		for _, line := range strings.Split(h, "\n") {
			if strings.HasPrefix(line, "<option") && strings.Contains(strings.ReplaceAll(line, `selected="false"`, ""), "selected") {
				_, v, _ := strings.Cut(line, `value="`)
				value, _, _ = strings.Cut(v, `"`)
				_, text, _ = strings.Cut(line, ">")
				return value, strings.TrimSuffix(text, "</option>")
			}
		}
		return "", ""
	}
	d, errText := calc.memoryTab().Demand()
	if d == nil || errText != "" || d.Quant != "gptq-int4" || d.Memory.WeightsBytes != gptqBytes {
		t.Fatalf("default demand %+v, %q", d, errText)
	}
	if v, text := selected(picker()); v != "gptq-int4" || text != "GPTQ int4, group 128 · 4.15625 bits · the config&#39;s quantization_config" {
		t.Errorf("default picker selects %q %q", v, text)
	}
	if h := picker(); !strings.Contains(h, `value="none"`) || strings.Contains(h, `value=""`) {
		t.Errorf("default picker:\n%s", h)
	}
	if h := app.HTMLString(calc.memoryTab().renderTerms(d)); !strings.Contains(h, "Inference memory (fp16, weights gptq-int4)") {
		t.Errorf("title:\n%s", h)
	}
	// not quantized: explicit, in the link too
	calc.st.Quant = QuantSetting("none", "gptq-int4")
	calc.Update()
	disp.Consume()
	d, _ = calc.memoryTab().Demand()
	if d == nil || d.Quant != "" || d.Memory.WeightsBytes != fp16Bytes {
		t.Fatalf("not quantized: %+v", d)
	}
	if v, text := selected(picker()); v != "none" || text != "not quantized (the dtype)" {
		t.Errorf("not-quantized picker selects %q %q", v, text)
	}
	if got := fragment(t, calc); got.Quant != share.QuantNone {
		t.Errorf("the link carries quant %q", got.Quant)
	}
	if h := app.HTMLString(calc.memoryTab().renderTerms(d)); !strings.Contains(h, "Inference memory (fp16)") {
		t.Errorf("title:\n%s", h)
	}
	// the picker's values and the state they set, with and without a
	// published format
	for _, c := range []struct{ quant, published, choice string }{
		{"", "gptq-int4", "gptq-int4"}, {"none", "gptq-int4", "none"}, {"int8", "gptq-int4", "int8"},
		{"", "", ""}, {"none", "", ""}, {"nf4", "", "nf4"},
	} {
		if got := QuantChoice(c.quant, c.published); got != c.choice {
			t.Errorf("QuantChoice(%q, %q) = %q, want %q", c.quant, c.published, got, c.choice)
		}
		if c.quant != "none" || c.published != "" {
			if got := QuantSetting(c.choice, c.published); got != c.quant {
				t.Errorf("QuantSetting(%q, %q) = %q, want %q", c.choice, c.published, got, c.quant)
			}
		}
	}
	if share.QuantNone != core.QuantNone {
		t.Errorf("share.QuantNone %q, core.QuantNone %q", share.QuantNone, core.QuantNone)
	}
}

// TestMemoryTotalFormulaLanguage: the Memory tab's total row gives its
// formula in the page's language, each term named ('weights … + KV cache
// … = … B' / '权重 … + KV 缓存 … = … B'), like the other rows.
func TestMemoryTotalFormulaLanguage(t *testing.T) {
	cfg, err := os.ReadFile("../core/hfconfig/testdata/configs/Qwen2.5-7B.json")
	if err != nil {
		t.Fatal(err)
	}
	calc, disp := mount(t, share.State{Script: string(cfg), Tab: "memory"})
	defer disp.Close()
	// bf16 weights 2 × 7,615,616,512, the 64 rotary frequencies
	want := map[string]string{LangEN: "weights 15,231,233,024 + buffers 128 + activations (peak live set) ",
		LangZH: "权重 15,231,233,024 + 缓冲区 128 + 激活值（峰值存活集合） "}
	kv := map[string]string{LangEN: " + KV cache ", LangZH: " + KV 缓存 "}
	for _, lang := range []string{LangEN, LangZH} {
		calc.lang = lang
		tab := calc.memoryTab()
		d, _ := tab.Demand()
		h := app.HTMLString(tab.renderTerms(d))
		_, row, _ := strings.Cut(h, `data-term="total"`)
		row, _, _ = strings.Cut(row, "</tr>")
		if d == nil || !strings.Contains(row, want[lang]) || !strings.Contains(row, kv[lang]) || !strings.Contains(row, " = "+Thousands(d.Total.Bytes)+" B") {
			t.Errorf("%s: total row %s", lang, row)
		}
	}
}

// TestWeightBytesCardNamesCheckpointFormat: for a config whose
// quantization_config names a format, the Weight bytes card (sized at
// the chosen dtype) says the checkpoint is in that format and where its
// size is, in English and Chinese; a config without one says nothing.
func TestWeightBytesCardNamesCheckpointFormat(t *testing.T) {
	gptq, err := os.ReadFile("../core/hfconfig/testdata/configs/Qwen3-30B-A3B-GPTQ-Int4.json")
	if err != nil {
		t.Fatal(err)
	}
	var gpt2 string
	for _, ex := range Examples() {
		if ex.ID == "example-config" {
			gpt2 = ex.Script
		}
	}
	for _, c := range []struct {
		name, src string
		want      map[string]string
	}{
		{"gptq", string(gptq), map[string]string{LangEN: "the checkpoint is gptq-int4: its size is under Memory & speed", LangZH: "检查点为 gptq-int4 格式"}},
		{"gpt2", gpt2, nil},
	} {
		rep, errs := Run(CoreEngine(), c.src, share.State{})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", c.name, errs)
		}
		for _, lang := range []string{LangEN, LangZH} {
			for _, k := range Cards(rep, lang, "MB", fakeConvs) {
				if k.Metric != "param_bytes" {
					continue
				}
				named := strings.Contains(k.Sub, "gptq-int4")
				if want := c.want[lang]; named != (want != "") || !strings.Contains(k.Sub, want) {
					t.Errorf("%s, %s: weight bytes card reads %q, want %q", c.name, lang, k.Sub, want)
				}
			}
		}
	}
}
