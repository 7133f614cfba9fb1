package core

import (
	"fmt"

	"floplab/core/diag"
	"floplab/core/hfconfig"
	"floplab/core/memory"
	"floplab/core/msg"
	"floplab/core/units"
)

// ConfigImporter imports a Hugging Face config.json (package hfconfig):
// the model of its family, built as transformers builds it.
type ConfigImporter struct{}

// Name is "config.json".
func (ConfigImporter) Name() string { return "config.json" }

// Detect reports whether src is a JSON object with model_type or
// architectures.
func (ConfigImporter) Detect(src string) bool { return hfconfig.Detect(src) }

// Import builds the config's model script.
func (ConfigImporter) Import(file, src string, _ ImportOptions) (*Imported, error) {
	if file == "" || file == "model.star" {
		file = "config.json"
	}
	m, err := hfconfig.Convert(file, src)
	if err != nil {
		return nil, err
	}
	// An error of the built model stands at a line of the generated
	// script, which the user does not see: report it at the config's
	// model_type, saying where in the family definition it arose.
	locate := func(err error) error {
		var de *diag.Error
		if !diag.ErrorsAs(err, &de) || de.Pos.Line == 0 {
			return err
		}
		e := *de
		at := fmt.Sprintf("%s:%d:%d", m.DefinitionFile, de.Pos.Line, de.Pos.Col)
		e.Msg = msg.F("the %s model this config builds: %s (at %s)", m.Class, de.Msg, at)
		e.Pos = m.TypePos
		e.Pos.File = file
		return &e
	}
	return &Imported{Script: m.Script, Name: m.Class, Notes: m.Notes, LLM: m, Locate: locate}, nil
}

// fillLLM adds what a config.json tells beyond the graph: the active
// parameters of a mixture of experts, what the published checkpoint adds,
// and where the default dtype came from.
func fillLLM(rep *Report, m *hfconfig.Model, dtypeFromConfig bool) {
	g := rep.Graph
	rep.Totals.ActiveParams = m.ActiveParams(g)
	if dtypeFromConfig && m.DefaultDType() != "" {
		rep.AddNote(msg.F("weights in %s, the config's torch_dtype (%s); choose another dtype to compare", m.DefaultDType(), m.TorchDType), false)
	}
	if m.Quant != nil {
		rep.AddNote(m.Quant.Note(rep.DType), false)
	}
	if e := m.MoE; e != nil {
		var shared msg.Text
		if e.Shared > 0 {
			shared = msg.F(" and %d shared", e.Shared)
		}
		rep.AddNote(msg.F("mixture of experts: %d of %d routed experts%s per token in each of %d MoE layers. One token uses %s of the %s parameters (embeddings and head included): totals.active_params. The MACs follow that active path; the weights memory holds every expert.",
			e.TopK, e.Experts, shared, e.Layers, units.Thousands(rep.Totals.ActiveParams), units.Thousands(rep.Totals.Params)), false)
	}
	if len(m.CheckpointExtra) > 0 {
		total := rep.Totals.Params
		for _, c := range m.CheckpointExtra {
			total += c.Params
			rep.AddNote(msg.F("the published checkpoint holds %s parameters more than the model class: %s", units.Thousands(c.Params), c.Why), false)
		}
		rep.AddNote(msg.F("the published checkpoint holds %s parameters in all; FlopLab's params are the model class's (sum of p.numel() over model.parameters())", units.Thousands(total)), false)
	}
	for _, c := range m.CheckpointMaybe {
		rep.AddNote(msg.F("the published checkpoint may hold %s parameters more than the model class (in no total here): %s", units.Thousands(c.Params), c.Why), false)
	}
}

// kvLayoutOf is a config model's KV cache layout (nil for encoders).
func kvLayoutOf(m *hfconfig.Model) *memory.KVLayout {
	if m == nil || m.Encoder || m.KV.Layers == 0 {
		return nil
	}
	l := &memory.KVLayout{Latent: m.KV.Latent, MaxPositions: m.MaxPositions, Cross: m.EncoderDecoder}
	for i := int64(0); i < m.KV.Layers; i++ {
		var w int64
		if int(i) < len(m.KV.Window) {
			w = m.KV.Window[i]
		}
		l.Layers = append(l.Layers, memory.KVLayer{KVHeads: m.KV.KVHeads, KDim: m.KV.HeadDim, VDim: m.KV.VHeadDim, Window: w})
	}
	return l
}

// PublishedQuant is what a config.json's quantization_config says of the
// published weights (nil for a model of another kind or a config without
// one).
func (r *Report) PublishedQuant() *hfconfig.PublishedQuant {
	if r == nil || r.llm == nil {
		return nil
	}
	return r.llm.Quant
}
