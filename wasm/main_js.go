//go:build js && wasm

package main

import (
	"runtime/debug"
	"syscall/js"

	goapp "github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/app"
)

func main() {
	// A startup mark (see app.markMS): when the Go program starts, after
	// app.wasm compiled and the packages' init ran.
	js.Global().Set("floplab_main", js.Global().Get("performance").Call("now"))
	// One recompute allocates a few megabytes; collecting less often
	// makes it about 15% faster in wasm (measured on DenseNet-201), and
	// the memory limit keeps the tab's heap bounded.
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(256 << 20)
	app.Routes(engine())
	goapp.RunWhenOnBrowser()
}
