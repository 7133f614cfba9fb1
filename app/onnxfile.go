package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// idONNXFile is the file picker's id.
const idONNXFile = "onnx-file"

// hasFiles tells whether a drag event carries files (not text).
func hasFiles(e app.Event) bool {
	dt := e.Get("dataTransfer")
	if !dt.Truthy() {
		return false
	}
	types := dt.Get("types")
	for i := 0; i < types.Length(); i++ {
		if types.Index(i).String() == "Files" {
			return true
		}
	}
	return false
}
