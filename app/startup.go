package app

import "sync"

// The page's start: what waits for its first screen to be painted.
var firstPaint struct {
	once sync.Once
	fns  []func()
}

// AfterFirstPaint registers f to run once the page's first screen, with
// its result, has been painted (wasm/main_js.go holds the garbage
// collector until then). Call it before the page starts.
func AfterFirstPaint(f func()) { firstPaint.fns = append(firstPaint.fns, f) }

// firstPainted runs what AfterFirstPaint registered, once.
func firstPainted() {
	firstPaint.once.Do(func() {
		for _, f := range firstPaint.fns {
			f()
		}
	})
}
