//go:build js && wasm

package app

import (
	"errors"
	"io"

	"github.com/hack-pad/safejs"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core/onnx"
)

// blobReader reads a File in slices (Blob.slice(…).arrayBuffer()), so
// the page reads a model's graph without loading its weights. ReadAt
// blocks until the browser answers: call it off the event loop.
type blobReader struct{ blob safejs.Value }

func (r blobReader) ReadAt(p []byte, off int64) (int, error) {
	slice, err := r.blob.Call("slice", float64(off), float64(off)+float64(len(p)))
	if err != nil {
		return 0, err
	}
	promise, err := slice.Call("arrayBuffer")
	if err != nil {
		return 0, err
	}
	type result struct {
		buf safejs.Value
		err error
	}
	done := make(chan result, 1)
	ok, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		done <- result{buf: args[0]}
		return nil
	})
	if err != nil {
		return 0, err
	}
	defer ok.Release()
	fail, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		done <- result{err: errors.New("the browser could not read the file")}
		return nil
	})
	if err != nil {
		return 0, err
	}
	defer fail.Release()
	if _, err := promise.Call("then", ok.Value(), fail.Value()); err != nil {
		return 0, err
	}
	res := <-done
	if res.err != nil {
		return 0, res.err
	}
	u8c, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return 0, err
	}
	u8, err := u8c.New(res.buf)
	if err != nil {
		return 0, err
	}
	n, err := safejs.CopyBytesToGo(p, u8)
	if err == nil && n < len(p) {
		err = io.EOF
	}
	return n, err
}

// readONNXText reads a File chosen or dropped on the page and returns
// its graph in the editor's text form (onnx.Text).
func readONNXText(file app.Value) (string, error) {
	f := safejs.Safe(app.JSValue(file))
	name, _ := f.Get("name")
	size, _ := f.Get("size")
	n, _ := name.String()
	sz, _ := size.Float()
	return onnx.Text(onnx.Source{Name: n, R: blobReader{blob: f}, Size: int64(sz)})
}
