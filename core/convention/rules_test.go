package convention_test

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"floplab/core/convention"
	"floplab/core/lang"
)

var updateRules = flag.Bool("update", false, "rewrite testdata/rules.golden")

// ruleScript is a small script that calls class (a module class or a
// function type) once, for TestEveryRuleExercised.
func ruleScript(class string) (string, bool) {
	const fnModel = "def Net():\n    self = Module('Net')\n    self.forward = lambda x: %s\n    return self\nmodel = Net()\n"
	fnCase := func(shape, expr string) (string, bool) {
		return "input_shape = " + shape + "\n" + fmt.Sprintf(fnModel, expr), true
	}
	spatial := func(d string, size string) string {
		switch d {
		case "1":
			return "(1, 2, " + size + ")"
		case "3":
			return "(1, 2, 4, 4, 4)"
		}
		return "(1, 2, " + size + ", " + size + ")"
	}
	if m := regexp.MustCompile(`^(Lazy)?(Conv|ConvTranspose)([123])d$`).FindStringSubmatch(class); m != nil {
		args := "2, 4, 3"
		if m[1] != "" {
			args = "4, 3"
		}
		return "input_shape = " + spatial(m[3], "6") + "\nmodel = " + class + "(" + args + ")\n", true
	}
	if m := regexp.MustCompile(`^(Lazy)?(BatchNorm|InstanceNorm)([123])d$`).FindStringSubmatch(class); m != nil {
		args := "2"
		if m[1] != "" {
			args = ""
		}
		if m[2] == "InstanceNorm" {
			args += ", affine=True"
		}
		shape := spatial(m[3], "5")
		if class == "BatchNorm1d" || class == "LazyBatchNorm1d" || class == "InstanceNorm1d" {
			shape = "(3, 2, 5)"
		}
		return "input_shape = " + shape + "\nmodel = " + class + "(" + args + ")\n", true
	}
	if m := regexp.MustCompile(`^(Max|Avg)Pool([123])d$`).FindStringSubmatch(class); m != nil {
		return "input_shape = " + spatial(m[2], "6") + "\nmodel = " + class + "(2)\n", true
	}
	if m := regexp.MustCompile(`^Adaptive(Max|Avg)Pool([123])d$`).FindStringSubmatch(class); m != nil {
		return "input_shape = " + spatial(m[2], "7") + "\nmodel = " + class + "(3)\n", true
	}
	if m := regexp.MustCompile(`^F\.(max|avg)_pool([123])d$`).FindStringSubmatch(class); m != nil {
		return fnCase(spatial(m[2], "6"), class+"(x, 2)")
	}
	if m := regexp.MustCompile(`^F\.adaptive_(max|avg)_pool([123])d$`).FindStringSubmatch(class); m != nil {
		return fnCase(spatial(m[2], "7"), class+"(x, 3)")
	}
	switch class {
	case "SyncBatchNorm":
		return "input_shape = (2, 2, 5, 5)\nmodel = SyncBatchNorm(2)\n", true
	case "LayerNorm":
		return "input_shape = (2, 3, 4)\nmodel = LayerNorm(4)\n", true
	case "GroupNorm":
		return "input_shape = (2, 4, 3, 3)\nmodel = GroupNorm(2, 4)\n", true
	case "ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "GELU", "SiLU", "Dropout":
		return "input_shape = (2, 3, 4)\nmodel = " + class + "()\n", true
	case "Softmax":
		return "input_shape = (2, 3, 4)\nmodel = Softmax(dim=-1)\n", true
	case "ZeroPad2d":
		return "input_shape = (1, 2, 3, 3)\nmodel = ZeroPad2d(1)\n", true
	case "Linear":
		return "input_shape = (2, 3, 4)\nmodel = Linear(4, 5)\n", true
	case "LazyLinear":
		return "input_shape = (2, 3, 4)\nmodel = LazyLinear(5)\n", true
	case "Bilinear":
		return "input_shapes = [(3, 4), (3, 2)]\nmodel = Bilinear(4, 2, 5)\n", true
	case "Upsample":
		return "input_shape = (2, 2, 4, 4)\nmodel = Upsample(scale_factor=2, mode='bilinear')\n", true
	case "UpsamplingNearest2d", "UpsamplingBilinear2d":
		return "input_shape = (2, 2, 4, 4)\nmodel = " + class + "(scale_factor=2)\n", true
	case "RNN", "GRU", "LSTM":
		return "input_shape = (3, 2, 4)\nmodel = " + class + "(4, 5, 2)\n", true
	case "RNNCell", "GRUCell", "LSTMCell":
		return "input_shape = (2, 4)\nmodel = " + class + "(4, 5)\n", true
	case "MultiheadAttention":
		return "input_shape = (5, 2, 8)\ndef Net():\n    self = Module('Net')\n    self.attn = MultiheadAttention(8, 2)\n" +
			"    def forward(x):\n        y, _ = self.attn(x, x, x)\n        return y\n    self.forward = forward\n    return self\nmodel = Net()\n", true
	case "*":
		return "input_shape = (1, 2, 6, 6)\nmodel = Sequential(Conv2d(2, 4, 3), BatchNorm2d(4), ReLU(), Flatten(), Linear(64, 5))\n", true
	case "F.relu", "F.elu", "F.relu6", "F.gelu", "F.silu":
		return fnCase("(2, 3, 4)", class+"(x)")
	case "F.softmax":
		return fnCase("(2, 3, 4)", "F.softmax(x, dim=-1)")
	case "F.interpolate":
		return fnCase("(1, 2, 4, 4)", class+"(x, scale_factor=2, mode='bilinear')")
	case "torch.matmul", "torch.bmm":
		return fnCase("(2, 4, 4)", class+"(x, x)")
	case "Tensor.matmul", "Tensor.bmm":
		return fnCase("(2, 4, 4)", "x."+strings.TrimPrefix(class, "Tensor.")+"(x)")
	case "operator.matmul":
		return fnCase("(2, 4, 4)", "x @ x")
	case "torch.mm":
		return fnCase("(4, 4)", "torch.mm(x, x)")
	case "Tensor.mm":
		return fnCase("(4, 4)", "x.mm(x)")
	case "torch.addmm":
		return fnCase("(4, 4)", "torch.addmm(x, x, x)")
	case "Tensor.addmm":
		return fnCase("(4, 4)", "x.addmm(x, x, beta=0)")
	case "torch.mul", "torch.add":
		return fnCase("(2, 3, 4)", class+"(x, x)")
	case "Tensor.mul", "Tensor.add":
		return fnCase("(2, 3, 4)", "x."+strings.TrimPrefix(class, "Tensor.")+"(x)")
	case "F.linear":
		return fnCase("(3, 4)", "F.linear(x, x)")
	case "F.scaled_dot_product_attention":
		return fnCase("(1, 2, 4, 8)", "F.scaled_dot_product_attention(x, x, x)")
	case "torch.baddbmm", "Tensor.baddbmm":
		call := "torch.baddbmm(i, a, b)"
		if class == "Tensor.baddbmm" {
			call = "i.baddbmm(a, b, beta=0)"
		}
		return "input_shapes = [(3, 5), (2, 3, 4), (2, 4, 5)]\ndef Net():\n    self = Module('Net')\n" +
			"    self.forward = lambda i, a, b: " + call + "\n    return self\nmodel = Net()\n", true
	case "torch.einsum":
		return "input_shapes = [(2, 3, 4), (2, 4, 5)]\ndef Net():\n    self = Module('Net')\n" +
			"    self.forward = lambda a, b: torch.einsum('bij,bjk->bik', a, b)\n    return self\nmodel = Net()\n", true
	case "F.batch_norm":
		return fnCase("(2, 3, 4)", "F.batch_norm(x, None, None, training=True)")
	case "F.layer_norm":
		return fnCase("(2, 3, 4)", "F.layer_norm(x, (4,))")
	}
	return "", false
}

