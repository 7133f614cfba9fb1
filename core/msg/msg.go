// Package msg renders FlopLab's user-facing texts (notes, formulas,
// verdicts) in English or Chinese.
//
// A Text is a format in fmt syntax with its arguments, rendered on demand
// in a language. The English format is also the message's key, as in
// gettext: English output is exactly fmt.Sprintf(format, args...), so the
// JSON and CLI texts stay what they were, and the Chinese format is looked
// up in a table each package registers next to the code that writes the
// texts (see Register). A Chinese format may reorder the arguments with
// fmt's explicit indexes (%[2]s); it must use the same verbs for the same
// arguments (the package's tests check every entry). A text with no
// Chinese entry renders in English, and Missing lists it.
//
// The same catalog also holds messages by stable ID (Define, ID, M): a
// dotted key with its English and Chinese text, for front ends (the page's
// labels, the CLI's headings) and for texts that tests and hooks name
// whatever their wording. An ID's English text is also registered as a key,
// so one message is translated once whichever way it is reached.
package msg

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"floplab/core/units"
)

// Languages.
const (
	EN = "en"
	ZH = "zh"
)

// Text is a message: Format (fmt syntax; the English text and the key)
// and its Args. An argument that is itself a Text is rendered in the same
// language. A Text without Args is literal (no % processing). A Text with
// an empty Format concatenates its rendered Args.
type Text struct {
	Format string
	Args   []any
	// ID, when set, names the catalog message Format is the English text
	// of (see M); its Chinese text comes from the catalog.
	ID ID
}

// F makes a Text.
func F(format string, args ...any) Text { return Text{Format: format, Args: args} }

// Lit is a text that reads the same in every language: a message that has
// only its English string (a parser's own message, an internal error).
func Lit(s string) Text { return Text{Args: []any{s}} }

// Cat concatenates parts (strings and Texts) into one Text.
func Cat(parts ...any) Text { return Text{Args: parts} }

// IsZero reports whether t is empty.
func (t Text) IsZero() bool { return t.Format == "" && len(t.Args) == 0 }

// InOr is t in lang, or fallback when t is empty (a message that has only
// its English string).
func (t Text) InOr(lang, fallback string) string {
	if t.IsZero() {
		return fallback
	}
	return t.In(lang)
}

// String is the English rendering.
func (t Text) String() string { return t.In(EN) }

// In renders t in lang (ZH, or English for anything else).
func (t Text) In(lang string) string {
	if t.Format == "" {
		if len(t.Args) == 0 {
			return ""
		}
		var b strings.Builder
		for _, a := range t.Args {
			b.WriteString(arg(lang, a))
		}
		return b.String()
	}
	f := Tr(lang, t.Format)
	if t.ID != "" {
		f = t.ID.In(lang)
	}
	if len(t.Args) == 0 {
		return f
	}
	args := t.Args
	copied := false
	for i, a := range t.Args {
		if x, ok := a.(Text); ok {
			if !copied {
				args, copied = append([]any(nil), t.Args...), true
			}
			args[i] = x.In(lang)
		}
	}
	return fmt.Sprintf(f, args...)
}

func arg(lang string, a any) string {
	switch x := a.(type) {
	case string:
		return x
	case Text:
		return x.In(lang)
	}
	return fmt.Sprint(a)
}

var (
	mu      sync.RWMutex
	zh      = map[string]string{}
	missing = map[string]bool{}
)

// Register adds Chinese formats, keyed by the English format. A package
// calls it from an init function with its table.
func Register(table map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	for en, z := range table {
		if old, ok := zh[en]; ok && old != z {
			panic("msg: two Chinese texts for " + en)
		}
		zh[en] = z
	}
}

// Tr translates a literal text or a format: the Chinese entry for
// english when lang is ZH and there is one, english otherwise.
func Tr(lang, english string) string {
	if lang != ZH || english == "" {
		return english
	}
	mu.RLock()
	z, ok := zh[english]
	mu.RUnlock()
	if ok {
		return z
	}
	mu.Lock()
	missing[english] = true
	mu.Unlock()
	return english
}

// Has reports whether english has a Chinese entry.
func Has(english string) bool {
	mu.RLock()
	defer mu.RUnlock()
	_, ok := zh[english]
	return ok
}

// Table returns a copy of the registered entries, English → Chinese.
func Table() map[string]string {
	mu.RLock()
	defer mu.RUnlock()
	out := make(map[string]string, len(zh))
	for k, v := range zh {
		out[k] = v
	}
	return out
}

// Missing lists, sorted, the texts rendered in Chinese so far that have
// no Chinese entry (for tests).
func Missing() []string {
	mu.RLock()
	defer mu.RUnlock()
	var out []string
	for k := range missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Texts renders a list in lang.
func Texts(lang string, ts []Text) []string {
	if len(ts) == 0 {
		return nil
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(lang)
	}
	return out
}

// Num is a count shown with thousands separators ("61,100,840"), rendered
// only when the text is: formulas are built for every layer while tracing
// and read for few of them.
type Num int64

func (n Num) String() string { return units.Thousands(int64(n)) }

// Dims is a shape shown as a product ("1·64·55·55"), rendered lazily.
type Dims []int64

func (d Dims) String() string {
	var b []byte
	for i, x := range d {
		if i > 0 {
			b = append(b, "·"...)
		}
		b = strconv.AppendInt(b, x, 10)
	}
	return string(b)
}

// ID is a message's stable identifier in the catalog: a dotted key
// ("term.weights", "mem.title.train") that names the message whatever its
// wording, for front ends (the page's labels, test hooks) and for texts
// whose English may change. Messages written in the code are keyed by
// their English format instead (F, Register); both live in one catalog,
// and Define also registers each entry's Chinese under its English.
type ID string

var (
	catalog = map[ID][2]string{}
)

// Define adds messages by ID, each with its English and Chinese text (fmt
// formats, as for F). A package calls it from an init function; defining
// an ID twice with other texts panics, as does an English text that
// Register already maps to another Chinese one.
func Define(entries map[ID][2]string) {
	mu.Lock()
	for id, m := range entries {
		if old, ok := catalog[id]; ok && old != m {
			mu.Unlock()
			panic("msg: two texts for " + string(id))
		}
		catalog[id] = m
	}
	mu.Unlock()
	byEnglish := map[string]string{}
	for _, m := range entries {
		if m[0] != "" && m[0] != m[1] {
			mu.RLock()
			old, ok := zh[m[0]]
			mu.RUnlock()
			if !ok || old == m[1] {
				byEnglish[m[0]] = m[1]
			}
		}
	}
	Register(byEnglish)
}

// In is the message id in lang (ZH, or English for anything else); an
// unknown id is the id itself, which tests forbid.
func (id ID) In(lang string) string {
	mu.RLock()
	m, ok := catalog[id]
	mu.RUnlock()
	switch {
	case !ok:
		return string(id)
	case lang == ZH:
		return m[1]
	}
	return m[0]
}

// Defined reports whether id is in the catalog.
func (id ID) Defined() bool {
	mu.RLock()
	defer mu.RUnlock()
	_, ok := catalog[id]
	return ok
}

// M makes a Text of the catalog message id with args: its English text is
// the format (so String, JSON and logs read as English) and In takes the
// format for the language from the catalog.
func M(id ID, args ...any) Text {
	return Text{Format: id.In(EN), Args: args, ID: id}
}

// IDs lists the catalog's IDs, sorted.
func IDs() []ID {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]ID, 0, len(catalog))
	for id := range catalog {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
