package core

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"floplab/core/memory"
	"floplab/core/msg"
	"floplab/core/presets"
)

// TestBufferTerm: the memory estimate's buffers row says what the model's
// buffers are (issue 12 item 3, issue 13): named and explained for every
// gallery preset and every family of a config.json, never "BatchNorm
// running stats" where a model has none.
func TestBufferTerm(t *testing.T) {
	check := func(name string, req Request) {
		t.Helper()
		req.Demand = &DemandOptions{}
		rep, err := Analyze(req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		kinds := memory.BufferKinds(rep.Graph)
		if (len(kinds) > 0) != (rep.Totals.Buffers > 0) {
			t.Errorf("%s: %d buffer kinds, %d buffers", name, len(kinds), rep.Totals.Buffers)
		}
		var sum int64
		for _, k := range kinds {
			sum += k.Elements
			if k.What().IsZero() {
				t.Errorf("%s: buffer %s.%s has no description", name, k.Module, k.Name)
			}
		}
		if sum != rep.Totals.Buffers {
			t.Errorf("%s: buffer kinds add up to %d, want %d", name, sum, rep.Totals.Buffers)
		}
		for _, tm := range rep.Demand.Estimate.Terms {
			if tm.ID != memory.Buffers {
				continue
			}
			for _, lang := range []string{msg.EN, msg.ZH} {
				f := tm.FormulaIn(lang)
				if strings.Contains(f, "BatchNorm") != strings.Contains(f, "BatchNorm2d.") {
					t.Errorf("%s: %s buffers row %q speaks of BatchNorm", name, lang, f)
				}
				if !strings.Contains(f, kinds[0].Module+"."+kinds[0].Name) {
					t.Errorf("%s: %s buffers row %q does not name %s.%s", name, lang, f, kinds[0].Module, kinds[0].Name)
				}
			}
		}
	}
	for _, p := range presets.Names() {
		check(p, Request{Preset: p})
	}
	files, _ := filepath.Glob("hfconfig/testdata/configs/*.json")
	if len(files) < 15 {
		t.Fatalf("%d configs", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(f, Request{Script: string(src), Filename: filepath.Base(f), Importers: []Importer{ConfigImporter{}}})
	}

	// the rows, word for word
	for _, c := range []struct{ preset, lang, want string }{
		{"gpt2", msg.EN, "12,582,924 buffer elements (GPT2Attention.bias 12,582,912: causal attention mask; GPT2Attention.masked_bias 12: score of masked positions) × 4 B (fp32) = 50,331,696 B"},
		{"qwen2-0.5b", msg.EN, "32 buffer elements (Qwen2RotaryEmbedding.inv_freq 32: rotary position frequencies) × 2 B (bf16) = 64 B"},
		{"qwen2-0.5b", msg.ZH, "32 个缓冲区元素（Qwen2RotaryEmbedding.inv_freq 32：旋转位置编码的频率） × 2 B (bf16) = 64 B"},
		{"bert-base-uncased", msg.EN, "1,024 buffer elements (BertEmbeddings.position_ids 512: position ids 0…n−1; BertEmbeddings.token_type_ids 512: default token type ids) × 4 B (fp32) = 4,096 B"},
		{"resnet18", msg.ZH, "9,620 个缓冲区元素（BatchNorm2d.running_mean, running_var 9,600：BatchNorm 的滑动统计量；BatchNorm2d.num_batches_tracked 20：BatchNorm 的批次计数） × 4 B (fp32) = 38,480 B"},
	} {
		_, d := demandOf(t, c.preset, "", nil, DemandOptions{})
		var got string
		for _, tm := range d.Estimate.Terms {
			if tm.ID == memory.Buffers {
				got = tm.FormulaIn(c.lang)
			}
		}
		if got != c.want {
			t.Errorf("%s %s buffers row\n got %s\nwant %s", c.preset, c.lang, got, c.want)
		}
	}
}
