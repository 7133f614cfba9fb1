package printout

import (
	"fmt"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
)

// maxDepth bounds module nesting so hostile input cannot exhaust the stack.
const maxDepth = 200

// maxRunLength bounds a run-length group "(0-N): N x", which expands.
const maxRunLength = 100000

// Parse parses the text of a print(model) printout. file names the text
// in error positions. The text may be a whole printout or a part of one
// pasted alone, such as "(layer1): Sequential(...)"; surrounding blank
// lines are ignored. Errors are *diag.Error values.
func Parse(file, text string) (*Module, error) {
	p := &parser{s: newScanner(file, text), src: text, file: file}
	p.next()
	p.skipNewlines()
	if p.tok.tok == EOF {
		return nil, p.errorf(p.tok.pos, msg.F("empty printout"),
			"paste the output of print(model), which starts with the model's class name and '('")
	}
	var m *Module
	var err error
	if p.tok.tok == LPAREN {
		// A fragment pasted alone: "(layer1): Sequential(".
		m, err = p.child(0)
	} else {
		m, err = p.module(0)
	}
	if err != nil {
		return nil, err
	}
	p.skipNewlines()
	if p.tok.tok != EOF {
		return nil, p.errorf(p.tok.pos, msg.F("unexpected %s after the end of %s (opened at line %d)", p.describe(), m.Class, m.Pos.Line),
			"paste a single printout: everything from the class name to its matching ')'")
	}
	m.Warnings = append(m.Warnings, p.notes...)
	if n := len(p.unclosed); n > 0 {
		var lines []any // "1, 2" in English, "1、2" in Chinese, outermost first
		for i := range p.unclosed {
			if i > 0 {
				lines = append(lines, msg.F(", "))
			}
			lines = append(lines, strconv.Itoa(p.unclosed[n-1-i].Pos.Line))
		}
		t := msg.F("the printout ends before %d closing ')' (of the modules opened at line %s): closed at the end; if it was cut, what is missing is not counted", n, msg.Cat(lines...))
		m.Warnings = append(m.Warnings, Note{Pos: p.tok.pos, Msg: t.String(), Text: t})
	}
	return m, nil
}

type parser struct {
	s    *scanner
	src  string
	file string
	tok  item
	// unclosed are the modules the text ends inside (a truncated
	// printout), innermost first.
	unclosed []*Module
	// notes are warnings for the top-level module's Warnings.
	notes []Note
	// elided is set once a line that stands for lines left out ("...")
	// has been read: from there on a ')' closes the module whose line
	// it is indented as (see closesBy).
	elided bool
}

// indent is the width of the whitespace that starts the line holding
// the byte at off.
func (p *parser) indent(off int) int {
	start := strings.LastIndexByte(p.src[:off], '\n') + 1
	n := 0
	for start+n < len(p.src) && (p.src[start+n] == ' ' || p.src[start+n] == '\t') {
		n++
	}
	return n
}

func (p *parser) next() { p.tok = p.s.next() }

func (p *parser) skipNewlines() {
	for p.tok.tok == NEWLINE {
		p.next()
	}
}

// errorf makes an error at pos; the hint is a literal ("" for none). Both
// render in any language (package msg).
func (p *parser) errorf(pos diag.Pos, text msg.Text, hint string) error {
	return diag.New(pos, text, msg.F(hint))
}

// describe names the current token for error messages.
func (p *parser) describe() msg.Text {
	switch p.tok.tok {
	case EOF, NEWLINE:
		return msg.F(p.tok.tok.String()) // "end of text", "end of line"
	}
	t := p.tok.text
	if len(t) > 20 {
		t = t[:20] + "..."
	}
	return msg.Cat(strconv.Quote(t))
}

