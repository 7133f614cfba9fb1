package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"floplab/core/msg"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

const gpt2Printout = "../../core/printout/testdata/hf/gpt2.txt"

// TestCountTies: a GPT-2 printout counts lm_head and the token embedding
// once by default (124,439,808 params), both with --untie (163,037,184),
// once again with --untie --tie; the table lists the candidate, the JSON
// has "ties"; bad ties are errors.
func TestCountTies(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		params int64
		active bool
	}{
		{nil, 124439808, true},
		{[]string{"--untie"}, 163037184, false},
		{[]string{"--untie", "--tie", "lm_head=transformer.wte"}, 124439808, true},
	} {
		code, out, errs := runCLI(append([]string{"count", gpt2Printout, "--format", "json"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errs)
		}
		var rep struct {
			Totals struct {
				Params int64 `json:"params"`
			} `json:"totals"`
			Ties []struct {
				Module, Target string
				Params         int64
				Default        bool
				Active         bool
			} `json:"ties"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Totals.Params != tc.params {
			t.Errorf("%v: params %d, want %d", tc.args, rep.Totals.Params, tc.params)
		}
		if len(rep.Ties) != 1 || rep.Ties[0].Module != "lm_head" || rep.Ties[0].Target != "transformer.wte" ||
			rep.Ties[0].Params != 50257*768 || !rep.Ties[0].Default || rep.Ties[0].Active != tc.active {
			t.Errorf("%v: ties %+v", tc.args, rep.Ties)
		}
	}
	code, out, errs := runCLI("count", "--untie", gpt2Printout)
	if code != 0 {
		t.Fatalf("table: exit %d: %s", code, errs)
	}
	for _, want := range []string{"params: 163,037,184", "weight ties", "lm_head.weight = transformer.wte.weight  38,597,376 params  untied, counted separately",
		"--tie lm_head=transformer.wte", "counted separately (untied)"} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q:\n%s", want, out)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"count", gpt2Printout, "--tie", "lm_head=transformer.ln_f"}, 1, "cannot tie lm_head to transformer.ln_f"},
		{[]string{"count", "--preset", "alexnet", "--untie"}, 1, "apply to a pasted print(model) printout"},
		{[]string{"count", gpt2Printout, "--tie", "lm_head"}, 2, "want MODULE=TARGET"},
	} {
		code, _, errs := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
}

// TestCountChinese: --lang zh prints every text of the table output in
// Chinese (no text falls back to English), keeps the numbers, and leaves
// the JSON English; a bad --lang is a usage error.
func TestCountChinese(t *testing.T) {
	for _, args := range [][]string{
		{"--preset", "resnet18", "--memory", "train", "--optimizer", "adamw", "--dtype", "bf16", "--device", "h100-sxm"},
		{"--preset", "llama-2-7b", "--memory", "inference", "--dtype", "bf16", "--seq", "512", "--device", "a100-80gb-sxm", "--convention", "all"},
		{gpt2Printout, "--convention", "thop", "--device", "lab:10:100:1"},
		{"--preset", "alexnet", "--convention", "thop-0.0.31", "--format", "markdown"},
	} {
		code, out, errs := runCLI(append([]string{"count", "--lang", "zh"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		for _, want := range []string{"参数量：", "FlopLab：", "注："} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: no %q in:\n%s", args, want, out)
			}
		}
		_, en, _ := runCLI(append([]string{"count"}, args...)...)
		if en == out || !strings.Contains(en, "params: ") {
			t.Errorf("%v: English output changed or missing", args)
		}
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("texts printed in Chinese without a Chinese entry: %q", m)
	}
	// The layer table's lines all have one width on a terminal, where a
	// Chinese character takes two columns.
	_, out, _ := runCLI("count", "--preset", "resnet18", "--device", "h100-sxm", "--lang", "zh")
	widths := map[int]bool{}
	for _, line := range strings.Split(out, "\n") {
		if line == "" {
			break
		}
		w := 0
		for _, r := range line {
			w++
			if isWide(r) {
				w++
			}
		}
		widths[w] = true
	}
	if len(widths) != 1 || strings.ContainsRune(out, 0) {
		t.Errorf("Chinese table lines have widths %v (want one), or a NUL is left:\n%s", widths, out)
	}
	if code, _, _ := runCLI("count", "--preset", "alexnet", "--lang", "fr"); code != 2 {
		t.Errorf("--lang fr: exit %d, want 2", code)
	}
}

// TestChineseFormats: each Chinese entry of the CLI takes the same verbs,
// in the same order, as its English format.
func TestChineseFormats(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-z]`)
	for en, zh := range textsZH {
		if a, b := verbs.FindAllString(en, -1), verbs.FindAllString(zh, -1); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%q: verbs %v, Chinese %q has %v", en, a, zh, b)
		}
	}
	for en, zh := range columnsZH {
		if en == "" || zh == "" {
			t.Errorf("column %q: %q", en, zh)
		}
	}
}

