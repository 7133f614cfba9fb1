package hfconfig_test

import (
	"fmt"

	"floplab/core/hfconfig"
	"floplab/core/lang"
)

// A config.json becomes the model script of its family; tracing it gives
// the model transformers builds.
func ExampleConvert() {
	config := `{
  "model_type": "mixtral", "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336,
  "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
  "num_local_experts": 8, "num_experts_per_tok": 2, "torch_dtype": "bfloat16"
}`
	m, err := hfconfig.Convert("config.json", config)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := lang.Run(m.Script, lang.Options{Filename: m.DefinitionFile})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Class, m.TorchDType, m.Input)
	fmt.Println("active parameters per token:", m.ActiveParams(res.Graph))
	// Output:
	// MixtralForCausalLM bfloat16 [[1 4096]]
	// active parameters per token: 12879925248
}

func ExampleConvert_unknown() {
	_, err := hfconfig.Convert("config.json", `{"model_type": "qwen2_vl"}`)
	fmt.Println(err)
	// Output:
	// config.json:1:2: model_type "qwen2_vl" is not a family FlopLab builds; the nearest is qwen2 (hint: FlopLab knows llama, mistral, mixtral, qwen2, qwen2_moe, qwen3, qwen3_moe, gemma, gemma2, gemma3_text, phi3, deepseek_v2, deepseek_v3, gpt2, gpt_neox, falcon, bert, t5; a model of another family can be written as a script or pasted as print(model))
}
