package core_test

import (
	"errors"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/diag"
)

// TestShortInputForms: the input forms people write give the numbers of
// the full shape they stand for, through presets and scripts, with the
// batch applied after them; a fixed-size preset accepts its own size in a
// short form.
func TestShortInputForms(t *testing.T) {
	count := func(req core.Request) (*core.Report, error) {
		req.Convention = "thop-0.0.31"
		return core.Analyze(req)
	}
	full, err := count(core.Request{Preset: "alexnet", Inputs: [][]int64{{1, 3, 512, 512}}})
	if err != nil {
		t.Fatal(err)
	}
	// The seed article's AlexNet at 512×512 under thop 0.0.31.
	if full.Totals.Count != 3710034752 {
		t.Fatalf("alexnet 512: %d", full.Totals.Count)
	}
	for _, in := range [][]int64{{3, 512, 512}, {512, 512}, {512}} {
		rep, err := count(core.Request{Preset: "alexnet", Inputs: [][]int64{in}})
		if err != nil || rep.Totals != full.Totals || len(rep.Inputs) != 1 || rep.Inputs[0][2] != 512 ||
			!strings.Contains(strings.Join(rep.Notes, "\n"), "read as 1x3x512x512") {
			t.Errorf("%v: %v %+v", in, err, rep)
		}
	}
	rep, err := count(core.Request{Preset: "alexnet", Inputs: [][]int64{{512}}, Batch: 8})
	if err != nil || rep.Totals.Count != 8*full.Totals.Count || rep.Inputs[0][0] != 8 {
		t.Errorf("512 at batch 8: %v %+v", err, rep)
	}
	script := "input_shape = (1, 3, 32, 32)\nmodel = Sequential(Conv2d(3, 8, 3), Flatten(), Linear(8 * 30 * 30, 10))\n"
	rep, err = count(core.Request{Script: script, Inputs: [][]int64{{3, 32, 32}}})
	if err != nil || rep.Inputs[0][0] != 1 || len(rep.Inputs[0]) != 4 {
		t.Errorf("script C×H×W: %v %+v", err, rep)
	}
	if rep, err := count(core.Request{Preset: "gpt2", Inputs: [][]int64{{256}}}); err != nil || rep.Inputs[0][1] != 256 {
		t.Errorf("gpt2 256 tokens: %v", err)
	}
	// ViT-B/16 takes 224 only: the short form of its own size works, an
	// other size is refused as before.
	if _, err := count(core.Request{Preset: "vit_b_16", Inputs: [][]int64{{224}}}); err != nil {
		t.Errorf("vit 224: %v", err)
	}
	if _, err := count(core.Request{Preset: "vit_b_16", Inputs: [][]int64{{3, 384, 384}}}); err == nil || !strings.Contains(err.Error(), "only accepts inputs of size") {
		t.Errorf("vit 3x384x384: %v", err)
	}
	_, err = count(core.Request{Preset: "alexnet", Inputs: [][]int64{{1, 1, 3, 224, 224}}})
	if !errors.Is(err, diag.ErrInput) || !strings.Contains(err.Error(), "or 224 for a square image") {
		t.Errorf("a 5-d input to alexnet: %v", err)
	}
	// The Analyzer traces again when only the batch changes.
	var a core.Analyzer
	r1, err1 := a.Analyze(core.Request{Preset: "alexnet", Inputs: [][]int64{{224}}})
	r2, err2 := a.Analyze(core.Request{Preset: "alexnet", Inputs: [][]int64{{224}}, Batch: 2})
	if err1 != nil || err2 != nil || r2.Totals.MACs != 2*r1.Totals.MACs {
		t.Errorf("Analyzer with a new batch: %v %v", err1, err2)
	}
}