// TestErrorsInLang: count --lang zh prints an error in Chinese, the same
// error in English without it.
func TestErrorsInLang(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.star")
	if err := os.WriteFile(file, []byte("input_shape = (1, 3, 32, 32)\nConv2d(4, 8, 3)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, want string }{
		{"en", ":2:7: Conv2d(4, 8, 3) expects 4 input channels, got 3 (input [1, 3, 32, 32]) (hint: the previous layer's channels must equal this layer's in_channels)\n"},
		{"zh", ":2:7: Conv2d(4, 8, 3) 需要 4 个输入通道，实际为 3（输入 [1, 3, 32, 32]）（提示：上一层的输出通道数必须等于本层的 in_channels）\n"},
	} {
		code, _, stderr := runCLI("count", file, "--lang", c.lang)
		if code != 1 || stderr != file+c.want {
			t.Errorf("--lang %s: exit %d, stderr %q", c.lang, code, stderr)
		}
	}
}

// TestHelp: --help after a command prints the usage on standard output and
// exits 0 (issue 12, item 17: "flag: help requested", exit 2).
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"count", "--help"}, {"count", "-h"}, {"presets", "--help"}, {"convert", "--help"}, {"--help"}} {
		code, out, errs := runCLI(args...)
		if code != 0 || !strings.Contains(out, "floplab count [FILE") || !strings.Contains(out, "floplab convert") || errs != "" {
			t.Errorf("%v: exit %d, stdout %.60q, stderr %q", args, code, out, errs)
		}
	}
	if code, _, errs := runCLI("count", "--bogus"); code != 2 || !strings.Contains(errs, "bogus") {
		t.Errorf("count --bogus: exit %d, stderr %q", code, errs)
	}
}

