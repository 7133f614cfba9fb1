package core_test

import (
	"testing"

	"floplab/core"
	"floplab/core/msg"
	"floplab/core/presets"
	_ "floplab/core/printout" // registers its Chinese table
)

// TestChineseTexts renders every preset's notes, layer formulas and
// memory terms in Chinese under a few conventions: every text has a
// Chinese entry, and the English rendering is the report's own text.
func TestChineseTexts(t *testing.T) {
	for _, name := range presets.Names() {
		for _, conv := range []string{"floplab", "thop-0.0.31", "ptflops", "torchinfo"} {
			rep, err := core.Analyze(core.Request{Preset: name, Convention: conv,
				Demand: &core.DemandOptions{Mode: core.ModeInference, Device: "h100"}})
			if err != nil {
				t.Fatalf("%s %s: %v", name, conv, err)
			}
			rep.NotesIn(msg.ZH)
			for i, l := range rep.Layers {
				f, p, m := rep.LayerFormulasIn(msg.ZH, i)
				if (f == "") != (l.Formula == "") || (p == "") != (l.ParamsFormula == "") || (m == "") != (l.MACsFormula == "") {
					t.Errorf("%s %s %s: Chinese formulas %q %q %q for %q %q %q", name, conv, l.Name, f, p, m, l.Formula, l.ParamsFormula, l.MACsFormula)
				}
			}
			for _, tm := range rep.Demand.Terms {
				tm.FormulaIn(msg.ZH)
			}
			if rep.KVCache != nil {
				rep.KVCache.SourceText.In(msg.ZH)
			}
			rep.Demand.NotesIn(msg.ZH)
			rep.Demand.Fit.Msg.In(msg.ZH)
		}
		d, err := core.Analyze(core.Request{Preset: name, DType: "bf16", Demand: &core.DemandOptions{Mode: core.ModeTrain, Optimizer: "sgd"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range append(d.Demand.Terms, d.Demand.Training.Master) {
			tm.FormulaIn(msg.ZH)
		}
		d.Demand.NotesIn(msg.ZH)
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("no Chinese for %q", m)
	}
}
