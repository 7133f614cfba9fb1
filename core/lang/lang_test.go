package lang

import (
	"errors"
	"strings"
	"testing"

	"floplab/core/diag"
	"floplab/core/graph"
)

// diagErr returns the first positioned error of err, failing the test if
// err is not a *diag.Error or a diag.List.
func diagErr(t *testing.T, err error) *diag.Error {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got none")
	}
	var de *diag.Error
	if errors.As(err, &de) {
		return de
	}
	var dl diag.List
	if errors.As(err, &dl) && len(dl) > 0 {
		return dl[0]
	}
	t.Fatalf("error %T %v is neither *diag.Error nor diag.List", err, err)
	return nil
}

func TestErrorsArePositioned(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		line      int
		msg, hint string // substrings
		layer     string
	}{
		{
			name: "syntax error",
			src:  "input_shape = (1, 3, 224, 224)\nConv2d(3, 64, 3\nReLU()\n",
			line: 2, msg: "the '(' opened on line 2, column 7 is not closed", hint: "add ')' at the end of line 2 (the parser stopped later: got identifier, want ','",
		},
		// Issue 12, item 11: where the bracket was opened, not where the parser noticed.
		{
			name: "unclosed bracket in a Sequential",
			src:  "input_shape = (1, 3, 32, 32)\nmodel = Sequential(\n    Conv2d(3, 8, 3),\n    Conv2d(8, 8, 3, padding=(1, 1),\n    ReLU(),\n)\n",
			line: 4, msg: "the '(' opened on line 4, column 11 is not closed", hint: "add ')' at the end of line 4",
		},
		{
			name: "missing comma",
			src:  "input_shape = (1, 3, 32, 32)\nmodel = Sequential(\n    Conv2d(3, 8,\n           3)\n    ReLU(),\n)\n",
			line: 5, msg: "got identifier, want ','", hint: "Starlark",
		},
		{
			name: "misspelt layer",
			src:  "input_shape = (1, 3, 32, 32)\nConv2D(3, 8, 3)\n",
			line: 2, msg: "undefined: Conv2D (did you mean Conv2d?)", hint: "not in the library",
		},
		{
			name: "misspelt keyword",
			src:  "input_shape = (1, 3, 32, 32)\nConv2d(3, 8, kernal_size=3)\n",
			line: 2, msg: `unexpected keyword argument "kernal_size" (did you mean kernel_size?)`, hint: "Conv2d takes",
		},
		{
			name: "flat input, wrong in_features",
			src:  "input_shape = (1, 1, 28, 28)\nConv2d(1, 8, 3)\nFlatten()\nLinear(1568, 10)\n",
			line: 4, msg: "Linear(1568, 10) expects 1568 input features, got 5408", hint: "write Linear(5408, 10)", layer: "2",
		},
		{
			name: "fail",
			src:  "input_shape = (1, 3, 32, 32)\nfail(\"no such block\")\n",
			line: 2, msg: "no such block", hint: "",
		},
		{
			name: "class statement",
			src:  "input_shape = (1, 3)\nclass Net(nn.Module):\n    pass\n",
			line: 2, hint: "no classes",
		},
		{
			name: "unknown layer name",
			src:  "input_shape = (1, 3, 32, 32)\nConv2d(3, 8, 3)\nConv2D(8, 8, 3)\n",
			line: 3, msg: "Conv2D", hint: "not in the library",
		},
		{
			name: "wrong keyword argument",
			src:  "input_shape = (1, 3, 32, 32)\nReLU()\nConv2d(3, 8, 3, strides=2)\n",
			line: 3, msg: `unexpected keyword argument "strides"`, hint: "Conv2d takes (in_channels, out_channels, kernel_size",
		},
		{
			name: "channel mismatch in forward",
			src: `input_shape = (1, 3, 32, 32)
def Net():
    self = Module("Net")
    self.conv = Conv2d(64, 128, 3)
    def forward(x):
        y = x
        return self.conv(y)
    self.forward = forward
    return self
model = Net()
`,
			line: 7, msg: "Conv2d(64, 128, 3) expects 64 input channels, got 3", hint: "in_channels", layer: "conv",
		},
		{
			name: "linear features",
			src:  "input_shape = (1, 3, 8, 8)\nConv2d(3, 4, 3)\nLinear(144, 10)\n",
			line: 3, msg: "expects 144 input features, got 6", hint: "Flatten", layer: "1",
		},
		// Found by FuzzRun: an empty scale_factor sequence indexed past
		// its end and panicked.
		{
			name: "empty scale_factor tuple",
			src:  "input_shape = (1, 3, 8, 8)\nConv2d(3, 4, 3)\nUpsample(scale_factor=())\n",
			line: 3, msg: "scale_factor needs 2 values, got 0", hint: "Upsample", layer: "1",
		},
		{
			name: "empty scale_factor string",
			src:  "input_shape = (1, 3, 8, 8)\nUpsample(scale_factor='')\n",
			line: 2, msg: "scale_factor must be a number or a tuple, got string", hint: "Upsample", layer: "0",
		},
		{
			name: "scale_factor not a number",
			src:  "input_shape = (1, 3, 8, 8)\nx = F.interpolate(torch.randn(1, 3, 8, 8), scale_factor=(2, None))\n",
			line: 2, msg: "scale_factor must hold numbers", hint: "interpolate",
		},
		{
			name: "nan scale_factor",
			src:  "input_shape = (1, 3, 8, 8)\nUpsample(scale_factor=float('nan'))\n",
			line: 2, msg: "empty output: 8 · NaN < 1", hint: "Upsample", layer: "0",
		},
		{
			name: "huge scale_factor",
			src:  "input_shape = (1, 3, 8, 8)\nUpsample(scale_factor=1e300)\n",
			line: 2, msg: "interpolation gives a dimension of 8e+300", hint: "cannot exist", layer: "0",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Run(c.src, Options{})
			de := diagErr(t, err)
			t.Logf("%v", de)
			if de.Pos.File != "model.star" || de.Pos.Line == 0 || de.Pos.Col == 0 {
				t.Errorf("position %v lacks file:line:col", de.Pos)
			}
			if c.line != 0 && de.Pos.Line != c.line {
				t.Errorf("line %d, want %d", de.Pos.Line, c.line)
			}
			if !strings.Contains(de.Msg.String(), c.msg) {
				t.Errorf("message %q lacks %q", de.Msg.String(), c.msg)
			}
			if strings.HasPrefix(de.Msg.String(), "fail") {
				t.Errorf("message %q keeps Starlark's fail: prefix", de.Msg.String())
			}
			if (de.Hint.String() == "" && c.hint != "") || !strings.Contains(de.Hint.String(), c.hint) {
				t.Errorf("hint %q lacks %q", de.Hint.String(), c.hint)
			}
			if de.Layer != c.layer {
				t.Errorf("layer %q, want %q", de.Layer, c.layer)
			}
			if !strings.HasPrefix(err.Error(), de.Pos.String()+": ") || (c.layer != "" && strings.Trim(c.layer, "0123456789") == "" && strings.HasPrefix(err.Error(), de.Pos.String()+": "+c.layer+":")) {
				t.Errorf("%q does not start with its position", err.Error())
			}
		})
	}
}

