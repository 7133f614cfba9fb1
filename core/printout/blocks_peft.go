package printout

import (
	"strconv"
)

// peftBlocks wire PEFT's LoRA layers (peft/tuners/lora/layer.py,
// bnb.py): the base layer's output plus the adapter's, B(A(dropout(x)))
// scaled by lora_alpha / r (one multiplication per output element, which
// the printout does not show and FlopLab leaves out).
func peftBlocks() []block {
	return []block{
		{class: "lora_Linear lora_Linear4bit lora_Linear8bitLt lora_QuantLinear", source: "PEFT's LoraLayer.forward (adapter \"default\")",
			body: `
result = $base_layer(x)
result = result + $lora_B.default($lora_A.default($lora_dropout.default(x)))
return result`},
		{class: "LinearModule", source: "PEFT < 0.7's lora.Linear (a Linear with adapters, adapter \"default\")",
			attrs: func(m *Module) []attr {
				in, _ := intArg(m, "in_features", 0)
				out, _ := intArg(m, "out_features", 1)
				bias, _ := boolArg(m, "bias", true)
				b := "False"
				if bias {
					b = "True"
				}
				return []attr{
					{name: "in_features", value: strconv.FormatInt(in, 10), def: "None", why: "printed"},
					{name: "out_features", value: strconv.FormatInt(out, 10), def: "None", why: "printed"},
					{name: "has_bias", value: b, def: "True", why: "printed"},
				}
			},
			script: `
# the layer's own weights, printed as its arguments
self.weight = Parameter(out_features, in_features)
self.bias = Parameter(out_features) if has_bias else None`,
			body: `
result = F.linear(x, self.weight, self.bias)
result = result + $lora_B.default($lora_A.default($lora_dropout.default(x)))
return result`},
	}
}
