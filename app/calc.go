package app

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/msg"
	"floplab/core/share"
)

// Debounce is how long the page waits after a keystroke before computing.
const Debounce = 150 * time.Millisecond

// Element ids the tests and the browser helpers use.
const (
	idScript = "script"
	idInput  = "input-shape"
	idBatch  = "batch"
)

// Calculator is the whole page: editor, settings, results.
type Calculator struct {
	app.Compo

	eng Engine

	st      share.State // script and settings: what the URL carries
	lang    string      // effective language
	rep     *core.Report
	errs    diag.List
	linkErr msg.Text // why the link was not used, in any language
	// linkPartial: the link was used but for what linkErr names.
	linkPartial bool
	// prev is an autosaved script a link replaced, offered for restore.
	prev      string
	stale     bool
	computing bool
	took      time.Duration
	// printout is true when the editor holds a print(model) printout.
	printout bool
	// halted is true when the script loaded was not run (see halt).
	halted bool
	// prerendered marks the result index.html was generated with: its
	// time is the build machine's, so the page does not show it.
	prerendered bool
	seq         int

	mem     memPanel
	formula *Formula
	status  string

	ready         bool
	opened        bool // OnInit opened the first URL; OnNav finishes it
	updateReady   bool
	firstResultMS float64
	computes      int
	enc           share.Encoder
	store         Store
}

// Formula is what clicking a number shows.
type Formula struct {
	Title string
	Body  string
}

// NewCalculator returns the page component computing with eng.
func NewCalculator(eng Engine) *Calculator { return &Calculator{eng: eng} }

// OnPreRender computes the default preset so the generated index.html
// already shows a result before app.wasm has loaded.
func (c *Calculator) OnPreRender(ctx app.Context) {
	c.st = defaultState()
	c.lang = LangEN
	c.compute()
	c.prerendered = true
}

// OnInit, in the browser, opens what the page's URL asks (see open)
// before the first render, so the calculator mounts once with its result
// instead of mounting empty, computing and rendering again (about 100 ms
// of the first visit). OnNav finishes what needs the context.
func (c *Calculator) OnInit() {
	if !app.IsClient {
		return
	}
	c.open(app.Window().URL())
	c.opened = true
	c.ready = true // mounted in the same turn of the event loop as this render
}

// OnMount marks the page ready for the tests.
func (c *Calculator) OnMount(ctx app.Context) {
	markMS("mount")
	if c.opened {
		// Mounted as OnInit rendered it, ready and with its result:
		// nothing to render again.
		ctx.PreventUpdate()
	}
	c.ready = true
}

// OnNav loads the state the URL asks for (fragment, query link, autosave
// or default) and computes it at once. The first navigation in the
// browser was opened by OnInit: it is only finished here.
func (c *Calculator) OnNav(ctx app.Context) {
	markMS("nav")
	first := c.opened
	if !first {
		c.open(ctx.Page().URL())
	}
	c.opened = false
	st := c.st
	fillFields(st)
	if first {
		// The page on screen is the one OnInit rendered: only the
		// fields, which it does not render, had to be filled. The link
		// and the autosave are written once it is painted (their
		// compression took ~45 ms of a first visit's start), with the
		// state as it is then.
		afterPaint(func() {
			ctx.Dispatch(func(ctx app.Context) {
				firstPainted()
				if !c.halted {
					c.save(ctx)
				}
				ctx.PreventUpdate()
			})
		})
		ctx.PreventUpdate()
		return
	}
	if !c.halted {
		c.save(ctx)
	}
	firstPainted() // a page whose first screen OnInit did not open
	// Now, for fields already on the page: go-app drops a deferred call
	// whose source element the next render removes. And after the
	// render, for fields the first render creates.
	ctx.Defer(func(app.Context) { fillFields(st) })
}

// open installs the state u asks for (fragment, query link, autosave or
// default) and computes it, unless the script stopped the page the last
// time it ran (see halt): what OnNav does that needs no context.
func (c *Calculator) open(u *url.URL) {
	saved := c.store.Autosave()
	l := Load(u, saved)
	if l.Source == FromFragment || l.Source == FromQuery {
		if old, err := share.Decode(saved); err == nil && saved != "" && old.Script != l.State.Script {
			c.store.SetPrevious(saved)
			c.prev = saved
		}
	}
	c.install(l.State)
	if c.store.Halted(l.State.Script) {
		c.halt()
	} else {
		c.compute()
	}
	c.linkErr, c.linkPartial = l.Err, l.Partial
	if c.firstResultMS == 0 {
		c.firstResultMS = nowMS()
	}
}

