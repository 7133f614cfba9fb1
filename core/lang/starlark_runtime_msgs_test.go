package lang

import (
	"regexp"
	"strings"
	"testing"

	"floplab/core/msg"
)

// TestStarlarkRuntimeMessages: Starlark's run-time errors that stop a
// trace (a printout's converted script ends in them: T5 without its
// decoder input, an LSTM's tuple fed to a Linear) keep their English text
// byte for byte and read in Chinese.
func TestStarlarkRuntimeMessages(t *testing.T) {
	for _, m := range starlarkRuntimeMessages {
		if !msg.Has(m.format) {
			t.Errorf("no Chinese for %q", m.format)
		}
	}
	han := regexp.MustCompile(`\p{Han}`)
	ascii := regexp.MustCompile(`[a-z]{3,} [a-z]{3,}`)
	for _, c := range []struct{ src, en string }{
		{"input_shape = (1, 4)\na, b = (1, 2, 3, 4)\n", "too many values to unpack (got 4, want 2)"},
		{"input_shape = (1, 4)\nx = 3\nx()\n", "invalid call of non-function (int)"},
		{"input_shape = (1, 4)\ndef forward(x, decoder_input_ids):\n    return x\nforward(1)\n", "function forward missing 1 argument (decoder_input_ids)"},
		{"input_shape = (1, 4)\nh = (1, 2)\nh.shape\n", "tuple has no .shape field or method"},
		{"input_shape = (1, 4)\nx = 1 + \"a\"\n", "unknown binary op: int + string"},
		{"input_shape = (1, 4)\nx = [1, 2][5]\n", "list index 5 out of range [-2:1]"},
		{"input_shape = (1, 4)\nx = {}[\"k\"]\n", `key "k" not in dict`},
	} {
		_, err := Run(c.src, Options{Limits: Limits{Steps: 100_000, Nodes: 1000, Modules: 1000, Elements: 1 << 40, ScriptBytes: 1 << 16}})
		de := diagErr(t, err)
		if got := de.Msg.String(); !strings.Contains(got, c.en) {
			t.Errorf("%q: message %q lacks %q", c.src, got, c.en)
			continue
		}
		if zh := de.MsgIn(msg.ZH); !han.MatchString(zh) || ascii.MatchString(zh) {
			t.Errorf("%q: Chinese %q", c.src, zh)
		}
	}
}
