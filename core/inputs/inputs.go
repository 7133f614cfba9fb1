// Package inputs is FlopLab's one grammar for input shapes, shared by the
// CLI's --input, the page's input field and a link's input=, and the rules
// that read the short forms people write against the input the model
// declares.
//
// Syntax (Parse): dimensions separated by "x", "×", "X" or "*"
// ("1x3x224x224"), several inputs separated by "," or ";"
// ("1x128,1x128"); a tuple "(1, 3, 224, 224)" works too, then inputs are
// separated by ";". Spaces are ignored.
//
// Short forms (Fit), read against the model's declared input:
//
//   - the full shape, N×C×H×W for an image model: as written;
//   - C×H×W, without the batch (as ptflops' input_res and torchsummary's
//     input_size take it): the model's batch in front;
//   - H×W, or a single size S for S×S, for an image model (N×C×H×W): the
//     model's batch and channels in front;
//   - a sequence length L for a token model (N×L token ids): the model's
//     batch in front, for every input of that shape (BERT's ids and mask);
//   - any shape one dimension short of the model's: the batch in front.
//
// Every short form is said in a note ("input 3x224x224 read as
// 1x3x224x224: ..."), and a shape that fits no form gets an error whose
// hint lists the forms the model takes.
package inputs

import (
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
)

// MaxDims and MaxDim bound a typed input shape; the engine applies its own
// element limit on top. MaxInputs bounds how many inputs a text lists.
const (
	MaxDims   = 8
	MaxDim    = 1 << 31
	MaxInputs = 8
)

// hint is the hint of every syntax error: the forms Fit reads.
var hint = msg.F("write the shape as 1x3x224x224 (or 3x224x224, 224x224 or 224 for an image model, 128 tokens for a text model), several inputs separated by ';'")

func inputErr(hint msg.Text, format string, args ...any) *diag.Error {
	return diag.New(diag.Pos{File: "input"}, msg.F(format, args...), hint).WithKind(diag.ErrInput)
}

// Parse reads input shapes (see the package comment). Errors are
// *diag.Error of kind diag.ErrInput, at position "input".
func Parse(v string) ([][]int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, inputErr(hint, "empty input shape")
	}
	// A tuple form uses commas between dimensions; then ';' separates inputs.
	sep := ","
	if strings.ContainsAny(v, "();") || !strings.ContainsAny(v, "xX×*") {
		sep = ";"
	}
	var out [][]int64
	for _, part := range strings.Split(v, sep) {
		part = strings.TrimSpace(part)
		part = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(part, "("), ")"))
		part = strings.TrimSuffix(part, ",")
		if part == "" {
			return nil, inputErr(hint, "empty input shape in %q", diag.Clip(v))
		}
		fields := strings.FieldsFunc(part, func(r rune) bool {
			return r == 'x' || r == 'X' || r == '×' || r == '*' || r == ','
		})
		if len(fields) == 0 || len(fields) > MaxDims {
			return nil, inputErr(hint, "input shape %q must have 1 to %d dimensions", diag.Clip(part), MaxDims)
		}
		var shape []int64
		for _, f := range fields {
			n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			if err != nil || n <= 0 || n > MaxDim {
				return nil, inputErr(hint, "bad dimension %q in input shape %q", diag.Clip(strings.TrimSpace(f)), diag.Clip(part))
			}
			shape = append(shape, n)
		}
		out = append(out, shape)
		if len(out) > MaxInputs {
			return nil, inputErr(hint, "at most %d inputs", MaxInputs)
		}
	}
	return out, nil
}

// Format writes shapes the way Parse reads them: "1x3x224x224", inputs
// separated by ",".
func Format(shapes [][]int64) string {
	parts := make([]string, len(shapes))
	for i, s := range shapes {
		parts[i] = formatShape(s)
	}
	return strings.Join(parts, ",")
}

func formatShape(s []int64) string {
	ds := make([]string, len(s))
	for j, d := range s {
		ds[j] = strconv.FormatInt(d, 10)
	}
	return strings.Join(ds, "x")
}

