package lang

import (
	"fmt"
	"strings"
	"testing"

	"floplab/core/graph"
)

// firstLayer runs src and returns the first module call recorded.
func firstLayer(t *testing.T, src string) (*Result, *graph.Node) {
	t.Helper()
	res, err := Run(src, Options{})
	if err != nil {
		t.Fatalf("Run: %v\nscript:\n%s", err, src)
	}
	for _, n := range res.Graph.Nodes {
		if n.Call == graph.CallModule {
			return res, n
		}
	}
	t.Fatalf("no module call recorded\nscript:\n%s", src)
	return nil, nil
}

func outShapes(n *graph.Node) string {
	var ss []string
	for _, o := range n.Outputs {
		ss = append(ss, fmt.Sprint([]int64(o.Shape)))
	}
	return fmt.Sprint(ss)
}

// TestLayerCounts checks shapes, parameters and operation counts of the
// hard cases of each layer family against values derived by hand (and,
// for parameter counts and shapes, checked with torch 1.13.0a0, Debian
// python3-torch).
func TestLayerCounts(t *testing.T) {
	cases := []struct {
		name    string
		src     string
		out     string // fmt of the output shapes
		params  int64  // trainable parameters of the layer
		buffers int64
		macs    int64
		ops     *graph.Ops // when set, the whole Ops must match
	}{
		{
			name: "Conv2d depthwise",
			src:  "input_shape = (1, 32, 112, 112)\nConv2d(32, 32, 3, padding=1, groups=32)\n",
			// (112 + 2·1 − 3)/1 + 1 = 112
			out: "[[1 32 112 112]]",
			// weight 32·(32/32)·3·3 = 288, bias 32 → 320 (torch: 320)
			params: 320,
			// out elements 32·112·112 = 401,408 · (32/32)·9 = 3,612,672
			macs: 3_612_672,
			// bias adds = out elements 401,408
			ops: &graph.Ops{MACs: 3_612_672, Add: 401_408},
		},
		{
			name: "Conv2d dilation 2",
			src:  "input_shape = (1, 16, 32, 32)\nConv2d(16, 32, 3, dilation=2)\n",
			// (32 − 2·(3−1) − 1)/1 + 1 = 28 (torch: 28)
			out: "[[1 32 28 28]]",
			// 16·9·32 + 32 = 4,640
			params: 4_640,
			// 32·28·28 = 25,088 out · 16·9 = 3,612,672
			macs: 3_612_672,
		},
		{
			name: "Conv2d padding same even kernel dilated",
			src:  "input_shape = (1, 16, 15, 15)\nConv2d(16, 32, 4, padding='same', dilation=2)\n",
			// 'same' keeps 15 (torch: 15)
			out: "[[1 32 15 15]]",
			// 16·16·32 + 32 = 8,224
			params: 8_224,
			// 32·15·15 = 7,200 out · 16·4·4 = 1,843,200
			macs: 1_843_200,
		},
		{
			name: "Conv2d padding valid rectangular kernel",
			src:  "input_shape = (1, 16, 20, 20)\nConv2d(16, 32, (3, 5), padding='valid')\n",
			// 20 − 3 + 1 = 18, 20 − 5 + 1 = 16 (torch: 18×16)
			out: "[[1 32 18 16]]",
			// 16·3·5·32 + 32 = 7,712
			params: 7_712,
			// 32·18·16 = 9,216 out · 16·15 = 2,211,840
			macs: 2_211_840,
		},
		{
			name: "ConvTranspose2d stride 2 output_padding 1",
			src:  "input_shape = (1, 64, 28, 28)\nConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)\n",
			// (28−1)·2 − 2·1 + 1·(3−1) + 1 + 1 = 56 (torch: 56)
			out: "[[1 32 56 56]]",
			// weight [64, 32, 3, 3] = 18,432 + bias 32 = 18,464 (torch: 18,464)
			params: 18_464,
			// every input element scatters into 32·9 outputs:
			// 64·28·28 = 50,176 · 32 · 9 = 14,450,688
			macs: 14_450_688,
			// bias adds: 32·56·56 = 100,352
			ops: &graph.Ops{MACs: 14_450_688, Add: 100_352},
		},
		{
			name: "MaxPool2d ceil_mode",
			src:  "input_shape = (1, 64, 112, 112)\nMaxPool2d(3, 2, ceil_mode=True)\n",
			// ⌈(112 − 3)/2⌉ + 1 = 55 + 1 = 56; (56−1)·2 = 110 < 112 keeps it (torch: 56)
			out: "[[1 64 56 56]]",
			// windows per dim: 55 full of 3 + the last [110, 112) of 2 = 167;
			// comparisons = 64·167² − 64·56² = 1,784,896 − 200,704 = 1,584,192
			ops: &graph.Ops{Cmp: 1_584_192},
		},
		{
			name: "MaxPool2d ceil_mode partial window",
			src:  "input_shape = (1, 1, 5, 5)\nMaxPool2d(2, 2, ceil_mode=True)\n",
			// ⌈(5 − 2)/2⌉ + 1 = 3 (torch: 3)
			out: "[[1 1 3 3]]",
			// windows 2 + 2 + 1 = 5 per dim: 25 − 9 = 16 comparisons
			ops: &graph.Ops{Cmp: 16},
		},
		{
			name: "AvgPool2d count_include_pad=False",
			src:  "input_shape = (1, 8, 7, 7)\nAvgPool2d(3, 2, padding=1, count_include_pad=False)\n",
			// (7 + 2 − 3)/2 + 1 = 4 (torch: 4)
			out: "[[1 8 4 4]]",
			// windows clipped to the input: [0,2) [1,4) [3,6) [5,7) = 2+3+3+2 = 10;
			// Σ = 8·10² = 800; adds = 800 − 128 outputs = 672; 128 divisions
			ops: &graph.Ops{Add: 672, Mul: 128},
		},
		{
			name: "AvgPool2d count_include_pad=True",
			src:  "input_shape = (1, 8, 7, 7)\nAvgPool2d(3, 2, padding=1)\n",
			out:  "[[1 8 4 4]]",
			// windows clipped to the padded input [-1, 8): 3 each = 12;
			// Σ = 8·12² = 1,152; adds = 1,152 − 128 = 1,024
			ops: &graph.Ops{Add: 1_024, Mul: 128},
		},
		{
			name: "AdaptiveAvgPool2d non-divisible",
			src:  "input_shape = (1, 4, 7, 5)\nAdaptiveAvgPool2d((3, 3))\n",
			out:  "[[1 4 3 3]]",
			// 7→3: [⌊0⌋,⌈7/3⌉)=[0,3) [2,5) [4,7) = 9;
			// 5→3: [0,2) [1,4) [3,5) = 7; Σ = 4·9·7 = 252;
			// adds = 252 − 36 = 216, 36 divisions
			ops: &graph.Ops{Add: 216, Mul: 36},
		},
		{
			name: "Linear on 3-D input",
			src:  "input_shape = (2, 197, 768)\nLinear(768, 3072)\n",
			out:  "[[2 197 3072]]",
			// (768 + 1)·3072 = 2,362,368
			params: 2_362_368,
			// 2·197 = 394 rows · 768 · 3072 = 929,562,624
			macs: 929_562_624,
			// bias adds 394·3072 = 1,210,368
			ops: &graph.Ops{MACs: 929_562_624, Add: 1_210_368},
		},
		{
			name: `MultiheadAttention kdim batch_first`,
			src: `input_shapes = [(2, 10, 64), (2, 20, 32), (2, 20, 64)]
def M():
    self = Module("M")
    self.attn = MultiheadAttention(64, 8, kdim=32, batch_first=True)
    def forward(q, k, v):
        return self.attn(q, k, v)
    self.forward = forward
    return self
model = M()
`,
			// output [N, L, E], weights averaged over heads [N, L, S]
			out: "[[2 10 64] [2 10 20]]",
			// q_proj 64·64 + k_proj 64·32 + v_proj 64·64 + in_proj_bias 3·64
			// + out_proj 64·64 + 64 = 4096+2048+4096+192+4160 = 14,592 (torch: 14,592)
			params: 14_592,
			// q 2·10·64·64 = 81,920; k 2·20·32·64 = 81,920; v 2·20·64·64 = 163,840;
			// out 81,920 → 409,600; QKᵀ + AV = 2·2·10·20·64 = 51,200; total 460,800
			macs: 460_800,
		},
		{
			name: "BatchNorm2d buffers",
			src:  "input_shape = (1, 64, 56, 56)\nBatchNorm2d(64)\n",
			out:  "[[1 64 56 56]]",
			// γ, β: 2·64 = 128 (torch: 128)
			params: 128,
			// running_mean 64 + running_var 64 + num_batches_tracked 1 = 129 (torch: 129)
			buffers: 129,
			// folded scale and shift: 64·56·56 = 200,704 mul and add
			ops: &graph.Ops{Mul: 200_704, Add: 200_704},
		},
		{
			name: "LayerNorm",
			src:  "input_shape = (2, 197, 768)\nLayerNorm(768)\n",
			out:  "[[2 197 768]]",
			// weight and bias 2·768 = 1,536 (torch: 1,536)
			params: 1_536,
		},
		{
			name: "Embedding long input",
			src:  "input_shape = (2, 16)\ninput_dtype = \"long\"\nEmbedding(30522, 768)\n",
			out:  "[[2 16 768]]",
			// 30,522·768 = 23,440,896; a lookup has no arithmetic
			params: 23_440_896,
			ops:    &graph.Ops{},
		},
		{
			name: "Upsample bilinear scale 2",
			src:  "input_shape = (1, 3, 4, 4)\nUpsample(scale_factor=2, mode='bilinear')\n",
			// ⌊4·2⌋ = 8
			out: "[[1 3 8 8]]",
			// 3·8·8 = 192 outputs · 3 lerps of (2 adds + 1 mul): 1,152 adds, 576 muls
			ops: &graph.Ops{Add: 1_152, Mul: 576},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, n := firstLayer(t, c.src)
			if got := outShapes(n); got != c.out {
				t.Errorf("output shapes %s, want %s", got, c.out)
			}
			// The layer's parameters as listed in Graph.Modules, with those
			// of children PyTorch gives it (MultiheadAttention.out_proj).
			var tr, buf int64
			for i, m := range res.Graph.Modules {
				if i == n.Module || m.Parent == n.Module {
					mt, _, mb := graph.Count(m.Params)
					tr, buf = tr+mt, buf+mb
				}
			}
			if tr != c.params {
				t.Errorf("params %d, want %d", tr, c.params)
			}
			if buf != c.buffers {
				t.Errorf("buffers %d, want %d", buf, c.buffers)
			}
			// The node owns the same tensors on its first call.
			ntr, _, nbuf := graph.Count(n.Params)
			if ntr != c.params || nbuf != c.buffers {
				t.Errorf("node params %d/%d, want %d/%d", ntr, nbuf, c.params, c.buffers)
			}
			if n.Ops.MACs != c.macs {
				t.Errorf("MACs %d, want %d", n.Ops.MACs, c.macs)
			}
			if c.ops != nil && n.Ops != *c.ops {
				t.Errorf("ops %+v, want %+v", n.Ops, *c.ops)
			}
		})
	}
}

