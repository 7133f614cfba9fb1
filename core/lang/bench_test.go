package lang

import (
	"os"
	"testing"

	"floplab/core/presets"
)

func BenchmarkTrace10000(b *testing.B) {
	src, err := os.ReadFile("testdata/layers10000.star")
	if err != nil {
		b.Fatal(err)
	}
	trace10000 := string(src)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(trace10000, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(res.Graph.Nodes); n != 10_000 {
			b.Fatalf("%d nodes, want 10000", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10_000, "ns/layer")
}

func BenchmarkAlexNet(b *testing.B) {
	p, ok := presets.Lookup("alexnet")
	if !ok {
		b.Skip("no alexnet preset")
	}
	src := presets.Script(p)
	b.ReportAllocs()
	var nodes int
	for b.Loop() {
		res, err := Run(src, Options{})
		if err != nil {
			b.Fatal(err)
		}
		nodes = len(res.Graph.Nodes)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(nodes), "ns/layer")
}