// apply installs a whole state, pushes it into the uncontrolled fields and
// computes.
func (c *Calculator) apply(ctx app.Context, st share.State) {
	c.install(st)
	c.compute()
	c.save(ctx)
	// Now, for fields already on the page: go-app drops a deferred call
	// whose source element the next render removes, as it removes the
	// Restore and Edit buttons that call apply. And after the render,
	// for fields the first render creates.
	fillFields(st)
	ctx.Defer(func(app.Context) { fillFields(st) })
}

// install makes st the page's state, with no result yet.
func (c *Calculator) install(st share.State) {
	st.Device = DeviceID(st.Device)
	c.st = st
	c.lang = PickLang(st.Lang, browserLang())
	setDocLang(c.lang)
	c.rep, c.errs, c.formula = nil, nil, nil
}

// halt marks the installed state as not computed: its script stopped the
// page the last time it ran (see keyRunning). The problems list says so
// and offers to run it anyway.
func (c *Calculator) halt() {
	c.halted = true
	c.printout = c.isPrintout()
	c.errs = diag.List{diag.New(diag.Pos{},
		msg.F("The last time this script ran, it did not finish and the page stopped, so it was not run again."),
		msg.F("it may build something too large or loop too long; edit it, or run it anyway"))}
}

// isPrintout reports whether the editor holds a print(model) printout.
func (c *Calculator) isPrintout() bool {
	return c.eng.IsPrintout != nil && c.eng.IsPrintout(c.st.Script)
}

// onRunAnyway computes a halted script.
func (c *Calculator) onRunAnyway(ctx app.Context) {
	c.compute()
	c.save(ctx)
	c.Update()
}

// Fingerprint identifies a script in the running marker (FNV-1a, hex).
func Fingerprint(script string) string {
	h := fnv.New64a()
	h.Write([]byte(script))
	return strconv.FormatUint(h.Sum64(), 16)
}

// fillFields pushes st into the page's uncontrolled fields (those on the
// page: a missing one is skipped).
func fillFields(st share.State) {
	setValue(idScript, st.Script)
	setValue(idInput, st.Input)
	b := ""
	if st.Batch > 0 {
		b = strconv.FormatInt(st.Batch, 10)
	}
	setValue(idBatch, b)
}

// compute runs the engine on the current state. On error the last good
// result stays, marked stale.
func (c *Calculator) compute() {
	start := time.Now()
	// Marked while it runs: a script that stops the page is not run again
	// at the next load (see keyRunning).
	c.store.Running(c.st.Script)
	rep, errs := Run(c.eng, c.st.Script, c.st)
	c.store.Done()
	c.halted = false
	c.took = time.Since(start)
	c.printout = c.isPrintout()
	c.computes++
	c.computing = false
	c.errs = SortedErrors(errs)
	if rep == nil {
		c.stale = c.rep != nil
		return
	}
	c.stale = false
	c.rep = rep
	c.st.Tie, c.st.Untie = PruneTies(c.st, rep.Ties)
	c.st.Assume = PruneAssume(c.st.Assume, rep)
	c.mem.sweeps = nil
	if c.st.Tab == "tools" || c.st.Preset == "alexnet" {
		// AlexNet's page shows the article's thop figure beside FlopLab's.
		c.fillConventions()
	}
}

// fillConventions counts the report under every convention, for the "All
// tools" tab and the JSON export: an edit counts only the selected one.
func (c *Calculator) fillConventions() {
	if c.rep == nil {
		return
	}
	if err := c.rep.FillConventions(); err != nil {
		c.errs = append(c.errs, diag.As(err)...)
	}
}

// save writes the state into the URL fragment and the autosave.
func (c *Calculator) save(ctx app.Context) {
	frag := c.enc.Encode(c.st)
	c.store.SetAutosave(frag)
	if u := ctx.Page().URL(); u != nil {
		ctx.Page().ReplaceURL(ShareURL(u, frag))
	}
}

