package convention_test

import (
	"fmt"

	"floplab/core/convention"
)

// Each tool prints its figures its own way (Convention.Print, in the
// tool's file): here AlexNet's at 1x3x224x224 as each tool counts them,
// and a model with no parameters under torchinfo.
func ExampleConvention_print() {
	for _, c := range []struct {
		id            string
		count, params int64
	}{
		{"thop", 714691904, 61100840},
		{"ptflops", 716441128, 61100840},
		{"ptflops-legacy", 715561896, 61100840},
		{"torchinfo", 714682664, 61100840},
		{"torchinfo", 0, 0},
		{"torchvision", 714188480, 61100840},
	} {
		conv, _ := convention.Lookup(c.id)
		fmt.Println(conv.Print(c.count, c.params))
	}
	// Output:
	// 714.692M MACs, 61.101M params
	// 716.44 MMac, 61.1 M
	// 0.72 GMac, 61.1 M
	// Total mult-adds (M): 714.68
	// Total mult-adds (M): 0
	// 0.714 GFLOPS
}