// rnnScript wraps a recurrent layer in a module whose forward unpacks the
// PyTorch result structure and returns every tensor.
func rnnScript(shape, ctor, unpack, ret string) string {
	return fmt.Sprintf(`input_shape = %s
def M():
    self = Module("M")
    self.rnn = %s
    def forward(x):
        %s = self.rnn(x)
        return %s
    self.forward = forward
    return self
model = M()
`, shape, ctor, unpack, ret)
}

// TestRecurrentLayers checks RNN, LSTM, GRU and the cells. Parameter
// counts, names and output shapes were checked with torch 1.13.0a0
// (Debian python3-torch); MACs are derived by hand as
// Σ layers · directions · batch · steps · gates·hidden·(input + hidden_or_proj) (+ proj·hidden).
func TestRecurrentLayers(t *testing.T) {
	cases := []struct {
		name, src string
		out       string // model outputs, in order
		params    int64
		macs      int64
		ops       *graph.Ops
	}{
		{
			name: "LSTM 2 layers bidirectional proj_size",
			src:  rnnScript("(7, 3, 10)", "LSTM(10, 20, 2, bidirectional=True, proj_size=5)", "out, (h, c)", "out, h, c"),
			// torch: output (7, 3, 10) = 2·5, h_n (4, 3, 5), c_n (4, 3, 20)
			out: "[[7 3 10] [4 3 5] [4 3 20]]",
			// per layer and direction: W_ih 80·10 + W_hh 80·5 + 2·80 biases + W_hr 5·20 = 1,460;
			// layer 1's input is 2·5 = 10 too; 4 · 1,460 = 5,840 (torch: 5,840)
			params: 5_840,
			// per step 4·20·(10 + 5) + 5·20 = 1,300; 2 layers · 2 dirs · 3 batch · 7 steps = 84 → 109,200
			macs: 109_200,
			// per step: adds 80 (ih + hh) + 160 (biases) + 60 (sigmoids) + 20 (c') = 320 → 26,880;
			// muls 60 (sigmoids) + 40 (c') + 20 (h') = 120 → 10,080; exp 3·20 + 20 + 20 = 100 → 8,400
			ops: &graph.Ops{MACs: 109_200, Add: 26_880, Mul: 10_080, Exp: 8_400},
		},
		{
			name: "LSTM batch_first",
			src:  rnnScript("(4, 16, 128)", "LSTM(128, 256, batch_first=True)", "out, (h, c)", "out, h, c"),
			// torch: (4, 16, 256), h_n and c_n (1, 4, 256)
			out: "[[4 16 256] [1 4 256] [1 4 256]]",
			// 1024·128 + 1024·256 + 2·1024 = 395,264 (torch: 395,264)
			params: 395_264,
			// 4·256·(128 + 256) = 393,216 per step · 4 batch · 16 steps = 25,165,824
			macs: 25_165_824,
		},
		{
			name: "GRU 2 layers bidirectional batch_first",
			src:  rnnScript("(3, 7, 10)", "GRU(10, 20, 2, bidirectional=True, batch_first=True)", "out, h", "out, h"),
			// torch: output (3, 7, 40), h_n (4, 3, 20)
			out: "[[3 7 40] [4 3 20]]",
			// layer 0: 60·10 + 60·20 + 120 = 1,920; layer 1 (input 40): 60·40 + 60·20 + 120 = 3,720;
			// 2·(1,920 + 3,720) = 11,280 (torch: 11,280)
			params: 11_280,
			// layer 0 per step 3·20·(10 + 20) = 1,800; layer 1 3·20·(40 + 20) = 3,600;
			// (1,800 + 3,600) · 2 dirs · 3 batch · 7 steps = 226,800
			macs: 226_800,
			// per step: adds 60 + 120 + 40 (sigmoids) + 40 (h' = n + z·(h − n)) = 260;
			// muls 20 (r·) + 40 + 20 = 80; exp 60; × 4 (layer, dir) · 21 steps = 84
			ops: &graph.Ops{MACs: 226_800, Add: 260 * 84, Mul: 80 * 84, Exp: 60 * 84},
		},
		{
			name: "RNN unbatched",
			src:  rnnScript("(7, 10)", "RNN(10, 20)", "out, h", "out, h"),
			// torch: output (7, 20), h_n (1, 20)
			out: "[[7 20] [1 20]]",
			// 20·10 + 20·20 + 2·20 = 640 (torch: 640)
			params: 640,
			// 20·(10 + 20) = 600 per step · 7 steps = 4,200
			macs: 4_200,
			// adds (20 + 40)·7 = 420; tanh 20·7 = 140
			ops: &graph.Ops{MACs: 4_200, Add: 420, Exp: 140},
		},
		{
			name: "RNN relu no bias 3 layers",
			src:  rnnScript("(5, 2, 10)", "RNN(10, 20, 3, nonlinearity='relu', bias=False)", "out, h", "out, h"),
			out:  "[[5 2 20] [3 2 20]]",
			// 20·10 + 20·20 = 600, then 2 · (20·20 + 20·20) = 1,600 → 2,200 (torch: 2,200)
			params: 2_200,
			// (600 + 800 + 800) per step · 2 batch · 5 steps = 22,000
			macs: 22_000,
			// adds 20 per layer-step: 60·10 = 600; relu compares the same
			ops: &graph.Ops{MACs: 22_000, Add: 600, Cmp: 600},
		},
		{
			name: "LSTMCell",
			src:  rnnScript("(3, 10)", "LSTMCell(10, 20)", "h, c", "h, c"),
			// torch: (3, 20), (3, 20)
			out: "[[3 20] [3 20]]",
			// 80·10 + 80·20 + 160 = 2,560 (torch: 2,560)
			params: 2_560,
			// 80·30 · 3 batch = 7,200
			macs: 7_200,
		},
		{
			name: "GRUCell unbatched",
			src:  rnnScript("(10,)", "GRUCell(10, 20)", "h", "h"),
			// torch: (20,)
			out: "[[20]]",
			// 60·10 + 60·20 + 120 = 1,920 (torch: 1,920)
			params: 1_920,
			// 60·30 = 1,800
			macs: 1_800,
		},
		{
			name: "RNNCell",
			src:  rnnScript("(4, 10)", "RNNCell(10, 20)", "h", "h"),
			out:  "[[4 20]]",
			// 640 (torch: 640)
			params: 640,
			// 20·30·4 = 2,400
			macs: 2_400,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, n := firstLayer(t, c.src)
			var outs []string
			for _, o := range res.Graph.Outputs {
				outs = append(outs, fmt.Sprint([]int64(o.Shape)))
			}
			if got := fmt.Sprint(outs); got != c.out {
				t.Errorf("outputs %s, want %s", got, c.out)
			}
			tr, _, _ := graph.Count(res.Graph.Modules[n.Module].Params)
			if tr != c.params {
				t.Errorf("params %d, want %d", tr, c.params)
			}
			if n.Ops.MACs != c.macs {
				t.Errorf("MACs %d, want %d", n.Ops.MACs, c.macs)
			}
			if q := n.QValue(graph.QRNN); q != c.macs {
				t.Errorf("quantity rnn %d, want %d", q, c.macs)
			}
			if c.ops != nil && n.Ops != *c.ops {
				t.Errorf("ops %+v, want %+v", n.Ops, *c.ops)
			}
		})
	}
}

