package core

import (
	"floplab/core/convention"
	"floplab/core/lang"
)

// A script's count_rule may name the conventions whose tools take custom
// counting rules (thop, ptflops, fvcore, torch).
func init() { lang.ConventionIDs = convention.RulesAccepted() }
