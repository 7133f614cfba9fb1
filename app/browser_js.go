//go:build js && wasm

package app

import (
	"strconv"

	"github.com/hack-pad/safejs"
)

// The browser calls go-app has no API for, through safejs so that a
// missing or throwing API becomes an error instead of a panic. Native
// stand-ins live in browser_other.go.

func doc() (safejs.Value, error) { return safejs.Global().Get("document") }

func byID(id string) (safejs.Value, error) {
	d, err := doc()
	if err != nil {
		return safejs.Undefined(), err
	}
	return d.Call("getElementById", id)
}

// setValue sets a form element's value without going through go-app's
// attribute diffing (which trims whitespace and races with typing).
func setValue(id, v string) {
	el, err := byID(id)
	if err != nil {
		return
	}
	if ok, _ := el.Truthy(); ok {
		el.Set("value", v)
	}
}

// getValue reads a form element's value ("" when missing).
func getValue(id string) string {
	el, err := byID(id)
	if err != nil {
		return ""
	}
	if ok, _ := el.Truthy(); !ok {
		return ""
	}
	return stringProp(el, "value")
}

// stringProp reads a string property of a JS object ("" when missing).
func stringProp(obj safejs.Value, name string) string {
	v, err := obj.Get(name)
	if err != nil {
		return ""
	}
	s, _ := v.String()
	return s
}

// textBeforeCaret returns the text of the element from its start to the
// caret.
func textBeforeCaret(id string) string {
	el, err := byID(id)
	if err != nil {
		return ""
	}
	pos, err := el.Get("selectionStart")
	if err != nil {
		return ""
	}
	v, err := el.Get("value")
	if err != nil {
		return ""
	}
	sub, err := v.Call("substring", 0, pos)
	if err != nil {
		return ""
	}
	s, _ := sub.String()
	return s
}

// insertText types text at the caret of the focused element, keeping the
// browser's undo history, and fires its input event.
func insertText(id, text string) {
	d, err := doc()
	if err != nil {
		return
	}
	if ok, err := d.Call("execCommand", "insertText", false, text); err == nil {
		if b, _ := ok.Bool(); b {
			return
		}
	}
	// Fallback: setRangeText and a synthetic input event.
	el, err := byID(id)
	if err != nil {
		return
	}
	if _, err := el.Call("setRangeText", text, mustGet(el, "selectionStart"), mustGet(el, "selectionEnd"), "end"); err != nil {
		return
	}
	ctor, err := safejs.Global().Get("Event")
	if err != nil {
		return
	}
	ev, err := ctor.New("input", map[string]any{"bubbles": true})
	if err == nil {
		el.Call("dispatchEvent", ev)
	}
}

func mustGet(v safejs.Value, name string) any {
	x, err := v.Get(name)
	if err != nil {
		return 0
	}
	return x
}

// selectLineCol focuses the element and puts the caret at a 1-based line
// and column (columns count runes), scrolling it into view.
func selectLineCol(id string, text string, line, col int) {
	el, err := byID(id)
	if err != nil {
		return
	}
	off := utf16Offset(text, line, col)
	el.Call("focus")
	el.Call("setSelectionRange", off, off)
	if b, err := byID("line-" + strconv.Itoa(line)); err == nil {
		if ok, _ := b.Truthy(); ok {
			b.Call("scrollIntoView", map[string]any{"block": "center"})
		}
	}
}

func storage() (safejs.Value, error) {
	return safejs.Global().Get("localStorage")
}

// storageGet reads a raw localStorage string.
func storageGet(key string) (string, bool) {
	ls, err := storage()
	if err != nil {
		return "", false
	}
	v, err := ls.Call("getItem", key)
	if err != nil || v.IsNull() || v.IsUndefined() {
		return "", false
	}
	s, err := v.String()
	return s, err == nil
}

// storageSet writes a raw localStorage string; quota errors are ignored
// (autosave is best effort).
func storageSet(key, v string) {
	if ls, err := storage(); err == nil {
		ls.Call("setItem", key, v)
	}
}

