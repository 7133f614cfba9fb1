package app

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Routes registers the page's routes; both the browser main and the static
// site generator call it, with the same engine.
func Routes(eng Engine) {
	app.RouteFunc("/", func() app.Composer { return NewCalculator(eng) })
}
