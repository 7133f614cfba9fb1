// Package importers lists the formats FlopLab imports besides its model
// scripts, in the order they are tried: the one list the page and the CLI
// pass to core (core.Request.Importers). Adding an importer is a line
// here; core itself depends on none of them.
package importers

import (
	"floplab/core"
	"floplab/core/onnx"
	"floplab/core/printout"
)

// All returns the built-in importers, in detection order.
func All() []core.Importer {
	return []core.Importer{onnx.Importer{}, printout.Importer{}, core.ConfigImporter{}, printout.Foreign{}}
}
