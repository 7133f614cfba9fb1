package memory

import (
	"testing"

	"floplab/core/graph"
	"floplab/core/msg"
)

// TestBufferKinds: buffers by module class and name, largest first, a
// shared tensor once; each kind's description from its name (an ONNX
// initializer's too), none for a name FlopLab does not know.
func TestBufferKinds(t *testing.T) {
	g := tg([]spec{{"BatchNorm2d", "", []int{-1}, 10}, {"BatchNorm2d", "", []int{0}, 10}, {"GPT2Attention", "", []int{1}, 10}}, 2)
	own(g, 0, graph.ParamTensor{Name: "running_mean", Shape: graph.Shape{4}, Buffer: true},
		graph.ParamTensor{Name: "weight", Shape: graph.Shape{4}, Trainable: true})
	own(g, 1, graph.ParamTensor{Name: "running_mean", Shape: graph.Shape{8}, Buffer: true},
		graph.ParamTensor{Name: "running_mean", Shape: graph.Shape{8}, Buffer: true, Tied: true})
	own(g, 2, graph.ParamTensor{Name: "bias", Shape: graph.Shape{1, 1, 3, 3}, Buffer: true})
	got := BufferKinds(g)
	want := []BufferKind{{"BatchNorm2d", "running_mean", 2, 12}, {"GPT2Attention", "bias", 1, 9}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("kinds %+v, want %+v", got, want)
	}
	if s := buffersWhat(g).In(msg.EN); s != "buffer elements (BatchNorm2d.running_mean 12: BatchNorm running statistics; GPT2Attention.bias 9: causal attention mask)" {
		t.Errorf("what %q", s)
	}
	for _, c := range []struct {
		k    BufferKind
		want string
	}{
		{BufferKind{Module: "BatchNormalization", Name: "bn2.running_var"}, "BatchNorm running statistics"},
		{BufferKind{Module: "LlamaRotaryEmbedding", Name: "inv_freq"}, "rotary position frequencies"},
		{BufferKind{Module: "Block", Name: "bias"}, ""},
		{BufferKind{Module: "Block", Name: "table"}, ""},
	} {
		if s := c.k.What().In(msg.EN); s != c.want {
			t.Errorf("%s.%s: %q, want %q", c.k.Module, c.k.Name, s, c.want)
		}
	}
	// more than three kinds: the rest is "…"
	for i, n := range []string{"a", "b", "c"} {
		g.Modules[i].Params = append(g.Modules[i].Params, graph.ParamTensor{Name: n, Shape: graph.Shape{1}, Buffer: true})
	}
	if s := buffersWhat(g).In(msg.ZH); s != "个缓冲区元素（BatchNorm2d.running_mean 12：BatchNorm 的滑动统计量；GPT2Attention.bias 9：因果注意力掩码；BatchNorm2d.a 1；…）" {
		t.Errorf("zh %q", s)
	}
	// kinds of one class holding the same thing are named together
	g.Modules[0].Params = append(g.Modules[0].Params, graph.ParamTensor{Name: "running_var", Shape: graph.Shape{4}, Buffer: true})
	if s := buffersWhat(g).In(msg.EN); s != "buffer elements (BatchNorm2d.running_mean, running_var 16: BatchNorm running statistics; GPT2Attention.bias 9: causal attention mask; BatchNorm2d.a 1; …)" {
		t.Errorf("grouped %q", s)
	}
	if s := buffersWhat(&graph.Graph{}).In(msg.EN); s != "buffer elements" {
		t.Errorf("none %q", s)
	}
}
