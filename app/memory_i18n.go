package app

import "floplab/core/msg"

// The Memory & speed tab's own messages: quantization, KV cache dtype,
// LoRA and the serving table. They join the page's messages (the tests
// check every key used has both languages).
var memoryMessages = map[msg.ID][2]string{
	"mem.quant":       {"Weights stored as", "权重存储格式"},
	"mem.title.quant": {", weights %s", "，权重 %s"},
	"mem.title.kv":    {", KV cache %s", "，KV 缓存 %s"},
	"quant.none":      {"not quantized (the dtype)", "不量化（按数据类型）"},
	"quant.config":    {"%s · the config's quantization_config", "%s · 配置的 quantization_config"},
	"mem.kvdtype":     {"KV cache dtype", "KV 缓存数据类型"},
	"kvdtype.same":    {"as the weights", "与权重相同"},
	"kvdtype.same.dt": {"as the weights (%s)", "与权重相同（%s）"},
	"lora.rank":       {"LoRA rank r", "LoRA 秩 r"},
	"lora.targets":    {"LoRA target modules", "LoRA 目标模块"},
	"lora.targets.ph": {"q_proj,v_proj or all-linear", "q_proj,v_proj 或 all-linear"},
	"serve.title":     {"Serving on %s (lower bounds)", "在 %s 上推理服务（下界）"},
	"serve.figure":    {"Figure", "指标"},
	"serve.value":     {"Value", "数值"},
	"serve.prefill":   {"Prefill, %s tokens", "预填充（%s 个词元）"},
	"serve.decode":    {"Decode time per token (%s-token context)", "每词元解码时间（上下文 %s 个词元）"},
	"serve.tps":       {"Decode tokens/s, 1 sequence", "解码速度，单序列（词元/秒）"},
	"serve.tps.batch": {"Decode tokens/s at batch %s", "批大小 %s 时的解码速度（词元/秒）"},
	"serve.gpus":      {"Devices needed (weights + KV cache + activations)", "所需设备数（权重 + KV 缓存 + 激活）"},
	"serve.note":      {"Times are roofline lower bounds (peak throughput and bandwidth): decoding is memory-bound, each step reads the weights once and every sequence's KV cache. Fine-tuning memory is an estimate: AdamW in mixed precision (16 B per trainable parameter), activations as the traced graph keeps them; the batch is the input's (set it above). Click a figure for its formula.", "时间是 roofline 下界（按峰值算力和带宽）：解码受访存限制，每步读一次权重和每条序列的 KV 缓存。微调内存是估计值：AdamW 混合精度（每个可训练参数 16 B），激活按追踪到的计算图保留；批大小取输入的（可在上方设置）。点击数字查看公式。"},
	"ft.title":        {"Fine-tuning memory (estimates)", "微调内存（估计）"},
	"ft.method":       {"Method", "方法"},
	"ft.trainable":    {"Trainable params", "可训练参数"},
	"ft.memory":       {"Memory", "内存"},
	"ft.memory.ckpt":  {"With gradient checkpointing", "使用梯度检查点"},
	"ft.full":         {"Full fine-tuning", "全参数微调"},
	"ft.lora":         {"LoRA", "LoRA"},
	"ft.qlora":        {"QLoRA (NF4 base)", "QLoRA（NF4 基座）"},
	"ft.ckpt":         {"gradient checkpointing", "梯度检查点"},
	"ft.lora.setup":   {"r = %s on %s", "r = %s，作用于 %s"},
}

func init() { msg.Define(memoryMessages) }
