package app

import (
	"strings"

	"floplab/core"
)

// Export renders the layer table in a format ("CSV", "Markdown", "JSON")
// with its MIME type and file extension; "" when there is no report.
func Export(rep *core.Report, format string) (text, mime, ext string) {
	if rep == nil {
		return "", "", ""
	}
	switch format {
	case "CSV":
		return CSV(rep), "text/csv;charset=utf-8", "csv"
	case "Markdown":
		return Markdown(rep), "text/markdown;charset=utf-8", "md"
	case "JSON":
		s, err := JSON(rep)
		if err != nil {
			return "", "", ""
		}
		return s, "application/json", "json"
	}
	return "", "", ""
}

// safeName replaces each run of characters other than ASCII letters,
// digits, '.', '_' and '-' with one '_' (a file name that works anywhere).
func safeName(s string) string {
	var b strings.Builder
	run := false
	for _, r := range s {
		ok := r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
		switch {
		case ok:
			b.WriteRune(r)
			run = false
		case !run:
			b.WriteByte('_')
			run = true
		}
	}
	return b.String()
}

// exportName is a file name for the report's exports: "floplab-alexnet-thop-0.0.31".
func exportName(rep *core.Report) string {
	model := safeName(rep.Model)
	if model == "" {
		model = "model"
	}
	if len(model) > 60 {
		model = model[:60]
	}
	conv := safeName(rep.Convention)
	if conv == "" {
		conv = "floplab"
	}
	return "floplab-" + model + "-" + conv
}

// moduleTypes returns a lookup of a module path's class from the traced
// graph, for the table's group rows (nil when there is no graph).
func moduleTypes(rep *core.Report) func(string) string {
	if rep == nil || rep.Graph == nil {
		return nil
	}
	m := make(map[string]string, len(rep.Graph.Modules))
	for _, mod := range rep.Graph.Modules {
		m[mod.Path] = mod.Type
	}
	return func(p string) string { return m[p] }
}

// moduleOrder returns a lookup of a module path's place in the model
// (definition order in the traced graph, -1 for an unknown path), for
// the table's rows of modules no call reached (nil when there is no
// graph).
func moduleOrder(rep *core.Report) func(string) int {
	if rep == nil || rep.Graph == nil {
		return nil
	}
	m := make(map[string]int, len(rep.Graph.Modules))
	for i, mod := range rep.Graph.Modules {
		if _, ok := m[mod.Path]; !ok {
			m[mod.Path] = i
		}
	}
	return func(p string) int {
		if o, ok := m[p]; ok {
			return o
		}
		return -1
	}
}
