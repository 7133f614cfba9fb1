// Command wasm is FlopLab's web page. Built for GOOS=js GOARCH=wasm it is
// app.wasm, the page itself; built natively it is the static site
// generator that build.sh runs to write dist/ (the pre-rendered page,
// go-app's loader, service worker and manifest).
package main

import (
	"floplab/app"
	"floplab/core"
	_ "floplab/core/printout" // pasted print(model) printouts are converted
)

// engine wires the page to the core.
func engine() app.Engine {
	var convs []app.Convention
	for _, c := range core.Conventions() {
		convs = append(convs, app.Convention{ID: c.ID, Tool: c.Tool, Version: c.Version, Unit: c.Unit})
	}
	return app.Engine{Analyze: core.Analyze, Conventions: convs}
}
