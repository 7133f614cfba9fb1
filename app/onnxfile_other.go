//go:build !(js && wasm)

package app

import (
	"errors"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// readONNXText needs a browser's File (see onnxfile_js.go).
func readONNXText(app.Value) (string, error) {
	return "", errors.New("reading a file needs a browser")
}
