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
package presets

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"floplab/core/hfconfig"
)

//go:embed *.star *.json
var files embed.FS

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

var (
	loadOnce sync.Once
	all      []Preset
	byName   map[string]Preset
	loadErr  error
)

func load() {
	byName = map[string]Preset{}
	entries, err := files.ReadDir(".")
	if err != nil {
		loadErr = err
		return
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".star") {
			continue
		}
		src, err := files.ReadFile(e.Name())
		if err != nil {
			loadErr = err
			return
		}
		ps, err := parseHeader(e.Name(), string(src))
		if err != nil {
			loadErr = err
			return
		}
		for _, p := range ps {
			// A config preset's file must be there; that it converts is
			// checked by TestConfigPresetsConvert, not here: converting
			// every config at the gallery's first use cost the page about
			// 70 ms of its start (2026-12-06).
			if p.Config != "" {
				if _, err := fs.Stat(files, p.Config); err != nil {
					loadErr = fmt.Errorf("%s: preset %s: %v", e.Name(), p.Name, err)
					return
				}
			}
			if _, dup := byName[p.Name]; dup {
				loadErr = fmt.Errorf("%s: preset %q defined twice", e.Name(), p.Name)
				return
			}
			byName[p.Name] = p
			all = append(all, p)
		}
	}
	order := map[string]int{GroupClassic: 0, GroupEfficient: 1, GroupTransformer: 2}
	sort.SliceStable(all, func(i, j int) bool {
		gi, gj := order[all[i].Group], order[all[j].Group]
		if gi != gj {
			return gi < gj
		}
		if all[i].Year != all[j].Year {
			return all[i].Year < all[j].Year
		}
		return all[i].File < all[j].File
	})
}

// All lists every preset, grouped, oldest family first.
func All() []Preset {
	loadOnce.Do(load)
	if loadErr != nil {
		panic("presets: " + loadErr.Error()) // embedded data is checked by tests
	}
	return all
}

// Lookup finds a preset by name.
func Lookup(name string) (Preset, bool) {
	All()
	p, ok := byName[strings.ToLower(strings.TrimSpace(name))]
	return p, ok
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
	b, err := files.ReadFile(p.File)
	if err != nil {
		panic("presets: " + err.Error())
	}
	return string(b)
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
	b, err := files.ReadFile(p.Config)
	if err != nil {
		panic("presets: " + err.Error())
	}
	return string(b)
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

func parseHeader(file, src string) ([]Preset, error) {
	var fam Preset
	fam.File = file
	var out []Preset
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "#") {
			if line == "" {
				continue
			}
			break // header ends at the first code line
		}
		key, val, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "#")), ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch strings.TrimSpace(key) {
		case "family":
			fam.Family = val
		case "paper":
			fam.Paper = val
		case "year":
			y, err := strconv.Atoi(val)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: year %q is not a number", file, i+1, val)
			}
			fam.Year = y
		case "mirrors":
			fam.Mirrors = val
		case "preset":
			p, err := parsePresetLine(val)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", file, i+1, err)
			}
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no '# preset:' line in the header", file)
	}
	for i := range out {
		p := &out[i]
		p.Family, p.Paper, p.Year, p.Mirrors, p.File = fam.Family, fam.Paper, fam.Year, fam.Mirrors, file
	}
	return out, nil
}

// parsePresetLine reads "name = call @ 1x3x224x224[,1x128] [group] [fixed] [long]".
func parsePresetLine(s string) (Preset, error) {
	var p Preset
	name, rest, ok := strings.Cut(s, "=")
	if !ok {
		return p, fmt.Errorf("preset line %q lacks '='", s)
	}
	p.Name = strings.TrimSpace(name)
	call, rest, ok := strings.Cut(rest, "@")
	if !ok {
		return p, fmt.Errorf("preset %s lacks '@ input'", p.Name)
	}
	p.Call = strings.TrimSpace(call)
	if strings.HasSuffix(p.Call, ".json") {
		p.Config = p.Call
	}
	open, closeIdx := strings.Index(rest, "["), strings.Index(rest, "]")
	if open < 0 || closeIdx < open {
		return p, fmt.Errorf("preset %s lacks its [group]", p.Name)
	}
	p.Group = strings.TrimSpace(rest[open+1 : closeIdx])
	switch p.Group {
	case GroupClassic, GroupEfficient, GroupTransformer:
	default:
		return p, fmt.Errorf("preset %s: unknown group %q", p.Name, p.Group)
	}
	for _, w := range strings.Fields(rest[closeIdx+1:]) {
		switch w {
		case "fixed":
			p.Fixed = true
		case "long":
			p.InputDType = "long"
		default:
			return p, fmt.Errorf("preset %s: unknown flag %q", p.Name, w)
		}
	}
	if p.InputDType == "" {
		p.InputDType = "float"
	}
	for _, in := range strings.Split(strings.TrimSpace(rest[:open]), ",") {
		var shape []int64
		for _, d := range strings.Split(strings.TrimSpace(in), "x") {
			n, err := strconv.ParseInt(d, 10, 64)
			if err != nil || n <= 0 {
				return p, fmt.Errorf("preset %s: bad input %q", p.Name, in)
			}
			shape = append(shape, n)
		}
		p.Input = append(p.Input, shape)
	}
	return p, nil
}
