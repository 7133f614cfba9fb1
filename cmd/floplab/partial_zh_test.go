package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestPartialInChinese: with --lang zh, the parts a printout's counts
// leave out are listed in Chinese, with their place ("第 4 行，模型") and
// reason, also when the trace was stopped by one of Starlark's own
// run-time errors (the BERT+LoRA printout of the corpus, elided by its
// poster: BertModel's forward reads token_type_ids, a buffer of the
// elided BertEmbeddings).
func TestPartialInChinese(t *testing.T) {
	code, stdout, stderr := runCLI("count", "../../core/printout/testdata/corpus/bert_lora_elided.txt", "--lang", "zh")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"未计入：第 4 行，模型：追踪在这里停止：Module 没有 .token_type_ids 属性或方法（", "不完整："} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if m := regexp.MustCompile(`line \d|the model|values to unpack`).FindString(stdout); m != "" {
		t.Errorf("English %q in the Chinese output:\n%s", m, stdout)
	}
}

// TestPrintoutErrorsInChinese: the printout importer's own errors (a tie
// the printout does not allow) read in Chinese with --lang zh, message
// and hint.
func TestPrintoutErrorsInChinese(t *testing.T) {
	code, _, stderr := runCLI("count", gpt2Printout, "--tie", "lm_head=transformer.ln_f", "--lang", "zh")
	if code == 0 || !strings.Contains(stderr, "无法把 lm_head 绑定到 transformer.ln_f：两者都必须是打印出尺寸的 Embedding、Linear 或 Conv1D 层") ||
		!strings.Contains(stderr, "只能把 Linear 或 Conv1D 绑定到权重形状相同的 Embedding") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
