package printout

import (
	"sort"
	"strings"
	"sync"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/internal/lazy"
	"floplab/core/lang"
	"floplab/core/msg"
)

// The parameters of a printed layer are not computed here: the
// converter writes each layer's constructor call (leafCall) and the
// language's layer library builds it, in the converted script and, to
// tell whether the printed arguments read as the class's, one call at a
// time (buildCall). Each class's parameters have one definition, the
// library's. This file knows which printed classes are layers and how
// the classes of other libraries map onto them (leafAlias).

// leafHelpers are the layer classes the language's library does not
// have, which a converted script defines as builder functions
// (helperText); their calls are built with those definitions.
var leafHelpers = []string{"Conv1D", "LlamaRMSNorm", "LayerNorm2d", "Permute", "StochasticDepth",
	"GELUActivation", "NewGELUActivation", "LlamaRotaryEmbedding"}

// leafClass reports whether class is a layer the converter writes as a
// constructor call: a layer of the language's library, one of
// leafHelpers, a class of leafAlias, or an RMS norm of any library.
func leafClass(class string) bool {
	if _, ok := leafAlias.Get()[class]; ok || libraryLayer(class) || isRMSNorm(class) || class == "NonDynamicallyQuantizableLinear" {
		return true
	}
	for _, h := range leafHelpers {
		if h == class {
			return true
		}
	}
	return false
}

var layerNames = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	out := map[string]bool{}
	for _, c := range lang.ModuleClasses() {
		out[c] = !isContainer(c)
	}
	return out
}}

// libraryLayer reports whether the language's layer library has class.
func libraryLayer(class string) bool { return layerNames.Get()[class] }

// built holds the calls buildCall has built, with their errors; one
// lang.Layers serves every conversion of the process, under builtMu.
var (
	builtMu     sync.Mutex
	builtLayers *lang.Layers
	builtErr    = map[string]error{}
)

// buildCall builds one constructor call with the language's layers and
// the converter's helper classes, and returns the error a script would
// get from it (nil when the arguments read as the class's).
func buildCall(call string) error {
	builtMu.Lock()
	defer builtMu.Unlock()
	if err, ok := builtErr[call]; ok {
		return err
	}
	if builtLayers == nil || len(builtErr) > 4096 {
		// (Renewed now and then: a process converting many printouts,
		// fuzzing, would keep every module built.)
		var prelude strings.Builder
		for _, h := range leafHelpers {
			prelude.WriteString(helperText()[h] + "\n")
		}
		l, err := lang.NewLayers(prelude.String())
		if err != nil {
			panic("printout: the helper classes do not build: " + err.Error())
		}
		builtLayers, builtErr = l, map[string]error{}
	}
	_, err := builtLayers.Params(call)
	builtErr[call] = err
	return err
}

var leafAlias = lazy.Value[map[string]string]{Build: func() map[string]string {
	return map[string]string{
		"Linear4bit": "Linear", "Linear8bitLt": "Linear", "QuantLinear": "Linear", "LinearNF4": "Linear", "Int8Linear": "Linear",
		"OPTLearnedPositionalEmbedding": "Embedding", "BartLearnedPositionalEmbedding": "Embedding",
		"WhisperPositionalEmbedding": "Embedding", "MBartLearnedPositionalEmbedding": "Embedding",
		"BlenderbotLearnedPositionalEmbedding": "Embedding", "PLBartLearnedPositionalEmbedding": "Embedding",
		"GCNConv": "GCNConv", "Conv3DSimple": "Conv3d", "Conv3DNoTemporal": "Conv3d", "Conv2Plus1D": "Conv3d",
		"SiLUActivation": "SiLU", "Swish": "SiLU", "SwiGLU": "", "GELUActivation": "GELU", "NewGELUActivation": "GELU",
		"FastGELUActivation": "GELU", "QuickGELUActivation": "GELU", "GELUTanh": "GELU", "PytorchGELUTanh": "GELU",
		"BloomGelu": "GELU", "ClippedGELUActivation": "GELU", "AccurateGELUActivation": "GELU", "MishActivation": "Mish",
		"LinearActivation": "Identity", "ReLUSquaredActivation": "ReLU", "QuantGELU": "GELU",
		"StableDropout": "Dropout", "DropPath": "Dropout", "SegformerDropPath": "Dropout", "ConvNextDropPath": "Dropout",
		"BeitDropPath": "Dropout", "SwinDropPath": "Dropout", "DinatDropPath": "Dropout", "Dropout2D": "Dropout", "DropBlock2d": "Dropout",
		"RotaryEmbedding": "", "MistralRotaryEmbedding": "", "Qwen2RotaryEmbedding": "", "GemmaRotaryEmbedding": "",
		"PhiRotaryEmbedding": "", "FalconRotaryEmbedding": "", "GPTNeoXRotaryEmbedding": "", "MixtralRotaryEmbedding": "",
		"Phi3RotaryEmbedding": "", "Qwen3RotaryEmbedding": "", "Gemma2RotaryEmbedding": "", "LlamaLinearScalingRotaryEmbedding": "",
		"LlamaDynamicNTKScalingRotaryEmbedding": "", "Timesteps": "", "ParameterDict": "", "ParameterList": "",
		"FastAdaptiveAvgPool": "AdaptiveAvgPool2d", "FrozenBatchNorm2d": "FrozenBatchNorm2d",
	}
}}

