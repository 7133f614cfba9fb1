package lang

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"floplab/core/msg"
)

// Starlark bounds a script's steps, not what one step allocates: "[0] *
// 10**9" is one step and 16 GB, more than a browser tab has, and a string
// doubled forty times ("s = s + s" in a loop) is a terabyte in forty
// steps. So the parsed script's "+" and "*" (and "+=", "*=") become calls
// of builtins that check the size of a string, list or tuple they would
// build before building it, and range is bounded the same way. Tensor
// arithmetic goes through the same builtins unchanged.

// maxSequence is the longest string (bytes), list or tuple a script may
// build with "+" and "*", and the longest range: a model script needs a
// few thousand at most.
const maxSequence = 1 << 20

// Names of the guard builtins the rewritten script calls.
const (
	guardAdd    = "_floplab_add"
	guardMul    = "_floplab_mul"
	guardAugAdd = "_floplab_aug_add"
	guardAugMul = "_floplab_aug_mul"
	guardMethod = "_floplab_method"
	guardMod    = "_floplab_mod"
	guardAugMod = "_floplab_aug_mod"
	guardPow    = "_floplab_pow"
)

// augGuards are the checks of the augmented assignments, by operator.
var augGuards = map[syntax.Token]string{syntax.PLUS_EQ: guardAugAdd, syntax.STAR_EQ: guardAugMul, syntax.PERCENT_EQ: guardAugMod}

// growingMethods are the string and list methods whose result can be much
// larger than their receiver: called through the guard builtin, which
// checks the size first.
var growingMethods = map[string]bool{"join": true, "replace": true, "extend": true, "format": true}

// plainArgs reports whether a call's arguments are all positional (the
// guarded methods take no keywords, and *args stays a plain call).
func plainArgs(args []syntax.Expr) bool {
	for _, a := range args {
		switch a := a.(type) {
		case *syntax.BinaryExpr:
			if a.Op == syntax.EQ {
				return false
			}
		case *syntax.UnaryExpr:
			if a.Op == syntax.STAR || a.Op == syntax.STARSTAR {
				return false
			}
		}
	}
	return true
}

// guardOps rewrites f's "+", "*", "%", "+=" and "*=" into calls of the
// guard builtins, at the operators' positions. A "%" at a position in
// marks.at is a matrix product written "@" (see rewriteOps), which stays
// as it is; a "//" at a position in marks.pow is a power written "**",
// which becomes a call of the power builtin once its operands are those
// Python's grammar gives it (powTree).
func guardOps(f *syntax.File, marks opMarks) {
	g := guard{at: marks.at, pow: marks.pow}
	for _, st := range f.Stmts {
		g.stmt(st)
	}
}

type guard struct{ at, pow map[[2]int32]bool }

// isPow reports whether e is a power written "**" (see rewriteOps).
func (g guard) isPow(e syntax.Expr) bool {
	b, ok := e.(*syntax.BinaryExpr)
	return ok && b.Op == syntax.SLASHSLASH && g.pow[[2]int32{b.OpPos.Line, b.OpPos.Col}]
}

// powTree gives a power the operands Python's grammar gives it. "**" was
// parsed as "//": left-associative, at the level of "*", below unary
// minus. In Python it binds tighter than both on its left and is
// right-associative: a * b ** c is a * (b ** c), -a ** b is -(a ** b),
// a ** b ** c is a ** (b ** c). So while the left operand is a "*"-level
// operation or a unary one, the power moves into its right operand.
// Parenthesized operands are ParenExprs and stay whole.
func (g guard) powTree(e *syntax.BinaryExpr) syntax.Expr {
	switch l := e.X.(type) {
	case *syntax.BinaryExpr:
		switch l.Op {
		case syntax.STAR, syntax.SLASH, syntax.SLASHSLASH, syntax.PERCENT:
			inner := g.powTree(&syntax.BinaryExpr{X: l.Y, OpPos: e.OpPos, Op: e.Op, Y: e.Y})
			out := &syntax.BinaryExpr{X: l.X, OpPos: l.OpPos, Op: l.Op, Y: inner}
			if g.isPow(out) {
				return g.powTree(out)
			}
			return out
		}
	case *syntax.UnaryExpr:
		switch l.Op {
		case syntax.MINUS, syntax.PLUS, syntax.TILDE:
			return &syntax.UnaryExpr{OpPos: l.OpPos, Op: l.Op, X: g.powTree(&syntax.BinaryExpr{X: l.X, OpPos: e.OpPos, Op: e.Op, Y: e.Y})}
		}
	}
	return e
}