// child parses "(key): [N x] Class(...)"; the current token is '('.
func (p *parser) child(depth int) (*Module, error) {
	open := p.tok.pos
	p.next()
	keyStart := p.tok.start
	var first, last item
	n := 0
	for p.tok.tok != RPAREN {
		if p.tok.tok == NEWLINE || p.tok.tok == EOF || p.tok.tok == LPAREN {
			return nil, p.errorf(p.tok.pos, msg.F("unexpected %s in a child's name", p.describe()),
				"a child line reads \"(name): Class(...)\"")
		}
		if n == 0 {
			first = p.tok
		}
		last = p.tok
		n++
		p.next()
	}
	key := strings.TrimSpace(p.src[keyStart:p.tok.start])
	if key == "" {
		return nil, p.errorf(open, msg.F("empty child name '()'"), "a child line reads \"(name): Class(...)\"")
	}
	p.next()
	if p.tok.tok != COLON {
		return nil, p.errorf(p.tok.pos, msg.F("expected ':' after the child name (%s), found %s", key, p.describe()),
			"a child line reads \"(name): Class(...)\"")
	}
	p.next()
	runLength := 0
	// A run-length group "(0-3): 4 x Block(" as newer PyTorch prints it.
	if n == 3 && first.tok == INT && last.tok == INT && strings.Contains(key, "-") {
		lo, err1 := strconv.Atoi(first.text)
		hi, err2 := strconv.Atoi(last.text)
		if err1 != nil || err2 != nil || hi < lo {
			return nil, p.errorf(open, msg.F("bad index range (%s)", key), "a run-length group reads \"(0-3): 4 x Block(...)\"")
		}
		if p.tok.tok != INT {
			return nil, p.errorf(p.tok.pos, msg.F("expected \"N x\" after the index range (%s), found %s", key, p.describe()),
				"a run-length group reads \"(0-3): 4 x Block(...)\"")
		}
		cnt, err := strconv.Atoi(p.tok.text)
		countPos := p.tok.pos
		p.next()
		if p.tok.tok != IDENT || p.tok.text != "x" {
			return nil, p.errorf(p.tok.pos, msg.F("expected 'x' after the count in (%s), found %s", key, p.describe()),
				"a run-length group reads \"(0-3): 4 x Block(...)\"")
		}
		p.next()
		if err != nil || cnt != hi-lo+1 {
			return nil, p.errorf(countPos, msg.F("the group (%s) holds %d modules, but it says %s x", key, hi-lo+1, strconv.Quote(fmt.Sprint(cnt))),
				"the printout may have been edited; the count must match the index range")
		}
		if cnt > maxRunLength {
			return nil, p.errorf(countPos, msg.F("a group of %d modules is more than FlopLab accepts (%d)", cnt, maxRunLength), "")
		}
		runLength = cnt
		key = first.text
	}
	if p.tok.tok == IDENT && p.tok.text == "None" && runLength == 0 {
		// "(0): None": a slot of a ModuleList or a child set to None.
		pos := p.tok.pos
		save, tok := *p.s, p.tok
		p.next()
		if p.tok.tok == NEWLINE || p.tok.tok == EOF {
			return &Module{Name: key, Class: "Identity", Empty: true, Pos: pos, End: pos}, nil
		}
		*p.s, p.tok = save, tok
	}
	if p.tok.tok != IDENT {
		return nil, p.errorf(p.tok.pos, msg.F("expected a class name after \"(%s):\", found %s", key, p.describe()),
			"a child line reads \"(name): Class(...)\"")
	}
	m, err := p.module(depth)
	if err != nil {
		return nil, err
	}
	m.Name = key
	m.RunLength = runLength
	return m, nil
}

