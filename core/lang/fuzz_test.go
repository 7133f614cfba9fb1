package lang

import (
	"errors"
	"testing"

	"floplab/core/diag"
)

// FuzzRun checks that no script makes Run panic, and that every failure
// is a positioned diagnostic.
func FuzzRun(f *testing.F) {
	seeds := []string{
		"input_shape = (1, 3, 32, 32)\nConv2d(3, 8, 3, padding=1)\nBatchNorm2d(8)\nReLU()\nAdaptiveAvgPool2d(1)\nFlatten()\nLinear(8, 10)\n",
		"input_shape = (1, 3, 32, 32)\nConv2d(3, 8, 3\n",
		"input_shape = (7, 3, 10)\nLSTM(10, 20, 2, bidirectional=True, proj_size=5)\n",
		`input_shapes = [(2, 4, 10, 16), (2, 4, 12, 16)]
def Attn():
    self = Module("Attn")
    self.proj = Linear(16, 16)
    def forward(q, k):
        s = self.proj(q) @ k.transpose(-1, -2)
        return F.softmax(s / 4, dim=-1)
    self.forward = forward
    return self
model = Attn()
`,
		"input_shape = (1, 16)\ninput_dtype = \"long\"\nEmbedding(100, 8)\nLayerNorm(8)\n",
		"input_shape = (1, 4)\nwhile True:\n    pass\n",
		"input_shape = (1, 64, 56, 56)\nMaxPool2d(3, 2, ceil_mode=True)\nConvTranspose2d(64, 3, 3, stride=2, output_padding=1)\nUpsample(scale_factor=2, mode='bilinear')\n",
		"model = 3\n",
		"input_shape = (1, 3, 8, 8)\nx = Sequential(Conv2d(3, 4, 3), ReLU())\nmodel = Sequential(x, x)\n",
		// Window geometry with large numbers (sizes, strides, dilations).
		"input_shape = (1, 3, 8888888881)\nAvgPool1d(18, stride=1, padding=9, ceil_mode=True)\nMaxPool1d(5, stride=2, padding=2, dilation=3)\nAdaptiveAvgPool1d(7)\n",
		"input_shape = (2, 8, 9, 9)\nPixelShuffle(2)\nConvTranspose2d(2, 4, 3, stride=3, padding=1, output_padding=2, dilation=2)\nAdaptiveMaxPool2d((5, None))\nPixelUnshuffle(2)\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	lim := Limits{Steps: 200_000, Nodes: 2_000, Modules: 2_000, Elements: 1 << 40, ScriptBytes: 1 << 16}
	f.Fuzz(func(t *testing.T, src string) {
		res, err := Run(src, Options{Limits: lim})
		if err == nil {
			if res == nil || res.Graph == nil || !res.Traced {
				t.Fatalf("no error and no traced result")
			}
			return
		}
		var de *diag.Error
		var dl diag.List
		if !errors.As(err, &de) && !errors.As(err, &dl) {
			t.Fatalf("error %T is not a diagnostic: %v", err, err)
		}
	})
}