func (g guard) stmts(ss []syntax.Stmt) {
	for _, s := range ss {
		g.stmt(s)
	}
}

func (g guard) stmt(s syntax.Stmt) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		s.LHS = g.expr(s.LHS)
		s.RHS = g.expr(s.RHS)
		// x += y: the check runs first and passes y through; only a plain
		// name is read twice (an index or attribute would be evaluated
		// twice, side effects included).
		if s.Op == syntax.SLASHSLASH_EQ && g.pow[[2]int32{s.OpPos.Line, s.OpPos.Col}] {
			// x **= y is x = x ** y (an attribute or index target is
			// read once more).
			x := s.LHS
			if id, ok := x.(*syntax.Ident); ok {
				x = &syntax.Ident{NamePos: id.NamePos, Name: id.Name}
			}
			s.Op = syntax.EQ
			s.RHS = guardCall(guardPow, s.OpPos, x, s.RHS)
		}
		if id, ok := s.LHS.(*syntax.Ident); ok {
			if name, ok := augGuards[s.Op]; ok {
				s.RHS = guardCall(name, s.OpPos, &syntax.Ident{NamePos: id.NamePos, Name: id.Name}, s.RHS)
			}
		}
	case *syntax.DefStmt:
		s.Params = g.exprs(s.Params)
		g.stmts(s.Body)
	case *syntax.ExprStmt:
		s.X = g.expr(s.X)
	case *syntax.IfStmt:
		s.Cond = g.expr(s.Cond)
		g.stmts(s.True)
		g.stmts(s.False)
	case *syntax.ForStmt:
		s.X = g.expr(s.X)
		g.stmts(s.Body)
	case *syntax.WhileStmt:
		s.Cond = g.expr(s.Cond)
		g.stmts(s.Body)
	case *syntax.ReturnStmt:
		if s.Result != nil {
			s.Result = g.expr(s.Result)
		}
	}
}

func (g guard) exprs(es []syntax.Expr) []syntax.Expr {
	for i, e := range es {
		es[i] = g.expr(e)
	}
	return es
}

func (g guard) expr(e syntax.Expr) syntax.Expr {
	if b, ok := e.(*syntax.BinaryExpr); ok && g.isPow(b) {
		e = g.powTree(b)
	}
	switch e := e.(type) {
	case *syntax.BinaryExpr:
		e.X = g.expr(e.X)
		e.Y = g.expr(e.Y)
		switch e.Op {
		case syntax.PLUS:
			return guardCall(guardAdd, e.OpPos, e.X, e.Y)
		case syntax.STAR:
			return guardCall(guardMul, e.OpPos, e.X, e.Y)
		case syntax.PERCENT:
			if !g.at[[2]int32{e.OpPos.Line, e.OpPos.Col}] {
				return guardCall(guardMod, e.OpPos, e.X, e.Y)
			}
		case syntax.SLASHSLASH:
			if g.pow[[2]int32{e.OpPos.Line, e.OpPos.Col}] {
				return guardCall(guardPow, e.OpPos, e.X, e.Y)
			}
		}
	case *syntax.CallExpr:
		e.Fn = g.expr(e.Fn)
		for i, a := range e.Args {
			// A keyword argument is "name = value": only the value.
			if kw, ok := a.(*syntax.BinaryExpr); ok && kw.Op == syntax.EQ {
				kw.Y = g.expr(kw.Y)
				continue
			}
			e.Args[i] = g.expr(a)
		}
		// s.join(xs), s.replace(a, b), xs.extend(ys): checked first by
		// a call of the guard with the receiver and the arguments.
		if dot, ok := e.Fn.(*syntax.DotExpr); ok && growingMethods[dot.Name.Name] && plainArgs(e.Args) {
			check := &syntax.CallExpr{Fn: &syntax.Ident{NamePos: dot.Dot, Name: guardMethod}, Lparen: e.Lparen,
				Args:   append([]syntax.Expr{dot.X, &syntax.Literal{Token: syntax.STRING, TokenPos: dot.Dot, Raw: `"` + dot.Name.Name + `"`, Value: dot.Name.Name}}, e.Args...),
				Rparen: e.Rparen}
			return check
		}
	case *syntax.UnaryExpr:
		if e.X != nil {
			e.X = g.expr(e.X)
		}
	case *syntax.ParenExpr:
		e.X = g.expr(e.X)
	case *syntax.DotExpr:
		e.X = g.expr(e.X)
	case *syntax.IndexExpr:
		e.X = g.expr(e.X)
		e.Y = g.expr(e.Y)
	case *syntax.SliceExpr:
		e.X = g.expr(e.X)
		for _, p := range []*syntax.Expr{&e.Lo, &e.Hi, &e.Step} {
			if *p != nil {
				*p = g.expr(*p)
			}
		}
	case *syntax.ListExpr:
		e.List = g.exprs(e.List)
	case *syntax.TupleExpr:
		e.List = g.exprs(e.List)
	case *syntax.DictExpr:
		e.List = g.exprs(e.List)
	case *syntax.DictEntry:
		e.Key = g.expr(e.Key)
		e.Value = g.expr(e.Value)
	case *syntax.CondExpr:
		e.Cond = g.expr(e.Cond)
		e.True = g.expr(e.True)
		e.False = g.expr(e.False)
	case *syntax.LambdaExpr:
		e.Params = g.exprs(e.Params)
		e.Body = g.expr(e.Body)
	case *syntax.Comprehension:
		e.Body = g.expr(e.Body)
		for _, c := range e.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				c.X = g.expr(c.X)
			case *syntax.IfClause:
				c.Cond = g.expr(c.Cond)
			}
		}
	}
	return e
}

