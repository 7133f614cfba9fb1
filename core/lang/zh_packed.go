package lang

import "floplab/core/msg"

// Chinese for pack_padded_sequence / pad_packed_sequence (packed.go) and
// recurrent layers on a PackedSequence.
func init() { msg.RegisterFunc(zhPacked) }

func zhPacked() map[string]string {
	return map[string]string{
		"pack a [T, B, input] tensor":                                                                                                                "请打包形状为 [T, B, input] 的张量",
		"%s: a PackedSequence's data must be [steps, input], got %s":                                                                                 "%s：PackedSequence 的 data 形状应为 [steps, input]，实际为 %s",
		"%d layers · %d directions · %d steps (Σ lengths of %d packed sequences, longest %d) · %s = %s MACs":                                         "%d 层 · %d 个方向 · %d 步（%d 个打包序列的长度之和，最长 %d）· %s = %s MACs",
		"RNN, GRU and LSTM take a PackedSequence; pad_packed_sequence gives back a tensor":                                                           "只有 RNN、GRU 和 LSTM 接受 PackedSequence；用 pad_packed_sequence 还原为张量",
		"%s got a PackedSequence as input":                                                                                                           "%s 的输入是 PackedSequence",
		"write the lengths as a list, e.g. [5, 3, 2], or torch.tensor([5, 3, 2])":                                                                    "把长度写成列表，例如 [5, 3, 2]，或 torch.tensor([5, 3, 2])",
		"pack_padded_sequence: the lengths must be known when tracing":                                                                               "pack_padded_sequence：长度必须在追踪时已知",
		"write the lengths as a list, e.g. [5, 3, 2]":                                                                                                "把长度写成列表，例如 [5, 3, 2]",
		"pack_padded_sequence: lengths must be a list of ints, got %s":                                                                               "pack_padded_sequence：lengths 应为整数列表，实际为 %s",
		"pack_padded_sequence: the input must be [T, B, *] (or [B, T, *] with batch_first=True), got %s":                                             "pack_padded_sequence：输入形状应为 [T, B, *]（batch_first=True 时为 [B, T, *]），实际为 %s",
		"one length per sequence of the batch":                                                                                                       "批次中每个序列对应一个长度",
		"Expected `len(lengths)` to be equal to batch_size, but got %d (batch_size=%d)":                                                              "`len(lengths)` 应等于 batch_size，实际为 %d（batch_size=%d）",
		"sort the batch by length, longest first, or pass enforce_sorted=False":                                                                      "按长度从长到短排序批次，或传入 enforce_sorted=False",
		"`lengths` array must be sorted in decreasing order when `enforce_sorted` is True":                                                           "`enforce_sorted` 为 True 时，`lengths` 必须按降序排列",
		"every sequence needs at least one step":                                                                                                     "每个序列至少要有一步",
		"Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0":                                             "所有样本的长度都必须大于 0，但 'lengths' 中有元素 <= 0",
		"a length cannot exceed the padded length":                                                                                                   "长度不能超过填充后的长度",
		"pack_padded_sequence: length %d is longer than the input's %d steps":                                                                        "pack_padded_sequence：长度 %d 超过了输入的 %d 步",
		"pad_packed_sequence: total_length must be an int, got %s":                                                                                   "pad_packed_sequence：total_length 应为整数，实际为 %s",
		"total_length is at least the longest length":                                                                                                "total_length 至少为最长序列的长度",
		"Expected total_length to be at least the length of the longest sequence in input, but got total_length=%d and max sequence length being %d": "total_length 应不小于输入中最长序列的长度，实际 total_length=%d，最长序列长度为 %d",
	}
}