// clipboardWrite puts text on the clipboard and calls done with the
// outcome, on the JS event goroutine: done must only Dispatch.
func clipboardWrite(text string, done func(ok bool)) {
	nav, err := safejs.Global().Get("navigator")
	if err != nil {
		done(false)
		return
	}
	cb, err := nav.Get("clipboard")
	if err != nil || cb.IsUndefined() {
		done(false)
		return
	}
	p, err := cb.Call("writeText", text)
	if err != nil {
		done(false)
		return
	}
	var onOK, onErr safejs.Func
	release := func() { onOK.Release(); onErr.Release() }
	onOK, err = safejs.FuncOf(func(safejs.Value, []safejs.Value) any { release(); done(true); return nil })
	if err != nil {
		done(false)
		return
	}
	onErr, err = safejs.FuncOf(func(safejs.Value, []safejs.Value) any { release(); done(false); return nil })
	if err != nil {
		onOK.Release()
		done(false)
		return
	}
	if _, err := p.Call("then", onOK.Value(), onErr.Value()); err != nil {
		release()
		done(false)
	}
}

// download saves text as a file through a Blob URL.
func download(name, mime, text string) {
	g := safejs.Global()
	blobCtor, err := g.Get("Blob")
	if err != nil {
		return
	}
	blob, err := blobCtor.New([]any{text}, map[string]any{"type": mime})
	if err != nil {
		return
	}
	saveBlob(blob, name)
}

// saveBlob downloads a Blob as a file with the name, through a Blob URL
// and a clicked <a download>.
func saveBlob(blob safejs.Value, name string) {
	urlObj, err := safejs.Global().Get("URL")
	if err != nil {
		return
	}
	href, err := urlObj.Call("createObjectURL", blob)
	if err != nil {
		return
	}
	d, err := doc()
	if err != nil {
		return
	}
	a, err := d.Call("createElement", "a")
	if err != nil {
		return
	}
	a.Set("href", href)
	a.Set("download", name)
	body, _ := d.Get("body")
	body.Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	urlObj.Call("revokeObjectURL", href)
}

// browserLang is navigator.language ("zh-CN"), or "".
func browserLang() string {
	nav, err := safejs.Global().Get("navigator")
	if err != nil {
		return ""
	}
	return stringProp(nav, "language")
}

// setDocLang sets <html lang> so screen readers and fonts follow the page.
func setDocLang(lang string) {
	d, err := doc()
	if err != nil {
		return
	}
	el, err := d.Get("documentElement")
	if err == nil {
		el.Call("setAttribute", "lang", htmlLang(lang))
	}
}

// nowMS is performance.now(), the page's clock since navigation started.
func nowMS() float64 {
	p, err := safejs.Global().Get("performance")
	if err != nil {
		return 0
	}
	v, err := p.Call("now")
	if err != nil {
		return 0
	}
	f, _ := v.Float()
	return f
}

// downloadPNG draws an SVG on a canvas (2× for sharpness, white
// background) and saves it as a PNG file.
func downloadPNG(name, svg string, w, h int) {
	if w <= 0 || h <= 0 {
		return
	}
	g := safejs.Global()
	d, err := doc()
	if err != nil {
		return
	}
	imgCtor, err := g.Get("Image")
	if err != nil {
		return
	}
	img, err := imgCtor.New()
	if err != nil {
		return
	}
	enc, err := g.Call("encodeURIComponent", svg)
	if err != nil {
		return
	}
	encS, _ := enc.String()
	var onLoad, onBlob safejs.Func
	onBlob, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		onBlob.Release()
		if len(args) == 0 || args[0].IsNull() {
			return nil
		}
		saveBlob(args[0], name)
		return nil
	})
	if err != nil {
		return
	}
	onLoad, err = safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		onLoad.Release()
		canvas, err := d.Call("createElement", "canvas")
		if err != nil {
			onBlob.Release()
			return nil
		}
		canvas.Set("width", 2*w)
		canvas.Set("height", 2*h)
		cx, err := canvas.Call("getContext", "2d")
		if err != nil {
			onBlob.Release()
			return nil
		}
		cx.Set("fillStyle", "#ffffff")
		cx.Call("fillRect", 0, 0, 2*w, 2*h)
		cx.Call("scale", 2, 2)
		cx.Call("drawImage", img, 0, 0, w, h)
		if _, err := canvas.Call("toBlob", onBlob.Value(), "image/png"); err != nil {
			onBlob.Release()
		}
		return nil
	})
	if err != nil {
		onBlob.Release()
		return
	}
	img.Set("onload", onLoad.Value())
	img.Set("src", "data:image/svg+xml;charset=utf-8,"+encS)
}

