package convention

import "floplab/core/units"

// floplab is FlopLab's own convention: every call's MACs and other
// operations as package lang counts them (graph.Ops); it has no rules.
var floplab = &spec{Convention: Convention{ID: "floplab", Tool: "FlopLab", Version: "", Unit: "MAC", Own: true, Params: ParamsAll,
	Notes:  []string{"Every call counted: MACs of convolutions, linear layers and matrix products, and every other operation by kind (add, mul/div, compare, exp); FLOPs = 2·MACs + the other operations."},
	Source: "FlopLab's own operation counts (package lang, one function per layer and operator)",
}}

// printMACs is the plain print style: "714,188,480 MACs".
func printMACs(count, _ int64) string { return units.Thousands(count) + " MACs" }
