package inputs_test

import (
	"fmt"

	"floplab/core/inputs"
)

// A ptflops-style input without the batch, read against AlexNet's
// declared 1×3×224×224.
func ExampleFit() {
	given, _ := inputs.Parse("3x512x512")
	shapes, notes, _ := inputs.Fit(given, [][]int64{{1, 3, 224, 224}}, "float")
	fmt.Println(inputs.Format(shapes))
	fmt.Println(notes[0])
	// Output:
	// 1x3x512x512
	// input 3x512x512 read as 1x3x512x512: channels × height × width with the model's batch 1, as ptflops and torchsummary take it
}
