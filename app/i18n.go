package app

import "strings"

// Languages the page speaks.
const (
	LangEN = "en"
	LangZH = "zh"
)

// PickLang chooses the page language: an explicit choice wins, then the
// browser's preferred language ("zh-CN" → zh), then English.
func PickLang(explicit, browser string) string {
	switch explicit {
	case LangEN, LangZH:
		return explicit
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(browser)), "zh") {
		return LangZH
	}
	return LangEN
}

// T translates a message key. A missing key shows as the key itself, which
// the tests forbid for every key the page uses.
func T(lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if lang == LangZH {
		return m[1]
	}
	return m[0]
}

// messages maps a key to its English and Chinese text.
var messages = map[string][2]string{
	"title":             {"FlopLab", "FlopLab"},
	"tagline":           {"Parameters, MACs, FLOPs and bytes of a neural network, computed in your browser", "神经网络的参数量、MACs、FLOPs 与字节数，在浏览器中计算"},
	"lang.switch":       {"中文", "English"},
	"lang.switch.aria":  {"Switch the page to Chinese", "将页面切换为英文"},
	"editor":            {"Model script", "模型脚本"},
	"editor.aria":       {"Model script editor (Tab indents; press Escape then Tab to leave)", "模型脚本编辑器（Tab 缩进；先按 Esc 再按 Tab 可离开）"},
	"preset":            {"Preset", "预设模型"},
	"preset.custom":     {"(your script)", "（自定义脚本）"},
	"group.classic":     {"Classic CNNs", "经典卷积网络"},
	"group.efficient":   {"Efficient CNNs", "高效卷积网络"},
	"group.transformer": {"Transformers", "Transformer 模型"},
	"input":             {"Input shape", "输入尺寸"},
	"input.ph":          {"from the script", "使用脚本中的设置"},
	"batch":             {"Batch", "批大小"},
	"convention":        {"Count like", "计数方式"},
	"convention.own":    {"FlopLab (every op)", "FlopLab（统计所有运算）"},
	"dtype":             {"Weights as", "权重类型"},
	"unit":              {"Bytes in", "字节单位"},
	"restore":           {"Restore your previous script", "恢复之前的脚本"},
	"reset":             {"Reset", "重置"},
	"copylink":          {"Copy link", "复制链接"},
	"copied":            {"Link copied to the clipboard.", "链接已复制到剪贴板。"},
	"copyfail":          {"Could not reach the clipboard; the link is in the address bar.", "无法访问剪贴板；链接已在地址栏中。"},
	"longlink":          {"This link is long (%d characters); some chat and mail apps cut long links. Download the script instead if it breaks.", "该链接较长（%d 个字符），部分聊天和邮件应用会截断长链接；如失效，请改为下载脚本。"},
	"computing":         {"Computing…", "正在计算……"},
	"stale":             {"Showing the last good result: the script has an error.", "显示的是上一次正确的结果：脚本当前有错误。"},
	"computed":          {"Computed in %s.", "计算耗时 %s。"},
	"errors":            {"Problems", "问题"},
	"line.col":          {"line %d, column %d", "第 %d 行，第 %d 列"},
	"line":              {"line %d", "第 %d 行"},
	"hint":              {"Hint:", "提示："},
	"goto":              {"Go to the error", "跳转到错误位置"},
	"linkerr":           {"This link could not be opened: %s", "无法打开此链接：%s"},
	"noresult":          {"No result yet: fix the problems listed above.", "还没有结果：请先修正上面列出的问题。"},
	"results":           {"Results", "结果"},
	"params":            {"Parameters", "参数量"},
	"params.split":      {"trainable %s · non-trainable %s", "可训练 %s · 不可训练 %s"},
	"trainable":         {"Trainable parameters", "可训练参数"},
	"buffers":           {"Buffers", "缓冲区（buffers）"},
	"buffers.sub":       {"BatchNorm running statistics and the like; not parameters", "如 BatchNorm 的滑动统计量，不算参数"},
	"macs":              {"MACs", "MACs"},
	"macs.sub":          {"multiply–accumulate operations, FlopLab convention", "乘加运算次数（FlopLab 口径）"},
	"flops":             {"FLOPs", "FLOPs"},
	"flops.sub":         {"2 × MACs + additions, multiplications, comparisons, exp", "2 × MACs + 加法、乘法、比较、指数等运算"},
	"count":             {"What %s prints", "%s 输出的数字"},
	"count.sub":         {"%s exact · %s params", "精确值 %s · 参数 %s"},
	"bytes":             {"Weight bytes (%s)", "权重字节数（%s）"},
	"bytes.sub":         {"%s bytes · %s", "%s 字节 · %s"},
	"formula":           {"How this number is computed", "这个数字是如何计算的"},
	"formula.close":     {"Close", "关闭"},
	"formula.none":      {"No formula recorded for this figure.", "该数字没有记录公式。"},
	"tab.layers":        {"Layers", "逐层明细"},
	"tab.tools":         {"All tools", "各工具对比"},
	"tab.memory":        {"Memory & speed", "内存与速度"},
	"memory.soon":       {"Activation memory, roofline and charts will appear here.", "激活内存、Roofline 分析与图表将显示在这里。"},
	"col.name":          {"Layer", "层"},
	"col.type":          {"Type", "类型"},
	"col.shape":         {"Output shape", "输出形状"},
	"col.params":        {"Params", "参数量"},
	"col.macs":          {"MACs", "MACs"},
	"col.flops":         {"FLOPs", "FLOPs"},
	"col.count":         {"%s %ss", "%s %s"},
	"col.pct":           {"% of total", "占比"},
	"sort.by":           {"Sort by %s", "按%s排序"},
	"sort.reset":        {"Call order", "按调用顺序"},
	"expand":            {"Expand all", "全部展开"},
	"collapse":          {"Collapse all", "全部折叠"},
	"toggle":            {"Show or hide the layers of %s", "展开或折叠 %s 的子层"},
	"total":             {"Total", "合计"},
	"tools.tool":        {"Tool", "工具"},
	"tools.count":       {"Prints", "输出"},
	"tools.exact":       {"Exact", "精确值"},
	"tools.unit":        {"Unit", "单位"},
	"tools.params":      {"Params it reports", "它报告的参数量"},
	"export":            {"Export the layer table", "导出逐层表格"},
	"export.copy":       {"Copy %s", "复制 %s"},
	"export.dl":         {"Download %s", "下载 %s"},
	"export.copied":     {"%s copied to the clipboard.", "%s 已复制到剪贴板。"},
	"notes":             {"Notes", "说明"},
	"update":            {"A new version is available.", "有新版本可用。"},
	"update.reload":     {"Reload", "重新加载"},
	"explain":           {"Questions", "常见问题"},
	"footer":            {"Everything is computed on this page; nothing is sent anywhere. Works offline after the first visit.", "所有计算都在本页面中完成，不发送任何数据；首次访问后可离线使用。"},
	"q.what":            {"What are parameters and compute?", "什么是参数量和计算量？"},
	"a.what":            {"Parameters are the learned numbers stored in the weights; they decide the model's size on disk and in memory. Compute is how many arithmetic operations one forward pass takes; it decides the time per image or token.", "参数量是模型权重中学到的数值个数，决定模型在磁盘和内存中的大小。计算量是一次前向传播需要的算术运算次数，决定每张图片或每个词元的推理时间。"},
	"q.macs":            {"MACs or FLOPs?", "MACs 还是 FLOPs？"},
	"a.macs":            {"A MAC is one multiply followed by one add (a·b + c), the unit of convolutions and matrix products. One MAC is two FLOPs, so FLOPs ≈ 2 × MACs, plus the additions, comparisons and exponentials of biases, activations and norms. Many tools print MACs and call them FLOPs.", "一次 MAC 是一次乘法加一次加法（a·b + c），是卷积和矩阵乘法的基本单位。一次 MAC 等于两次 FLOP，因此 FLOPs ≈ 2 × MACs，再加上偏置、激活函数、归一化中的加法、比较和指数运算。很多工具输出的其实是 MACs，却称之为 FLOPs。"},
	"q.tools":           {"Why do tools disagree?", "为什么不同工具的结果不一样？"},
	"a.tools":           {"Each tool counts a different set of operations: hook-based tools (thop, ptflops, torchinfo) only see nn.Module calls and miss functional ops like x + y; others see every operator but skip biases or pooling. Pick a tool in “Count like” to get exactly the number it prints, and see “All tools” for the comparison.", "各工具统计的运算范围不同：基于钩子的工具（thop、ptflops、torchinfo）只能看到 nn.Module 的调用，看不到 x + y 这类函数式运算；另一些工具能看到所有算子，却忽略偏置或池化。在“计数方式”中选择某个工具，即可得到它输出的精确数字；“各工具对比”页列出了全部结果。"},
	"q.mb":              {"MB or MiB?", "MB 还是 MiB？"},
	"a.mb":              {"Bytes are parameters × bytes per element (4 for fp32, 2 for fp16/bf16). 1 MB is 10^6 bytes, 1 MiB is 2^20 = 1,048,576 bytes, so the same file is 244.40 MB = 233.08 MiB (AlexNet, fp32). Operating systems and frameworks differ in which one they call “MB”.", "字节数 = 参数量 × 每个元素的字节数（fp32 为 4，fp16/bf16 为 2）。1 MB = 10^6 字节，1 MiB = 2^20 = 1,048,576 字节，所以同一个文件既是 244.40 MB 也是 233.08 MiB（AlexNet，fp32）。不同的操作系统和框架所说的“MB”并不相同。"},
	"q.fc":              {"Why are fully connected layers so parameter-heavy?", "为什么全连接层的参数那么多？"},
	"a.fc":              {"A Linear layer connects every input to every output: in × out weights, used once per input. AlexNet's first classifier layer alone has 9216 × 4096 + 4096 = 37,752,832 parameters, over 60% of the model, but little compute.", "全连接层把每个输入都连到每个输出：共 输入 × 输出 个权重，每个只用一次。AlexNet 分类器的第一层就有 9216 × 4096 + 4096 = 37,752,832 个参数，超过全模型的 60%，计算量却很小。"},
	"q.dense":           {"Why is DenseNet compute-heavy for its size?", "为什么 DenseNet 参数少、计算量却大？"},
	"a.dense":           {"A convolution's weights are reused at every position of the feature map, so its compute is its parameters × output height × width. DenseNet has few parameters but runs many convolutions on large maps, concatenating all earlier features, so its MACs per parameter are high.", "卷积核在特征图的每个位置都会被重复使用，因此计算量 = 参数量 × 输出的高 × 宽。DenseNet 参数很少，却在大尺寸特征图上做大量卷积，并不断拼接之前所有层的特征，所以每个参数对应的计算量很高。"},
}