// TestEveryRuleExercised runs, for every rule of every convention, a
// script that calls its class and pins the convention's figure and
// formulas for the calls of that class in testdata/rules.golden: a change
// to any rule (a term dropped, swapped, a coefficient, a functional mark)
// changes a figure or a formula there, also for classes no preset uses
// (thop's LeakyReLU). -update rewrites the file.
func TestEveryRuleExercised(t *testing.T) {
	type key struct{ conv, class string }
	var keys []key
	for _, c := range convention.All() {
		for _, tb := range []map[string]convention.Rule{c.ModuleRules(), c.FunctionRules()} {
			for class := range tb {
				keys = append(keys, key{c.ID, class})
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].conv != keys[j].conv {
			return keys[i].conv < keys[j].conv
		}
		return keys[i].class < keys[j].class
	})
	graphs := map[string]*lang.Result{}
	// A convention that leaves out the root module's own count (thop
	// 0.0.31) sees a single-layer script's layer inside a Sequential.
	single := regexp.MustCompile(`(?m)^model = ([A-Z]\w*\(.*\))$`)
	var b strings.Builder
	for _, k := range keys {
		conv, _ := convention.Lookup(k.conv)
		gk := k.class
		if conv.RootUncounted {
			gk += " in a Sequential"
		}
		res, ok := graphs[gk]
		if !ok {
			src, ok := ruleScript(k.class)
			if !ok {
				t.Errorf("%s has a rule for %s, and the test has no script that calls it: add one to ruleScript", k.conv, k.class)
				continue
			}
			if conv.RootUncounted {
				src = single.ReplaceAllString(src, "model = Sequential($1)")
			}
			var err error
			if res, err = lang.Run(src, lang.Options{}); err != nil {
				t.Fatalf("%s: %v\n%s", k.class, err, src)
			}
			graphs[gk] = res
		}
		r, err := convention.Evaluate(conv, res.Graph)
		if err != nil {
			t.Fatalf("%s %s: %v", k.conv, k.class, err)
		}
		var parts []string
		for i, n := range res.Graph.Nodes {
			if n.Type == k.class || k.class == "*" {
				parts = append(parts, fmt.Sprintf("%s=%d %q", n.Name, r.PerNode[i], r.Formula(i)))
			}
		}
		if len(parts) == 0 {
			t.Errorf("%s: the script for %s makes no node of that type", k.conv, k.class)
		}
		fmt.Fprintf(&b, "%s\t%s\tcount %d, params %d\t%s\n", k.conv, k.class, r.Count, r.Params, strings.Join(parts, " | "))
	}
	const file = "testdata/rules.golden"
	const header = "# Each convention's figure and formulas for a script calling each class it has a rule for\n" +
		"# (rules_test.go ruleScript): FlopLab's reproduction, pinned so that any rule change shows here.\n" +
		"# The rules are checked against the real tools by the calibration and per-layer tests.\n" +
		"# Regenerate: go test ./core/convention -run TestEveryRuleExercised -update\n"
	if *updateRules {
		if err := os.WriteFile(file, []byte(header+b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(b.String(), "\n")
	wl := strings.Split(strings.TrimPrefix(string(want), header), "\n")
	n := 0
	for i := 0; i < len(got) || i < len(wl); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w && n < 10 {
			t.Errorf("rule line %d:\n got %s\nwant %s", i+1, g, w)
			n++
		}
	}
}
