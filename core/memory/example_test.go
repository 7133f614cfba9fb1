package memory_test

import (
	"fmt"

	"floplab/core/graph"
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
	// Fits on an 8 GiB card: needs 2.15 GB of 8 GiB = 8.59 GB, 6.44 GB (6,442,450,944 B) to spare.
}

// The memory of one Adam training step of a traced graph: every term with
// its ID, bytes and formula, and the total.
func ExampleCompute() {
	fp32, _ := units.Lookup("fp32")
	in := graph.Tensor{Shape: graph.Shape{1, 4}, Producer: -1}
	out := graph.Tensor{Shape: graph.Shape{1, 2}, Producer: 0}
	fc := []graph.ParamTensor{{Name: "weight", Shape: graph.Shape{2, 4}, Trainable: true}, {Name: "bias", Shape: graph.Shape{2}, Trainable: true}}
	g := &graph.Graph{Inputs: []graph.Tensor{in}, Outputs: []graph.Tensor{out},
		Modules: []*graph.Module{{Path: "", Type: "Linear", Parent: -1, Leaf: true, Params: fc}},
		Nodes:   []*graph.Node{{ID: 0, Name: "fc", Type: "Linear", Call: graph.CallModule, Inputs: []graph.Tensor{in}, Outputs: []graph.Tensor{out}, Params: fc}}}
	e, _ := memory.Compute(g, memory.Options{Mode: memory.ModeTrain, DType: fp32, Optimizer: memory.Adam})
	for _, t := range e.Terms {
		fmt.Printf("%s %d: %s\n", t.ID, t.Bytes, t.Formula)
	}
	fmt.Println(e.Total.Formula)
	// Output:
	// weights 40: 10 params × 4 B (fp32) = 40 B
	// gradients 40: 10 trainable params × 4 B = 40 B
	// optimizer_state 80: 20 fp32 values (2 × trainable, adam) × 4 B = 80 B
	// activations 8: Σ outputs of the 1 nodes that allocate (views excluded), kept for backward = 8 B (estimate)
	// weights 40 + gradients 40 + optimizer state 80 + activations 8 = 168 B
}