// guardCall is name(x, y) called at pos (errors point at the operator).
func guardCall(name string, pos syntax.Position, x, y syntax.Expr) *syntax.CallExpr {
	_, end := y.Span()
	return &syntax.CallExpr{Fn: &syntax.Ident{NamePos: pos, Name: name}, Lparen: pos, Args: []syntax.Expr{x, y}, Rparen: end}
}

// seqLen is the length of a string (bytes), bytes, list or tuple, and
// whether v is one.
func seqLen(v starlark.Value) (int, bool) {
	switch v := v.(type) {
	case starlark.String:
		return len(v), true
	case starlark.Bytes:
		return len(v), true
	case *starlark.List:
		return v.Len(), true
	case starlark.Tuple:
		return len(v), true
	}
	return 0, false
}

// tooLong is the error of a sequence over maxSequence.
func tooLong(th *starlark.Thread, what string, n int64) error {
	return tracerOf(th).errorText("", msg.F("model scripts need no strings or lists this long; look for a loop that doubles one"),
		msg.F("%s would make a string or list of %d elements, more than %d", what, n, maxSequence))
}

// repeatLen is len(seq) × n for seq * n or n * seq, when that is a
// repetition.
func repeatLen(x, y starlark.Value) (int64, bool) {
	if _, ok := y.(starlark.Int); ok {
		x, y = y, x
	}
	n, ok := x.(starlark.Int)
	if !ok {
		return 0, false
	}
	l, ok := seqLen(y)
	if !ok {
		return 0, false
	}
	c, ok := n.Int64()
	if !ok || c > maxSequence {
		return maxSequence + 1, true
	}
	if c <= 0 || l == 0 {
		return 0, true
	}
	if int64(l) > maxSequence/c {
		return maxSequence + 1, true
	}
	return int64(l) * c, true
}

// methodLen is the length of what recv.name(args...) returns (join,
// replace) or leaves (extend), when it can be known before the call.
func methodLen(recv starlark.Value, name string, args starlark.Tuple) (int64, bool) {
	switch name {
	case "join":
		sep, ok := recv.(starlark.String)
		if !ok || len(args) != 1 {
			return 0, false
		}
		it, ok := args[0].(starlark.Indexable)
		if !ok {
			return 0, false
		}
		n := int64(it.Len()-1) * int64(len(sep))
		for i := 0; i < it.Len(); i++ {
			if s, ok := it.Index(i).(starlark.String); ok {
				n += int64(len(s))
			}
		}
		return max(n, 0), true
	case "replace":
		s, ok := recv.(starlark.String)
		if !ok || len(args) < 2 {
			return 0, false
		}
		old, ok1 := args[0].(starlark.String)
		repl, ok2 := args[1].(starlark.String)
		if !ok1 || !ok2 {
			return 0, false
		}
		k := int64(strings.Count(string(s), string(old)))
		if len(args) > 2 {
			if c, err := starlark.AsInt32(args[2]); err == nil && c >= 0 && int64(c) < k {
				k = int64(c)
			}
		}
		return int64(len(s)) + k*(int64(len(repl))-int64(len(old))), true
	case "format":
		f, ok := recv.(starlark.String)
		if !ok {
			return 0, false
		}
		n := int64(len(f))
		for _, a := range args {
			n += reprSize(a, maxSequence)
		}
		return n, true
	case "extend":
		l, ok := recv.(*starlark.List)
		if !ok || len(args) != 1 {
			return 0, false
		}
		if n, ok := args[0].(starlark.Sequence); ok {
			return int64(l.Len()) + int64(n.Len()), true
		}
	}
	return 0, false
}

