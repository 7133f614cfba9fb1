package lang

import (
	"testing"

	"floplab/core/presets"
)

// trace10000 builds a Sequential of 5,000 Conv2d/ReLU pairs with a
// Starlark loop: 10,000 layers.
const trace10000 = `input_shape = (1, 16, 8, 8)
layers = []
for i in range(5000):
    layers.append(Conv2d(16, 16, 3, padding=1))
    layers.append(ReLU())
model = Sequential(*layers)
`

func BenchmarkTrace10000(b *testing.B) {
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
