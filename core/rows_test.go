package core

import (
	"testing"

	"floplab/core/presets"
)

// TestRowsAddUp: on every preset the layer rows add up to the totals
// (params, MACs, the selected convention's count), parameters a module
// holds directly get rows of their own, and a tied weight names its
// tensor (issue 12, item 1 and 2).
func TestRowsAddUp(t *testing.T) {
	for _, name := range presets.Names() {
		rep, err := Analyze(Request{Preset: name, Convention: "ptflops"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var params, macs, count int64
		for _, l := range rep.Layers {
			params, macs, count = params+l.Params, macs+l.MACs, count+l.Count
		}
		if params != rep.Totals.Params || macs != rep.Totals.MACs || count+rep.Totals.CountOutsideLayers != rep.Totals.Count {
			t.Errorf("%s: rows add up to %d params, %d MACs, %d counted; totals %d, %d, %d", name,
				params, macs, count, rep.Totals.Params, rep.Totals.MACs, rep.Totals.Count-rep.Totals.CountOutsideLayers)
		}
	}
	held := func(preset, name string) Layer {
		t.Helper()
		rep, err := Analyze(Request{Preset: preset})
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range rep.Layers {
			if l.Name == name {
				if _, pf, _ := rep.LayerFormulasIn("zh", i); l.Call == CallParameter && pf == "" {
					t.Errorf("%s %s: no Chinese formula", preset, name)
				}
				return l
			}
		}
		t.Fatalf("%s: no row %s", preset, name)
		return Layer{}
	}
	for _, c := range []struct {
		preset, name string
		params       int64
	}{
		{"vit_b_16", "class_token", 768},
		{"vit_b_16", "encoder.pos_embedding", 197 * 768},
		{"swin_t", "features.1.0.attn.relative_position_bias_table", 169 * 3},
		{"swin_t", "features.1.0.attn.qkv.weight", 288 * 96},
		{"convnext_tiny", "features.1.0.layer_scale", 96},
	} {
		l := held(c.preset, c.name)
		if l.Call != CallParameter || l.Params != c.params || l.Type != "Parameter" || l.ParamsFormula == "" {
			t.Errorf("%s %s: %+v", c.preset, c.name, l)
		}
	}
	if l := held("gpt2", "lm_head"); l.Tied != "transformer.wte.weight" || l.Params != 0 {
		t.Errorf("gpt2 lm_head: tied %q, %d params", l.Tied, l.Params)
	}
	if l := held("alexnet", "features.0"); l.Tied != "" {
		t.Errorf("alexnet features.0 tied to %q", l.Tied)
	}
}
