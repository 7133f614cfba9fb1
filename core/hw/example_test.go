package hw_test

import (
	"fmt"

	"floplab/core/hw"
)

func ExampleLookup() {
	d, _ := hw.Lookup("h100-sxm")
	p, _ := d.PeakFor("bf16")
	r, _ := d.Ridge("bf16")
	fmt.Printf("%s: %d FLOP/s bf16, %d B/s, ridge %.1f FLOP/B\n", d.Name, p, d.Bandwidth, r)
	// Output: NVIDIA H100 SXM5 80GB: 989500000000000 FLOP/s bf16, 3350000000000 B/s, ridge 295.4 FLOP/B
}
