package app

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/msg"
)

// Editor is the left column's model text: the editor with its line
// gutter and the first error drawn over the text, the ONNX file picker
// (and a file dropped on the editor), the restore button, and the lists
// under it: problems, the parts of a pasted model not counted, and the
// warnings at the printout's lines with the inputs stating what an
// unknown class holds. The textarea is uncontrolled (go-app v9 would
// drop keys typed between renders): the page pushes a new text into it
// with fillFields, and the Editor hands what is typed to OnEdit.
type Editor struct {
	app.Compo

	// Script is the text in the editor (its lines number the gutter).
	Script string
	Lang   string
	// Errs are the problems of the last computation; Report its result
	// (nil: none yet), Stale when Errs are newer than it.
	Errs   diag.List
	Report *core.Report
	Stale  bool
	// Printout offers "Edit the converted script"; Halted "Run it
	// anyway"; Restore "Restore your previous script".
	Printout bool
	Halted   bool
	Restore  bool

	// OnEdit takes a new text: typed (file false) or read from a file
	// (true, not yet in the textarea).
	OnEdit func(ctx app.Context, text string, file bool)
	// OnAssume states what a class holds, as typed in its inputs.
	OnAssume func(ctx app.Context, class, params, macs string)
	// The buttons, and the page's status line.
	OnEditScript, OnRunAnyway, OnRestore func(ctx app.Context)
	Status                               func(string)
}

func (e *Editor) tr(k string) string { return T(e.Lang, k) }

// Render draws the editor and the lists under it.
func (e *Editor) Render() app.UI {
	if e.Report != nil {
		markMS("editor")
	}
	return el("div", "class", "editor-area").Body(
		// Always present (hidden when there is nothing to restore), so the
		// editor after it, whose textarea holds the text, is never
		// re-created when the button comes and goes.
		el("p", "class", "restore").Attr("hidden", !e.Restore).Body(
			when(e.Restore, button("restore", "ghost", e.tr("restore")).OnClick(e.onButton(e.OnRestore), "restore")),
		),
		e.renderEditor(),
		e.renderProblems(),
	)
}

// Mark is how the gutter shows a line: "err" (a problem, or a part not
// counted) or "warn" (a warning), and the first message about it.
type Mark struct {
	Class, Title string
}

// GutterMarks are the marked lines of the editor: a problem's line, a
// not-counted part's and a warning's (while the result is current), in
// that precedence; first is the problem drawn over the text (nil: none).
func GutterMarks(lang string, errs diag.List, rep *core.Report, stale bool, lines int) (marks map[int]Mark, first *diag.Error) {
	marks = map[int]Mark{}
	for n, es := range ErrorLines(errs) {
		marks[n] = Mark{"err", es[0].MsgIn(lang)}
	}
	for _, x := range errs {
		if x.Pos.Line > 0 && x.Pos.Line <= lines && (x.Pos.File == "" || x.Pos.File == Filename) {
			first = x
			break
		}
	}
	if rep == nil || stale {
		return marks, first
	}
	for _, x := range rep.Incomplete {
		if _, ok := marks[x.Line]; !ok && x.Line > 0 {
			marks[x.Line] = Mark{"err", x.Text.InOr(lang, x.Reason)}
		}
	}
	for _, w := range rep.Warnings {
		if _, ok := marks[w.Pos.Line]; !ok {
			marks[w.Pos.Line] = Mark{"warn", w.Text.In(lang)}
		}
	}
	return marks, first
}

// GutterRun is a run of the gutter's lines: marked lines one by one (Mark
// set, From = To), the lines between them together, as one text of their
// numbers. A gutter element per line was a quarter of the page's elements
// for ResNet-50's script (232 of 874), each a handful of JavaScript calls
// when the page mounts.
type GutterRun struct {
	From, To int // 1-based, inclusive
	Mark     *Mark
}

