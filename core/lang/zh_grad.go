package lang

import "floplab/core/msg"

// Chinese messages of freezing (params_grad.go).
func init() {
	msg.Register(map[string]string{
		"cannot set %s of a tensor": "不能设置张量的 %s",
		"a tensor's only settable attribute is requires_grad (p.requires_grad = False freezes a parameter)": "张量唯一可设置的属性是 requires_grad（p.requires_grad = False 冻结一个参数）",
		"requires_grad must be True or False, not %s":                                                       "requires_grad 必须是 True 或 False，而不是 %s",
		"write p.requires_grad = False or True":                                                             "写成 p.requires_grad = False 或 True",
		"requires_grad is set on parameters; this tensor is a %s":                                           "requires_grad 只能在参数上设置；这个张量是%s",
		"freeze a module's parameters: for p in model.parameters(): p.requires_grad = False":                "冻结模块的参数：for p in model.parameters(): p.requires_grad = False",
		"model input":     "模型输入",
		"computed tensor": "计算得到的张量",
		"p.requires_grad_(False) freezes a parameter": "p.requires_grad_(False) 冻结一个参数",
	})
}
