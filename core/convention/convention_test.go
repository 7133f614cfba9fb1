package convention_test

import (
	"fmt"
	"strings"
	"testing"

	"floplab/core/convention"
	"floplab/core/lang"
)

// ruleCase is a script whose count under a convention is known.
type ruleCase struct {
	name, src, conv string
	want            int64
}

func checkRules(t *testing.T, cases []ruleCase) {
	t.Helper()
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

// Hand-derived figures from the tools' formulas (thop/rnn_hooks.py,
// ptflops/pytorch_ops.py rnn_flops_counter_hook), for models the
// calibration tables do not cover.
func TestRecurrentRules(t *testing.T) {
	const lstm = "input_shape = (7, 3, 10)\nLSTM(10, 20, 2, bidirectional=True)\n"
	cases := []ruleCase{
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
	checkRules(t, cases)
}

// A packed LSTM(4, 6, 2, bidirectional=True) on a [5, 3, 4] input with
// lengths [4, 2, 1] (torch 1.13: data [7, 4], batch_sizes [3, 2, 1, 1],
// output data [7, 12]), as each tool's source counts it.
func TestPackedRecurrentRules(t *testing.T) {
	const packed = "input_shape = (5, 3, 4)\n" +
		"def Net():\n    self = Module('Net')\n    self.rnn = LSTM(4, 6, 2, bidirectional=True)\n" +
		"    def forward(x):\n        o, _ = self.rnn(nn.utils.rnn.pack_padded_sequence(x, [4, 2, 1]))\n" +
		"        return o.data\n    self.forward = forward\n    return self\nmodel = Net()\n"
	cases := []ruleCase{
		// FlopLab: the steps actually run, Σ lengths = 7 per layer and
		// direction: (4·6·(4+6) + 4·6·(12+6)) · 2 · 7 = 9,408.
		{"floplab packed LSTM", packed, "floplab", 9408},
		// thop rnn_hooks.py: batch max(batch_sizes) = 3, steps
		// len(batch_sizes) = 4 (padded). Cells: layer 0 state (4+6)·6+6+12
		// = 78 → 4·78+18+6 = 336; layer 1 state 126 → 528; (336+528)·2 ·
		// 4 · 3 = 20,736.
		{"thop packed LSTM", packed, "thop", 20736},
		// ultralytics-thop 2.1.6: the real steps, Σ batch_sizes = 7:
		// (336+528)·2 · 7 = 12,096 (its source's own figure,
		// core/testdata/toolsuites/recurrent.txt).
		{"ultralytics-thop packed LSTM", packed, "ultralytics-thop", 12096},
		// torchinfo 1.8.0: output size is the PackedSequence's data [7, 12];
		// params per direction 96+144+48 = 288 and 288+144+48 = 480, ×2 =
		// 1,536, × 7·12 = 129,024.
		{"torchinfo packed LSTM", packed, "torchinfo", 129024},
		// fvcore and FlopCounterMode have no rule for aten::lstm.
		{"fvcore packed LSTM", packed, "fvcore", 0},
		{"torch packed LSTM", packed, "torch", 0},
		// ptflops' rnn hook reads input.shape: AttributeError, no figure.
		{"ptflops packed LSTM", packed, "ptflops", 0},
	}
	checkRules(t, cases)
	res, err := lang.Run(packed, lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ptflops", "ptflops-legacy", "thop", "torchinfo"} {
		conv, _ := convention.Lookup(id)
		r, err := convention.Evaluate(conv, res.Graph)
		if err != nil {
			t.Fatal(err)
		}
		want := "[]"
		if strings.HasPrefix(id, "ptflops") {
			want = "[rnn]"
		}
		if got := fmt.Sprint(r.Failed); got != want {
			t.Errorf("%s: Failed %s, want %s", id, got, want)
		}
		for i, n := range res.Graph.Nodes {
			if n.Type == "LSTM" && strings.HasPrefix(id, "ptflops") && !strings.Contains(r.Formula(i), "raises an error") {
				t.Errorf("%s: LSTM formula %q does not say the hook fails", id, r.Formula(i))
			}
		}
	}
}

// Hand-derived figures for upsampling, from the tools' sources:
// fvcore flop_count.py _DEFAULT_SUPPORTED_OPS (upsample_nearest2d 1 and
// upsample_bilinear2d 4 per output, adaptive_avg_pool2d 1 per input, no
// other rank or mode); ptflops pytorch_ops.py upsample_flops_counter_hook
// (output[0]: one sample, then ÷ batch like every module hook; exact class
// nn.Upsample only) and _interpolate_functional_flops_hook as fixed in
// ptflops PR #145 (2024-09, in the 0.7.5 code the spec pins): size → N·C·∏size, tuple scale → numel(in) ·
// int(∏scale), one scale s → numel(in) · s^dims; thop count_upsample
// (0.1.1: vision/basic_hooks.py with calc_func.calculate_upsample; 0.0.31:
// the 2020 count_upsample, nearest as zero_ops).
func TestUpsampleRules(t *testing.T) {
	// fnModel is a module whose forward returns the expression after it.
	const fnModel = "def Net():\n    self = Module('Net')\n    self.forward = lambda x: "
	const (
		// [2, 4, 8, 8] → [2, 4, 16, 12]: 1,536 outputs, 512 inputs.
		tupleBilinear = "input_shape = (2, 4, 8, 8)\nUpsample(scale_factor=(2, 1.5), mode='bilinear')\n"
		// [1, 4, 8, 8] → [1, 4, 16, 16]: 1,024 outputs.
		nearest2d = "input_shape = (1, 4, 8, 8)\nUpsample(scale_factor=2)\n"
		// [1, 4, 10] → [1, 4, 25]: 100 outputs, 40 inputs.
		linear1d = "input_shape = (1, 4, 10)\n" + fnModel + "F.interpolate(x, scale_factor=2.5, mode='linear')\n    return self\nmodel = Net()\n"
		// [3, 2, 6, 6] → [3, 2, 9, 9]: 486 outputs, 216 inputs.
		sizeArea    = "input_shape = (3, 2, 6, 6)\n" + fnModel + "F.interpolate(x, size=(9, 9), mode='area')\n    return self\nmodel = Net()\n"
		subclass    = "input_shape = (2, 4, 8, 8)\nUpsamplingNearest2d(scale_factor=2)\n"
		trilinear3d = "input_shape = (1, 2, 4, 4, 4)\nUpsample(scale_factor=2, mode='trilinear')\n"
		adaptive1d  = "input_shape = (1, 4, 10)\nAdaptiveAvgPool1d(5)\n"
	)
	cases := []ruleCase{
		{"fvcore bilinear 2-D", tupleBilinear, "fvcore", 4 * 1536},
		{"fvcore nearest 2-D", nearest2d, "fvcore", 1024},
		{"fvcore linear 1-D: no handle", linear1d, "fvcore", 0},
		{"fvcore area: adaptive_avg_pool2d over the input", sizeArea, "fvcore", 216},
		{"fvcore adaptive_avg_pool1d: no handle", adaptive1d, "fvcore", 0},
		// hook: output[0] = 4·16·12 = 768, ÷ batch 2 = 384; functional:
		// 512 inputs · int(2·1.5) = 1,536.
		{"ptflops tuple scale", tupleBilinear, "ptflops", 384 + 1536},
		{"ptflops-legacy tuple scale", tupleBilinear, "ptflops-legacy", 384},
		// hook 1,024 (batch 1) + functional 256 · 2.0² = 1,024.
		{"ptflops nearest", nearest2d, "ptflops", 2048},
		// 40 inputs · 2.5¹ = 100.
		{"ptflops one fractional scale", linear1d, "ptflops", 100},
		// N·C·∏size = 3·2·81 = 486 (a function call: not divided).
		{"ptflops size", sizeArea, "ptflops", 486},
		// no hook for the subclass; functional 512 · 2.0² = 2,048.
		{"ptflops UpsamplingNearest2d", subclass, "ptflops", 2048},
		{"ptflops-legacy UpsamplingNearest2d", subclass, "ptflops-legacy", 0},
		// thop: outputs × 11 for bilinear, in both versions; nearest is
		// 1 per output in 0.1.1 and zero_ops in 0.0.31; trilinear is "not
		// implemented yet" in both: 0.
		{"thop bilinear", tupleBilinear, "thop", 11 * 1536},
		{"thop-0.0.31 bilinear", tupleBilinear, "thop-0.0.31", 11 * 1536},
		{"thop nearest", nearest2d, "thop", 1024},
		{"thop-0.0.31 nearest", nearest2d, "thop-0.0.31", 0},
		{"thop trilinear", trilinear3d, "thop", 0},
	}
	checkRules(t, cases)
}

func TestEveryConventionRegistered(t *testing.T) {
	want := []string{"floplab", "thop-0.0.31", "thop", "ultralytics-thop", "ptflops-legacy", "ptflops", "ptflops-aten", "torchinfo", "fvcore", "torch", "torchvision", "onnx-tool", "pytorch-model-summary"}
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