func TestImplicitSequential(t *testing.T) {
	src := `input_shape = (1, 3, 224, 224)
Conv2d(3, 64, kernel_size=11, stride=4, padding=2)
ReLU(inplace=True)
MaxPool2d(kernel_size=3, stride=2)
x = 3   # not a layer line
`
	res, err := Run(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	var mods []string
	for _, m := range g.Modules {
		mods = append(mods, m.Path+"="+m.Type)
	}
	if got, want := strings.Join(mods, " "), "=Sequential 0=Conv2d 1=ReLU 2=MaxPool2d"; got != want {
		t.Errorf("modules %q, want %q", got, want)
	}
	if len(g.Nodes) != 3 {
		t.Fatalf("%d nodes, want 3", len(g.Nodes))
	}
	// (224 + 4 − 11)/4 + 1 = 55; (55 − 3)/2 + 1 = 27
	if got := g.Outputs[0].Shape; !sameShape(got, graph.Shape{1, 64, 27, 27}) {
		t.Errorf("output %v, want [1 64 27 27]", got)
	}
	// AlexNet's conv1: 64·55·55 · 3·11·11 = 70,276,800 MACs
	if m := g.Nodes[0].Ops.MACs; m != 70_276_800 {
		t.Errorf("conv MACs %d, want 70276800", m)
	}
	// Each node's position is its line.
	for i, n := range g.Nodes {
		if want := "model.star:" + string(rune('2'+i)) + ":"; !strings.HasPrefix(n.Pos, want) {
			t.Errorf("node %d pos %q, want prefix %q", i, n.Pos, want)
		}
	}
}

func TestMatmulOperator(t *testing.T) {
	src := `input_shapes = [(2, 4, 10, 16), (2, 4, 12, 16)]
def Attn():
    self = Module("Attn")
    def forward(q, k):
        s = q @ k.transpose(-1, -2)   # [2, 4, 10, 12]
        return s % 2 if False else s  # '%' stays remainder in a string-free branch
    self.forward = forward
    return self
model = Attn()
`
	res, err := Run(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mm *graph.Node
	for _, n := range res.Graph.Nodes {
		if n.Type == "operator.matmul" {
			mm = n
		}
	}
	if mm == nil {
		var ts []string
		for _, n := range res.Graph.Nodes {
			ts = append(ts, n.Type)
		}
		t.Fatalf("no matmul node among %v", ts)
	}
	if !sameShape(mm.Outputs[0].Shape, graph.Shape{2, 4, 10, 12}) {
		t.Errorf("matmul output %v", mm.Outputs[0].Shape)
	}
	// batch 2·4 = 8 · 10·16 @ 16·12 = 15,360 MACs
	if mm.Ops.MACs != 15_360 || mm.QValue(graph.QMM) != 15_360 {
		t.Errorf("matmul MACs %d (q %d), want 15360", mm.Ops.MACs, mm.QValue(graph.QMM))
	}
	if mm.Call != graph.CallFunction {
		t.Errorf("matmul call kind %q", mm.Call)
	}
	// '@' inside strings and comments is left alone; '%' elsewhere is remainder.
	src2 := "input_shape = (1, 4)\nname = \"a@b\" # x @ y\nReLU()\n"
	if _, err := Run(src2, Options{}); err != nil {
		t.Errorf("'@' in a string or comment: %v", err)
	}
}

func TestWeightTyingCountedOnce(t *testing.T) {
	src := `input_shape = (1, 16)
input_dtype = "long"
def LM():
    self = Module("LM")
    self.wte = Embedding(1000, 64)
    self.lm_head = Linear(64, 1000, bias=False)
    self.lm_head.weight = self.wte.weight
    def forward(x):
        return self.lm_head(self.wte(x))
    self.forward = forward
    return self
model = LM()
`
	res, err := Run(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var byModule, byNode int64
	tied := 0
	for _, m := range res.Graph.Modules {
		tr, _, _ := graph.Count(m.Params)
		byModule += tr
		for _, p := range m.Params {
			if p.Tied {
				tied++
			}
		}
	}
	for _, n := range res.Graph.Nodes {
		tr, _, _ := graph.Count(n.Params)
		byNode += tr
	}
	// the shared 1000·64 table once: 64,000 (not 128,000)
	if byModule != 64_000 || byNode != 64_000 {
		t.Errorf("params by module %d, by node %d, want 64000", byModule, byNode)
	}
	if tied != 1 {
		t.Errorf("%d tied tensors, want 1", tied)
	}
	// The head still costs its matmul: 16 rows · 64 · 1000 = 1,024,000 MACs.
	last := res.Graph.Nodes[len(res.Graph.Nodes)-1]
	if last.Ops.MACs != 1_024_000 {
		t.Errorf("lm_head MACs %d, want 1024000", last.Ops.MACs)
	}
}

// TestPoolingOverHugeDimensions: pooling windows are counted in closed
// form, so a dimension of 2^40 gives its exact figures (a loop over its
// windows would not finish).
func TestPoolingOverHugeDimensions(t *testing.T) {
	for _, c := range []struct {
		layer string
		cmp   int64 // comparisons = Σ windows − outputs
		add   int64
	}{
		// 3 · (2^40 windows of 3, the two edge ones clipped by 1) − outputs.
		{"MaxPool1d(3, stride=1, padding=1)", 3*(3<<40-2) - 3<<40, 0},
		// count_include_pad: every window has 5 elements.
		{"AvgPool1d(5, stride=1, padding=2)", 0, 3*(5<<40) - 3<<40},
		// adaptive: L + o − gcd(L, o) = 2^40 + 7 − 1 elements, per channel.
		{"AdaptiveMaxPool1d(7)", 3*(1<<40+6) - 3*7, 0},
	} {
		res, err := Run("input_shape = (1, 3, 1099511627776)\n"+c.layer+"\n", Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.layer, err)
		}
		ops := res.Graph.Nodes[0].Ops
		if ops.Cmp != c.cmp || ops.Add != c.add {
			t.Errorf("%s: cmp %d add %d, want %d and %d", c.layer, ops.Cmp, ops.Add, c.cmp, c.add)
		}
	}
}

func TestHostileScripts(t *testing.T) {
	cases := []struct{ name, src, msg string }{
		{"endless loop", "input_shape = (1, 4)\nwhile True:\n    pass\n", "too many steps"},
		{"endless recursion", "input_shape = (1, 4)\ndef f(n):\n    return f(n + 1)\nf(0)\n", "calls itself"},
		{"a billion layers", "input_shape = (1, 4)\nlayers = []\ni = 0\nwhile i < 1000000000:\n    layers.append(Linear(4, 4))\n    i += 1\nmodel = Sequential(*layers)\n", "modules"},
		{"a billion calls", `input_shape = (1, 4)
def Net():
    self = Module("Net")
    self.act = ReLU()
    def forward(x):
        i = 0
        while i < 1000000000:
            x = self.act(x)
            i += 1
        return x
    self.forward = forward
    return self
model = Net()
`, "calls"},
		{"10^18 elements", "input_shape = (1000000, 1000000, 1000000)\nReLU()\n", "elements"},
		{"10^18 parameters", "input_shape = (1, 4)\nLinear(1000000000, 1000000000)\n", "parameter weight"},
		{"overflowing output", "input_shape = (1, 1, 100000, 100000)\nUpsample(scale_factor=100000)\n", ""},
		{"huge script", "input_shape = (1, 4)\n" + strings.Repeat("#", 2<<20) + "\n", "limit"},
		// Window geometry is the script's too: overflow is an error, and
		// nothing loops over the outputs (found by FuzzRun: a pooling over
		// a dimension of 10^10 looped over every window).
		{"a factor of 2^62", "input_shape = (1, 4, 8, 8)\nPixelShuffle(4611686018427387904)\n", "over 9.2e18"},
		{"adaptive output of 2^63", "input_shape = (1, 3, 8, 8)\nAdaptiveAvgPool2d(9223372036854775807)\n", "elements"},
		{"dilation of 2^62", "input_shape = (1, 3, 8, 8)\nConv2d(3, 3, 3, dilation=4611686018427387904)\n", "too large to count exactly"},
		{"stride of 2^62", "input_shape = (1, 3, 8, 8)\nConvTranspose2d(3, 3, 3, stride=4611686018427387904)\n", "too large to count exactly"},
		{"pooling window of 2^62", "input_shape = (1, 3, 1099511627776)\nMaxPool1d(4611686018427387904, dilation=3, padding=2305843009213693952)\n", "too large to count exactly"},
		{"negative padding", "input_shape = (1, 3, 8, 8)\nConv2d(3, 3, 3, padding=-2)\n", "negative padding"},
		{"negative pooling padding", "input_shape = (1, 3, 8, 8)\nMaxPool2d(3, padding=-1)\n", "negative padding"},
		// One step, any size: what "+", "*" and range would build is
		// checked before it is built (a browser tab has a few GB).
		{"a list of 10^9", "input_shape = (1, 4)\nx = [0] * 1000000000\n", "more than 1048576"},
		{"a string of 10^9", "input_shape = (1, 4)\nx = 1000000000 * 'a'\n", "more than 1048576"},
		{"doubling a string", "input_shape = (1, 4)\ns = 'ab'\nfor i in range(64):\n    s = s + s\n", "more than 1048576"},
		{"doubling a list in place", "input_shape = (1, 4)\nl = [1, 2]\nfor i in range(64):\n    l += l\n", "more than 1048576"},
		{"repeating in place", "input_shape = (1, 4)\nl = [1]\nl *= 1000000000\n", "more than 1048576"},
		{"a materialized range", "input_shape = (1, 4)\nx = list(range(1000000000))\n", "range of 1000000000"},
		{"doubling by replace", "input_shape = (1, 4)\ns = 'a'\nfor i in range(64):\n    s = s.replace('a', 'aa')\n", ".replace() would make"},
		{"doubling by join", "input_shape = (1, 4)\ns = 'a'\nfor i in range(64):\n    s = s.join([s, s])\n", ".join() would make"},
		{"doubling by extend", "input_shape = (1, 4)\nl = [1]\nfor i in range(64):\n    l.extend(l)\n", ".extend() would make"},
		// A million references to one million-element list: three steps,
		// and a trillion characters once printed.
		{"printing an aliased list", "input_shape = (1, 4)\nx = [0] * 1000000\ny = [x] * 1000000\ns = str(y)\n", "str() would make"},
		{"formatting an aliased list", "input_shape = (1, 4)\nx = [0] * 1000000\ny = [x] * 1000000\ns = '%s' % (y,)\n", "% would make"},
		{"format() of an aliased list", "input_shape = (1, 4)\nx = [0] * 1000000\ny = [x] * 1000000\ns = '{}'.format(y)\n", ".format() would make"},
		{"doubling by %", "input_shape = (1, 4)\ns = 'a'\nfor i in range(64):\n    s = '%s%s' % (s, s)\n", "% would make"},
		{"doubling by %=", "input_shape = (1, 4)\ns = '%s%s'\nt = 'a' * 1000000\ns %= (t, t)\n", "%= would make"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Run(c.src, Options{})
			de := diagErr(t, err)
			t.Logf("%v", de)
			if !strings.Contains(de.Error(), c.msg) {
				t.Errorf("error %q lacks %q", de.Error(), c.msg)
			}
			if de.Pos.Line == 0 {
				t.Errorf("error has no line: %v", de)
			}
			if de.Hint.String() == "" {
				t.Errorf("error has no hint: %v", de)
			}
		})
	}
}

// TestMHANeedWeights: the attention products are "attn" always, and the
// node's attributes say whether the call asks for the weights
// (need_weights=True, the default): torch 2.x computes them with bmm then,
// and in the fused scaled_dot_product_attention kernel otherwise.
func TestMHANeedWeights(t *testing.T) {
	for _, tc := range []struct {
		call string
		want int64
		err  string
	}{
		{"self.attn(x, x, x)", 25_600, ""},
		{"self.attn(x, x, x, need_weights=True)", 25_600, ""},
		{"self.attn(x, x, x, need_weights=False)", 0, ""},
		{"self.attn(x, x, x, need_weights=1)", 0, "need_weights must be a bool"},
	} {
		src := `input_shape = (2, 10, 64)
def M():
    self = Module("M")
    self.attn = MultiheadAttention(64, 8, batch_first=True)
    def forward(x):
        y, _ = ` + tc.call + `
        return y
    self.forward = forward
    return self
model = M()
`
		res, err := Run(src, Options{})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.call, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.call, err)
		}
		for _, n := range res.Graph.Nodes {
			if n.Type != "MultiheadAttention" {
				continue
			}
			// QKᵀ + AV = 2·N·L·S·E = 2·2·10·10·64 = 25,600
			if attn := n.QValue(graph.QAttn); attn != 25_600 {
				t.Errorf("%s: attn %d, want 25600", tc.call, attn)
			}
			at, ok := n.Layer.(*graph.Attention)
			if !ok {
				t.Fatalf("%s: no attention attributes", tc.call)
			}
			if got := tc.want != 0; at.NeedWeights != got {
				t.Errorf("%s: need_weights %v, want %v", tc.call, at.NeedWeights, got)
			}
		}
	}
}
