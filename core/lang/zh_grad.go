package lang

import "floplab/core/msg"

// Chinese messages of freezing (params_grad.go).
func init() { msg.RegisterFunc(zhGrad) }

func zhGrad() map[string]string {
	return map[string]string{
		"cannot set %s of a tensor": "不能设置张量的 %s",
		"a tensor's only settable attribute is requires_grad (p.requires_grad = False freezes a parameter)": "张量唯一可设置的属性是 requires_grad（p.requires_grad = False 冻结一个参数）",
		"requires_grad must be True or False, not %s":                                                       "requires_grad 必须是 True 或 False，而不是 %s",
		"write p.requires_grad = False or True":                                                             "写成 p.requires_grad = False 或 True",
		"requires_grad is set on parameters; this tensor is a %s":                                           "requires_grad 只能在参数上设置；这个张量是%s",
		"freeze a module's parameters: for p in model.parameters(): p.requires_grad = False":                "冻结模块的参数：for p in model.parameters(): p.requires_grad = False",
		"model input":     "模型输入",
		"computed tensor": "计算得到的张量",
		"p.requires_grad_(False) freezes a parameter": "p.requires_grad_(False) 冻结一个参数",

		// count_rule (count_rule.go).
		`count_rule("MyBlock", 4096) or count_rule("torch.mm", fn, convention="thop"), fn(inputs, output) returning an int`: `写成 count_rule("MyBlock", 4096) 或 count_rule("torch.mm", fn, convention="thop")，fn(inputs, output) 返回一个整数`,
		"%q takes no custom counting rules (the tools that do: thop, ptflops, fvcore, torch)":                               "%q 不接受自定义计数规则（接受的工具：thop、ptflops、fvcore、torch）",
		"a count is a whole number of MACs (FLOPs for torch) per call, 0 or more":                                           "计数是每次调用的 MACs（torch 为 FLOPs），不小于 0 的整数",
		"convention must be a name or a list of names, not %s":                                                              "convention 必须是一个口径名或口径名的列表，而不是 %s",
		"convention names are strings, not %s":                                                                              "口径名是字符串，而不是 %s",
		"count_rule(%q): the rule returned %s for the call at %s, not a non-negative integer":                               "count_rule(%[1]q)：规则对位于 %[3]s 的调用返回了 %[2]s，不是非负整数",
		"count_rule: %v": "count_rule：%v",
		"count_rule: count %s is not a non-negative 64-bit integer":                   "count_rule：计数 %s 不是非负的 64 位整数",
		"count_rule: count must be an int or a function, not %s":                      "count_rule：计数必须是整数或函数，而不是 %s",
		"count_rule: the target is empty":                                             "count_rule：目标为空",
		"floplab counts from the layers' own formulas; a rule says how a tool counts": "floplab 按各层自己的公式计数；规则用来说明某个工具如何计数",
		"more than %d count rules":                                                    "计数规则超过 %d 条",
		"one rule per class or function is enough":                                    "每个类或函数一条规则就够了",
		"return a whole number of MACs (FLOPs for torch), 0 or more":                  "返回 MACs（torch 为 FLOPs）的整数，不小于 0",
	}
}
