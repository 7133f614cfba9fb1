package lang

import (
	"strings"
	"testing"
)

// TestLayersParams builds single constructor calls, as an importer does
// with a printed layer: the parameters are the library's, and a call
// whose arguments do not read as the class's gets the script's error.
func TestLayersParams(t *testing.T) {
	l, err := NewLayers(`
def Conv1D(nf, nx):
    self = Module("Conv1D")
    self.weight = Parameter(nx, nf)
    self.bias = Parameter(nf)
    return self
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		call   string
		params int64
		err    string
	}{
		{"Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)", 64 * 3 * 49, ""},
		{"Linear(in_features=768, out_features=3072, bias=True)", 768*3072 + 3072, ""},
		{"MultiheadAttention(768, 12)", 4*768*768 + 4*768, ""},
		{"LSTM(10, 20, num_layers=2, bidirectional=True)", 2*(4*20*(10+20)+8*20) + 2*(4*20*(40+20)+8*20), ""},
		{"BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", 128, ""},
		{"Linear(8, 8).requires_grad_(False)", 72, ""},
		{"Conv1D(2304, 768)", 768*2304 + 2304, ""},
		{"Conv2d(16, 8, kernel_size=(3, 3), weird=1)", 0, `unexpected keyword argument "weird"`},
		{"Linear()", 0, `missing the argument "in_features"`},
		{"Conv2d(3, 8, 3, groups=2)", 0, "not divisible by groups"},
		{"Linear(8, 8) + 1", 0, ""}, // not a module: an error of its own
	} {
		n, err := l.Params(tc.call)
		switch {
		case tc.call == "Linear(8, 8) + 1":
			if err == nil {
				t.Errorf("%s: no error", tc.call)
			}
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want …%s…", tc.call, err, tc.err)
			}
		case err != nil || n != tc.params:
			t.Errorf("%s: %d params (%v), want %d", tc.call, n, err, tc.params)
		}
	}
}

// TestBuildOnly: Options.Build builds the model without tracing it, so a
// forward that fails does not hide the parameters.
func TestBuildOnly(t *testing.T) {
	src := "model = Sequential(Linear(4, 8), Linear(9, 2))\ninput_shape = (1, 4)\n"
	if _, err := Run(src, Options{}); err == nil {
		t.Fatal("the trace should fail (8 features into Linear(9, 2))")
	}
	res, err := Run(src, Options{Build: true})
	if err != nil || res.Traced {
		t.Fatalf("build: %v, traced %v", err, res != nil && res.Traced)
	}
	var n int64
	for _, m := range res.Graph.Modules {
		for _, p := range m.Params {
			n += p.Shape.Numel()
		}
	}
	if n != 4*8+8+9*2+2 {
		t.Errorf("params %d, want %d", n, 4*8+8+9*2+2)
	}
}
