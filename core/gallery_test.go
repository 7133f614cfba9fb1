package core

import "testing"

// The comparison table's shares, against figures from the spec's worked
// reconciliation (conv weight MACs per model, measured with forward hooks
// on torch 1.13) and the seed article's ptflops printout (AlexNet's
// classifier holds 95.958% of the parameters).
func TestGalleryShares(t *testing.T) {
	rows, err := Gallery()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]GalleryRow{}
	for _, r := range rows {
		byName[r.Name] = r
	}
	cases := []struct {
		name                      string
		linearParams, convMACs    int64
		params, macs, torchvision int64
	}{
		// AlexNet: Linear 37,752,832 + 16,781,312 + 4,097,000 params; conv
		// weight MACs 655,566,528 of FlopLab's 714,188,480.
		{"alexnet", 58631144, 655566528, 61100840, 714188480, 714188480},
		// DenseNet-121: one Linear(1024, 1000); conv weight MACs 2,833,137,664.
		{"densenet121", 1025000, 2833137664, 7978856, 0, 2834161664},
		// ResNet-18: one Linear(512, 1000); conv weight MACs 1,813,561,344.
		{"resnet18", 513000, 1813561344, 11689512, 0, 1814073344},
	}
	for _, c := range cases {
		r, ok := byName[c.name]
		if !ok {
			t.Fatalf("%s missing from the gallery", c.name)
		}
		if r.Params != c.params || r.TorchvisionMACs != c.torchvision || (c.macs != 0 && r.MACs != c.macs) {
			t.Errorf("%s: params %d, MACs %d, torchvision %d", c.name, r.Params, r.MACs, r.TorchvisionMACs)
		}
		if want := float64(c.linearParams) / float64(c.params); r.LinearParamShare != want {
			t.Errorf("%s: linear share %v, want %v", c.name, r.LinearParamShare, want)
		}
		if want := float64(c.convMACs) / float64(r.MACs); r.ConvMACShare != want {
			t.Errorf("%s: conv MAC share %v, want %v", c.name, r.ConvMACShare, want)
		}
	}
	// The seed's ptflops printout: classifier 95.958% of AlexNet's params.
	if got := byName["alexnet"].LinearParamShare * 100; got < 95.9575 || got >= 95.9585 {
		t.Errorf("AlexNet FC share %.4f%%, the seed prints 95.958%%", got)
	}
}