// schedule recomputes after the debounce delay unless another edit comes.
func (c *Calculator) schedule(ctx app.Context) {
	c.seq++
	seq := c.seq
	c.computing = true
	ctx.After(Debounce, func(ctx app.Context) {
		if seq != c.seq {
			return
		}
		c.compute()
		c.save(ctx)
		c.Update() // ctx may be a child's (the Editor's)
	})
}

// ---- event handlers: thin, state transitions only ----

// onEdit takes the editor's new text: typed, or read from a file (then
// pushed into the textarea, which holds only what is typed).
func (c *Calculator) onEdit(ctx app.Context, text string, file bool) {
	c.st.Script = text
	c.st.Preset = ""
	if file {
		setValue(idScript, text)
	}
	c.schedule(ctx)
	c.Update()
}

// onControlChange serves the controls' selects (renderControls): the
// preset, the convention, the dtype, the unit, the pass and the mode. The
// select changed was written anew: the focus goes back to it.
func (c *Calculator) onControlChange(ctx app.Context, e app.Event) {
	target := e.Get("target")
	id, v := target.Get("id").String(), target.Get("value").String()
	if !c.chooseControl(ctx, id, v) {
		ctx.PreventUpdate() // the shape and batch fields: their input handlers did it
		return
	}
	ctx.Defer(func(app.Context) { focusIfNone(id) })
}

// chooseControl sets the control id (a select of renderControls) to v and
// recomputes; false for an id that is not one of them.
func (c *Calculator) chooseControl(ctx app.Context, id, v string) bool {
	var field *string
	switch id {
	case "preset":
		c.choosePreset(ctx, v)
		return true
	case "convention":
		field = &c.st.Convention
	case "dtype":
		field = &c.st.DType
	case "unit":
		field = &c.st.Unit
	case "pass":
		field = &c.st.Pass
	case "nnmode":
		field = &c.st.NNMode
	default:
		return false
	}
	*field = v
	c.compute()
	c.save(ctx)
	return true
}

// choosePreset opens the preset name with the page's settings and view.
func (c *Calculator) choosePreset(ctx app.Context, name string) {
	st, ok := PresetState(name)
	if !ok {
		return
	}
	st.Convention, st.DType, st.Unit, st.Lang = c.st.Convention, c.st.DType, c.st.Unit, c.st.Lang
	st.Mode, st.Optimizer, st.Device, st.Seq, st.Custom = c.st.Mode, c.st.Optimizer, c.st.Device, c.st.Seq, c.st.Custom
	st.Tab, st.Pass, st.NNMode = c.st.Tab, c.st.Pass, c.st.NNMode // another model, the same view
	c.apply(ctx, st)
}

func (c *Calculator) onInputShape(ctx app.Context, e app.Event) {
	c.st.Input = strings.TrimSpace(ctx.JSSrc().Get("value").String())
	c.schedule(ctx)
}

func (c *Calculator) onBatch(ctx app.Context, e app.Event) {
	v := strings.TrimSpace(ctx.JSSrc().Get("value").String())
	c.st.Batch = 0
	if v != "" {
		if n, err := share.ParseBatch(v); err == nil {
			c.st.Batch = n
		}
	}
	c.schedule(ctx)
}

// Handler factories (the methods below that return an app.EventHandler)
// make closures that share one code pointer. go-app keeps an element's
// handler across renders when the pointer and the scope are equal, so an
// element that now stands for something else (a table row after an edit,
// the optimizer picker appearing where the device picker was) would keep
// the old closure. Every On... call with a factory therefore passes scope
// values that name what the closure captures; TestHandlerScopes checks it.

// onTie ties or unties one weight of a pasted printout (a checkbox of
// the "Weight ties" box) and recomputes.
func (c *Calculator) onTie(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if c.rep == nil || i >= len(c.rep.Ties) {
			return
		}
		c.st.Tie, c.st.Untie = ToggleTie(c.rep.Ties, i, ctx.JSSrc().Get("checked").Bool())
		c.compute()
		c.save(ctx)
	}
}

