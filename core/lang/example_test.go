package lang_test

import (
	"fmt"

	"floplab/core/graph"
	"floplab/core/lang"
)

func ExampleRun() {
	src := `input_shape = (1, 3, 32, 32)
Conv2d(3, 16, 3, padding=1)
ReLU()
`
	res, err := lang.Run(src, lang.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var params, macs int64
	for _, m := range res.Graph.Modules {
		p, _, _ := graph.Count(m.Params)
		params += p
	}
	for _, n := range res.Graph.Nodes {
		macs += n.Ops.MACs
	}
	fmt.Println("params:", params) // (3·3·3 + 1)·16
	fmt.Println("MACs:", macs)     // 16·32·32 · 3·3·3
	// Output:
	// params: 448
	// MACs: 442368
}
