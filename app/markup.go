package app

import "strings"

// markup is HTML text for one app.Raw node. The layer table is written
// this way: go-app creates each element, attribute, text and listener
// with its own JavaScript call (ResNet-50's 29 folded rows were about 390
// elements and 130 ms of a cold visit's start), where the browser parses
// the same table from one string at once. Every text and attribute value
// goes through escapeHTML, so names from a hostile link or file
// cannot inject markup; tags and attribute names are the caller's
// constants.
type markup struct{ b strings.Builder }

// open writes <tag k="v" ...>. An attribute whose value is "" is left
// out (no class, no selected), but for value: an option without one
// would take its text as its value.
func (m *markup) open(tag string, kv ...string) *markup {
	m.b.WriteByte('<')
	m.b.WriteString(tag)
	for i := 1; i < len(kv); i += 2 {
		if kv[i] == "" && kv[i-1] != "value" {
			continue
		}
		m.b.WriteByte(' ')
		m.b.WriteString(kv[i-1])
		m.b.WriteString(`="`)
		m.b.WriteString(escapeHTML(kv[i]))
		m.b.WriteByte('"')
	}
	m.b.WriteByte('>')
	return m
}

// close writes </tag>.
func (m *markup) close(tag string) *markup {
	m.b.WriteString("</")
	m.b.WriteString(tag)
	m.b.WriteByte('>')
	return m
}

// text writes s escaped.
func (m *markup) text(s string) *markup {
	m.b.WriteString(escapeHTML(s))
	return m
}

// elem writes <tag ...>text</tag>.
func (m *markup) elem(tag, text string, kv ...string) *markup {
	return m.open(tag, kv...).text(text).close(tag)
}

// wrapped writes parts with a <wbr> between them (see wrapText).
func (m *markup) wrapped(parts []string) *markup {
	for i, p := range parts {
		if i > 0 {
			m.b.WriteString("<wbr>")
		}
		m.text(p)
	}
	return m
}

func (m *markup) String() string { return m.b.String() }

// escapeHTML escapes s as html.EscapeString does, with the same five
// replacements. Package html is not imported for it: its 2,231-entity
// unescaping table is a package variable that every binary importing html
// keeps (14 KB of app.wasm.zst; go-app's copy for the browser build does
// the same, scripts/go-app-wasm.sh). Nor is it a strings.Replacer, as in
// html: with this the browser build calls no Replacer, and the Replacer's
// machinery (a generic trie replacer among others) stays out of app.wasm
// (3-4.5 KB zst); core/share and core/printout avoid it too.
func escapeHTML(s string) string {
	if !strings.ContainsAny(s, `&'<>"`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