// Numbers is the run's line numbers, one a line.
func (r GutterRun) Numbers() string {
	var b strings.Builder
	for n := r.From; n <= r.To; n++ {
		if n > r.From {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// GutterRuns splits lines 1..lines into runs: each marked line alone, the
// unmarked ones between them together.
func GutterRuns(lines int, marks map[int]Mark) []GutterRun {
	var runs []GutterRun
	for n := 1; n <= lines; n++ {
		if m, ok := marks[n]; ok {
			runs = append(runs, GutterRun{From: n, To: n, Mark: &m})
			continue
		}
		if k := len(runs) - 1; k >= 0 && runs[k].Mark == nil && runs[k].To == n-1 {
			runs[k].To = n
			continue
		}
		runs = append(runs, GutterRun{From: n, To: n})
	}
	return runs
}

func (e *Editor) renderEditor() app.UI {
	lines := LineCount(e.Script)
	marks, first := GutterMarks(e.Lang, e.Errs, e.Report, e.Stale, lines)
	invalid := false
	runs := GutterRuns(lines, marks)
	gutter := make([]app.UI, len(runs))
	for i, r := range runs {
		if r.Mark == nil {
			gutter[i] = el("span", "class", "lns").Text(r.Numbers())
			continue
		}
		invalid = invalid || r.Mark.Class == "err"
		gutter[i] = el("span", "id", "line-"+strconv.Itoa(r.From), "class", "ln "+r.Mark.Class, "title", r.Mark.Title).Text(r.From)
	}
	return div("editor-wrap",
		el("label", "for", idScript, "class", "editor-label").Text(e.tr("editor")),
		div("file-open",
			el("label", "for", idONNXFile, "class", "file-button").Text(e.tr("onnx.open")),
			app.Input().Type("file").ID(idONNXFile).Accept(".onnx").Class("file-input").OnChange(e.onONNXFile),
			el("span", "class", "file-hint").Text(e.tr("onnx.hint")),
		),
		div("editor",
			el("div", "class", "gutter", "aria-hidden", "true").Body(gutter...),
			div("code",
				// Always present, so the textarea keeps its place (and its text
				// and focus) when an error comes and goes.
				e.renderInlineError(first),
				el("textarea", "id", idScript, "class", "mono",
					"rows", strconv.Itoa(lines+1), "wrap", "off", "spellcheck", "false",
					"autocapitalize", "off", "autocomplete", "off",
					"aria-label", e.tr("editor.aria"),
					"aria-invalid", strconv.FormatBool(invalid)).
					OnInput(e.onScript).OnKeyDown(e.onKey),
			),
		).OnDragOver(e.onDragOver).OnDrop(e.onDrop),
	)
}

func (e *Editor) renderInlineError(x *diag.Error) app.UI {
	if x == nil {
		return el("div", "class", "inline-err hidden", "aria-hidden", "true").Body(el("span", "class", "caret"))
	}
	return el("div", "class", "inline-err", "aria-hidden", "true",
		"style", "top:calc("+strconv.Itoa(x.Pos.Line-1)+" * var(--lh) + var(--pad))",
		"title", x.MsgIn(e.Lang)).
		Body(el("span", "class", "caret", "style", "left:calc("+strconv.Itoa(max(x.Pos.Col-1, 0))+" * 1ch)"))
}

func (e *Editor) renderProblems() app.UI {
	return el("div", "id", "problems", "aria-live", "polite").Body(
		when(e.Printout, div("printout-bar",
			p("", "muted", e.tr("printout.bar")),
			button("edit-script", "ghost", e.tr("printout.edit")).OnClick(e.onButton(e.OnEditScript), "edit-script"),
		)),
		when(len(e.Errs) > 0, div("errors",
			el("h2").Text(e.tr("errors")),
			el("ul", "id", "errors").Body(
				each(len(e.Errs), func(i int) app.UI { return e.renderError(e.Errs[i]) })...,
			),
		)),
		e.renderIncomplete(),
		e.renderWarnings(),
		when(e.Halted, el("p", "class", "halted").Body(
			button("run-anyway", "", e.tr("run.anyway")).OnClick(e.onButton(e.OnRunAnyway), "run-anyway"),
		)),
	)
}

// renderError is one problem: its place (a button to it when it is in
// the editor's text), message and hint.
func (e *Editor) renderError(x *diag.Error) app.UI {
	where := x.Pos.File
	if x.Pos.Line > 0 {
		where = fmt.Sprintf(e.tr("line.col"), x.Pos.Line, max(x.Pos.Col, 1))
		if x.Pos.Col == 0 {
			where = fmt.Sprintf(e.tr("line"), x.Pos.Line)
		}
		if x.Pos.File != "" && x.Pos.File != Filename {
			where = x.Pos.File + ", " + where
		}
	}
	text := x.MsgIn(e.Lang)
	if l := x.LayerLabel(); l != "" {
		text = l + ": " + text
	}
	loc := when(where != "", span("where", where))
	if x.Pos.Line > 0 && (x.Pos.File == "" || x.Pos.File == Filename) {
		loc = button("", "goto", where).Attr("title", e.tr("goto")).
			OnClick(e.onGoto(x.Pos.Line, x.Pos.Col), x.Pos.Line, x.Pos.Col)
	}
	return el("li", "class", "error", "data-error-line", strconv.Itoa(x.Pos.Line), "data-error-col", strconv.Itoa(x.Pos.Col)).Body(
		loc,
		span("msg", " "+text),
		when(!x.Hint.IsZero(), div("hint",
			el("strong").Text(e.tr("hint")+" "), span("", firstLine(x.HintIn(e.Lang))),
		)),
	)
}

// renderIncomplete lists the parts of a pasted model the counts leave out
// (a printout's container whose forward the printout cannot show), each at
// its line, like an error: the result stands, marked incomplete.
func (e *Editor) renderIncomplete() app.UI {
	if e.Report == nil || len(e.Report.Incomplete) == 0 {
		return nil
	}
	rep := e.Report
	inc := rep.Incomplete
	return div("errors incomplete",
		el("h2").Text(PartialLabel(e.Lang, "incomplete", rep)),
		el("ul", "id", "incomplete").Body(each(len(inc), func(i int) app.UI {
			x := inc[i]
			where := fmt.Sprintf(e.tr("line"), x.Line)
			module := x.Module
			if module == "" {
				module = msg.Tr(e.Lang, "the model") // core's text
			}
			return el("li", "class", "error", "data-error-line", strconv.Itoa(x.Line), "data-module", x.Module).Body(
				button("", "goto", where).Attr("title", e.tr("goto")).OnClick(e.onGoto(x.Line, 1), x.Line, 1),
				span("msg", " "+module+msg.Tr(e.Lang, ": ")+x.Text.InOr(e.Lang, x.Reason)),
			)
		})...),
	)
}

// renderWarnings lists the notes about lines of a pasted printout (what
// was assumed there, a class FlopLab does not know), each at its line;
// beside a class FlopLab does not know, inputs state what it holds.
func (e *Editor) renderWarnings() app.UI {
	if e.Report == nil || e.Stale || len(e.Report.Warnings) == 0 {
		return nil
	}
	ws := slices.Clone(e.Report.Warnings)
	// sort.SliceStable, not slices.SortStableFunc: the binary has its code
	// already, where a new instantiation is another stable sort (~7 KB).
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Pos.Line < ws[j].Pos.Line })
	return div("warnings",
		el("h2").Text(e.tr("warnings")),
		el("ul", "id", "warnings").Body(each(len(ws), func(i int) app.UI {
			w := ws[i]
			where := fmt.Sprintf(e.tr("line"), w.Pos.Line)
			return el("li", "class", "warning", "data-warning-line", strconv.Itoa(w.Pos.Line), "data-warning-col", strconv.Itoa(w.Pos.Col),
				"data-class", w.Class).Body(
				button("", "goto", where).Attr("title", e.tr("goto.warning")).OnClick(e.onGoto(w.Pos.Line, w.Pos.Col), w.Pos.Line, w.Pos.Col),
				span("msg", " "+w.Text.In(e.Lang)),
				when(w.Class != "", e.renderAssume(w)),
			)
		})...),
	)
}

// renderAssume is the two inputs stating what a class holds.
func (e *Editor) renderAssume(w core.Warning) app.UI {
	params, macs := "", ""
	if a := w.Assumed; a != nil {
		params, macs = strconv.FormatInt(a.Params, 10), strconv.FormatInt(a.MACs, 10)
	}
	num := func(what, value, label string) app.UI {
		return input("type", "text", "inputmode", "numeric", "id", assumeID(w.Class, what), "class", "assume-"+what+" mono",
			"placeholder", "0", "value", value, "autocomplete", "off", "spellcheck", "false",
			"aria-label", w.Class+": "+label).OnChange(e.onAssume(w.Class), w.Class, what)
	}
	return el("div", "class", "assume", "data-class", w.Class, "title", sf(e.tr("assume.title"), w.Class, w.Class)).Body(
		span("", e.tr("assume.holds")),
		num("params", params, e.tr("assume.params")),
		span("", e.tr("assume.mid")),
		num("macs", macs, e.tr("assume.macs")),
		span("", e.tr("assume.end")),
	)
}

// assumeID is the id of the input stating a class's params or macs.
func assumeID(class, what string) string { return "assume-" + class + "-" + what }

// ---- event handlers: thin, they hand the page what happened ----

func (e *Editor) onScript(ctx app.Context, ev app.Event) {
	if e.OnEdit != nil {
		e.OnEdit(ctx, ctx.JSSrc().Get("value").String(), false)
	}
}

// onButton calls the page's handler of a button.
func (e *Editor) onButton(f func(app.Context)) app.EventHandler {
	return func(ctx app.Context, ev app.Event) {
		if f != nil {
			f(ctx)
		}
	}
}

// onAssume hands the page what a class's inputs state.
func (e *Editor) onAssume(class string) app.EventHandler {
	return func(ctx app.Context, ev app.Event) {
		if e.OnAssume != nil {
			e.OnAssume(ctx, class, getValue(assumeID(class, "params")), getValue(assumeID(class, "macs")))
		}
	}
}

func (e *Editor) onGoto(line, col int) app.EventHandler {
	return func(ctx app.Context, ev app.Event) {
		selectLineCol(idScript, e.Script, line, col)
	}
}

func (e *Editor) onKey(ctx app.Context, ev app.Event) {
	key := ev.Get("key").String()
	switch {
	case key == "Escape":
		if e.Status != nil {
			e.Status("")
		}
		ctx.JSSrc().Get("dataset").Set("escaped", "1")
	case key == "Tab" && !ev.Get("shiftKey").Bool() && !ev.Get("ctrlKey").Bool() && !ev.Get("altKey").Bool():
		ds := ctx.JSSrc().Get("dataset")
		if ds.Get("escaped").String() == "1" {
			ds.Set("escaped", "")
			return // let Tab move the focus
		}
		ev.PreventDefault()
		insertText(idScript, "    ")
	case key == "Enter" && !ev.Get("shiftKey").Bool() && !ev.Get("ctrlKey").Bool() && !ev.Get("isComposing").Bool():
		ev.PreventDefault()
		insertText(idScript, "\n"+IndentAfter(textBeforeCaret(idScript)))
	default:
		ctx.JSSrc().Get("dataset").Set("escaped", "")
	}
}

// onONNXFile opens the file chosen in the picker.
func (e *Editor) onONNXFile(ctx app.Context, ev app.Event) {
	files := ctx.JSSrc().Get("files")
	if files.Length() == 0 {
		return
	}
	e.openFile(ctx, files.Index(0))
	ctx.JSSrc().Set("value", "") // choosing the same file again fires again
}

// onDragOver lets a file be dropped on the editor.
func (e *Editor) onDragOver(ctx app.Context, ev app.Event) {
	if hasFiles(ev) {
		ev.PreventDefault()
	}
}

// onDrop opens a file dropped on the editor; dropped text is left to the
// editor.
func (e *Editor) onDrop(ctx app.Context, ev app.Event) {
	if !hasFiles(ev) {
		return
	}
	ev.PreventDefault()
	files := ev.Get("dataTransfer").Get("files")
	if files.Length() > 0 {
		e.openFile(ctx, files.Index(0))
	}
}

// openFile reads an ONNX file's graph in slices, off the event loop, and
// hands its text form to the page.
func (e *Editor) openFile(ctx app.Context, file app.Value) {
	e.status(e.tr("onnx.reading"))
	lang := e.Lang
	ctx.Async(func() {
		text, err := readONNXText(file)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				var de *diag.Error
				if diag.ErrorsAs(err, &de) {
					e.status(de.In(lang))
				} else {
					e.status(T(lang, "onnx.fail") + " " + err.Error())
				}
				return
			}
			e.status("")
			if e.OnEdit != nil {
				e.OnEdit(ctx, text, true)
			}
		})
	})
}

func (e *Editor) status(s string) {
	if e.Status != nil {
		e.Status(s)
	}
}