// module parses "Class(args)" or "Class(\n children and extra lines \n)".
func (p *parser) module(depth int) (*Module, error) {
	if depth > maxDepth {
		return nil, p.errorf(p.tok.pos, msg.F("modules nested more than %d deep", maxDepth), "")
	}
	if p.tok.tok != IDENT {
		return nil, p.errorf(p.tok.pos, msg.F("expected a class name, found %s", p.describe()),
			"a printout starts with the model's class name and '(', e.g. \"ResNet(\"")
	}
	m := &Module{Class: p.tok.text, Pos: p.tok.pos}
	indent := p.indent(p.tok.start)
	p.next()
	// Qualified names ("torch.nn.Linear") are accepted; the last part counts.
	qual := m.Class
	for p.tok.tok == OTHER && p.tok.text == "." {
		p.next()
		if p.tok.tok != IDENT {
			return nil, p.errorf(p.tok.pos, msg.F("expected a name after '.', found %s", p.describe()), "")
		}
		m.Class = p.tok.text
		qual += "_" + p.tok.text
		p.next()
	}
	defer func() {
		// A class with children that shares a layer's name (PEFT's
		// lora.Linear wraps a Linear) gets its qualified name, so that
		// its builder does not hide the layer.
		if len(m.Children) > 0 && (leafClass(m.Class) && m.Class != "MultiheadAttention" || m.Class == "MultiheadAttention" && m.Child("out_proj") == nil) {
			// (mmcv's MultiheadAttention wraps torch's as its child attn.)
			m.Base = m.Class
			if qual == m.Class {
				qual = m.Class + "Module"
			}
			m.Class = qual
			// Its arguments, printed on a line of their own.
			if len(m.Args) == 0 && len(m.Extra) > 0 {
				if args, ok := argsLine(p.file, m.Base, m.Extra[0]); ok {
					m.Args = args
					m.Extra = m.Extra[1:]
				}
			}
		}
	}()
	if p.tok.tok != LPAREN {
		return nil, p.errorf(p.tok.pos, msg.F("expected '(' after %s, found %s", m.Class, p.describe()),
			"every module prints as Class(...)")
	}
	p.next()
	if p.tok.tok != NEWLINE {
		if err := p.args(m); err != nil {
			return nil, err
		}
		return m, nil
	}
	m.Multiline = true
	seen := map[string]bool{}
	for {
		p.skipNewlines()
		switch p.tok.tok {
		case EOF:
			// A truncated printout: close what is open, and say so.
			m.End = p.tok.pos
			m.Cut = true
			p.unclosed = append(p.unclosed, m)
			return m, nil
		case RPAREN:
			if p.elided && depth > 0 {
				// Lines left out ("...") may hold the opening lines of
				// modules whose ')' are printed, or the ')' of open
				// ones: the indentation tells which module a ')'
				// closes, as print(model) indents a module's ')' as
				// its opening line. (Not for the top-level module: a
				// pasted text's first line may have lost its indent.)
				if in := p.indent(p.tok.start); in > indent {
					// The ')' of a module whose opening was left out.
					p.line()
					continue
				} else if in < indent {
					// The ')' of an enclosing module: m's own was left out.
					m.End = p.tok.pos
					return m, nil
				}
			}
			m.End = p.tok.pos
			p.next()
			p.trailing(m)
			return m, nil
		case LPAREN:
			if p.looksLikeChild() {
				c, err := p.child(depth + 1)
				if err != nil {
					return nil, err
				}
				if seen[c.Name] {
					return nil, p.errorf(c.Pos, msg.F("a second child named (%s) in %s", c.Name, m.Class), "child names are unique within a module")
				}
				seen[c.Name] = true
				m.Children = append(m.Children, c)
				continue
			}
		}
		l := p.line()
		p.elided = p.elided || isElision(l.Text)
		m.Extra = append(m.Extra, l)
	}
}

// argsLine reads an extra line of a module as its class's arguments
// ("in_features=768, out_features=768, bias=True"), all literals.
func argsLine(file, class string, l Line) ([]Arg, bool) {
	m, err := Parse(file, class+"("+l.Text+")")
	if err != nil || len(m.Args) == 0 {
		return nil, false
	}
	for i := range m.Args {
		if m.Args[i].Value.Kind == Invalid {
			return nil, false
		}
		m.Args[i].Pos = l.Pos
	}
	return m.Args, true
}

// trailing skips text after the ')' that closes m on its line (a note
// someone added, "<<---- here"), with a warning: a printout has none.
func (p *parser) trailing(m *Module) {
	if p.tok.tok == NEWLINE || p.tok.tok == EOF {
		return
	}
	pos := p.tok.pos
	l := p.line()
	t := msg.F("text after the ')' that closes %s (line %d) is not part of a printout: %q ignored", m.Class, m.Pos.Line, l.Text)
	p.notes = append(p.notes, Note{Pos: pos, Msg: t.String(), Text: t})
}

// looksLikeChild reports whether the line at '(' reads "(key): ...".
func (p *parser) looksLikeChild() bool {
	save, tok := *p.s, p.tok
	defer func() { *p.s, p.tok = save, tok }()
	p.next()
	for p.tok.tok != RPAREN {
		if p.tok.tok == NEWLINE || p.tok.tok == EOF || p.tok.tok == LPAREN {
			return false
		}
		p.next()
	}
	p.next()
	return p.tok.tok == COLON
}

// line consumes the rest of the current line and returns it as raw text.
func (p *parser) line() Line {
	l := Line{Pos: p.tok.pos}
	start := p.tok.start
	for p.tok.tok != NEWLINE && p.tok.tok != EOF {
		p.next()
	}
	l.Text = strings.TrimSpace(p.src[start:p.tok.start])
	return l
}

