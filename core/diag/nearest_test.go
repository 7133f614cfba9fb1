package diag

import (
	"fmt"
	"testing"
)

func TestNearest(t *testing.T) {
	for _, c := range []struct {
		s          string
		candidates []string
		want       string
		dist       int
	}{
		{"Conv2D", []string{"Conv1d", "Conv2d", "Linear"}, "Conv2d", 0},
		{"kernal_size", []string{"in_channels", "kernel_size", "stride"}, "kernel_size", 1},
		{"thop-0.1", []string{"thop", "thop-0.0.31", "ptflops"}, "thop-0.0.31", 3},
		{"qwen2_vl", []string{"llama", "qwen2", "qwen3"}, "qwen2", 3},
		{"abc", []string{"abd", "abe"}, "abd", 1}, // the first on a tie
		{"x", nil, "", -1},
	} {
		got, d := Nearest(c.s, c.candidates)
		if got != c.want || d != c.dist {
			t.Errorf("Nearest(%q) = %q, %d; want %q, %d", c.s, got, d, c.want, c.dist)
		}
	}
}

func ExampleNearest() {
	best, dist := Nearest("Conv2D", []string{"Conv1d", "Conv2d", "ConvTranspose2d"})
	fmt.Println(best, dist)
	// Output: Conv2d 0
}