// onAssume states what a class the printout names but FlopLab does not
// know holds (the inputs beside its warning) and recomputes.
func (c *Calculator) onAssume(ctx app.Context, class, params, macs string) {
	as, err := SetAssume(c.st.Assume, class, params, macs)
	if err != nil {
		c.setStatus(diag.As(err)[0].In(c.lang))
		return
	}
	c.status = ""
	c.st.Assume = as
	c.compute()
	c.save(ctx)
	c.Update()
}

func (c *Calculator) onLang(ctx app.Context, e app.Event) {
	if c.lang == LangZH {
		c.lang = LangEN
	} else {
		c.lang = LangZH
	}
	c.st.Lang = c.lang
	setDocLang(c.lang)
	c.save(ctx)
}

func (c *Calculator) onCopyLink(ctx app.Context, e app.Event) {
	c.save(ctx)
	link := ctx.Page().URL().String()
	if u, ok := ShortLink(ctx.Page().URL(), c.st); ok {
		link = u.String() // an unedited preset: ?preset=… rather than the whole script
	}
	n := len(link)
	clipboardWrite(link, func(ok bool) {
		ctx.Dispatch(func(ctx app.Context) {
			c.status = c.t("copied")
			if !ok {
				c.status = c.t("copyfail")
			}
			if n > share.LongLink {
				c.status += " " + fmt.Sprintf(c.t("longlink"), n)
			}
		})
	})
}

// onEditScript replaces a pasted printout with the script it converts to,
// its weight ties written in, so the user can edit what was assumed (a
// container's forward, the input). The printout stays one click away:
// "Restore your previous script".
func (c *Calculator) onEditScript(ctx app.Context) {
	defer c.Update()
	script, err := c.eng.PrintoutScript(core.Request{Script: c.st.Script, Filename: Filename, Ties: c.st.Tie, Untie: c.st.Untie, Assume: Assumptions(c.st.Assume)})
	if err != nil {
		c.errs = SortedErrors(diag.As(err))
		return
	}
	prev := c.enc.Encode(c.st)
	c.store.SetPrevious(prev)
	st := c.st
	st.Script, st.Preset, st.Tie, st.Untie, st.Assume = script, "", nil, false, nil
	c.apply(ctx, st)
	c.prev = prev
}

func (c *Calculator) onRestore(ctx app.Context) {
	st, err := share.Decode(c.prev)
	c.prev = ""
	if err == nil {
		c.apply(ctx, st)
	}
	c.Update()
}

func (c *Calculator) onFormula(f Formula) app.EventHandler {
	return func(ctx app.Context, e app.Event) { c.formula = &f }
}

// showFormula brings the formula box into view after it renders, when the
// number clicked lies far below it (deep in the layer table).
func showFormula(ctx app.Context) {
	ctx.Defer(func(app.Context) { scrollIntoView("formula") })
}

// openFormula is how a tab's number opens its formula (LayerTable,
// MemoryTab): f goes to the page's formula box through show (the
// component's Show callback, nil in tests that set none), and the box is
// brought into view.
func openFormula(ctx app.Context, show func(Formula), f Formula) {
	if show != nil {
		show(f)
	}
	showFormula(ctx)
}

// onOpenFormula is the click handler that opens f (openFormula).
func onOpenFormula(show func(Formula), f Formula) app.EventHandler {
	return func(ctx app.Context, e app.Event) { openFormula(ctx, show, f) }
}

// showFormulaBox shows f in the formula box (a child component's number).
func (c *Calculator) showFormulaBox(f Formula) {
	c.formula = &f
	c.Update()
}

// setStatus sets the status line (a child component's message).
func (c *Calculator) setStatus(s string) {
	c.status = s
	c.Update()
}

func (c *Calculator) onCloseFormula(ctx app.Context, e app.Event) { c.formula = nil }

// onTab opens a result tab; the tab is part of the link, so a shared
// link reopens it.
func (c *Calculator) onTab(tab string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.st.Tab = tab
		if tab == "layers" {
			c.st.Tab = ""
		}
		if tab == "tools" {
			c.fillConventions()
		}
		c.save(ctx)
	}
}

func (c *Calculator) onUpdate(ctx app.Context, e app.Event) { ctx.Reload() }

// OnAppUpdate shows the "new version" banner.
func (c *Calculator) OnAppUpdate(ctx app.Context) { c.updateReady = ctx.AppUpdateAvailable() }
