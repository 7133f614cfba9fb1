package printout

import (
	"fmt"
	"sort"
	"strings"

	"floplab/core/diag"
)

// paramFunc returns the parameters a module holds itself (not counting
// its printed children), computed from its printed arguments.
type paramFunc func(m *Module) (int64, error)

// leaves are the layer classes of the library whose printout shows
// everything that decides their parameters. Parameter-free layers map
// to zeroParams.
var leaves = map[string]paramFunc{
	"Conv1d": convParams(1, false), "Conv2d": convParams(2, false), "Conv3d": convParams(3, false),
	"ConvTranspose1d": convParams(1, true), "ConvTranspose2d": convParams(2, true), "ConvTranspose3d": convParams(3, true),
	"Linear": linearParams, "NonDynamicallyQuantizableLinear": linearParams, "Bilinear": bilinearParams,
	"BatchNorm1d": normParams("affine", true), "BatchNorm2d": normParams("affine", true), "BatchNorm3d": normParams("affine", true),
	"SyncBatchNorm":  normParams("affine", true),
	"InstanceNorm1d": normParams("affine", false), "InstanceNorm2d": normParams("affine", false), "InstanceNorm3d": normParams("affine", false),
	"GroupNorm": groupNormParams, "LayerNorm": layerNormParams(2), "LayerNorm2d": layerNormParams(2), "RMSNorm": layerNormParams(1),
	"Embedding": embeddingParams, "EmbeddingBag": embeddingParams, "PReLU": preluParams,
	"RNN": rnnParams(1), "LSTM": rnnParams(4), "GRU": rnnParams(3),
	"Conv1D": conv1DParams, "LlamaRMSNorm": layerNormParams(1),
	"GCNConv": gcnParams, "FrozenBatchNorm2d": func(m *Module) (int64, error) { _, err := intArg(m, "num_features", 0); return 0, err },
}

// gcnParams: torch_geometric's GCNConv(in, out): lin = Linear(in, out,
// bias=False) and bias[out].
func gcnParams(m *Module) (int64, error) {
	in, err := intArg(m, "in_channels", 0)
	if err != nil {
		return 0, err
	}
	out, err := intArg(m, "out_channels", 1)
	if err != nil {
		return 0, err
	}
	w, err := mul(m, in, out)
	return w + out, err
}

// conv1DParams: transformers' Conv1D(nf, nx), weight [nx, nf] and bias [nf].
func conv1DParams(m *Module) (int64, error) {
	nf, err := intArg(m, "nf", 0)
	if err != nil {
		return 0, err
	}
	nx, err := intArg(m, "nx", 1)
	if err != nil {
		return 0, err
	}
	w, err := mul(m, nx, nf)
	if err != nil {
		return 0, err
	}
	return w + nf, nil
}

func init() {
	for _, c := range strings.Fields(`ReLU ReLU6 LeakyReLU ELU SELU CELU GELU SiLU Mish Sigmoid Tanh
		Hardswish Hardsigmoid Hardtanh Softplus Softsign Softmax Softmax2d LogSoftmax Softmin Threshold
		Tanhshrink Softshrink Hardshrink LogSigmoid GLU Identity Flatten Unflatten
		Dropout Dropout1d Dropout2d Dropout3d AlphaDropout FeatureAlphaDropout
		MaxPool1d MaxPool2d MaxPool3d AvgPool1d AvgPool2d AvgPool3d LPPool1d LPPool2d
		AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d AdaptiveMaxPool1d AdaptiveMaxPool2d AdaptiveMaxPool3d
		Upsample UpsamplingNearest2d UpsamplingBilinear2d PixelShuffle PixelUnshuffle ChannelShuffle
		ZeroPad1d ZeroPad2d ZeroPad3d ConstantPad1d ConstantPad2d ConstantPad3d ReflectionPad1d ReflectionPad2d
		ReplicationPad1d ReplicationPad2d ReplicationPad3d LocalResponseNorm CrossMapLRN2d
		GELUActivation NewGELUActivation FastGELUActivation QuickGELUActivation SiLUActivation
		LlamaRotaryEmbedding Permute StochasticDepth`) {
		leaves[c] = zeroParams
	}
	for alias, c := range leafAlias {
		if f := leaves[c]; f != nil {
			leaves[alias] = f
		} else {
			leaves[alias] = zeroParams
		}
	}
}

