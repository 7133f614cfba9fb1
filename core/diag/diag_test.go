package diag

import (
	"errors"
	"testing"

	"floplab/core/msg"
)

func init() {
	msg.Register(map[string]string{"test: %d is odd": "测试：%d 是奇数", "test: use %d": "测试：用 %d"})
}

// TestErrorIn: an error's one message and hint render in each language,
// with its position and layer; a literal message reads the same in both.
func TestErrorIn(t *testing.T) {
	at := Pos{File: "model.star", Line: 3, Col: 7}
	for _, c := range []struct {
		name   string
		e      *Error
		en, zh string
	}{
		{"text and hint", New(at, msg.F("test: %d is odd", 3), msg.F("test: use %d", 4)),
			"model.star:3:7: test: 3 is odd (hint: test: use 4)", "model.star:3:7: 测试：3 是奇数（提示：测试：用 4）"},
		{"no hint", New(at, msg.F("test: %d is odd", 5), msg.Text{}),
			"model.star:3:7: test: 5 is odd", "model.star:3:7: 测试：5 是奇数"},
		{"layer", &Error{Pos: Pos{Line: 2}, Msg: msg.F("test: %d is odd", 1), Layer: "features.0"},
			"model:2: features.0: test: 1 is odd", "model:2: features.0: 测试：1 是奇数"},
		{"index-only layer", &Error{Pos: Pos{Line: 2}, Msg: msg.F("test: %d is odd", 1), Layer: "7"},
			"model:2: test: 1 is odd", "model:2: 测试：1 是奇数"},
		{"literal", &Error{Msg: msg.Lit("100% literal"), Hint: msg.Lit("as is")},
			"model: 100% literal (hint: as is)", "model: 100% literal（提示：as is）"},
		{"plain error", As(errors.New("plain"))[0], "model: plain", "model: plain"},
	} {
		if got := c.e.Error(); got != c.en {
			t.Errorf("%s: Error() = %q, want %q", c.name, got, c.en)
		}
		if got := c.e.In(msg.ZH); got != c.zh {
			t.Errorf("%s: In(zh) = %q, want %q", c.name, got, c.zh)
		}
	}
}

func TestClip(t *testing.T) {
	long := "1x3x224x224x1x3x224x224x1x3x224x224x1x3x224x224"
	for _, c := range []struct{ in, want string }{
		{"1x3x224x224", "1x3x224x224"},
		{long[:40], long[:40]},
		{long, long[:40] + "…"},
		// 13 three-byte runes are 39 bytes: the 14th is not cut in half.
		{"输入形状输入形状输入形状输入形状", "输入形状输入形状输入形状输…"},
	} {
		if got := Clip(c.in); got != c.want {
			t.Errorf("Clip(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
