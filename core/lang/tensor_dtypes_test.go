package lang

import (
	"os"
	"strings"
	"testing"
)

// TestTensorDTypes: torch.tensor infers the dtype and shape PyTorch
// does (ints and bools are integers, a float makes it float, nested
// lists are dimensions), and casts (.to, .type, .type_as, .float(),
// .long()) change the dtype as in PyTorch: each expression of
// testdata/tensor_dtypes.txt, evaluated on torch 1.13, against the same
// expression in a script's forward.
func TestTensorDTypes(t *testing.T) {
	want, err := os.ReadFile("testdata/tensor_dtypes.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(want)), "\n")
	var cases [][2]string
	for i := 0; i+1 < len(lines); i++ {
		if strings.HasPrefix(lines[i], "#") {
			continue
		}
		w, _, _ := strings.Cut(strings.TrimPrefix(lines[i+1], "=> "), "  #")
		cases = append(cases, [2]string{lines[i], w})
		i++
	}
	if len(cases) < 25 {
		t.Fatalf("%d cases read", len(cases))
	}
	for _, c := range cases {
		src := "def M():\n    self = Module(\"M\")\n\n    def forward(x):\n        t = " + c[0] +
			"\n        fail([t.dtype, list(t.shape)])\n\n    self.forward = forward\n    return self\n\nmodel = M()\ninput_shape = (2, 3)\n"
		_, err := Run(src, Options{})
		if err == nil {
			t.Errorf("%s: no value", c[0])
			continue
		}
		got := err.Error()
		if i := strings.LastIndex(got, ": "); i >= 0 && strings.HasPrefix(got, "model.star:") {
			got = got[i+2:]
		}
		if got != c[1] {
			t.Errorf("%s\n got %s\nwant %s (torch 1.13)", c[0], got, c[1])
		}
	}
}

// TestTensorDataErrors: data torch.tensor cannot take is a positioned
// error, a list that contains itself included, and so are bad
// torch.arange, torch.randint and torch.zeros_like calls.
func TestTensorDataErrors(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{`torch.tensor([[1, 2], [3]])`, "torch.tensor: expected a list of length 2 at dimension 1 (got 1)"},
		{`torch.tensor([1, [2]])`, "torch.tensor: a list where a number was at the same depth before"},
		{`torch.tensor([[1], 2])`, "torch.tensor: a number where a list of length 1 was expected at dimension 1"},
		{`torch.tensor(["a"])`, "torch.tensor: cannot make a tensor of string"},
		{`torch.tensor([1], dtype="int8")`, `torch.tensor: unknown dtype "int8"`},
		{`torch.tensor(loop)`, "torch.tensor: more than 64 dimensions"},
		{`torch.arange(0, 4, 0)`, "torch.arange: upper bound and larger bound inconsistent with step sign"},
		{`torch.arange(4, 0)`, "torch.arange: upper bound and larger bound inconsistent with step sign"},
		{`torch.arange(0, 1e300, 0.5)`, "has more than"},
		{`torch.arange("a")`, "torch.arange: start, end and step are numbers, not string"},
		{`torch.randint(5)`, "torch.randint takes high and size, or low, high and size"},
		{`torch.zeros_like((2, 3))`, "torch.zeros_like takes a tensor, not tuple"},
	} {
		src := "loop = []\nloop.append(loop)\nt = " + tc.expr + "\n"
		_, err := Run(src, Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "model.star:3:") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want model.star:3:...: %s", tc.expr, err, tc.want)
		}
	}
}
