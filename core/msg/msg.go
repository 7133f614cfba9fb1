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

// The Chinese table is merged from the registered tables when Chinese is
// first asked for (Tr, Has, Table), not when the packages start: each
// package registers its table from an init function, and merging them
// all (some 2,000 texts) cost every program its start, the page's first
// visit in English included. zh is nil until then; pending holds the
// tables registered so far, in order, which the merge replays as
// Register and Define did it, with the same checks.
var (
	mu      sync.RWMutex
	zh      map[string]string
	pending []zhTable
	missing map[string]bool
)

// zhTable is one registered table: Register's (a second Chinese text for
// a key panics), or the English keys of Define's entries (a key another
// table already maps is left to it).
type zhTable struct {
	table   map[string]string
	fn      func() map[string]string
	entries map[ID][2]string
}

// Register adds Chinese formats, keyed by the English format. A package
// calls it from an init function with its table, and does not change the
// table afterwards. Two Chinese texts for one English key panic, when the
// tables are merged (the first time Chinese is asked for).
func Register(table map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	if zh == nil {
		pending = append(pending, zhTable{table: table})
		return
	}
	zhTable{table: table}.mergeLocked()
}

// RegisterFunc is Register of the table fn returns, called the first
// time Chinese is asked for: a package's init passes the function that
// holds its table's literal, so that a program that never writes Chinese
// does not build the table (a map literal is built when it is evaluated).
func RegisterFunc(fn func() map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	if zh == nil {
		pending = append(pending, zhTable{fn: fn})
		return
	}
	zhTable{fn: fn}.mergeLocked()
}

// mergeLocked adds t to zh; mu is held for writing.
func (t zhTable) mergeLocked() {
	if t.fn != nil {
		t.table = t.fn()
	}
	for en, z := range t.table {
		if old, ok := zh[en]; ok && old != z {
			panic("msg: two Chinese texts for " + en)
		}
		zh[en] = z
	}
	for _, m := range t.entries {
		if m[0] != "" && m[0] != m[1] {
			if _, ok := zh[m[0]]; !ok {
				zh[m[0]] = m[1]
			}
		}
	}
}

// lookupZH is the Chinese entry for english, merging the registered
// tables the first time.
func lookupZH(english string) (string, bool) {
	mu.RLock()
	if zh != nil {
		z, ok := zh[english]
		mu.RUnlock()
		return z, ok
	}
	mu.RUnlock()
	mu.Lock()
	defer mu.Unlock()
	mergeAllLocked()
	z, ok := zh[english]
	return z, ok
}

// mergeAllLocked builds zh from the pending tables, once; mu is held for
// writing.
func mergeAllLocked() {
	if zh != nil {
		return
	}
	n := 0
	for _, t := range pending {
		n += len(t.table) + len(t.entries)
	}
	zh = make(map[string]string, n)
	for _, t := range pending {
		t.mergeLocked()
	}
	pending = nil
}

// Tr translates a literal text or a format: the Chinese entry for
// english when lang is ZH and there is one, english otherwise.
func Tr(lang, english string) string {
	if lang != ZH || english == "" {
		return english
	}
	if z, ok := lookupZH(english); ok {
		return z
	}
	mu.Lock()
	if missing == nil {
		missing = map[string]bool{}
	}
	missing[english] = true
	mu.Unlock()
	return english
}

// Has reports whether english has a Chinese entry.
func Has(english string) bool {
	_, ok := lookupZH(english)
	return ok
}

// Table returns a copy of the registered entries, English → Chinese.
func Table() map[string]string {
	mu.Lock()
	defer mu.Unlock()
	mergeAllLocked()
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

// catalog holds the tables given to Define, in order, as they are: an ID
// is looked up in each (there are a few), so defining them copies nothing
// when the packages start.
var catalog []map[ID][2]string

// Define adds messages by ID, each with its English and Chinese text (fmt
// formats, as for F). A package calls it from an init function, and does
// not change entries afterwards; defining an ID twice with other texts
// panics. Each entry's Chinese is also the Chinese of its English text,
// unless Register maps that text to another Chinese one (registered
// before; registered after, Register panics).
func Define(entries map[ID][2]string) {
	mu.Lock()
	defer mu.Unlock()
	for _, t := range catalog {
		for id, m := range entries {
			if old, ok := t[id]; ok && old != m {
				panic("msg: two texts for " + string(id))
			}
		}
	}
	catalog = append(catalog, entries)
	if zh == nil {
		pending = append(pending, zhTable{entries: entries})
		return
	}
	zhTable{entries: entries}.mergeLocked()
}

// lookupLocked finds id in the catalog; mu is held.
func lookupLocked(id ID) ([2]string, bool) {
	for _, t := range catalog {
		if m, ok := t[id]; ok {
			return m, true
		}
	}
	return [2]string{}, false
}

// In is the message id in lang (ZH, or English for anything else); an
// unknown id is the id itself, which tests forbid.
func (id ID) In(lang string) string {
	mu.RLock()
	m, ok := lookupLocked(id)
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
	_, ok := lookupLocked(id)
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
	seen := map[ID]bool{}
	var out []ID
	for _, t := range catalog {
		for id := range t {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
