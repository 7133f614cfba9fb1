package share

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"floplab/core/msg"
)

// TestErrorsInChinese: bad links and bad input shapes give errors whose
// message and hint read in Chinese, while Error() and the English Msg and
// Hint stay what they were.
func TestErrorsInChinese(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}`)
	plain := func(s string) string { return "p" + base64.RawURLEncoding.EncodeToString([]byte(s)) }
	decode := func(frag string) func() error {
		return func() error { _, err := Decode(frag); return err }
	}
	shapes := func(v string) func() error {
		return func() error { _, err := ParseShapes(v); return err }
	}
	cases := []struct {
		name string
		err  func() error
		en   string // Error()
		zh   string // In(msg.ZH)
	}{
		{"empty link", decode("#"),
			"share link: the link carries no calculation",
			"链接中没有计算内容"},
		{"unknown format", decode("xAAAA"),
			`share link: unknown link format "x" (hint: copy the whole link, starting at '#')`,
			`未知的链接格式 "x"（提示：请从 '#' 开始复制完整的链接）`},
		{"bad base64", decode("z!!!!"),
			"share link: the link is damaged (bad base64 at byte 0) (hint: the link was probably cut short or altered when it was pasted)",
			"链接已损坏（第 0 字节处的 base64 有误）（提示：链接可能在粘贴时被截断或改动了）"},
		{"corrupt deflate", decode("z" + base64.RawURLEncoding.EncodeToString([]byte{0xff, 0xfe, 0x00})),
			"share link: the link is damaged (corrupt input before offset 1) (hint: the link was probably cut short when it was pasted)",
			"链接已损坏（偏移量 1 之前的数据有误）（提示：链接可能在粘贴时被截断了）"},
		{"unknown setting", decode(plain("color=red\n\nx")),
			`share link: unknown setting "color" in the link (hint: this link may come from a newer FlopLab)`,
			`链接中有未知的设置 "color"（提示：此链接可能来自更新版本的 FlopLab）`},
		{"unknown optimizer", decode(plain("optimizer=lion\n\nx")),
			`share link: unknown optimizer "lion" (hint: use optimizer=sgd, momentum, adam or adamw)`,
			`未知的优化器 "lion"（提示：请使用 optimizer=sgd、momentum、adam 或 adamw）`},
		{"unknown unit", decode(plain("unit=GB\n\nx")),
			`share link: unknown byte unit "GB" (hint: use unit=MB or unit=MiB)`,
			`未知的字节单位 "GB"（提示：请使用 unit=MB 或 unit=MiB）`},
		{"bad batch", decode(plain("batch=-1\n\nx")),
			`share link: bad batch "-1" (hint: a whole number from 1 to 1048576)`,
			`批大小 "-1" 无效（提示：请填写 1 到 1048576 之间的整数）`},
		{"bad dimension", shapes("1xAx3"),
			`share link: bad dimension "A" in input shape "1xAx3" (hint: write the shape as 1x3x224x224 (or 3x224x224, 224x224 or 224 for an image model, 128 tokens for a text model), several inputs separated by ';')`,
			`输入形状 "1xAx3" 中的维度 "A" 无效（提示：形状写作 1x3x224x224（图像模型也可写 3x224x224、224x224 或 224，文本模型可只写 token 数如 128），多个输入之间用 ';' 分隔）`},
		{"too many dimensions", shapes("1x2x3x4x5x6x7x8x9"),
			`share link: input shape "1x2x3x4x5x6x7x8x9" must have 1 to 8 dimensions (hint: write the shape as 1x3x224x224 (or 3x224x224, 224x224 or 224 for an image model, 128 tokens for a text model), several inputs separated by ';')`,
			`输入形状 "1x2x3x4x5x6x7x8x9" 必须有 1 到 8 个维度（提示：形状写作 1x3x224x224（图像模型也可写 3x224x224、224x224 或 224，文本模型可只写 token 数如 128），多个输入之间用 ';' 分隔）`},
		{"bad tie", func() error { _, err := ParseTies("lm_head"); return err },
			`share link: bad weight tie "lm_head" (hint: write a tie as module=target, e.g. lm_head=transformer.wte; several separated by ';')`,
			`权重共享 "lm_head" 有误（提示：权重共享写作 module=target，例如 lm_head=transformer.wte；多个之间用 ';' 分隔）`},
	}
	for _, c := range cases {
		err := c.err()
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%s: error %v (%T), want a *Error", c.name, err, err)
			continue
		}
		if got := e.Error(); got != c.en {
			t.Errorf("%s: Error() = %q, want %q", c.name, got, c.en)
		}
		// Error() is the English text, whatever the language.
		if "share link: "+e.In(msg.EN) != c.en {
			t.Errorf("%s: in English %q / %q / %q", c.name, e.MsgIn(msg.EN), e.HintIn(msg.EN), e.In(msg.EN))
		}
		if m := e.MsgIn(msg.ZH); !han.MatchString(m) {
			t.Errorf("%s: message in Chinese %q", c.name, m)
		}
		if h := e.HintIn(msg.ZH); (e.Hint.String() == "") != (h == "") || h != "" && !han.MatchString(h) {
			t.Errorf("%s: hint in Chinese %q (English %q)", c.name, h, e.Hint)
		}
		if got := e.In(msg.ZH); got != c.zh {
			t.Errorf("%s: in Chinese %q, want %q", c.name, got, c.zh)
		}
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("rendered in Chinese without an entry: %q", m)
	}
	// An Error made by hand, with English strings only, shows them.
	e := &Error{diagError{Msg: msg.Lit("100% custom"), Hint: msg.Lit("a hint")}}
	if got := e.In(msg.ZH); got != "100% custom（提示：a hint）" || e.MsgIn(msg.ZH) != "100% custom" || e.HintIn(msg.ZH) != "a hint" {
		t.Errorf("hand-made error in Chinese: %q", got)
	}
	if got := e.In(msg.EN); got != "100% custom (hint: a hint)" || strings.Contains(e.Error(), "%!") {
		t.Errorf("hand-made error in English: %q, %q", got, e.Error())
	}
}
