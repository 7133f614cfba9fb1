package app

import (
	"strings"
	"unicode/utf16"
)

// Pure helpers of the script editor.

// htmlLang is the <html lang> value for a page language.
func htmlLang(lang string) string {
	if lang == LangZH {
		return "zh-CN"
	}
	return "en"
}

// LineCount is the number of lines the editor shows for text (at least 1).
func LineCount(text string) int {
	return strings.Count(text, "\n") + 1
}

// IndentAfter is the indentation for a new line typed after the text
// before the caret: the current line's leading whitespace, plus four
// spaces when the line opens a block (ends with ':', '(' , '[' or '{').
func IndentAfter(before string) string {
	line := before
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		line = before[i+1:]
	}
	indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	code := line
	if i := strings.IndexByte(code, '#'); i >= 0 {
		code = code[:i]
	}
	code = strings.TrimRight(code, " \t")
	if strings.HasSuffix(code, ":") || strings.HasSuffix(code, "(") || strings.HasSuffix(code, "[") || strings.HasSuffix(code, "{") {
		indent += "    "
	}
	return indent
}

// utf16Offset converts a 1-based line and column (columns count runes) to
// the UTF-16 offset the DOM's selection API uses. Positions past the end
// clamp to the end of the line or text.
func utf16Offset(text string, line, col int) int {
	off, l := 0, 1
	rs := []rune(text)
	i := 0
	for ; i < len(rs) && l < line; i++ {
		off += utf16Len(rs[i])
		if rs[i] == '\n' {
			l++
		}
	}
	for c := 1; c < col && i < len(rs) && rs[i] != '\n'; c++ {
		off += utf16Len(rs[i])
		i++
	}
	return off
}

func utf16Len(r rune) int {
	if utf16.IsSurrogate(r) {
		return 1
	}
	if r >= 0x10000 {
		return 2
	}
	return 1
}
