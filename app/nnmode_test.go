package app

import (
	"net/url"
	"reflect"
	"testing"

	"floplab/core/share"
)

// TestModelModeSetting: the page's model mode (share.State.NNMode, link
// key nnmode; not Mode, the Memory tab's inference/training) reaches
// core.Request.Mode and changes the count: ResNet-50 under fvcore,
// whose train-mode BatchNorm computes its batch statistics, counts
// 4,144,854,528 instead of 4,111,512,576 (the real fvcore's figures).
func TestModelModeSetting(t *testing.T) {
	st, ok := PresetState("resnet50")
	if !ok {
		t.Fatal("no resnet50 preset")
	}
	st.Convention = "fvcore"
	for _, c := range []struct {
		nnmode, mode string
		count        int64
	}{{"", "eval", 4111512576}, {"train", "train", 4144854528}} {
		st.NNMode = c.nnmode
		rep, errs := Run(CoreEngine(), st.Script, st)
		if len(errs) > 0 {
			t.Fatalf("nnmode %q: %v", c.nnmode, errs)
		}
		if rep.Mode != c.mode || rep.Totals.Count != c.count {
			t.Errorf("nnmode %q: mode %q count %d, want %q %d", c.nnmode, rep.Mode, rep.Totals.Count, c.mode, c.count)
		}
	}

	// Kept in the fragment link and in the short query link, beside the
	// Memory tab's own training mode.
	st.NNMode, st.Mode = "train", "inference"
	if got, err := share.Decode(share.Encode(st)); err != nil || got.NNMode != "train" || got.Mode != "inference" {
		t.Errorf("fragment link: nnmode %q mode %q, %v", got.NNMode, got.Mode, err)
	}
	page, _ := url.Parse("https://user.github.io/floplab/")
	u, ok := ShortLink(page, st)
	if !ok {
		t.Fatal("no short link")
	}
	if u.Query().Get("nnmode") != "train" || u.Query().Get("mode") != "inference" {
		t.Errorf("short link %s", u)
	}
	if l := Load(u, ""); !l.Err.IsZero() || !reflect.DeepEqual(l.State, st) {
		t.Errorf("the short link opens %+v (err %q), want %+v", l.State, l.Err.String(), st)
	}
	bad, _ := url.Parse("https://h/?preset=resnet50&nnmode=inference")
	if l := Load(bad, ""); l.State.NNMode != "" || !l.Partial {
		t.Errorf("nnmode=inference: %+v partial %v", l.State, l.Partial)
	}
}

// TestQueryLinkLLMSettings: a hand-written query link's LLM estimate
// settings (quant, kvdtype, lora, lora-targets, which core/share reads)
// reach the page, and an unedited preset's short link writes them back.
func TestQueryLinkLLMSettings(t *testing.T) {
	u, _ := url.Parse("https://h/?preset=llama-3-8b&tab=memory&device=rtx-4090&quant=GPTQ-int4&kvdtype=fp8&lora=64&lora-targets=all-linear")
	l := Load(u, "")
	if !l.Err.IsZero() {
		t.Fatalf("link error %q", l.Err.String())
	}
	s := l.State
	if s.Quant != "gptq-int4" || s.KVDType != "fp8" || s.LoRARank != 64 || s.LoRATargets != "all-linear" || s.Tab != "memory" {
		t.Errorf("query link opens quant %q kvdtype %q lora %d targets %q tab %q", s.Quant, s.KVDType, s.LoRARank, s.LoRATargets, s.Tab)
	}
	short, ok := ShortLink(u, s)
	if !ok {
		t.Fatal("no short link")
	}
	if back := Load(short, ""); !reflect.DeepEqual(back.State, s) {
		t.Errorf("short link %s opens %+v, want %+v", short, back.State, s)
	}
}