// getAttr is recv.name, as Starlark's dot expression finds it.
func getAttr(recv starlark.Value, name string) (starlark.Value, error) {
	if h, ok := recv.(starlark.HasAttrs); ok {
		v, err := h.Attr(name)
		if err != nil {
			return nil, err
		}
		if v != nil {
			return v, nil
		}
	}
	return nil, fmt.Errorf("%s has no .%s field or method", recv.Type(), name)
}

// formatLen bounds the length of format % args.
func formatLen(x, y starlark.Value) (int64, bool) {
	f, ok := x.(starlark.String)
	if !ok {
		return 0, false
	}
	return int64(len(f)) + reprSize(y, maxSequence), true
}

// reprSize estimates how long str(v) is, stopping once it passes limit: a
// list that holds the same million-element list a million times is a few
// steps to build and a trillion characters to print. Strings and
// containers count what they print; any other value a fixed 64.
func reprSize(v starlark.Value, limit int64) int64 {
	var n int64
	var walk func(v starlark.Value, depth int)
	walk = func(v starlark.Value, depth int) {
		if n > limit || depth > 64 {
			n = limit + 1
			return
		}
		switch v := v.(type) {
		case starlark.String:
			n += int64(len(v)) + 2
		case starlark.Bytes:
			n += int64(len(v)) + 3
		case starlark.Indexable: // lists, tuples, ranges
			n += 2
			for i := 0; i < v.Len() && n <= limit; i++ {
				walk(v.Index(i), depth+1)
				n += 2
			}
		case starlark.IterableMapping: // dicts
			n += 2
			for _, kv := range v.Items() {
				if n > limit {
					break
				}
				walk(kv[0], depth+1)
				walk(kv[1], depth+1)
				n += 4
			}
		default:
			n += 64
		}
	}
	walk(v, 0)
	return n
}

// concatLen is len(x) + len(y) when x + y concatenates.
func concatLen(x, y starlark.Value) (int64, bool) {
	a, ok1 := seqLen(x)
	b, ok2 := seqLen(y)
	return int64(a) + int64(b), ok1 && ok2
}

func init() {
	two := func(name string, args starlark.Tuple) (starlark.Value, starlark.Value, error) {
		if len(args) != 2 {
			return nil, nil, errArgs(name)
		}
		return args[0], args[1], nil
	}
	op := func(name string, tok syntax.Token, size func(x, y starlark.Value) (int64, bool), what string) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			x, y, err := two(name, args)
			if err != nil {
				return nil, err
			}
			if n, ok := size(x, y); ok && n > maxSequence {
				return nil, tooLong(th, what, n)
			}
			return starlark.Binary(tok, x, y)
		})
	}
	aug := func(name string, size func(x, y starlark.Value) (int64, bool), what string) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			x, y, err := two(name, args)
			if err != nil {
				return nil, err
			}
			if n, ok := size(x, y); ok && n > maxSequence {
				return nil, tooLong(th, what, n)
			}
			return y, nil
		})
	}
	guards[guardAdd] = op(guardAdd, syntax.PLUS, concatLen, "+")
	guards[guardMul] = op(guardMul, syntax.STAR, repeatLen, "*")
	guards[guardAugAdd] = aug(guardAugAdd, concatLen, "+=")
	guards[guardAugMul] = aug(guardAugMul, repeatLen, "*=")
	guards[guardMethod] = starlark.NewBuiltin(guardMethod, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) < 2 {
			return nil, errArgs(guardMethod)
		}
		recv, name, rest := args[0], string(args[1].(starlark.String)), args[2:]
		if n, ok := methodLen(recv, name, rest); ok && n > maxSequence {
			return nil, tooLong(th, "."+name+"()", n)
		}
		m, err := getAttr(recv, name)
		if err != nil {
			return nil, err
		}
		return starlark.Call(th, m, rest, nil)
	})
	guards[guardPow] = starlark.NewBuiltin(guardPow, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		x, y, err := two(guardPow, args)
		if err != nil {
			return nil, err
		}
		return power(th, x, y)
	})
	guards[guardMod] = op(guardMod, syntax.PERCENT, formatLen, "%")
	guards[guardAugMod] = aug(guardAugMod, formatLen, "%=")
	// str and repr of a value whose text would be over the limit are
	// errors; print does nothing (a script's output is not shown).
	for _, name := range []string{"str", "repr"} {
		orig := starlark.Universe[name].(*starlark.Builtin)
		guards[name] = starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) == 1 {
				if n := reprSize(args[0], maxSequence); n > maxSequence {
					return nil, tooLong(th, name+"()", n)
				}
			}
			return starlark.Call(th, orig, args, kwargs)
		})
	}
	guards["print"] = starlark.NewBuiltin("print", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, nil
	})
	universeRange := starlark.Universe["range"].(*starlark.Builtin)
	guards["range"] = starlark.NewBuiltin("range", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		r, err := starlark.Call(th, universeRange, args, kwargs)
		if err != nil {
			return nil, err
		}
		if n := r.(starlark.Sequence).Len(); n > maxSequence {
			return nil, tracerOf(th).errorText("", msg.F("model scripts loop over layers, a few thousand at most"),
				msg.F("range of %d numbers, more than %d", int64(n), maxSequence))
		}
		return r, nil
	})
}

