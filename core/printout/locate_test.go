package printout

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/diag"
)

// TestTraceErrorsPointAtThePrintout runs pasted printouts through
// core.Analyze: an error the converted script raises is placed on the
// printout line of the module it concerns.
func TestTraceErrorsPointAtThePrintout(t *testing.T) {
	for _, tc := range readCases(t, "testdata/trace_errors.txt") {
		t.Run(fmt.Sprintf("line%d", tc.line), func(t *testing.T) {
			_, err := core.Analyze(core.Request{Script: tc.input, Filename: "pasted.txt", Importers: []core.Importer{Importer{}}})
			for _, e := range tc.expect {
				verb, arg, _ := strings.Cut(e, " ")
				switch verb {
				case "ok":
					if err != nil {
						t.Fatalf("unexpected error: %v", err)
					}
				case "error":
					pos, text, _ := strings.Cut(arg, ": ")
					var de *diag.Error
					if !errors.As(err, &de) {
						t.Fatalf("error %v (%T), want pasted.txt:%s: %s", err, err, pos, text)
					}
					if got := fmt.Sprintf("%d:%d", de.Pos.Line, de.Pos.Col); got != pos || de.Pos.File != "pasted.txt" || !strings.Contains(err.Error(), text) {
						t.Errorf("error %v, want pasted.txt:%s: …%s…", err, pos, text)
					}
				case "hint":
					var de *diag.Error
					if !errors.As(err, &de) || !strings.Contains(de.Hint, arg) {
						t.Errorf("error %v: hint lacks %q", err, arg)
					}
				default:
					t.Fatalf("bad expectation %q", e)
				}
			}
		})
	}
}