// TestPartialTotals: a printout traced only in part prints its totals with
// a line saying they are partial, in both languages, and JSON says
// "complete": false; a complete model prints no such line.
func TestPartialTotals(t *testing.T) {
	file := filepath.Join(t.TempDir(), "net.txt")
	printout := "Net(\n  (features): Sequential(\n    (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))\n" +
		"    (1): ReLU(inplace=True)\n    (2): Conv2d(32, 8, kernel_size=(3, 3), stride=(1, 1))\n  )\n)\n"
	if err := os.WriteFile(file, []byte(printout), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, want string }{
		{"en", "partial: the MACs and FLOPs above are of 2 of 3 layers"},
		{"zh", "不完整：以上 MACs 与 FLOPs 只统计了 2 / 3 层"},
	} {
		code, stdout, stderr := runCLI("count", file, "--lang", c.lang)
		if code != 0 || !strings.Contains(stdout, c.want) {
			t.Errorf("--lang %s: exit %d, stderr %q, stdout:\n%s", c.lang, code, stderr, stdout)
		}
	}
	// The PyTorch tutorial Net with a class FlopLab does not know,
	// counted as stated: fc1 restarts from an assumed input (the printout
	// does not show the second pooling), so fc1, mix, fc2 and fc3 are
	// counted from that input and the line does not read "7 of 7".
	tutorial := filepath.Join(t.TempDir(), "tutorial.txt")
	if err := os.WriteFile(tutorial, []byte("Net(\n  (conv1): Conv2d(3, 6, kernel_size=(5, 5), stride=(1, 1))\n"+
		"  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"+
		"  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))\n  (fc1): Linear(in_features=400, out_features=120, bias=True)\n"+
		"  (mix): MyMixer()\n  (fc2): Linear(in_features=120, out_features=84, bias=True)\n"+
		"  (fc3): Linear(in_features=84, out_features=10, bias=True)\n)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, want string }{
		{"en", "partial: the MACs and FLOPs above are of 3 of 7 layers, and of 4 more counted from an input shape FlopLab assumed"},
		{"zh", "不完整：以上 MACs 与 FLOPs 只统计了 3 / 7 层，另有 4 层按 FlopLab 假设的输入形状计数"},
	} {
		code, stdout, stderr := runCLI("count", tutorial, "--input", "1x3x32x32", "--assume", "MyMixer=14520:14400", "--lang", c.lang)
		if code != 0 || !strings.Contains(stdout, c.want) || strings.Contains(stdout, "7 of 7") || strings.Contains(stdout, "7 / 7") {
			t.Errorf("tutorial Net --lang %s: exit %d, stderr %q, stdout:\n%s", c.lang, code, stderr, stdout)
		}
	}
	if _, stdout, _ := runCLI("count", tutorial, "--input", "1x3x32x32", "--format", "json"); !strings.Contains(stdout, `"assumed_layers": 3`) {
		t.Errorf("JSON of the tutorial Net does not give assumed_layers 3:\n%s", stdout)
	}
	if _, stdout, _ := runCLI("count", file, "--format", "json"); !strings.Contains(stdout, `"complete": false`) {
		t.Errorf("JSON of a partial result does not say complete false")
	}
	if _, stdout, _ := runCLI("count", "--preset", "alexnet"); strings.Contains(stdout, "partial:") {
		t.Errorf("a complete model is marked partial:\n%s", stdout)
	}
}

// TestLoRAFlags: --lora-rank and --lora-targets set the LoRA rows of a
// config model's serving estimate (Qwen2.5-7B: 28 layers, q_proj
// 3584→3584, v_proj 3584→512); a target the model lacks is an error
// naming the nearest module.
func TestLoRAFlags(t *testing.T) {
	cfg := "../../core/hfconfig/testdata/configs/Qwen2.5-7B.json"
	for _, tc := range []struct {
		args      []string
		rank      int64
		trainable int64
	}{
		{nil, 16, 28 * 16 * ((3584 + 3584) + (3584 + 512))},
		{[]string{"--lora-rank", "8", "--lora-targets", "q_proj"}, 8, 28 * 8 * (3584 + 3584)},
	} {
		code, out, errs := runCLI(append([]string{"count", cfg, "--input", "1x16", "--device", "h100-sxm", "--format", "json"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errs)
		}
		var rep struct {
			Serving struct {
				LoRA struct {
					Rank int64 `json:"rank"`
				} `json:"lora"`
				FineTune []struct {
					Method    string `json:"method"`
					Trainable int64  `json:"trainable_params"`
				} `json:"finetune"`
			} `json:"serving"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		s := rep.Serving
		if s.LoRA.Rank != tc.rank || len(s.FineTune) != 6 || s.FineTune[1].Trainable != tc.trainable {
			t.Errorf("%v: %+v, want rank %d and %d LoRA params", tc.args, s, tc.rank, tc.trainable)
		}
	}
	code, _, errs := runCLI("count", cfg, "--input", "1x16", "--device", "h100-sxm", "--lora-targets", "v_prj")
	if code == 0 || !strings.Contains(errs, "did you mean v_proj?") {
		t.Errorf("unknown target: exit %d, %s", code, errs)
	}
}

// TestQuantDefault: a config whose quantization_config names a format
// (Qwen3-30B-A3B-GPTQ-Int4, core/hfconfig/testdata/configs) is sized as
// published by default: its blocks' Linear weights at GPTQ's 4 + (16 +
// 4)/128 bits, the embeddings, head and norms at the config's fp16;
// --quant none counts every weight at fp16, --quant names any other
// format. The table's note says which.
func TestQuantDefault(t *testing.T) {
	const cfg = "../../core/hfconfig/testdata/configs/Qwen3-30B-A3B-GPTQ-Int4.json"
	// per layer: q and o 2048×4096, k and v 2048×512, 128 experts'
	// gate, up and down 2048×768
	const linear = 48 * (2*2048*4096 + 2*2048*512 + 128*3*2048*768)
	// the router 2048×128 per layer: GPTQ keeps it at fp16
	// (GPTQModel#1625's load log), int8 (bitsandbytes) quantizes it
	const router = 48 * 2048 * 128
	// embeddings and the untied head 151936×2048, two norms of 2048 and
	// q/k norms of 128 per layer, the final norm
	const other = 2*151936*2048 + 48*(2*2048+2*128) + 2048
	for _, tc := range []struct {
		args    []string
		quant   string
		weights int64
	}{
		{nil, "gptq-int4", linear*532/128/8 + 2*(router+other)},
		{[]string{"--quant", "awq-int4"}, "awq-int4", linear*532/128/8 + 2*(router+other)},
		{[]string{"--quant", "none"}, "", 2 * (linear + router + other)},
		{[]string{"--quant", "None"}, "", 2 * (linear + router + other)},
		// a byte per weight and an fp32 scale per output row
		{[]string{"--quant", "int8"}, "int8", linear + router + 4*48*(4096+2*512+2048+128*(2*768+2048)+128) + 2*other},
	} {
		code, out, errs := runCLI(append([]string{"count", cfg, "--memory", "inference", "--format", "json"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errs)
		}
		var rep struct {
			Memory struct {
				DType   string `json:"dtype"`
				Quant   string `json:"quant"`
				Weights int64  `json:"weights_bytes"`
			} `json:"memory"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if m := rep.Memory; m.DType != "fp16" || m.Quant != tc.quant || m.Weights != tc.weights {
			t.Errorf("%v: %+v, want quant %q, weights %d B", tc.args, m, tc.quant, tc.weights)
		}
	}
	// training counts the model at its dtype (the quantized checkpoint is
	// estimated for inference) without asking for --quant none
	if code, out, errs := runCLI("count", cfg, "--memory", "train", "--format", "json"); code != 0 || strings.Contains(out, `"quant"`) {
		t.Errorf("--memory train: exit %d %s", code, errs)
	}
	_, out, _ := runCLI("count", cfg, "--memory", "inference")
	if !strings.Contains(out, "counts them so, in the quantization gptq-int4 by default (CLI --quant gptq-int4); choose not quantized (CLI --quant none) for fp16") ||
		!strings.Contains(out, "29,896,998,912 quantized params at gptq-int4 + 635,123,712 other params × 2 B") ||
		!strings.Contains(out, "keep the mixture-of-experts routers (each MoE block's gate Linear, 12,582,912 params) at fp16") ||
		// the summary states the weights as the memory table counts them
		!strings.Contains(out, "\nweights in gptq-int4 (memory below): 16,802,672,640 B = 16.80 GB = 15.65 GiB; at fp16: 61,064,245,248 B\n") {
		t.Errorf("table:\n%s", out)
	}
	_, out, _ = runCLI("count", cfg, "--memory", "inference", "--lang", "zh")
	if !strings.Contains(out, "推理的权重内存默认按这种方式计算，即量化格式 gptq-int4（命令行 --quant gptq-int4）") ||
		!strings.Contains(out, "gptq-int4 权重（见下方内存）：16,802,672,640 B") {
		t.Errorf("zh table:\n%s", out)
	}
}
