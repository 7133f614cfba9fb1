package lang

import (
	"strings"
	"testing"
)

// The values below are what Python 3 (with torch 1.13) prints for the same
// expressions and modules (issue 15, item 7): "**" binds tighter than a
// unary minus on its left and than "*", and is right-associative.
func TestPowerOperator(t *testing.T) {
	src := `
def f(**kw):
    return kw
d = f(**{"a": 1})
lam = lambda **kw: kw
got = (2 ** 3 ** 2, -2 ** 2, 3 * 2 ** 3, 2 ** -1, (2 * 3) ** 2, 10 ** 3 // 7, -3 ** -1,
       2 ** 0.5 * 2, 7 % 3 ** 2, 2.0 ** 10, (-1) ** 99, 0 ** 0, d["a"], len(lam(x=1)))
want = (512, -4, 24, 0.5, 36, 142, -0.3333333333333333, 2.8284271247461903, 7, 1024.0, -1, 1, 1, 1)
if got != want:
    fail("got %s" % str(got))
k = 2
k **= 10
if k != 1024:
    fail("k **= 10 gave %d" % k)
s = "x ** y"  # a ** b in a comment
if s != "x " + "*" * 2 + " y":
    fail(s)
input_shape = (1, 4, 8, 8)
def Net():
    self = Module("Net")
    def forward(x):
        return 2 ** (x ** 2)
    self.forward = forward
    return self
model = Net()
`
	res, err := Run(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var pows int
	for _, n := range res.Graph.Nodes {
		if n.Type == "operator.pow" {
			pows++
			if n.Ops.Exp != 4*8*8 || n.Outputs[0].Shape.Numel() != 4*8*8 {
				t.Errorf("%s: %+v, want 256 exp", n.Name, n.Ops)
			}
		}
	}
	if pows != 2 {
		t.Errorf("%d operator.pow nodes, want 2", pows)
	}
	for _, c := range []struct{ src, msg string }{
		{"x = 10 ** 10 ** 9\n", "would be an int of more than 4096 bits"},
		{"x = 0 ** -1\n", "0 cannot be raised to a negative power"},
		{"x = (-8) ** 0.5\n", "fractional power"},
		{"x = \"a\" ** 2\n", "unsupported operands for **: string and int"},
	} {
		_, err := Run(c.src+"model = ReLU()\ninput_shape = (1, 2)\n", Options{})
		de := diagErr(t, err)
		if !strings.Contains(de.Msg.String(), c.msg) || de.Pos.Line != 1 {
			t.Errorf("%q: %d:%d %s, want line 1 and %q", c.src, de.Pos.Line, de.Pos.Col, de.Msg, c.msg)
		}
	}
}

func TestContainerIndexing(t *testing.T) {
	src := `
input_shape = (1, 3, 8, 8)
seq = Sequential(Conv2d(3, 4, 3, bias=False), ReLU())
md = ModuleDict({"conv": Conv2d(3, 4, 1), "act": ReLU()})
md["pool"] = MaxPool2d(2)
checks = [
    seq[0].bias == None, seq[0].weight != None, seq[-1] == seq[1], seq[0] in seq, not (md["act"] in seq),
    "conv" in md, not ("x" in md), len(md) == 3, list(md.keys()) == ["conv", "act", "pool"],
    [k for k in md] == ["conv", "act", "pool"], [k for k, v in md.items()] == ["conv", "act", "pool"],
    BatchNorm2d(3, affine=False).weight == None, BatchNorm2d(3, affine=False).bias == None,
    BatchNorm2d(3, track_running_stats=False).running_mean == None,
    LayerNorm(3, elementwise_affine=False).bias == None, Linear(2, 2, bias=False).bias == None,
    LSTM(3, 3, bias=False).bias == False, Conv2d(3, 4, 1).bias != None,
]
for i, ok in enumerate(checks):
    if not ok:
        fail("check %d" % i)

def CNA(cin, cout):
    self = Module("Conv2dNormActivation", base="Sequential")
    self.append(Conv2d(cin, cout, 3, padding=1))
    self.append(ReLU())
    return self

def Block():
    self = Module("Block", base="ModuleDict")
    self.add_module("a", CNA(3, 4))
    self.add_module("b", CNA(4, 4))
    def forward(x):
        for name in self:
            x = self[name](x)
        return x
    self.forward = forward
    return self

def Net():
    self = Module("Net")
    self.blocks = md
    self.block = Block()
    def forward(x):
        y = self.blocks["pool"](self.blocks["act"](self.blocks["conv"](x)))
        return self.block(x), y
    self.forward = forward
    return self
model = Net()
`
	res, err := Run(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range res.Graph.Nodes {
		names = append(names, n.Name+":"+n.Type)
	}
	want := "blocks.conv:Conv2d blocks.act:ReLU blocks.pool:MaxPool2d block.a.0:Conv2d block.a.1:ReLU block.b.0:Conv2d block.b.1:ReLU"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("nodes\n got %s\nwant %s", got, want)
	}
	for _, m := range res.Graph.Modules {
		if m.Path == "block.a" && (m.Type != "Conv2dNormActivation" || m.Base != "Sequential") {
			t.Errorf("block.a is %s (base %q)", m.Type, m.Base)
		}
	}
	errs := []struct{ src, msg, hint string }{
		{`md = ModuleDict({"conv": ReLU()})` + "\nx = md[\"cnv\"]\n", `ModuleDict has no module "cnv" (did you mean "conv"?)`, "add_module"},
		{`md = ModuleDict({"conv": ReLU()})` + "\nx = md[\"zzzzzz\"]\n", `ModuleDict has no module "zzzzzz"; it holds ["conv"]`, "add_module"},
		{`md = ModuleDict({"conv": ReLU()})` + "\nx = md[0]\n", "ModuleDict is indexed by name, a string, not a int", `blocks["name"]`},
		{"s = Sequential(ReLU())\nx = s[\"a\"]\n", "Sequential is indexed by position, an int, not a string", "layers[-1]"},
		{"s = ModuleList([ReLU()])\nx = s[3]\n", "ModuleList index 3 out of range: it has 1 modules", "from -1 backwards"},
		{"s = ModuleList([ReLU()])\ns[0] = 3\n", "ModuleList holds modules, got a int", ""},
		{"s = Module(\"S\", base=\"ModuleList\")\ns.append(ReLU())\ny = s(1)\n", "S is not callable", "for block in"},
	}
	for _, c := range errs {
		_, err := Run(c.src+"model = ReLU()\ninput_shape = (1, 2)\n", Options{})
		de := diagErr(t, err)
		if !strings.Contains(de.Msg.String(), c.msg) || !strings.Contains(de.Hint.String(), c.hint) || de.Pos.Line < 2 {
			t.Errorf("%q:\n got %d:%d %s (hint %s)\nwant line ≥ 2, %q (hint %q)", c.src, de.Pos.Line, de.Pos.Col, de.Msg, de.Hint, c.msg, c.hint)
		}
	}
}