// args parses the arguments of a one-line module up to its ')'.
func (p *parser) args(m *Module) error {
	for {
		switch p.tok.tok {
		case RPAREN:
			m.End = p.tok.pos
			p.next()
			p.trailing(m)
			return nil
		case NEWLINE, EOF:
			return p.errorf(p.tok.pos, msg.F("the line ends inside %s( opened at column %d", m.Class, m.Pos.Col),
				"the printout looks truncated or re-wrapped: a one-line module ends with ')' on the same line")
		}
		a := Arg{Pos: p.tok.pos}
		start := p.tok.start
		if p.tok.tok == IDENT {
			save, tok := *p.s, p.tok
			p.next()
			if p.tok.tok == ASSIGN {
				a.Key = tok.text
				p.next()
				a.Pos = p.tok.pos
				start = p.tok.start
			} else {
				*p.s, p.tok = save, tok
			}
		}
		save, tok := *p.s, p.tok
		v, ok := p.value(0)
		if !ok || (p.tok.tok != COMMA && p.tok.tok != RPAREN) {
			// Not a literal: keep the raw text up to the next ',' or ')'
			// at depth 0.
			*p.s, p.tok = save, tok
			if err := p.skipArg(m); err != nil {
				return err
			}
			v = Value{Kind: Invalid}
		}
		a.Raw = strings.TrimSpace(p.src[start:p.tok.start])
		if v.Kind == Invalid {
			v.Text = a.Raw
		}
		a.Value = v
		m.Args = append(m.Args, a)
		if p.tok.tok == COMMA {
			p.next()
		}
	}
}

// skipArg skips to the next ',' or ')' at bracket depth 0 on this line.
func (p *parser) skipArg(m *Module) error {
	depth := 0
	for {
		switch p.tok.tok {
		case NEWLINE, EOF:
			return p.errorf(p.tok.pos, msg.F("the line ends inside %s( opened at column %d", m.Class, m.Pos.Col),
				"the printout looks truncated or re-wrapped: a one-line module ends with ')' on the same line")
		case LPAREN, LBRACK:
			depth++
		case RPAREN, RBRACK:
			if depth == 0 && p.tok.tok == RPAREN {
				return nil
			}
			if depth > 0 {
				depth--
			}
		case COMMA:
			if depth == 0 {
				return nil
			}
		}
		p.next()
	}
}

// value parses a literal: number, True/False/None, quoted or bare string,
// tuple or list. ok is false when the text is not one.
func (p *parser) value(depth int) (Value, bool) {
	if depth > maxDepth {
		return Value{}, false
	}
	switch p.tok.tok {
	case INT:
		n, err := strconv.ParseInt(p.tok.text, 10, 64)
		p.next()
		if err != nil {
			return Value{}, false
		}
		return Value{Kind: Int, Int: n}, true
	case FLOAT:
		t := p.tok.text
		p.next()
		if strings.HasPrefix(t, ".") {
			t = "0" + t
		}
		if strings.HasSuffix(t, ".") {
			t += "0"
		}
		return Value{Kind: Float, Text: t}, true
	case MINUS:
		p.next()
		v, ok := p.value(depth + 1)
		switch {
		case !ok:
			return Value{}, false
		case v.Kind == Int:
			v.Int = -v.Int
			return v, true
		case v.Kind == Float:
			v.Text = "-" + v.Text
			return v, true
		}
		return Value{}, false
	case STRING:
		t := p.tok.text
		p.next()
		if len(t) < 2 || t[len(t)-1] != t[0] {
			return Value{}, false
		}
		s, err := strconv.Unquote(`"` + strings.ReplaceAll(t[1:len(t)-1], `"`, `\"`) + `"`)
		if err != nil {
			s = t[1 : len(t)-1]
		}
		return Value{Kind: String, Text: s}, true
	case IDENT:
		t := p.tok.text
		p.next()
		switch t {
		case "True", "False":
			return Value{Kind: Bool, Bool: t == "True"}, true
		case "None":
			return Value{Kind: None}, true
		case "inf", "nan":
			return Value{Kind: Float, Text: "float(\"" + t + "\")"}, true
		}
		// A bare word, as extra_repr prints strings with format():
		// padding=same, mode=nearest.
		return Value{Kind: String, Text: t, Bare: true}, true
	case LPAREN, LBRACK:
		kind, closer := Tuple, RPAREN
		if p.tok.tok == LBRACK {
			kind, closer = List, RBRACK
		}
		p.next()
		v := Value{Kind: kind, Elems: []Value{}}
		for p.tok.tok != closer {
			e, ok := p.value(depth + 1)
			if !ok {
				return Value{}, false
			}
			v.Elems = append(v.Elems, e)
			if p.tok.tok == COMMA {
				p.next()
			} else if p.tok.tok != closer {
				return Value{}, false
			}
		}
		p.next()
		return v, true
	}
	return Value{}, false
}