// guards are the builtins guardOps' calls and the bounded range, added to
// the script's predeclared names.
var guards = starlark.StringDict{}

// errArgs is the error of a guard builtin called by hand with the wrong
// arguments (only the rewriter calls them).
func errArgs(name string) error {
	return &layerErr{msg: msg.F("%s takes two arguments", name)}
}

// maxPowBits bounds the size of an int a script builds with "**": a
// model needs 2 ** 31 at most, and 10 ** 10 ** 9 would be a gigabyte.
const maxPowBits = 4096

// power is x ** y as Python computes it: a tensor operand makes an
// elementwise pow (operator.pow), ints give an int (a float for a
// negative exponent), floats a float.
func power(th *starlark.Thread, x, y starlark.Value) (starlark.Value, error) {
	tr := tracerOf(th)
	_, tx := x.(*Tensor)
	_, ty := y.(*Tensor)
	if tx || ty {
		return tr.binaryOp("pow", "operator.pow", x, y)
	}
	if a, ok := x.(starlark.Int); ok {
		if b, ok := y.(starlark.Int); ok && b.Sign() >= 0 {
			if a.Sign() == 0 || a.BigInt().BitLen() == 1 {
				// 0, 1 and -1 stay small at any power.
				switch {
				case b.Sign() == 0:
					return starlark.MakeInt(1), nil
				case a.Sign() == 0:
					return starlark.MakeInt(0), nil
				case a.Sign() > 0 || b.BigInt().Bit(0) == 0:
					return starlark.MakeInt(1), nil
				}
				return starlark.MakeInt(-1), nil
			}
			e, ok := b.Int64()
			if !ok || e > maxPowBits || int64(a.BigInt().BitLen()-1)*e > maxPowBits {
				return nil, tr.errorf("", "model scripts use powers such as 2 ** 31; look for a wrong exponent", "%s ** %s would be an int of more than %d bits", a.String(), b.String(), maxPowBits)
			}
			return intPow(a, e), nil
		}
	}
	fx, ok1 := starlark.AsFloat(x)
	fy, ok2 := starlark.AsFloat(y)
	if !ok1 || !ok2 {
		return nil, tr.errorf("", "** raises a number or a tensor to a number", "unsupported operands for **: %s and %s", x.Type(), y.Type())
	}
	if fx == 0 && fy < 0 {
		return nil, tr.errorf("", "", "0 cannot be raised to a negative power")
	}
	if fx < 0 && fy != math.Trunc(fy) {
		return nil, tr.errorf("", "", "a negative number raised to a fractional power is not a real number")
	}
	return starlark.Float(math.Pow(fx, fy)), nil
}

// intPow is a ** e for e ≥ 0.
func intPow(a starlark.Int, e int64) starlark.Int {
	return starlark.MakeBigInt(new(big.Int).Exp(a.BigInt(), big.NewInt(e), nil))
}