func zeroParams(*Module) (int64, error) { return 0, nil }

// argErr is the error for a missing or malformed argument.
func argErr(m *Module, what any) error {
	return &diag.Error{Pos: m.Pos, Msg: msg.F("%s: cannot read %s from the printed arguments", m.Class, what),
		Hint: msg.F("the line may have been edited or cut; it should read as print(model) shows it")}
}

func intArg(m *Module, key string, pos int) (int64, error) {
	a, ok := m.Arg(key, pos)
	if !ok || a.Value.Kind != Int || a.Value.Int < 0 {
		return 0, argErr(m, key)
	}
	return a.Value.Int, nil
}

// boolArg returns a boolean argument, def when it is not printed.
func boolArg(m *Module, key string, def bool) (bool, error) {
	a, ok := m.Arg(key, -1)
	if !ok {
		return def, nil
	}
	if a.Value.Kind != Bool {
		return false, argErr(m, key)
	}
	return a.Value.Bool, nil
}

// Unknown is a module whose class the converter does not know.
type Unknown struct {
	Path  string // dotted path, "" for the top-level module
	Class string
	Pos   diag.Pos
}

// ParamCount is the parameter count read off a printout alone.
type ParamCount struct {
	// Params is the exact count of every module the converter knows,
	// with the parameters known classes hold directly (a ViT's class
	// token) and each tied weight counted once: the parameters of the
	// converted script's model as the language builds it.
	Params int64
	// Unknown lists the leaf modules whose class is not known: their
	// parameters are not in Params.
	Unknown []Unknown
	// Opaque lists the modules with children whose class is not known:
	// a printout does not show the parameters a module holds directly,
	// so any such parameters of theirs are not in Params.
	Opaque []Unknown
	// Ties lists the shared weights counted once.
	Ties []Tie
}

// sizeless are leaf classes some versions print without their sizes
// (Conv1D(), LlamaRMSNorm()); the block around them tells the sizes.
var sizeless = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"Conv1D": true, "LlamaRMSNorm": true}
}}

// isSizeless reports whether class is one of sizeless, or an RMS norm of
// a library (MistralRMSNorm(), T5LayerNorm(), llama2.c's RMSNorm()) that
// prints no size: it holds one weight per channel of the model's width.
func isSizeless(class string) bool {
	return sizeless.Get()[class] || isRMSNorm(class)
}

func isRMSNorm(class string) bool {
	return strings.HasSuffix(class, "RMSNorm") || class == "T5LayerNorm"
}

// CountParams returns the parameters of a parsed printout without tracing
// it: exact for every known layer and known block, and the list of
// modules whose parameters it cannot know.
func CountParams(root *Module) (ParamCount, error) {
	return CountParamsWith(root, ConvertOptions{})
}

// CountParamsWith is CountParams with options (weight ties). It builds
// the converted script's model with the language (lang.Options.Build),
// without running it: the count is the one a trace of the script
// reports.
func CountParamsWith(root *Module, opt ConvertOptions) (ParamCount, error) {
	root, _ = unwrap(root)
	c, err := convert(root.Pos.File, root, opt)
	if err != nil {
		return ParamCount{}, err
	}
	res, err := lang.Run(c.script, lang.Options{Filename: root.Pos.File, Build: true})
	if err != nil {
		return ParamCount{}, c.locator(root)(err)
	}
	pc := ParamCount{Unknown: c.unknown, Opaque: c.opaque, Ties: c.ties}
	for _, m := range res.Graph.Modules {
		tr, fr, _ := graph.Count(m.Params)
		pc.Params += tr + fr
	}
	sort.SliceStable(pc.Unknown, func(i, j int) bool { return pc.Unknown[i].Pos.Line < pc.Unknown[j].Pos.Line })
	return pc, nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
