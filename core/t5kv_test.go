package core_test

import (
	"os"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/importers"
	"floplab/core/msg"
)

// TestT5CrossKV: an encoder-decoder's KV cache holds, per decoder layer,
// the self-attention's keys and values of the decoded tokens and the
// cross-attention's of the encoder's tokens (t5-base: 12 layers × 12
// heads × (64 + 64), fp32 as its config's torch_dtype).
func TestT5CrossKV(t *testing.T) {
	text, err := os.ReadFile("hfconfig/testdata/configs/t5-base.json")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := core.Analyze(core.Request{Script: string(text), Filename: "config.json", Importers: importers.All(),
		Inputs: [][]int64{{1, 512}, {1, 64}}, Demand: &core.DemandOptions{}})
	if err != nil {
		t.Fatal(err)
	}
	elem := int64(4)
	if want := (12*64*12*128 + 12*512*12*128) * elem; rep.Memory.KVCacheBytes != want {
		t.Errorf("KV %d B, want %d (%s)", rep.Memory.KVCacheBytes, want, rep.KVCache.Term.Formula)
	}
	notes := strings.Join(rep.Demand.NotesIn(msg.EN), "\n")
	if !strings.Contains(notes, "each of the 12 decoder layers also caches its cross-attention's keys and values") {
		t.Errorf("no cross-attention note:\n%s", notes)
	}
}
