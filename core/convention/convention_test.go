package convention_test

import (
	"testing"

	"floplab/core/convention"
	"floplab/core/lang"
)

// Hand-derived figures from the tools' formulas (thop/rnn_hooks.py,
// ptflops/pytorch_ops.py rnn_flops_counter_hook), for models the
// calibration tables do not cover.
func TestRecurrentRules(t *testing.T) {
	const lstm = "input_shape = (7, 3, 10)\nLSTM(10, 20, 2, bidirectional=True)\n"
	cases := []struct {
		name, src, conv string
		want            int64
	}{
		// thop: per cell state = (in+H)·H + H + 2H, LSTM = 4·state + 3H + H.
		// layer 0: state 660 → 2,720; layer 1 (in 40): state 1,260 → 5,120;
		// ×2 directions = 15,680 per step; × 7 steps × 3 batch = 329,280.
		{"thop LSTM", lstm, "thop", 329280},
		// ptflops: per layer w_ih + w_hh numel + 10H + 2 biases:
		// 800+1,600+200+160 = 2,760 and 3,200+1,600+200+160 = 5,160;
		// 7,920 × shape[0] 7 × shape[1] 3 × 2 directions = 332,640,
		// divided by the batch ptflops sees (len(input) = 7) = 47,520.
		{"ptflops LSTM", lstm, "ptflops", 47520},
		// torchinfo 1.8.0: weight_*/bias_* × out[0]·out[1]; params per
		// direction 800+1,600+160 = 2,560 (layer 0) and 3,200+1,600+160 =
		// 4,960 (layer 1), ×2 directions = 15,040; × 7·3 = 315,840.
		{"torchinfo LSTM", lstm, "torchinfo", 315840},
	}
	for _, c := range cases {
		res, err := lang.Run(c.src, lang.Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		conv, _ := convention.Lookup(c.conv)
		r, err := convention.Evaluate(conv, res.Graph)
		if err != nil {
			t.Fatal(err)
		}
		if r.Count != c.want {
			t.Errorf("%s: %d, want %d", c.name, r.Count, c.want)
		}
	}
}

func TestEveryConventionRegistered(t *testing.T) {
	want := []string{"floplab", "thop-0.0.31", "thop", "ultralytics-thop", "ptflops-legacy", "ptflops", "ptflops-aten", "torchinfo", "fvcore", "torch", "torchvision"}
	got := convention.IDs()
	if len(got) != len(want) {
		t.Fatalf("conventions %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("convention %d is %s, want %s", i, got[i], want[i])
		}
	}
}