// TestLSTMParamNames checks PyTorch's parameter names and shapes
// (torch 1.13.0a0: nn.LSTM(10, 20, 2, bidirectional=True, proj_size=5).named_parameters()).
func TestLSTMParamNames(t *testing.T) {
	res, n := firstLayer(t, rnnScript("(7, 3, 10)", "LSTM(10, 20, 2, bidirectional=True, proj_size=5)", "out, (h, c)", "out"))
	var got []string
	for _, p := range res.Graph.Modules[n.Module].Params {
		got = append(got, fmt.Sprintf("%s%v", p.Name, []int64(p.Shape)))
	}
	want := "[weight_ih_l0[80 10] weight_hh_l0[80 5] bias_ih_l0[80] bias_hh_l0[80] weight_hr_l0[5 20] " +
		"weight_ih_l0_reverse[80 10] weight_hh_l0_reverse[80 5] bias_ih_l0_reverse[80] bias_hh_l0_reverse[80] weight_hr_l0_reverse[5 20] " +
		"weight_ih_l1[80 10] weight_hh_l1[80 5] bias_ih_l1[80] bias_hh_l1[80] weight_hr_l1[5 20] " +
		"weight_ih_l1_reverse[80 10] weight_hh_l1_reverse[80 5] bias_ih_l1_reverse[80] bias_hh_l1_reverse[80] weight_hr_l1_reverse[5 20]]"
	if fmt.Sprint(got) != want {
		t.Errorf("params\n got %v\nwant %s", got, want)
	}
}

