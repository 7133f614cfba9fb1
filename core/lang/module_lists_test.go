package lang

import (
	"os"
	"strings"
	"testing"
)

// TestModuleLists: modules(), named_modules(), children(),
// named_children(), parameters(), named_parameters(), buffers() and
// named_buffers() return what PyTorch's return, in its order, for the
// model of testdata/module_lists.py (a shared module, a child registered
// twice, a tied weight): each expression of testdata/module_lists.txt,
// evaluated on torch 1.13, against the same expression on the same model
// written as a script (testdata/module_lists.star).
func TestModuleLists(t *testing.T) {
	model, err := os.ReadFile("testdata/module_lists.star")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/module_lists.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(want)), "\n")
	var cases [][2]string
	for i := 0; i+1 < len(lines); i++ {
		if strings.HasPrefix(lines[i], "#") {
			continue
		}
		cases = append(cases, [2]string{lines[i], strings.TrimPrefix(lines[i+1], "=> ")})
		i++
	}
	if len(cases) < 15 {
		t.Fatalf("%d cases read", len(cases))
	}
	for _, c := range cases {
		// The script fails with the expression's value, so the value
		// comes back as the error text.
		src := string(model) + "\nfail(" + c[0] + ")\n"
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
