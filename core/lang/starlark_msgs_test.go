package lang

import (
	"regexp"
	"strings"
	"testing"

	"floplab/core/msg"
)

// TestStarlarkMessages: each of Starlark's own messages read back renders
// as the original in English and has a Chinese format.
func TestStarlarkMessages(t *testing.T) {
	for _, m := range starlarkMessages {
		if !msg.Has(m.format) {
			t.Errorf("no Chinese for %q", m.format)
		}
	}
	han := regexp.MustCompile(`\p{Han}`)
	for _, c := range []struct{ src, want string }{
		{"input_shape = (1, 3, 32, 32)\nConv2D(3, 8, 3)\n", "undefined: Conv2D"},
		{"input_shape = (1, 3, 32, 32)\nFrobnicate(3)\n", "undefined: Frobnicate"},
		{"input_shape = (1, 3, 224, 224)\nConv2d(3, 64, 3,\n    3\n    ReLU()\n)\n", "got identifier, want ','"},
		{"input_shape = (1, 3)\nclass Net(nn.Module):\n    pass\n", "got class, want primary expression"},
		{"input_shape = (1, 4)\nx = torch.randn(1, 4)\ny = F.softmax(x, dimension=1)\n", "F.softmax: unexpected keyword argument \"dimension\""},
		{"input_shape = (1, 4)\nx = torch.randn(1, 4)\nF.linear(x)\n", "F.linear: missing argument for weight"},
		{"input_shape = (1, 4)\nwhile True:\n    pass\n", "too many steps"},
	} {
		_, err := Run(c.src, Options{Limits: Limits{Steps: 100_000, Nodes: 1000, Modules: 1000, Elements: 1 << 40, ScriptBytes: 1 << 16}})
		de := diagErr(t, err)
		if !strings.Contains(de.Msg.String(), c.want) {
			t.Errorf("%q: message %q lacks %q", c.src, de.Msg.String(), c.want)
			continue
		}
		if zh := de.MsgIn(msg.ZH); !han.MatchString(zh) {
			t.Errorf("%q: Chinese %q", c.src, zh)
		}
	}
}

func TestMatchFormat(t *testing.T) {
	for _, c := range []struct {
		format, s string
		words     bool
		want      []string // nil: no match
	}{
		{"undefined: %s", "undefined: Conv2D", true, []string{"Conv2D"}},
		{"undefined: %s", "undefined: Conv2D (did you mean Conv2d?)", true, nil},
		{"undefined: %s (did you mean %s?)", "undefined: Conv2D (did you mean Conv2d?)", true, []string{"Conv2D", "Conv2d"}},
		{"got %s, want %s", "got string literal, want ','", false, []string{"string literal", "','"}},
		{"got %s, want %s", "got ',', want ')'", false, []string{"','", "')'"}},
		{"%s: unexpected keyword argument %s", `F.softmax: unexpected keyword argument "dimension"`, true, []string{"F.softmax", `"dimension"`}},
		{"%s: missing argument for %s", "a:b: missing argument for z", true, []string{"a:b", "z"}},
		{"%s: missing argument for %s", "a b: missing argument for z", true, nil},
		{"invalid syntax", "invalid syntax", false, []string{}},
		{"invalid syntax", "invalid syntax!", false, nil},
		{"got %s, want %s", "got , want x", false, nil},
	} {
		vals, ok := matchFormat(c.format, c.s, c.words)
		if ok != (c.want != nil) {
			t.Errorf("matchFormat(%q, %q) = %v, %v", c.format, c.s, vals, ok)
			continue
		}
		for i, v := range vals {
			if v != c.want[i] {
				t.Errorf("matchFormat(%q, %q) value %d = %q, want %q", c.format, c.s, i, v, c.want[i])
			}
		}
		if ok && msg.F(c.format, vals...).String() != c.s && len(vals) > 0 {
			t.Errorf("%q does not render back as %q", c.format, c.s)
		}
		// An error stores only the text read back: its English is
		// Starlark's own message, whatever matched.
		if got := starlarkText(c.s).String(); got != c.s {
			t.Errorf("starlarkText(%q) renders as %q", c.s, got)
		}
	}
}
