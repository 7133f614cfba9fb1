package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Builders for the elements of the page. In WebAssembly every call of
// go-app's fluent API is an interface call with a lot of code around it,
// and every element type the page uses (app.Td, app.Button...) links that
// type's methods into app.wasm; so the page builds its elements with el,
// one static call with the attributes as name, value pairs, and the
// helpers below for the shapes it repeats. Notes for equivalence with the
// fluent calls: go-app drops an empty class, but keeps an empty id, so
// helpers set an id only when there is one; DataSet(k, v) is the
// attribute "data-"+k with v formatted by %v; Aria(k, v) is "aria-"+k.

// el is an element of a tag with attributes given as name, value pairs:
// el("p", "id", "status", "aria-live", "polite") is
// app.P().ID("status").Aria("live", "polite"). Only for elements with a
// closing tag (not input). Attributes with other than string values are
// set with Attr on the result.
func el(tag string, kv ...string) app.HTMLElem {
	e := app.Elem(tag)
	for i := 1; i < len(kv); i += 2 {
		e.Attr(kv[i-1], kv[i])
	}
	return e
}

// thc is a column header cell.
func thc(text string) app.UI { return el("th", "scope", "col").Text(text) }

// thn is a numeric column header cell.
func thn(text string) app.UI { return el("th", "scope", "col", "class", "num").Text(text) }

// thr is a row header cell.
func thr(cls, text string) app.UI { return el("th", "scope", "row", "class", cls).Text(text) }

// heads is a table head of column header cells with the texts; cols
// has a character per column, 'n' for a numeric one: heads(".n", "Name",
// "Bytes") is thead(thc("Name"), thn("Bytes")).
func heads(cols string, texts ...string) app.UI {
	cells := make([]app.UI, len(texts))
	for i, s := range texts {
		cells[i] = el("th", "scope", "col", "class", pick(cols[i] == 'n', "num", "")).Text(s)
	}
	return thead(cells...)
}

// thead is a table head of one row.
func thead(cells ...app.UI) app.UI { return el("thead").Body(el("tr").Body(cells...)) }

// td is a data cell.
func td(cls, text string) app.UI { return el("td", "class", cls).Text(text) }

// tdv is a numeric data cell carrying its exact value in data-value.
func tdv(v int64, text string) app.UI {
	return el("td", "class", "num", "data-value", strconv.FormatInt(v, 10)).Text(text)
}

// table is a layers-styled table in its scroll box.
func table(id string, body ...app.UI) app.UI {
	return div("table-scroll", el("table", "id", id, "class", "layers").Body(body...))
}

// withID sets the id of e unless id is "".
func withID(e app.HTMLElem, id string) app.HTMLElem {
	if id != "" {
		e.ID(id)
	}
	return e
}

// button is a plain button (no id when id is "").
func button(id, cls, text string) app.HTMLElem {
	return withID(el("button", "type", "button", "class", cls), id).Text(text)
}

// field is a labelled control of a controls row.
func field(id, label string, ctl app.UI) app.UI {
	return div("field", el("label", "for", id).Text(label), ctl)
}

// option is an option of a select.
func option(value string, selected bool, text string) app.UI {
	return el("option", "value", value).Attr("selected", selected).Text(text)
}

// p is a paragraph of text (no id when id is "").
func p(id, cls, text string) app.UI {
	return withID(el("p", "class", cls), id).Text(text)
}

// div is a div of a class with children.
func div(cls string, body ...app.UI) app.HTMLElem { return el("div", "class", cls).Body(body...) }

// divt is a div of text.
func divt(cls, text string) app.UI { return el("div", "class", cls).Text(text) }

// h3 is a heading of a section.
func h3(text string) app.UI { return el("h3").Text(text) }

// span is a span of text.
func span(cls, text string) app.UI { return el("span", "class", cls).Text(text) }

// pick is a when cond, else b.
func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

// sf is fmt.Sprintf for string arguments: the call sites pass strings,
// not boxed values.
func sf(format string, a ...string) string {
	args := make([]any, len(a))
	for i, s := range a {
		args[i] = s
	}
	return fmt.Sprintf(format, args...)
}

// t translates a message key into the page's language.
func (c *Calculator) t(k string) string { return T(c.lang, k) }

// input is an input element with attributes given as name, value pairs
// (see el).
func input(kv ...string) app.HTMLElemSelfClosing {
	e := app.ElemSelfClosing("input")
	for i := 1; i < len(kv); i += 2 {
		e.Attr(kv[i-1], kv[i])
	}
	return e
}

// when is x if cond, else nothing: go-app leaves nil children out, as
// it does a false app.If.
func when(cond bool, x app.UI) app.UI {
	if cond {
		return x
	}
	return nil
}

// each is f(0), ..., f(n-1): app.Range(s).Slice(f) for a slice of n
// items, as children to spread into Body.
func each(n int, f func(i int) app.UI) []app.UI {
	s := make([]app.UI, n)
	for i := range s {
		s[i] = f(i)
	}
	return s
}

// wrapText is text that may wrap only between parts (Breakable): the
// parts with a <wbr> between them.
func wrapText(parts []string) []app.UI {
	out := make([]app.UI, 0, 2*len(parts))
	for i, p := range parts {
		if i > 0 {
			out = append(out, el("wbr"))
		}
		out = append(out, app.Text(p))
	}
	return out
}
