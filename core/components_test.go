package core

import (
	"slices"
	"strings"
	"testing"

	"floplab/core/graph"
)

// TestReconciliationComponents pins the building blocks every tool's
// figure is made of, summed over the traced graph, to the counting spec's
// "worked reconciliation" table (forward hooks on every leaf module of the
// torchvision 0.14 models at 1x3x224x224): conv and linear weight MACs,
// their biases, BatchNorm and ReLU elements, pooling inputs and outputs.
// The tools' totals (TestCalibration) are sums of these; pinning the
// parts keeps two errors from hiding each other.
func TestReconciliationComponents(t *testing.T) {
	type component struct {
		what  string
		q     graph.QName
		types string // node types, space-separated
	}
	conv, linear := "Conv2d", "Linear"
	components := []component{
		{"conv weight MACs", graph.QConvW, conv},
		{"conv bias", graph.QBias, conv},
		{"linear weight MACs", graph.QLinearW, linear},
		{"linear bias", graph.QBias, linear},
		{"BatchNorm input elements", graph.QNorm, "BatchNorm2d"},
		{"nn.ReLU / nn.ReLU6 output elements", graph.QOut, "ReLU ReLU6"},
		{"nn.MaxPool2d input elements", graph.QIn, "MaxPool2d"},
		{"nn.AvgPool2d input elements", graph.QIn, "AvgPool2d"},
		{"nn.AvgPool2d output elements", graph.QOut, "AvgPool2d"},
		{"adaptive average pool input elements", graph.QIn, "AdaptiveAvgPool2d F.adaptive_avg_pool2d"},
	}
	for _, tc := range []struct {
		preset string
		want   []int64 // in the order of components
	}{
		{"alexnet", []int64{655566528, 484992, 58621952, 9192, 0, 493184, 376832, 0, 0, 9216}},
		{"resnet18", []int64{1813561344, 0, 512000, 1000, 2483712, 2308096, 802816, 0, 0, 25088}},
		{"densenet121", []int64{2833137664, 0, 1024000, 1000, 15667456, 15617280, 802816, 702464, 175616, 50176}},
		{"mobilenet_v2", []int64{299494272, 0, 1280000, 1000, 6678112, 6105792, 0, 0, 0, 62720}},
	} {
		rep, err := Analyze(Request{Preset: tc.preset})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range components {
			types := strings.Fields(c.types)
			var got int64
			for _, n := range rep.Graph.Nodes {
				if slices.Contains(types, n.Type) && n.Has(c.q) {
					got += n.QValue(c.q)
				}
			}
			if got != tc.want[i] {
				t.Errorf("%s: %s %d, the spec's table %d", tc.preset, c.what, got, tc.want[i])
			}
		}
	}
}
