package lang

import (
	"regexp"
	"testing"

	"floplab/core/msg"
)

// TestErrorsInChinese: broken scripts' errors render in Chinese (the
// message where FlopLab writes it, the hint always), while Msg and Hint
// stay the English texts the JSON and the CLI show.
func TestErrorsInChinese(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}`)
	cases := []struct {
		name, src string
		steps     uint64 // the step limit, 0 for the default
		msg, hint string // the English texts, exactly
		// zh is the Chinese message, if given. Starlark's own messages
		// (undefined names, the step limit) are read back by starlarkText.
		zh string
	}{
		{
			name: "channel mismatch",
			src: `input_shape = (1, 3, 32, 32)
def Net():
    self = Module("Net")
    self.conv = Conv2d(64, 128, 3)
    def forward(x):
        return self.conv(x)
    self.forward = forward
    return self
model = Net()
`,
			msg:  "Conv2d(64, 128, 3) expects 64 input channels, got 3 (input [1, 3, 32, 32])",
			hint: "the previous layer's channels must equal this layer's in_channels",
			zh:   "Conv2d(64, 128, 3) 需要 64 个输入通道，实际为 3（输入 [1, 3, 32, 32]）",
		},
		{
			name: "linear features",
			src:  "input_shape = (1, 3, 8, 8)\nConv2d(3, 4, 3)\nLinear(144, 10)\n",
			msg:  "Linear(144, 10) expects 144 input features, got 6 (input [1, 4, 6, 6])",
			hint: "in_features must equal the size of the input's last dimension; a Flatten may be missing before this layer",
			zh:   "Linear(144, 10) 需要 144 个输入特征，实际为 6（输入 [1, 4, 6, 6]）",
		},
		{
			name: "undefined name",
			src:  "input_shape = (1, 3, 32, 32)\nConv2d(3, 8, 3)\nConv2D(8, 8, 3)\n",
			msg:  "undefined: Conv2D (did you mean Conv2d?)",
			hint: "a layer or function of this name is not in the library; names follow PyTorch (Conv2d, BatchNorm2d, F.relu)",
		},
		{
			name: "unexpected keyword argument",
			src:  "input_shape = (1, 3, 32, 32)\nReLU()\nConv2d(3, 8, 3, strides=2)\n",
			msg:  `Conv2d got an unexpected keyword argument "strides" (did you mean stride?)`,
			hint: `Conv2d takes (in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode="zeros")`,
			zh:   `Conv2d 没有名为 "strides" 的参数（是不是想写 stride？）`,
		},
		{
			name: "no input_shape",
			src:  "Conv2d(3, 8, 3)\nReLU()\n",
			msg:  "the script declares no input shape",
			hint: "add a line such as input_shape = (1, 3, 224, 224), or set the input outside the script",
		},
		{
			name:  "step limit",
			src:   "input_shape = (1, 4)\nwhile True:\n    pass\n",
			steps: 10000,
			msg:   "Starlark computation cancelled: too many steps",
			hint:  "the script ran for too long; look for a loop that never ends",
		},
		{
			name: "empty pooling output",
			src:  "input_shape = (1, 3, 2, 2)\nMaxPool2d(3)\n",
			msg:  "MaxPool2d: input size 2 in spatial dim 0 gives an empty output (kernel 3, stride 3, padding 0)",
			hint: "the input is too small for this pooling window; use a larger input",
		},
		{
			name: "input rank",
			src:  "input_shape = (1, 3)\nConv2d(3, 8, 3)\n",
			msg:  "Conv2d expects a 3- or 4-D input, got 2-D [1, 3]",
			hint: "check the previous layer's output shape; a Flatten may be missing or extra",
			zh:   "Conv2d 需要 3 或 4 维输入，实际是 2 维的 [1, 3]",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lim := DefaultLimits
			if c.steps > 0 {
				lim.Steps = c.steps
			}
			_, err := Run(c.src, Options{Limits: lim})
			de := diagErr(t, err)
			if de.Msg.String() != c.msg {
				t.Errorf("message %q, want %q", de.Msg.String(), c.msg)
			}
			if de.Hint.String() != c.hint {
				t.Errorf("hint %q, want %q", de.Hint.String(), c.hint)
			}
			zm, zh := de.MsgIn(msg.ZH), de.HintIn(msg.ZH)
			t.Logf("%s (提示：%s)", zm, zh)
			if !han.MatchString(zh) {
				t.Errorf("hint %q is not Chinese", zh)
			}
			switch {
			case !han.MatchString(zm):
				t.Errorf("message %q is not Chinese", zm)
			case c.zh != "" && zm != c.zh:
				t.Errorf("Chinese message %q, want %q", zm, c.zh)
			}
		})
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("texts rendered in Chinese without a Chinese entry: %q", m)
	}
}