// Fit reads the given shapes against the shapes the model declares
// (declared; dtype is the model's input dtype, "long" for token ids) and
// returns the shapes to trace, with a note for each short form read (see
// the package comment). Shapes of the model's rank, and any shapes when
// the model declares none, are returned as given. A shape longer than the
// model's, or one Fit cannot read, is an error of kind diag.ErrInput whose
// hint lists the forms the model takes.
func Fit(given, declared [][]int64, dtype string) ([][]int64, []msg.Text, error) {
	if len(declared) == 0 || len(given) == 0 {
		return given, nil, nil
	}
	// One sequence length for a model of several token inputs of one
	// shape (BERT's input ids, attention mask and token types).
	if len(given) == 1 && len(given[0]) == 1 && len(declared) > 1 && dtype == "long" && sameShapes(declared) && len(declared[0]) == 2 {
		out := make([][]int64, len(declared))
		for i, d := range declared {
			out[i] = []int64{d[0], given[0][0]}
		}
		return out, []msg.Text{msg.F("input %s read as %s: a sequence of %d tokens for each of the %d inputs, with the model's batch %d",
			formatShape(given[0]), Format(out), given[0][0], len(out), declared[0][0])}, nil
	}
	if len(given) != len(declared) {
		return given, nil, nil
	}
	out := make([][]int64, len(given))
	var notes []msg.Text
	for i, g := range given {
		d := declared[i]
		f, note, err := fitOne(g, d, dtype)
		if err != nil {
			return nil, nil, err
		}
		out[i] = f
		if !note.IsZero() {
			notes = append(notes, note)
		}
	}
	return out, notes, nil
}

// fitOne reads one shape g against the declared d.
func fitOne(g, d []int64, dtype string) ([]int64, msg.Text, error) {
	if len(g) == len(d) || len(d) == 0 {
		return g, msg.Text{}, nil
	}
	read := func(f []int64, how msg.Text) ([]int64, msg.Text, error) {
		return f, msg.F("input %s read as %s: %s", formatShape(g), formatShape(f), how), nil
	}
	switch {
	case len(g) > len(d):
	case len(d) == 4 && dtype != "long" && len(g) == 3:
		return read(append([]int64{d[0]}, g...),
			msg.F("channels × height × width with the model's batch %d, as ptflops and torchsummary take it", d[0]))
	case len(d) == 4 && dtype != "long" && len(g) == 2:
		return read([]int64{d[0], d[1], g[0], g[1]}, msg.F("height × width with the model's batch %d and %d channels", d[0], d[1]))
	case len(d) == 4 && dtype != "long" && len(g) == 1:
		return read([]int64{d[0], d[1], g[0], g[0]}, msg.F("a %d×%d image with the model's batch %d and %d channels", g[0], g[0], d[0], d[1]))
	case len(d) == 2 && dtype == "long" && len(g) == 1:
		return read([]int64{d[0], g[0]}, msg.F("a sequence of %d tokens with the model's batch %d", g[0], d[0]))
	case len(g) == len(d)-1:
		return read(append([]int64{d[0]}, g...), msg.F("the shape without its batch; the model's batch %d added in front", d[0]))
	}
	return nil, msg.Text{}, inputErr(forms(d, dtype), "input shape %s has %d dimensions; the model takes %d (%s)",
		formatShape(g), len(g), len(d), formatShape(d))
}

// forms is the hint listing the forms a model with input d takes.
func forms(d []int64, dtype string) msg.Text {
	full := formatShape(d)
	switch {
	case len(d) == 4 && dtype != "long":
		return msg.F("write %s, or %s without the batch, %s, or %d for a square image", full, formatShape(d[1:]), formatShape(d[2:]), d[2])
	case len(d) == 2 && dtype == "long":
		return msg.F("write %s, or the sequence length alone: %d", full, d[1])
	case len(d) > 1:
		return msg.F("write %s, or %s without the batch", full, formatShape(d[1:]))
	}
	return msg.F("write %s", full)
}

func sameShapes(ss [][]int64) bool {
	for _, s := range ss[1:] {
		if formatShape(s) != formatShape(ss[0]) {
			return false
		}
	}
	return true
}
