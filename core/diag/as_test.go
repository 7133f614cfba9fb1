package diag

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"floplab/core/msg"
)

// asMethod is an error that says it is a *Error through its As method.
type asMethod struct{ e *Error }

func (a asMethod) Error() string { return "as-method" }
func (a asMethod) As(target any) bool {
	if p, ok := target.(**Error); ok {
		*p = a.e
		return true
	}
	return false
}

// TestErrorsAsMatchesErrorsAs: ErrorsAs finds what errors.As finds, the same
// value, for concrete, pointer and interface targets through fmt.Errorf's
// %w, errors.Join, List-free chains and As methods.
func TestErrorsAsMatchesErrorsAs(t *testing.T) {
	de := &Error{Msg: msg.Lit("x")}
	other := &Error{Msg: msg.Lit("y")}
	var syn error = &json.SyntaxError{Offset: 7}
	chains := []error{
		nil,
		errors.New("plain"),
		de,
		fmt.Errorf("wrapped: %w", de),
		fmt.Errorf("twice: %w", fmt.Errorf("once: %w", de)),
		errors.Join(errors.New("a"), fmt.Errorf("b: %w", other), de),
		fmt.Errorf("two: %w and %w", errors.New("a"), de),
		asMethod{de},
		fmt.Errorf("wrapped as-method: %w", asMethod{other}),
		base64.CorruptInputError(12),
		fmt.Errorf("b64: %w", base64.CorruptInputError(3)),
		syn,
		&fs.PathError{Op: "open", Path: "p", Err: syn},
		errors.Join(nil, errors.New("only")),
	}
	for i, err := range chains {
		var g1, w1 *Error
		if got, want := ErrorsAs(err, &g1), errors.As(err, &w1); got != want || g1 != w1 {
			t.Errorf("%d %v: *Error: %v %p, errors.As %v %p", i, err, got, g1, want, w1)
		}
		var g2, w2 base64.CorruptInputError
		if got, want := ErrorsAs(err, &g2), errors.As(err, &w2); got != want || g2 != w2 {
			t.Errorf("%d %v: CorruptInputError: %v %d, errors.As %v %d", i, err, got, g2, want, w2)
		}
		var g3, w3 *json.SyntaxError
		if got, want := ErrorsAs(err, &g3), errors.As(err, &w3); got != want || g3 != w3 {
			t.Errorf("%d %v: *json.SyntaxError: %v, errors.As %v", i, err, got, want)
		}
		var g4, w4 interface {
			error
			Unwrap() error
		}
		if got, want := ErrorsAs(err, &g4), errors.As(err, &w4); got != want || g4 != w4 {
			t.Errorf("%d %v: Unwrap interface: %v %v, errors.As %v %v", i, err, got, g4, want, w4)
		}
	}
}