// TestRecurrentErrors checks the argument and state checks.
func TestRecurrentErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"input_shape = (7, 3, 12)\nLSTM(10, 20)\n", "expects 10 input features, got 12"},
		{"input_shape = (7, 3, 10)\nLSTM(10, 20, proj_size=20)\n", "proj_size 20 has to be smaller than hidden_size 20"},
		{"input_shape = (7, 3, 10)\nRNN(10, 20, nonlinearity='gelu')\n", "unknown nonlinearity"},
		{"input_shape = (7, 3, 10)\nGRU(10, 20, proj_size=5)\n", "unexpected keyword argument"},
		{rnnScript("(7, 3, 10)", "GRU(10, 20)", "out, h", "self.rnn(x, Parameter(2, 3, 20))"), "expected h0 of shape [1, 3, 20], got [2, 3, 20]"},
	} {
		_, err := Run(c.src, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("script\n%s\nerror %v, want %q", c.src, err, c.want)
		}
	}
}

// TestLayerSignatures parses every layer's signature (each is parsed the
// first time a script builds the layer): every default is a literal the
// parser reads, no layer has more than maxArgs parameters, and no name
// is given twice.
func TestLayerSignatures(t *testing.T) {
	if len(layerSpecs) < 100 {
		t.Fatalf("only %d layers", len(layerSpecs))
	}
	for class, s := range layerSpecs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s(%s): %v", class, s.source, r)
				}
			}()
			seen := map[string]bool{}
			for _, d := range s.sig() {
				if d.name == "" || seen[d.name] {
					t.Errorf("%s(%s): parameter %q", class, s.source, d.name)
				}
				seen[d.name] = true
			}
		}()
	}
}
