//go:build !(js && wasm)

package app

import "sync"

// Native stand-ins for browser_js.go, so the package builds, pre-renders
// and tests outside a browser. Storage is an in-memory map; the rest do
// nothing observable.

var (
	memMu    sync.Mutex
	memStore = map[string]string{}
	memValue = map[string]string{}
)

func setValue(id, v string) {
	memMu.Lock()
	defer memMu.Unlock()
	memValue[id] = v
}

func getValue(id string) string {
	memMu.Lock()
	defer memMu.Unlock()
	return memValue[id]
}

func textBeforeCaret(id string) string { return getValue(id) }

func insertText(id, text string) {}

func selectLineCol(id string, text string, line, col int) {}

func storageGet(key string) (string, bool) {
	memMu.Lock()
	defer memMu.Unlock()
	v, ok := memStore[key]
	return v, ok
}

func storageSet(key, v string) {
	memMu.Lock()
	defer memMu.Unlock()
	memStore[key] = v
}

func clipboardWrite(text string, done func(ok bool)) { done(false) }

func download(name, mime, text string) {}

func downloadPNG(name, svg string, w, h int) {}

func browserLang() string { return "" }

func setDocLang(lang string) {}

func nowMS() float64 { return 0 }

func scrollIntoView(id string) {}

func markMS(name string) {}

func focusButton(tableID, act, attr, value string) {}

func afterPaint(fn func()) { fn() }

func focusIfNone(id string) {}
