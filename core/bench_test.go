package core

import (
	"os"
	"testing"
)

// BenchmarkAnalyzeDenseNet201 is the web page's recompute after an edit:
// trace the DenseNet-201 preset and count it (with every convention, as the
// page does, and with the selected one only).
func BenchmarkAnalyzeDenseNet201(b *testing.B) {
	for _, all := range []bool{false, true} {
		name := "selected"
		if all {
			name = "AllConventions"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rep, err := Analyze(Request{Preset: "densenet201", AllConventions: all, DeferFormulas: true})
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Layers) == 0 {
					b.Fatal("no layers")
				}
			}
		})
	}
}

// BenchmarkRecountDenseNet201 is the page's response to a new convention
// or dtype: an Analyzer that has traced DenseNet-201 counts it again.
func BenchmarkRecountDenseNet201(b *testing.B) {
	var a Analyzer
	convs := []string{"thop", "ptflops", "fvcore", "torchinfo"}
	dtypes := []string{"fp32", "bf16", "int8"}
	if _, err := a.Analyze(Request{Preset: "densenet201", DeferFormulas: true}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		rep, err := a.Analyze(Request{Preset: "densenet201", Convention: convs[i%len(convs)], DType: dtypes[i%len(dtypes)], DeferFormulas: true})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Layers) == 0 {
			b.Fatal("no layers")
		}
		i++
	}
}

// BenchmarkAnalyze10000 is tracing and counting a generated 10,000-layer
// model, every convention included (the goal: under 50 ms, linear in
// layers): "counts" as the page asks for it, "formulas" also rendering
// every row's formula texts as the CLI's JSON does.
func BenchmarkAnalyze10000(b *testing.B) {
	src, err := os.ReadFile("lang/testdata/layers10000.star")
	if err != nil {
		b.Fatal(err)
	}
	gen10000 := string(src)
	for _, deferred := range []bool{true, false} {
		name := "counts"
		if !deferred {
			name = "formulas"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rep, err := Analyze(Request{Script: gen10000, AllConventions: true, DeferFormulas: deferred})
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Layers) != 10_000 {
					b.Fatalf("%d layers", len(rep.Layers))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10_000, "ns/layer")
		})
	}
}
