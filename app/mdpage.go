//go:build !wasm

package app

import (
	"regexp"
	"strings"
)

// LanguagePage renders the model language reference (core/lang/LANGUAGE.md)
// as a static page of the site (web/language.html), linked from the
// page's help. It knows the Markdown that file uses: headings, paragraphs,
// fenced code, lists, inline code, bold and links; anything else is text.
func LanguagePage(md string) string {
	var b strings.Builder
	title := "FlopLab model scripts"
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	for _, l := range strings.Split(md, "\n") {
		if t, ok := strings.CutPrefix(l, "# "); ok {
			title = strings.TrimSpace(t)
			break
		}
	}
	b.WriteString(escapeHTML(title))
	b.WriteString("</title>\n<link rel=\"stylesheet\" href=\"app.css\">\n</head>\n<body>\n<main class=\"doc\">\n" +
		"<p><a href=\"../\">← FlopLab</a></p>\n")
	lines := strings.Split(md, "\n")
	var para []string
	inList := false
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "```"):
			flush()
			b.WriteString("<pre class=\"mono\"><code>")
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				b.WriteString(escapeHTML(lines[i]) + "\n")
			}
			b.WriteString("</code></pre>\n")
		case strings.HasPrefix(t, "#"):
			flush()
			level := len(t) - len(strings.TrimLeft(t, "#"))
			if level > 6 {
				level = 6
			}
			text := strings.TrimSpace(t[level:])
			tag := "h" + string(rune('0'+level))
			b.WriteString("<" + tag + " id=\"" + anchor(text) + "\">" + inline(text) + "</" + tag + ">\n")
		case t == "":
			flush()
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			if len(para) > 0 {
				b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
				para = nil
			}
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			item := t[2:]
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  ") && strings.TrimSpace(lines[i+1]) != "" &&
				!strings.HasPrefix(strings.TrimSpace(lines[i+1]), "- ") {
				i++
				item += " " + strings.TrimSpace(lines[i])
			}
			b.WriteString("<li>" + inline(item) + "</li>\n")
		default:
			if inList {
				b.WriteString("</ul>\n")
				inList = false
			}
			para = append(para, t)
		}
	}
	flush()
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.String()
}

var (
	mdCode = regexp.MustCompile("`([^`]+)`")
	mdBold = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	mdLink = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
)

// inline renders a line's inline Markdown; text is escaped first, so a
// script's "<" stays text.
func inline(s string) string {
	var codes []string
	s = mdCode.ReplaceAllStringFunc(s, func(m string) string {
		codes = append(codes, "<code>"+escapeHTML(m[1:len(m)-1])+"</code>")
		return "\x00" + string(rune('A'+len(codes)-1)) + "\x00"
	})
	s = escapeHTML(s)
	s = mdBold.ReplaceAllString(s, "<strong>$1</strong>")
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		p := mdLink.FindStringSubmatch(m)
		href := p[2]
		if !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "#") {
			return p[1] // a link into the repository: the text alone
		}
		return "<a href=\"" + href + "\">" + p[1] + "</a>"
	})
	for i, c := range codes {
		s = strings.Replace(s, "\x00"+string(rune('A'+i))+"\x00", c, 1)
	}
	return s
}

func anchor(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	return b.String()
}
