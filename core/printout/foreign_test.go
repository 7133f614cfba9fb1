package printout

import (
	"fmt"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/diag"
)

// TestForeign: text in another format is named, at the line that shows
// it, and Analyze answers with what it is and what to paste instead
// instead of a script parser's "got ':', want newline".
func TestForeign(t *testing.T) {
	for _, tc := range readCases(t, "testdata/foreign.txt") {
		t.Run(fmt.Sprintf("line%d", tc.line), func(t *testing.T) {
			kind, line := Identify(tc.input)
			want := tc.expect[0]
			if got := fmt.Sprintf("%s %d", orNone(kind), line); got != want {
				t.Fatalf("Identify = %s, want %s", got, want)
			}
			if kind == "" {
				return
			}
			_, err := core.Analyze(core.Request{Script: tc.input, Filename: "pasted.txt", Importers: []core.Importer{Importer{}, core.ConfigImporter{}, Foreign{}}})
			de, ok := err.(*diag.Error)
			if !ok || de.Pos.Line != line || !strings.Contains(de.Msg.String(), "this is ") || de.Hint.String() == "" {
				t.Errorf("Analyze: %v, want an error at line %d saying what the text is, with a hint", err, line)
			}
		})
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
