package printout

import "strings"

// peftBlocks wire PEFT's LoRA layers (peft/tuners/lora/layer.py,
// bnb.py): the base layer's output plus the adapter's, B(A(dropout(x)))
// scaled by lora_alpha / r (one multiplication per output element, which
// the printout does not show and FlopLab leaves out).
var peftBlocks = [...]block{
	{class: "lora_Linear lora_Linear4bit lora_Linear8bitLt lora_QuantLinear", source: "PEFT's LoraLayer.forward (adapter \"default\")",
		body: `
result = $base_layer(x)
result = result + $lora_B.default($lora_A.default($lora_dropout.default(x)))
return result`},
}

func init() {
	for i := range peftBlocks {
		b := &peftBlocks[i]
		b.needs = b.derivedNeeds()
		for _, c := range strings.Fields(b.class) {
			blocks[c] = b
		}
	}
}
