// Package presets holds the gallery: readable model scripts for classic
// networks, embedded in the binary, one .star file per family.
//
// Each file starts with header comments that describe the family and list
// its presets:
//
//	# family: ResNet
//	# paper: Deep Residual Learning for Image Recognition (He et al., CVPR 2016)
//	# year: 2015
//	# mirrors: torchvision 0.14 torchvision/models/resnet.py
//	# preset: resnet18 = resnet18() @ 1x3x224x224 [classic]
//	# preset: resnet50 = resnet50() @ 1x3x224x224 [classic] fixed
//
// A preset line reads "name = call @ input [group]", optionally followed by
// the word "fixed" when the architecture only accepts that input size.
// The script of a preset is its family file followed by
// "model = call" and "input_shape = (...)". A preset whose call is a
// config.json file of this directory ("llama-2-7b = Llama-2-7b-hf.json @
// 1x4096 [transformer] long") is that Hugging Face config built by package
// hfconfig: one definition per family, the file header only describes it.
//
// The headers are read by TestIndex, which writes the presets as static
// data (index_gen.go, go test ./core/presets -run TestIndex -update): a
// program does not parse them when it starts or first lists the gallery.
package presets

import (
	"strconv"
	"strings"

	"floplab/core/hfconfig"
)

// Groups, in the order the gallery shows them.
const (
	GroupClassic     = "classic"     // classic CNNs
	GroupEfficient   = "efficient"   // efficient CNNs
	GroupTransformer = "transformer" // transformers
)

// Preset is one gallery entry.
type Preset struct {
	Name    string    `json:"name"`
	Family  string    `json:"family"`
	Group   string    `json:"group"`
	Paper   string    `json:"paper"`
	Year    int       `json:"year"`
	Mirrors string    `json:"mirrors"`
	Call    string    `json:"call"`
	Input   [][]int64 `json:"input"`
	// InputDType is "long" for token inputs, "float" otherwise.
	InputDType string `json:"input_dtype"`
	// Fixed is true when the architecture accepts only Input's spatial size.
	Fixed bool   `json:"fixed,omitempty"`
	File  string `json:"file"`
	// Config is the config.json file the preset is built from ("" for a
	// script preset).
	Config string `json:"config,omitempty"`
}

// All lists every preset, grouped, oldest family first.
func All() []Preset { return index }

// Lookup finds a preset by name.
func Lookup(name string) (Preset, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, p := range index {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

// Names lists the preset names in gallery order.
func Names() []string {
	var ns []string
	for _, p := range All() {
		ns = append(ns, p.Name)
	}
	return ns
}

// Source returns the family file of a preset.
func Source(p Preset) string {
	src, ok := embeddedFile(p.File)
	if !ok {
		panic("presets: no file " + p.File)
	}
	return src
}

// ScriptFile names the file the positions in a preset's script refer to:
// its family file, or for a config preset the family definition that heads
// the script ("decoder.star"; the config dict and the model call follow it).
func ScriptFile(p Preset) string {
	if p.Config != "" {
		m, err := hfconfig.Convert(p.Config, ConfigText(p))
		if err != nil {
			panic("presets: " + err.Error())
		}
		return m.DefinitionFile
	}
	return p.File
}

// ConfigText returns the config.json of a config preset.
func ConfigText(p Preset) string {
	src, ok := embeddedFile(p.Config)
	if !ok {
		panic("presets: no file " + p.Config)
	}
	return src
}

// Script returns the whole model script of a preset: its family file, then
// the model and its input.
func Script(p Preset) string {
	if p.Config != "" {
		m, err := hfconfig.Convert(p.Config, ConfigText(p))
		if err != nil {
			panic("presets: " + err.Error()) // embedded data is checked by tests
		}
		return m.Definition + InputLine(p.Input, p.InputDType)
	}
	var b strings.Builder
	b.WriteString(strings.TrimRight(Source(p), "\n"))
	b.WriteString("\n\nmodel = ")
	b.WriteString(p.Call)
	b.WriteString("\n")
	b.WriteString(InputLine(p.Input, p.InputDType))
	return b.String()
}

// InputLine renders input shapes as the script's declaration.
func InputLine(shapes [][]int64, dtype string) string {
	tuple := func(s []int64) string {
		parts := make([]string, len(s))
		for i, d := range s {
			parts[i] = strconv.FormatInt(d, 10)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	var b strings.Builder
	if len(shapes) == 1 {
		b.WriteString("input_shape = " + tuple(shapes[0]) + "\n")
	} else {
		var ts []string
		for _, s := range shapes {
			ts = append(ts, tuple(s))
		}
		b.WriteString("input_shapes = [" + strings.Join(ts, ", ") + "]\n")
	}
	if dtype != "" && dtype != "float" {
		b.WriteString("input_dtype = " + strconv.Quote(dtype) + "\n")
	}
	return b.String()
}
