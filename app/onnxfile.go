package app

import (
	"errors"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core/diag"
)

// idONNXFile is the file picker's id.
const idONNXFile = "onnx-file"

// onONNXFile opens the file chosen in the picker.
func (c *Calculator) onONNXFile(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if files.Length() == 0 {
		return
	}
	c.openFile(ctx, files.Index(0))
	ctx.JSSrc().Set("value", "") // choosing the same file again fires again
}

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

// onDragOver lets a file be dropped on the editor.
func (c *Calculator) onDragOver(ctx app.Context, e app.Event) {
	if hasFiles(e) {
		e.PreventDefault()
	}
}

// onDrop opens a file dropped on the editor; dropped text is left to the
// editor.
func (c *Calculator) onDrop(ctx app.Context, e app.Event) {
	if !hasFiles(e) {
		return
	}
	e.PreventDefault()
	files := e.Get("dataTransfer").Get("files")
	if files.Length() > 0 {
		c.openFile(ctx, files.Index(0))
	}
}

// openFile reads an ONNX file's graph in slices, off the event loop, and
// makes it the model: its text form goes into the editor.
func (c *Calculator) openFile(ctx app.Context, file app.Value) {
	c.status = c.t("onnx.reading")
	ctx.Async(func() {
		text, err := readONNXText(file)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				var de *diag.Error
				if errors.As(err, &de) {
					c.status = de.In(c.lang)
				} else {
					c.status = c.t("onnx.fail") + " " + err.Error()
				}
				return
			}
			c.status = ""
			c.st.Script = text
			c.st.Preset = ""
			setValue(idScript, text)
			c.schedule(ctx)
		})
	})
}
