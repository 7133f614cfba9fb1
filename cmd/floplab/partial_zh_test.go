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
// poster, unpacks a tuple of 4 into 2).
func TestPartialInChinese(t *testing.T) {
	code, stdout, stderr := runCLI("count", "../../core/printout/testdata/corpus/bert_lora_elided.txt", "--lang", "zh")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"未计入：第 4 行，模型：追踪在这里停止：要解包的值太多（有 4 个，应为 2 个）（", "不完整："} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if m := regexp.MustCompile(`line \d|the model|values to unpack`).FindString(stdout); m != "" {
		t.Errorf("English %q in the Chinese output:\n%s", m, stdout)
	}
}
