package diag

import "floplab/core/msg"

// Chinese texts (see package msg).
func init() {
	msg.Register(map[string]string{
		" (hint: %s)": "（提示：%s）",
	})
}
