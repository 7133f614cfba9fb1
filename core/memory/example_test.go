package memory_test

import (
	"fmt"

	"floplab/core/memory"
	"floplab/core/units"
)

func ExampleTrainingTerms() {
	fp32, _ := units.Lookup("fp32")
	tr, _ := memory.TrainingTerms(25557032, fp32, memory.Adam) // ResNet-50
	fmt.Println(tr.Gradients.Formula)
	fmt.Println(tr.OptimizerState.Formula)
	// Output:
	// 25,557,032 trainable params × 4 B = 102,228,128 B
	// 51,114,064 fp32 values (2 × trainable, adam) × 4 B = 204,456,256 B
}

func ExampleKVCache() {
	fp16, _ := units.Lookup("fp16")
	kv, _ := memory.KVCache(32, 1, 4096, 32, 128, fp16) // Llama-2-7B
	fmt.Println(kv.Formula)
	fmt.Println(memory.Verdict("an 8 GiB card", kv.Bytes, 8<<30).Text)
	// Output:
	// 2 × 32 layers × 1 batch × 4,096 seq × 32 kv heads × 128 head dim × 2 B = 2,147,483,648 B
	// Fits on an 8 GiB card: needs 2.15 GB of 8.59 GB, 6.44 GB (6,442,450,944 B) to spare.
}
