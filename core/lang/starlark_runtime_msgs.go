package lang

import "floplab/core/msg"

// Starlark's own run-time errors (go.starlark.net/starlark's eval.go) that
// a model script, or the script a printout converts to, runs into: read
// back like the parser's (starlarkMessages), so that a trace stopped by
// one (a not-counted part's reason, an error) reads in Chinese too.
// Values are written %s whatever Starlark formats them with (%d, %v): the
// English rendering stays Starlark's message, byte for byte.
var starlarkRuntimeMessages = []struct {
	format string
	words  bool
}{
	{"too many values to unpack (got %s, want %s)", true},
	{"too few values to unpack (got %s, want %s)", true},
	{"invalid call of non-function (%s)", true},
	{"function %s missing %s argument (%s)", false},
	{"function %s missing %s arguments (%s)", false},
	{"function %s accepts no arguments (%s given)", true},
	{"function %s accepts at most %s positional argument (%s given)", true},
	{"function %s accepts at most %s positional arguments (%s given)", true},
	{"function %s accepts %s positional argument (%s given)", true},
	{"function %s accepts %s positional arguments (%s given)", true},
	{"function %s got an unexpected keyword argument %s", true},
	{"function %s got multiple values for parameter %s", true},
	{"function %s called recursively", true},
	{"%s has no .%s field or method (did you mean .%s?)", true},
	{"%s has no .%s field or method", true},
	{"unknown binary op: %s %s %s", true},
	{"unknown unary op: %s %s", true},
	{"%s index %s out of range [%s:%s]", true},
	{"index %s out of range: empty %s", true},
	{"key %s not in %s", false},
	{"%s value is not iterable", true},
	{"%s value does not support item assignment", true},
	{"local variable %s referenced before assignment", true},
	{"global variable %s referenced before assignment", true},
	{"floored division by zero", false},
	{"floating-point division by zero", false},
	{"integer modulo by zero", false},
	{"floating-point modulo by zero", false},
	{"Starlark stack overflow", false},
}

func init() {
	starlarkMessages = append(starlarkMessages, starlarkRuntimeMessages...)
	msg.RegisterFunc(zhStarlarkRuntime)
}

func zhStarlarkRuntime() map[string]string {
	return map[string]string{
		"too many values to unpack (got %s, want %s)":                    "要解包的值太多（有 %s 个，应为 %s 个）",
		"too few values to unpack (got %s, want %s)":                     "要解包的值太少（有 %s 个，应为 %s 个）",
		"invalid call of non-function (%s)":                              "调用了不是函数的值（%s）",
		"function %s missing %s argument (%s)":                           "函数 %s 缺少 %s 个参数（%s）",
		"function %s missing %s arguments (%s)":                          "函数 %s 缺少 %s 个参数（%s）",
		"function %s accepts no arguments (%s given)":                    "函数 %s 不接受参数（传入了 %s 个）",
		"function %s accepts at most %s positional argument (%s given)":  "函数 %s 最多接受 %s 个位置参数（传入了 %s 个）",
		"function %s accepts at most %s positional arguments (%s given)": "函数 %s 最多接受 %s 个位置参数（传入了 %s 个）",
		"function %s accepts %s positional argument (%s given)":          "函数 %s 接受 %s 个位置参数（传入了 %s 个）",
		"function %s accepts %s positional arguments (%s given)":         "函数 %s 接受 %s 个位置参数（传入了 %s 个）",
		"function %s got an unexpected keyword argument %s":              "函数 %s 没有名为 %s 的参数",
		"function %s got multiple values for parameter %s":               "函数 %s 的参数 %s 被重复赋值",
		"function %s called recursively":                                 "函数 %s 被递归调用",
		"%s has no .%s field or method (did you mean .%s?)":              "%s 没有 .%s 属性或方法（你是不是想写 .%s？）",
		"%s has no .%s field or method":                                  "%s 没有 .%s 属性或方法",
		"unknown binary op: %s %s %s":                                    "不支持的二元运算：%s %s %s",
		"unknown unary op: %s %s":                                        "不支持的一元运算：%s %s",
		"%s index %s out of range [%s:%s]":                               "%s 的下标 %s 超出范围 [%s:%s]",
		"index %s out of range: empty %s":                                "下标 %s 超出范围：%s 为空",
		"key %s not in %s":                                               "键 %s 不在 %s 中",
		"%s value is not iterable":                                       "%s 值不可迭代",
		"%s value does not support item assignment":                      "%s 值不支持按下标赋值",
		"local variable %s referenced before assignment":                 "局部变量 %s 在赋值前被引用",
		"global variable %s referenced before assignment":                "全局变量 %s 在赋值前被引用",
		"floored division by zero":                                       "整除的除数为零",
		"floating-point division by zero":                                "浮点除法的除数为零",
		"integer modulo by zero":                                         "整数取模的除数为零",
		"floating-point modulo by zero":                                  "浮点取模的除数为零",
		"Starlark stack overflow":                                        "Starlark 栈溢出",
	}
}