// leafAlias maps classes of the libraries people use to the torch.nn
// layer that computes the same thing with the same parameters: quantized
// linears (bitsandbytes' Linear4bit and Linear8bitLt, GPTQ/AWQ QuantLinear
// print in_features and out_features and hold that many logical weights),
// learned position embeddings (an Embedding of the printed size, offset
// rows included), graph convolutions (GCNConv(in, out): a Linear without
// bias plus a bias), subclasses that only rename (torchvision's
// Conv3DSimple), and the parameter-free activations, dropouts and
// embeddings of transformers, timm, diffusers, ultralytics, mmcv and
// PEFT, which FlopLab counts as their torch.nn equivalent.
var leafAlias = map[string]string{
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

func zeroParams(*Module) (int64, error) { return 0, nil }

// argErr is the error for a missing or malformed argument.
func argErr(m *Module, what string) error {
	return &diag.Error{Pos: m.Pos, Msg: fmt.Sprintf("%s: cannot read %s from the printed arguments", m.Class, what),
		Hint: "the line may have been edited or cut; it should read as print(model) shows it"}
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

// mul multiplies non-negative factors, failing on overflow.
func mul(m *Module, xs ...int64) (int64, error) {
	p := int64(1)
	for _, x := range xs {
		if x < 0 {
			return 0, argErr(m, "a size")
		}
		if x != 0 && p > (1<<62)/x {
			return 0, &diag.Error{Pos: m.Pos, Msg: m.Class + ": parameter count overflows", Hint: "check the printed sizes"}
		}
		p *= x
	}
	return p, nil
}

func convParams(dims int, transposed bool) paramFunc {
	return func(m *Module) (int64, error) {
		in, err := intArg(m, "in_channels", 0)
		if err != nil {
			return 0, err
		}
		out, err := intArg(m, "out_channels", 1)
		if err != nil {
			return 0, err
		}
		a, ok := m.Arg("kernel_size", 2)
		if !ok {
			return 0, argErr(m, "kernel_size")
		}
		k, ok := a.Value.Ints()
		if !ok || (len(k) != dims && len(k) != 1) {
			return 0, argErr(m, "kernel_size")
		}
		for len(k) < dims {
			k = append(k, k[0])
		}
		groups := int64(1)
		if g, ok := m.Arg("groups", -1); ok {
			if g.Value.Kind != Int || g.Value.Int <= 0 {
				return 0, argErr(m, "groups")
			}
			groups = g.Value.Int
		}
		if in%groups != 0 || out%groups != 0 {
			return 0, &diag.Error{Pos: m.Pos, Msg: fmt.Sprintf("%s: groups=%d does not divide the channels %d and %d", m.Class, groups, in, out)}
		}
		bias, err := boolArg(m, "bias", true)
		if err != nil {
			return 0, err
		}
		cin, cout := in/groups, out
		if transposed {
			cin, cout = in, out/groups
		}
		w, err := mul(m, append([]int64{cout, cin}, k...)...)
		if err != nil {
			return 0, err
		}
		if bias {
			w += out
		}
		return w, nil
	}
}

func linearParams(m *Module) (int64, error) {
	in, err := intArg(m, "in_features", 0)
	if err != nil {
		return 0, err
	}
	out, err := intArg(m, "out_features", 1)
	if err != nil {
		return 0, err
	}
	bias, err := boolArg(m, "bias", true)
	if err != nil {
		return 0, err
	}
	w, err := mul(m, in, out)
	if err != nil {
		return 0, err
	}
	if bias {
		w += out
	}
	return w, nil
}

func bilinearParams(m *Module) (int64, error) {
	var n [3]int64
	for i, k := range []string{"in1_features", "in2_features", "out_features"} {
		v, err := intArg(m, k, i)
		if err != nil {
			return 0, err
		}
		n[i] = v
	}
	bias, err := boolArg(m, "bias", true)
	if err != nil {
		return 0, err
	}
	w, err := mul(m, n[0], n[1], n[2])
	if err != nil {
		return 0, err
	}
	if bias {
		w += n[2]
	}
	return w, nil
}

func normParams(key string, def bool) paramFunc {
	return func(m *Module) (int64, error) {
		c, err := intArg(m, "num_features", 0)
		if err != nil {
			return 0, err
		}
		affine, err := boolArg(m, key, def)
		if err != nil || !affine {
			return 0, err
		}
		return 2 * c, nil
	}
}

func groupNormParams(m *Module) (int64, error) {
	if _, err := intArg(m, "num_groups", 0); err != nil {
		return 0, err
	}
	c, err := intArg(m, "num_channels", 1)
	if err != nil {
		return 0, err
	}
	affine, err := boolArg(m, "affine", true)
	if err != nil || !affine {
		return 0, err
	}
	return 2 * c, nil
}

// layerNormParams: weight (and for LayerNorm a bias) of the normalized
// shape when elementwise_affine.
func layerNormParams(perElem int64) paramFunc {
	return func(m *Module) (int64, error) {
		a, ok := m.Arg("normalized_shape", 0)
		if !ok {
			return 0, argErr(m, "normalized_shape")
		}
		shape, ok := a.Value.Ints()
		if !ok {
			return 0, argErr(m, "normalized_shape")
		}
		affine, err := boolArg(m, "elementwise_affine", true)
		if err != nil || !affine {
			return 0, err
		}
		n, err := mul(m, shape...)
		if err != nil {
			return 0, err
		}
		per := perElem // weight and bias; the closure is shared by every LayerNorm
		if bias, err := boolArg(m, "bias", true); err != nil {
			return 0, err
		} else if !bias {
			per = 1
		}
		return per * n, nil
	}
}

func embeddingParams(m *Module) (int64, error) {
	n, err := intArg(m, "num_embeddings", 0)
	if err != nil {
		return 0, err
	}
	d, err := intArg(m, "embedding_dim", 1)
	if err != nil {
		return 0, err
	}
	return mul(m, n, d)
}

func preluParams(m *Module) (int64, error) {
	if _, ok := m.Arg("num_parameters", 0); !ok {
		return 1, nil
	}
	return intArg(m, "num_parameters", 0)
}

// rnnParams: per layer and direction, gates·hidden·(input + hidden)
// weights and 2·gates·hidden biases.
func rnnParams(gates int64) paramFunc {
	return func(m *Module) (int64, error) {
		in, err := intArg(m, "input_size", 0)
		if err != nil {
			return 0, err
		}
		h, err := intArg(m, "hidden_size", 1)
		if err != nil {
			return 0, err
		}
		layers := int64(1)
		if _, ok := m.Arg("num_layers", -1); ok {
			if layers, err = intArg(m, "num_layers", -1); err != nil {
				return 0, err
			}
		}
		if _, ok := m.Arg("proj_size", -1); ok {
			return 0, &diag.Error{Pos: m.Pos, Msg: m.Class + " with proj_size is not supported", Hint: "remove proj_size or count this layer by hand"}
		}
		bias, err := boolArg(m, "bias", true)
		if err != nil {
			return 0, err
		}
		bi, err := boolArg(m, "bidirectional", false)
		if err != nil {
			return 0, err
		}
		dirs := int64(1)
		if bi {
			dirs = 2
		}
		var total int64
		for l := int64(0); l < layers; l++ {
			x := in
			if l > 0 {
				x = h * dirs
			}
			w, err := mul(m, gates, h, x+h)
			if err != nil {
				return 0, err
			}
			if bias {
				w += 2 * gates * h
			}
			total += dirs * w
		}
		return total, nil
	}
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
	// token) and each tied weight counted once.
	Params int64
	// Unknown lists the leaf modules whose class is not known: their
	// parameters are not in Params.
	Unknown []Unknown
	// Opaque lists the modules with children whose class is not known:
	// a printout does not show the parameters a module holds directly,
	// so any such parameters of theirs are not in Params.
	Opaque []Unknown
	// Hidden lists the modules whose own parameters (not printed) were
	// added from the class's definition, by path.
	Hidden []string
	// Ties lists the shared weights counted once.
	Ties []Tie
}

// sizeless are leaf classes some versions print without their sizes
// (Conv1D(), LlamaRMSNorm()); the block around them tells the sizes.
var sizeless = map[string]bool{"Conv1D": true, "LlamaRMSNorm": true}

// isSizeless reports whether class is one of sizeless, or an RMS norm of
// a library (MistralRMSNorm(), T5LayerNorm(), llama2.c's RMSNorm()) that
// prints no size: it holds one weight per channel of the model's width.
func isSizeless(class string) bool {
	return sizeless[class] || isRMSNorm(class)
}

func isRMSNorm(class string) bool {
	return strings.HasSuffix(class, "RMSNorm") || class == "T5LayerNorm"
}

// leafFunc is the parameter rule of a leaf class: its own, or for an
// RMS norm of any library (Qwen2RMSNorm((896,), eps=1e-06)) the weight
// of its printed shape.
func leafFunc(class string) paramFunc {
	if f := leaves[class]; f != nil {
		return f
	}
	if isRMSNorm(class) {
		return layerNormParams(1)
	}
	return nil
}

// CountParams returns the parameters of a parsed printout without tracing
// it: exact for every known layer and known block, and the list of
// modules whose parameters it cannot know.
func CountParams(root *Module) (ParamCount, error) {
	return CountParamsWith(root, ConvertOptions{})
}

// CountParamsWith is CountParams with options (weight ties).
func CountParamsWith(root *Module, opt ConvertOptions) (ParamCount, error) {
	root, _ = unwrap(root)
	r, err := resolve(root, opt)
	if err != nil {
		return ParamCount{}, err
	}
	return countParams(root, r)
}

func countParams(root *Module, r *resolved) (ParamCount, error) {
	var pc ParamCount
	var walk func(m *Module, path string) error
	walk = func(m *Module, path string) error {
		n := int64(1)
		if m.RunLength > 0 {
			n = int64(m.RunLength)
		}
		var own int64
		if p, ok := r.leafParams[m]; ok {
			own = p
		} else if f := leafFunc(m.Class); f != nil && len(m.Children) == 0 {
			if isSizeless(m.Class) && len(m.Args) == 0 {
				pc.Unknown = append(pc.Unknown, Unknown{Path: path, Class: m.Class, Pos: m.Pos})
			} else {
				if p, err := f(m); err != nil {
					// A user's class sharing a torch.nn name: unknown.
					pc.Unknown = append(pc.Unknown, Unknown{Path: path, Class: m.Class, Pos: m.Pos})
				} else {
					own = p
				}
			}
		} else if b, ok := blocks[m.Class]; ok && b.hidden != nil {
			p, err := b.hidden(m)
			if err != nil {
				return err
			}
			if p != 0 {
				pc.Hidden = append(pc.Hidden, path)
			}
			own = p
		} else if f := leafFunc(m.Base); f != nil && len(m.Args) > 0 {
			// A layer with adapters as children: its own weights.
			if p, err := f(m); err == nil {
				own = p
			}
		} else if a, ok := r.assume[m.Class]; ok && len(m.Children) == 0 {
			own = a[0]
		} else if len(m.Children) == 0 && !isContainer(m.Class) {
			pc.Unknown = append(pc.Unknown, Unknown{Path: path, Class: m.Class, Pos: m.Pos})
		}
		hidden := false
		for _, t := range r.hidden[m] {
			if t.buffer {
				continue
			}
			p, err := mul(m, t.shape...)
			if err != nil {
				return err
			}
			own += p
			hidden = true
		}
		if hidden {
			pc.Hidden = append(pc.Hidden, path)
		}
		before := pc.Params
		pc.Params += own
		for _, c := range m.Children {
			if err := walk(c, join(path, c.Name)); err != nil {
				return err
			}
		}
		total, err := mul(m, n, pc.Params-before)
		if err != nil || total > 1<<62-before {
			return &diag.Error{Pos: m.Pos, Layer: path, Msg: m.Class + ": parameter count overflows", Hint: "check the printed sizes"}
		}
		pc.Params = before + total
		return nil
	}
	if err := walk(root, ""); err != nil {
		return ParamCount{}, err
	}
	for _, t := range r.ties {
		pc.Params -= t.Params
	}
	pc.Ties = r.ties
	pc.Opaque = r.opaque
	sort.SliceStable(pc.Unknown, func(i, j int) bool { return pc.Unknown[i].Pos.Line < pc.Unknown[j].Pos.Line })
	return pc, nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
