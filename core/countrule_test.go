package core

import (
	"strings"
	"testing"
)

// customModule is ultralytics/thop tests/test_custom_ops.py's
// CustomModule (one Conv2d(3, 64, 3, padding=1)) with its count_with_int
// rule, written as a count_rule.
const customModule = `
def count_with_int(m, x, y):
    k = m.conv.kernel_size
    _, _, h, w = y
    return k * k * m.conv.in_channels * m.conv.out_channels * h * w // m.conv.groups

count_rule("CustomModule", count_with_int%s)

def CustomModule():
    self = Module("CustomModule")
    self.conv = Conv2d(3, 64, kernel_size=3, padding=1)
    self.forward = lambda x: self.conv(x)
    return self

input_shape = (1, 3, 224, 224)
`

// TestCountRule: a script's count_rule gives the figure each tool prints
// with the user's own rule: thop's custom_ops, ptflops'
// custom_modules_hooks, FlopCounterMode's custom_mapping.
func TestCountRule(t *testing.T) {
	mm := "def M():\n    self = Module(\"M\")\n    self.forward = lambda x: x.matmul(x.t())\n    return self\n\nmodel = M()\ninput_shape = (1, 10)\n"
	for _, tc := range []struct {
		name, script string
		want         map[string]int64
		params       int64
	}{
		// ultralytics/thop tests/test_custom_ops.py test_custom_ops_int_accumulator:
		// 173408256 MACs, 1792 params (the root's own hook and its conv);
		// thop 0.0.31 hooks leaf modules only; ptflops counts every hooked
		// module, FlopCounterMode takes the ruled module as one operator.
		{"thop custom_ops", strings.Replace(customModule, "%s", "", 1) + "model = CustomModule()\n",
			map[string]int64{"ultralytics-thop": 173408256, "thop": 173408256, "thop-0.0.31": 86704128 + 3211264,
				"ptflops": 86704128 + 86704128 + 3211264, "torch": 86704128, "torchinfo": 86704128 + 3211264}, 1792},
		// Not the root: thop ≥ 0.1 takes the ruled module as a whole.
		{"thop custom_ops child", strings.Replace(customModule, "%s", "", 1) + "model = Sequential(CustomModule())\n",
			map[string]int64{"ultralytics-thop": 86704128, "thop": 86704128, "ptflops": 86704128 + 86704128 + 3211264}, 1792},
		{"only thop", strings.Replace(customModule, "%s", `, convention="thop"`, 1) + "model = CustomModule()\n",
			map[string]int64{"thop": 173408256, "ultralytics-thop": 86704128, "torch": 2 * 86704128}, 1792},
		// pytorch test/test_flop_counter.py test_custom:
		// custom_mapping={aten.add: lambda *args, out: 5} on a + a → 5.
		{"torch custom_mapping", "def A():\n    self = Module(\"A\")\n    self.forward = lambda a: a + a\n    return self\n\ncount_rule(\"operator.add\", 5, convention=\"torch\")\nmodel = A()\ninput_shape = (4, 5)\n",
			map[string]int64{"torch": 5, "fvcore": 0}, 0},
		// sovrasov/flops-counter.pytorch tests/common_test.py test_aten_custom
		// (custom_modules_hooks={aten.mm: lambda inputs, outputs: 42}) and
		// test_aten_ignore (ignore_modules=[aten.matmul, aten.mm]).
		{"ptflops aten custom", "count_rule(\"Tensor.matmul\", lambda inputs, output: 42, convention=\"ptflops-aten\")\n" + mm,
			map[string]int64{"ptflops-aten": 42, "torch": 20}, 0},
		{"ptflops aten ignore", "count_rule(\"Tensor.matmul\", 0, convention=[\"ptflops-aten\"])\n" + mm,
			map[string]int64{"ptflops-aten": 0}, 0},
	} {
		rep, err := Analyze(Request{Script: tc.script, AllConventions: true})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for id, want := range tc.want {
			if got := rep.Conventions[id]; got.Count != want || (id == "ultralytics-thop" && got.Params != tc.params) {
				t.Errorf("%s %s: %d (params %d), want %d (%d)", tc.name, id, got.Count, got.Params, want, tc.params)
			}
		}
	}
	rep, err := Analyze(Request{Script: strings.Replace(customModule, "%s", "", 1) + "model = CustomModule()\n", Convention: "thop"})
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Layers[len(rep.Layers)-1].Formula; f != "thop: 86,704,128 (count_rule at model.star:7:11)" {
		t.Errorf("formula %q", f)
	}
}

// TestCountRuleErrors: bad rules are positioned errors with a hint.
func TestCountRuleErrors(t *testing.T) {
	net := "model = Sequential(Linear(4, 3))\ninput_shape = (2, 4)\n"
	for _, tc := range []struct{ script, want string }{
		{`count_rule("Linear", -1)` + "\n", "model.star:1:11: count_rule: count -1 is not a non-negative 64-bit integer"},
		{`count_rule("Linear", "many")` + "\n", "model.star:1:11: count_rule: count must be an int or a function, not string"},
		{`count_rule("Linear", 1, convention="torchinfo")` + "\n", `model.star:1:11: count_rule: "torchinfo" takes no custom counting rules (the tools that do: thop, ptflops, fvcore, torch)`},
		{`count_rule("Linear", 1, convention="floplab")` + "\n", "model.star:1:11: count_rule: floplab counts from the layers' own formulas; a rule says how a tool counts"},
		{`count_rule("Linear", lambda i, o: "x")` + "\n", `model.star:1:11: count_rule("Linear"): the rule returned "x" for the call at model.star:2:26, not a non-negative integer`},
		{`count_rule("Linear", lambda i, o: 1 // 0)` + "\n", "model.star:1:37: floored division by zero"},
		{`count_rule()` + "\n", "model.star:1:11: count_rule: missing argument for target"},
	} {
		_, err := Analyze(Request{Script: tc.script + net})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v\nwant %q", tc.script, err, tc.want)
		}
	}
}
