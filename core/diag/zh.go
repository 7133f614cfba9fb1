package diag

import "floplab/core/msg"

// Chinese texts (see package msg).
func init() { msg.RegisterFunc(zhTexts) }

func zhTexts() map[string]string {
	return map[string]string{
		" (hint: %s)": "（提示：%s）",
	}
}
