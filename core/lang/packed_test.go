package lang

import (
	"fmt"
	"strings"
	"testing"

	"floplab/core/graph"
)

// packScript is a model that packs its [5, 3, 4] input with lengths
// [4, 2, 1], runs body on the PackedSequence p and returns ret.
func packScript(body, ret string) string {
	return "input_shape = (5, 3, 4)\n" +
		"def Net():\n    self = Module('Net')\n    self.rnn = LSTM(4, 6, 2, bidirectional=True)\n" +
		"    def forward(x):\n        p = nn.utils.rnn.pack_padded_sequence(x, [4, 2, 1])\n" +
		"        " + body + "\n        return " + ret + "\n    self.forward = forward\n    return self\nmodel = Net()\n"
}

// TestPackedSequence checks shapes against torch 1.13: for x [5, 3, 4]
// and lengths [4, 2, 1], data is [7, 4] and batch_sizes [3, 2, 1, 1];
// LSTM(4, 6, 2, bidirectional=True) gives data [7, 12] and h_n [4, 3, 6];
// pad_packed_sequence gives [4, 3, 12] (batch_first: [3, 6, 12] with
// total_length=6) and lengths [3].
func TestPackedSequence(t *testing.T) {
	cases := []struct{ body, ret, want string }{
		{"y = p", "y.data, y.batch_sizes", "[[7 4] [4]]"},
		{"o, (h, c) = self.rnn(p)", "o.data, h, c", "[[7 12] [4 3 6] [4 3 6]]"},
		{"o, _ = self.rnn(p)", "nn.utils.rnn.pad_packed_sequence(o)", "[[4 3 12] [3]]"},
		{"o, _ = self.rnn(p)", "pad_packed_sequence(o, batch_first=True, total_length=6)", "[[3 6 12] [3]]"},
	}
	// GRU with batch_first packing and RNN (torch 1.13: data [7, 6], h [1, 3, 6]).
	gru := strings.NewReplacer("(5, 3, 4)", "(3, 5, 4)", "LSTM(4, 6, 2, bidirectional=True)", "GRU(4, 6, batch_first=True)",
		"[4, 2, 1])", "[4, 2, 1], batch_first=True)").Replace(packScript("o, h = self.rnn(p)", "o.data, h"))
	rnn := strings.Replace(packScript("o, h = self.rnn(p)", "o.data, h"), "LSTM(4, 6, 2, bidirectional=True)", "RNN(4, 6, nonlinearity='relu')", 1)
	for _, src := range []string{gru, rnn} {
		res, err := Run(src, Options{})
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		if got := fmt.Sprint(res.Graph.Outputs[0].Shape, res.Graph.Outputs[1].Shape); got != "[7 6] [1 3 6]" {
			t.Errorf("outputs %s, want [7 6] [1 3 6]\n%s", got, src)
		}
	}
	for _, c := range cases {
		res, err := Run(packScript(c.body, c.ret), Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.body, err)
		}
		var got []string
		for _, o := range res.Graph.Outputs {
			got = append(got, fmt.Sprint([]int64(o.Shape)))
		}
		if s := fmt.Sprint(got); s != c.want {
			t.Errorf("%s; return %s: outputs %s, want %s", c.body, c.ret, s, c.want)
		}
	}
}

// TestPackedLSTMCounts: a packed LSTM runs Σ lengths = 7 steps per layer
// and direction, not batch 3 × 4 steps = 12; its node says so for the
// tools that count a packed sequence as padded (graph.Packed).
func TestPackedLSTMCounts(t *testing.T) {
	res, err := Run(packScript("o, _ = self.rnn(p)", "o.data"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var n *graph.Node
	for _, x := range res.Graph.Nodes {
		if x.Type == "LSTM" {
			n = x
		}
	}
	if n == nil {
		t.Fatal("no LSTM node")
	}
	// per step and direction: layer 0 4·6·(4+6) = 240, layer 1
	// 4·6·(12+6) = 432; (240 + 432) · 2 directions · 7 steps = 9,408.
	if n.Ops.MACs != 9408 {
		t.Errorf("MACs %d, want 9408", n.Ops.MACs)
	}
	r, ok := n.Layer.(*graph.Recurrent)
	if !ok || r.Packed == nil || *r.Packed != (graph.Packed{Batch: 3, Steps: 4, Sum: 7}) {
		t.Errorf("layer %+v, want Packed{3, 4, 7}", n.Layer)
	}
	if f := n.Formulas.A; f[2] != 7 {
		t.Errorf("formula values %v, want Σ lengths 7", f)
	}
	// torch.tensor of ints works as lengths too, also through .long().
	src := strings.Replace(packScript("o, _ = self.rnn(p)", "o.data"), "[4, 2, 1]", "torch.tensor([4, 2, 1]).long()", 1)
	if _, err := Run(src, Options{}); err != nil {
		t.Errorf("torch.tensor lengths: %v", err)
	}
}

// TestPackedErrors: torch 1.13's messages for bad lengths, and ours for
// lengths not known when tracing.
func TestPackedErrors(t *testing.T) {
	cases := []struct{ lengths, body, want string }{
		{"[2, 4, 1]", "", "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True"},
		{"[4, 2]", "", "Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)"},
		{"[4, 2, 0]", "", "Length of all samples has to be greater than 0"},
		{"[6, 2, 1]", "", "length 6 is longer than the input's 5 steps"},
		{"x.sum(0)", "", "lengths must be known when tracing"},
		{"[4, 2, 1]", "pad_packed_sequence(p, total_length=3)", "Expected total_length to be at least the length of the longest sequence in input, but got total_length=3 and max sequence length being 4"},
		{"[4, 2, 1]", "F.relu(p)", "F.relu input must be a tensor, got PackedSequence"},
	}
	for _, c := range cases {
		body := "y = p"
		if c.body != "" {
			body = "y = " + c.body
		}
		src := strings.Replace(packScript(body, "x"), "[4, 2, 1]", c.lengths, 1)
		_, err := Run(src, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("lengths %s, %s: error %v, want %q", c.lengths, body, err, c.want)
		}
	}
	// unsorted lengths with enforce_sorted=False are accepted.
	src := strings.Replace(packScript("y = p", "y.data"), "[4, 2, 1]", "[1, 4, 2], enforce_sorted=False", 1)
	if _, err := Run(src, Options{}); err != nil {
		t.Errorf("enforce_sorted=False: %v", err)
	}
	// a Linear does not take a PackedSequence.
	src = strings.Replace(packScript("y = self.lin(p)", "y"), "self.rnn = ", "self.lin = Linear(4, 4)\n    self.rnn = ", 1)
	if _, err := Run(src, Options{}); err == nil || !strings.Contains(err.Error(), "Linear got a PackedSequence as input") {
		t.Errorf("Linear(PackedSequence): error %v", err)
	}
}
