//go:build js && wasm

package main

import (
	goapp "github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/app"
)

func main() {
	app.Routes(engine())
	goapp.RunWhenOnBrowser()
}
