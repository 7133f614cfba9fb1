package lang

import (
	"errors"
	"fmt"

	"floplab/core/units"
)

// Limits bound what a script may do, so hostile scripts and links end
// quickly with a clear error.
type Limits struct {
	// Steps is the Starlark execution step budget.
	Steps uint64
	// Nodes is the maximum number of recorded calls.
	Nodes int
	// Modules is the maximum number of module instances created.
	Modules int
	// Elements is the maximum number of elements of any tensor.
	Elements int64
	// ScriptBytes is the maximum script size.
	ScriptBytes int
}

// DefaultLimits are generous for every real network (a 7B-parameter LLM
// traces in well under them) and small enough to answer within a second.
//
// Steps: the gallery's most demanding presets take 20,000–33,000 Starlark
// steps (regnet_x_400mf 32,483, llama-3-8b 26,895, efficientnet_b3 24,314,
// densenet201 19,778, swin_t 18,174) and a generated 10,000-layer
// Sequential 115,020, about 11 steps a layer. 3,000,000 is 90 times the
// largest preset and just enough for a loop of module constructions or
// calls to meet the Modules or Nodes limit first, while a script that never ends (while True: x = 1) uses it up
// in about 15 ms natively, a few hundred in the browser.
// TestPresetsWithinStepLimit keeps the margin.
//
// Nodes and Modules: the largest presets record about 2,100 calls
// (mistral-7b) and a generated 10,000-layer model 10,001 modules; 50,000
// leaves room for any real network and stops a runaway loop of layers in
// about 0.1 s natively (0.46 s at 200,000).
var DefaultLimits = Limits{
	Steps:       3_000_000,
	Nodes:       50_000,
	Modules:     50_000,
	Elements:    1 << 50, // about 1.1e15 elements
	ScriptBytes: 1 << 20,
}

// overflowError is reported when an exact count does not fit in int64.
type overflowError struct{ what string }

func (e *overflowError) Error() string {
	return fmt.Sprintf("%s does not fit in a 64-bit integer (more than 9.2e18)", e.what)
}

// countErr is the error of a units.Acc as the tracer reports it: an
// overflow as "a count does not fit in a 64-bit integer", others as they
// are; nil stays nil.
func countErr(err error) error {
	if errors.Is(err, units.ErrOverflow) {
		return &overflowError{"a count"}
	}
	return err
}
