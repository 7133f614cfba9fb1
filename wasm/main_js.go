//go:build js && wasm

package main

import (
	"runtime/debug"
	"sync"
	"syscall/js"
	"time"

	goapp "github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/app"
)

func main() {
	// A startup mark (see app.markMS): when the Go program starts, after
	// app.wasm compiled and the packages' init ran.
	js.Global().Set("floplab_main", js.Global().Get("performance").Call("now"))
	// One recompute allocates a few megabytes; collecting less often
	// makes it about 15% faster in wasm (measured on DenseNet-201), and
	// the memory limit keeps the tab's heap bounded. Until the first
	// screen is painted the collector runs only at that limit: the start
	// (the first computation, the mount) would otherwise collect once or
	// twice, and the browser compiles the collector's code at its first
	// run (V8 compiles each wasm function at its first call).
	debug.SetMemoryLimit(256 << 20)
	debug.SetGCPercent(-1)
	collect := sync.OnceFunc(func() { debug.SetGCPercent(400) })
	app.AfterFirstPaint(collect)
	time.AfterFunc(10*time.Second, collect) // a page that never paints a result
	app.Routes(engine())
	goapp.RunWhenOnBrowser()
}
