// Package diag is the error type every FlopLab front end shows: a message
// at a file position, with the layer it concerns and a hint on what to do.
// Errors print as "file:line:col: message" like Go's and Starlark's.
package diag

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"floplab/core/msg"
)

// Pos is a position in a source text; Line and Col count from 1, and 0
// means unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

func (p Pos) String() string {
	file := p.File
	if file == "" {
		file = "model"
	}
	switch {
	case p.Line == 0:
		return file
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", file, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// Kinds of errors, for front ends that react to some: errors.Is(err,
// diag.ErrTiePair) holds for an *Error whose Kind is ErrTiePair, and for a
// List holding one. A kind is a category, never shown: the message says
// what happened.
var (
	// ErrInput: an input shape that cannot be read or does not fit the
	// model (the CLI's --input, the page's input field, a link's input=).
	ErrInput = errors.New("input shape")
	// ErrTiePair: a weight tie names modules the model does not have, or
	// whose weights cannot be one tensor.
	ErrTiePair = errors.New("weight tie")
	// ErrTieScript: weight ties were given for a model script or a preset
	// (they apply to a pasted printout only).
	ErrTieScript = errors.New("weight ties on a script")
	// ErrUnknownName: an unknown preset, convention, dtype, device,
	// optimizer or mode.
	ErrUnknownName = errors.New("unknown name")
	// ErrLink: a share link that cannot be read.
	ErrLink = errors.New("share link")
	// ErrLimit: a script or link beyond a bound (steps, modules, nodes,
	// elements, sizes).
	ErrLimit = errors.New("limit")
)

// Error is one problem found in a user's input. Its message and hint are
// texts (package msg) that render in English or Chinese; String of each
// is the English one.
type Error struct {
	Pos Pos
	// Msg is the message; Hint says what to do about it (zero for none).
	Msg, Hint msg.Text
	// Layer is the dotted module path involved, if any ("layer1.0.conv1").
	Layer string
	// Kind is the error's kind (ErrInput, ...), nil for none; errors.Is
	// sees it.
	Kind error
}

// WithKind sets e's kind and returns e.
func (e *Error) WithKind(kind error) *Error {
	e.Kind = kind
	return e
}

// Unwrap is e's kind, for errors.Is.
func (e *Error) Unwrap() error { return e.Kind }

// New makes an error at pos whose message and hint (zero for none) render
// in any language.
func New(pos Pos, text, hint msg.Text) *Error {
	return &Error{Pos: pos, Msg: text, Hint: hint}
}

// MsgIn is the message in lang.
func (e *Error) MsgIn(lang string) string { return e.Msg.In(lang) }

// HintIn is the hint in lang.
func (e *Error) HintIn(lang string) string { return e.Hint.In(lang) }

func (e *Error) Error() string { return e.In(msg.EN) }

// LayerLabel is Layer as an error shows it before the message: none for
// a layer of a top-level Sequential, whose path is only its index ("7";
// a nested path such as "1.1" stays),
// which read as a stray number ("line 9, column 7 7: Linear(...)"); the
// position and the message name that layer.
func (e *Error) LayerLabel() string {
	if strings.Trim(e.Layer, "0123456789") == "" {
		return ""
	}
	return e.Layer
}

// In is the error as Error prints it, in lang: "file:line:col: layer:
// message (hint: hint)".
func (e *Error) In(lang string) string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	if l := e.LayerLabel(); l != "" {
		b.WriteString(l)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg.In(lang))
	if !e.Hint.IsZero() {
		b.WriteString(msg.F(" (hint: %s)", e.Hint.In(lang)).In(lang))
	}
	return b.String()
}

// Clip shortens a user's text quoted in a message to 40 bytes, cut on a
// rune boundary, with "…" in place of the rest.
func Clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	n := 40
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// List is several errors, in source order.
type List []*Error

func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Unwrap lists the errors, for errors.Is.
func (l List) Unwrap() []error {
	out := make([]error, 0, len(l))
	for _, e := range l {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// As extracts the positioned errors from err: a *Error, a List, or any
// other error as one Error without position.
func As(err error) List {
	switch e := err.(type) {
	case nil:
		return nil
	case *Error:
		return List{e}
	case List:
		return e
	}
	return List{{Msg: msg.Lit(err.Error())}}
}