// scrollIntoView scrolls the page the least that shows the element (none
// when it is in view already).
func scrollIntoView(id string) {
	el, err := byID(id)
	if err != nil {
		return
	}
	if ok, _ := el.Truthy(); ok {
		opts, err := safejs.ValueOf(map[string]any{"block": "nearest"})
		if err == nil {
			el.Call("scrollIntoView", opts)
		}
	}
}

// marked are the startup marks already set (see markMS).
var marked = map[string]bool{}

// markMS sets window.floplab_<name> to performance.now() the first time
// it is called with name: startup marks the throttled first-visit test
// reports (main, first render, mount, first render with a result and its
// components), so the time after app.wasm's download can be split up.
func markMS(name string) {
	if marked[name] {
		return
	}
	marked[name] = true
	safejs.Global().Set("floplab_"+name, nowMS())
}

// focusButton focuses the button of the table tableID whose data-act is
// act and whose data-<attr> is value: the one pressed before the table
// was written anew (LayerTable.onTableClick).
func focusButton(tableID, act, attr, value string) {
	t, err := byID(tableID)
	if err != nil {
		return
	}
	if ok, _ := t.Truthy(); !ok {
		return
	}
	list, err := t.Call("querySelectorAll", "button[data-act="+act+"]")
	if err != nil {
		return
	}
	n, err := list.Length()
	if err != nil {
		return
	}
	for i := 0; i < n; i++ {
		b, err := list.Index(i)
		if err != nil {
			return
		}
		d, err := b.Get("dataset")
		if err == nil && stringProp(d, attr) == value {
			b.Call("focus")
			return
		}
	}
}

// afterPaint calls fn once the browser has painted the next frame: for
// work the first screen does not need, such as the first visit's
// autosave. The page's floplabAfterPaint (app.js, see wasm/gen.go) waits
// for requestAnimationFrame, then a task, in JavaScript: a Go callback in
// the frame would run the program's pending work before the paint. fn
// runs on the JS event goroutine: it must only Dispatch. Without the
// helper, fn runs after a task; without that, at once.
func afterPaint(fn func()) {
	var task safejs.Func
	var err error
	task, err = safejs.FuncOf(func(safejs.Value, []safejs.Value) any { task.Release(); fn(); return nil })
	if err != nil {
		fn()
		return
	}
	if helper, err := safejs.Global().Get("floplabAfterPaint"); err == nil && helper.Type() == safejs.TypeFunction {
		if _, err := helper.Invoke(task.Value()); err == nil {
			return
		}
	}
	if _, err := safejs.Global().Call("setTimeout", task.Value(), 0); err != nil {
		task.Release()
		fn()
	}
}

// focusIfNone focuses the element id when nothing else has the focus: a
// control written anew (onControlChange) took the focus with it.
func focusIfNone(id string) {
	d, err := doc()
	if err != nil {
		return
	}
	active, err := d.Get("activeElement")
	if err != nil {
		return
	}
	if ok, _ := active.Truthy(); ok && stringProp(active, "tagName") != "BODY" {
		return
	}
	if el, err := byID(id); err == nil {
		if ok, _ := el.Truthy(); ok {
			el.Call("focus")
		}
	}
}
