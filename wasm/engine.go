// Command wasm is FlopLab's web page. Built for GOOS=js GOARCH=wasm it is
// app.wasm, the page itself; built natively it is the static site
// generator that build.sh runs to write dist/ (the pre-rendered page,
// go-app's loader, service worker and manifest).
package main

import (
	"floplab/app"
)

// engine wires the page to the core.
func engine() app.Engine { return app.CoreEngine() }
