package memory

import (
	"sort"
	"strings"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// BufferKind is one kind of buffer a model holds: the buffer's name and
// the class of the modules that register it, with its elements summed
// over all of them ("GPT2Attention.bias", 12 modules, 12,582,912).
type BufferKind struct {
	Module, Name string
	Modules      int
	Elements     int64
}

// BufferKinds lists g's buffers by module class and name, the largest
// first (then in the order the model first holds them); a tensor shared
// with an earlier module is left out, as ParamCounts leaves it out.
func BufferKinds(g *graph.Graph) []BufferKind {
	if g == nil {
		return nil
	}
	var kinds []BufferKind
	at := map[string]int{}
	for _, m := range g.Modules {
		if m == nil {
			continue
		}
		for _, p := range m.Params {
			if !p.Buffer || p.Tied {
				continue
			}
			n, err := numel(p.Shape)
			if err != nil {
				continue
			}
			k := m.Type + "." + p.Name
			i, ok := at[k]
			if !ok {
				i = len(kinds)
				at[k] = i
				kinds = append(kinds, BufferKind{Module: m.Type, Name: p.Name})
			}
			kinds[i].Modules++
			kinds[i].Elements, _ = units.Add(kinds[i].Elements, n)
		}
	}
	sort.SliceStable(kinds, func(i, j int) bool { return kinds[i].Elements > kinds[j].Elements })
	return kinds
}

// What says what a buffer of this kind holds, from its name and class as
// PyTorch and Hugging Face transformers register them (empty when FlopLab
// does not know the name). An ONNX initializer's name ends with the
// buffer's ("bn2.running_mean").
func (k BufferKind) What() msg.Text {
	name := k.Name[strings.LastIndexByte(k.Name, '.')+1:]
	switch name {
	case "inv_freq":
		return msg.F("rotary position frequencies")
	case "running_mean", "running_var":
		return msg.F("BatchNorm running statistics")
	case "num_batches_tracked":
		return msg.F("BatchNorm batch counter")
	case "position_ids":
		return msg.F("position ids 0…n−1")
	case "token_type_ids":
		return msg.F("default token type ids")
	case "masked_bias":
		return msg.F("score of masked positions")
	case "relative_position_index":
		return msg.F("relative position index")
	case "bias":
		if strings.Contains(k.Module, "Attention") {
			return msg.F("causal attention mask")
		}
	case "mask", "attn_mask":
		return msg.F("attention mask")
	case "causal_mask":
		return msg.F("causal attention mask")
	}
	return msg.Text{}
}

// maxBufferKinds is how many kinds a formula names.
const maxBufferKinds = 3

// buffersWhat says what g's buffer elements are: "buffer elements
// (GPT2Attention.bias 12,582,912: causal attention mask; …)", the largest
// kinds first; kinds of one class that hold the same thing are named
// together ("BatchNorm2d.running_mean, running_var 9,600: BatchNorm
// running statistics").
func buffersWhat(g *graph.Graph) msg.Text {
	kinds := BufferKinds(g)
	if len(kinds) == 0 {
		return msg.F("buffer elements")
	}
	type group struct {
		module string
		names  []string
		n      int64
		what   msg.Text
	}
	var groups []*group
	at := map[string]*group{}
	for _, k := range kinds {
		w := k.What()
		key := k.Module + "\x00" + w.In(msg.EN)
		gr := at[key]
		if gr == nil || w.IsZero() {
			gr = &group{module: k.Module, what: w}
			at[key] = gr
			groups = append(groups, gr)
		}
		gr.names = append(gr.names, k.Name)
		gr.n, _ = units.Add(gr.n, k.Elements)
	}
	parts := []any{}
	for i, gr := range groups {
		if i > 0 {
			parts = append(parts, msg.F("; "))
		}
		if i == maxBufferKinds {
			parts = append(parts, msg.Lit("…"))
			break
		}
		name := gr.module + "." + strings.Join(gr.names, ", ")
		if !gr.what.IsZero() {
			parts = append(parts, msg.F("%s %s: %s", name, units.Thousands(gr.n), gr.what))
		} else {
			parts = append(parts, msg.F("%s %s", name, units.Thousands(gr.n)))
		}
	}
	return msg.F("buffer elements (%s)", msg.Cat(parts...))
}
