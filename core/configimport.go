package core

import "floplab/core/hfconfig"

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
	return &Imported{Script: m.Script, Name: m.Class, Notes: m.Notes}, nil
}
