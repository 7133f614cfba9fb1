package convention

import (
	"maps"
	"strings"
	"sync"
)

// A convention is declared in its tool's file (floplab.go, thop.go,
// ptflops.go, torchinfo.go, fvcore.go, torch.go, torchvision.go,
// pytorch_model_summary.go, onnxtool.go) as a spec: the Convention's
// identity, print style and provenance, and its rules as groups of
// classes sharing a rule, applied in order so that a later group
// overrides an earlier one (and a base convention's). A rule is a static
// Rule literal over terms (terms.go and the tool's own):
// Rule{{Term: thopConv}, {Term: bias}}, so a misspelled term does not
// compile; TestRulesNameRealClasses checks that every class and function
// named exists in the model language, TestEveryRuleExercised pins what
// each rule counts.

// specs are the conventions in display order.
var specs = []*spec{floplab, thop031, thop011, ultralyticsThop, ptflopsLegacy, ptflopsPytorch, ptflopsAten, torchinfo180, fvcore015, torchFlopCounter, torchvisionOps, onnxTool, pytorchModelSummary}

// group is a rule and the space-separated classes (or function types) it
// applies to.
type group struct {
	rule    Rule
	classes string
}

// spec is a convention as data: its rule tables are built from the
// groups, on top of those of base if any.
type spec struct {
	Convention
	base               *spec
	modules, functions []group
	// backward are the backward pass's rules (backward.go).
	backward []bgroup

	// The tables built from the groups (rules).
	once                       sync.Once
	moduleRules, functionRules map[string]Rule
	backRules                  map[string]BackRule
}

// rules builds s's tables (its base's first) the first time it is called,
// and returns s. They are built on first use, not when the package starts:
// building all thirteen conventions' tables cost every program's start
// (the page's first visit among them), which counts with one convention,
// often FlopLab's own, which needs none of the rule tables. A nil s (a
// Convention not declared as a spec) has no rules.
func (s *spec) rules() *spec {
	if s == nil {
		return &spec{}
	}
	s.once.Do(func() {
		var modules, functions map[string]Rule
		if s.base != nil {
			b := s.base.rules()
			modules, functions = b.moduleRules, b.functionRules
		}
		s.moduleRules = table(modules, s.modules)
		s.functionRules = table(functions, s.functions)
		s.backRules = backTable(s.backward)
	})
	return s
}

// table is base (shared when there are no groups) with the groups' rules
// set in order; it is nil when both are empty.
func table(base map[string]Rule, groups []group) map[string]Rule {
	if len(groups) == 0 {
		return base
	}
	tb := maps.Clone(base)
	if tb == nil {
		tb = make(map[string]Rule)
	}
	for _, g := range groups {
		for _, c := range strings.Fields(g.classes) {
			tb[c] = g.rule
		}
	}
	return tb
}

// Class groups, space-separated.
const (
	convTClasses    = "ConvTranspose1d ConvTranspose2d ConvTranspose3d LazyConvTranspose1d LazyConvTranspose2d LazyConvTranspose3d"
	convClasses     = "Conv1d Conv2d Conv3d LazyConv1d LazyConv2d LazyConv3d " + convTClasses
	bnClasses       = "BatchNorm1d BatchNorm2d BatchNorm3d LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d SyncBatchNorm"
	inClasses       = "InstanceNorm1d InstanceNorm2d InstanceNorm3d"
	maxPoolClasses  = "MaxPool1d MaxPool2d MaxPool3d"
	avgPoolClasses  = "AvgPool1d AvgPool2d AvgPool3d"
	adaAvgClasses   = "AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d"
	adaMaxClasses   = "AdaptiveMaxPool1d AdaptiveMaxPool2d AdaptiveMaxPool3d"
	poolClasses     = maxPoolClasses + " " + avgPoolClasses + " " + adaAvgClasses + " " + adaMaxClasses
	upsampleClasses = "Upsample UpsamplingNearest2d UpsamplingBilinear2d"
	rnnClasses      = "RNN GRU LSTM RNNCell GRUCell LSTMCell"
	mmFunctions     = "torch.matmul Tensor.matmul torch.mm Tensor.mm torch.bmm Tensor.bmm operator.matmul"
	poolFunctions   = "F.max_pool1d F.max_pool2d F.max_pool3d F.avg_pool1d F.avg_pool2d F.avg_pool3d " +
		"F.adaptive_avg_pool1d F.adaptive_avg_pool2d F.adaptive_avg_pool3d " +
		"F.adaptive_max_pool1d F.adaptive_max_pool2d F.adaptive_max_pool3d"
)
