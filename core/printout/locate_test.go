package printout

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/msg"
)

// TestTraceErrorsPointAtThePrintout runs pasted printouts through
// core.Analyze: an error the converted script raises is placed on the
// printout line of the module it concerns.
func TestTraceErrorsPointAtThePrintout(t *testing.T) {
	for _, tc := range readCases(t, "testdata/trace_errors.txt") {
		t.Run(fmt.Sprintf("line%d", tc.line), func(t *testing.T) {
			rep, err := core.Analyze(core.Request{Script: tc.input, Filename: "pasted.txt", Importers: []core.Importer{Importer{}}})
			if err == nil && rep != nil && !rep.Complete {
				// A failed trace is a partial result: the error is the
				// first module not counted, at its printout line.
				inc := rep.Incomplete[0]
				m := strings.TrimPrefix(inc.Reason, "the trace stopped here: ")
				if inc.Module != "" {
					m = inc.Module + ": " + m
				}
				err = &diag.Error{Pos: diag.Pos{File: "pasted.txt", Line: inc.Line, Col: -1}, Msg: msg.Lit(m), Hint: msg.Lit(inc.Reason)}
			}
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
					got := fmt.Sprintf("%d:%d", de.Pos.Line, de.Pos.Col)
					if de.Pos.Col == -1 {
						pos, _, _ = strings.Cut(pos, ":")
						got = fmt.Sprint(de.Pos.Line)
					}
					if got != pos || de.Pos.File != "pasted.txt" || !strings.Contains(err.Error(), text) {
						t.Errorf("error %v, want pasted.txt:%s: …%s…", err, pos, text)
					}
				case "hint":
					var de *diag.Error
					if !errors.As(err, &de) || !strings.Contains(de.Hint.String(), arg) {
						t.Errorf("error %v: hint lacks %q", err, arg)
					}
				default:
					t.Fatalf("bad expectation %q", e)
				}
			}
		})
	}
}
