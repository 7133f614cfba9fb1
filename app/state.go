package app

import (
	"net/url"
	"sort"

	"floplab/core/diag"
	"floplab/core/msg"
	"floplab/core/presets"
	"floplab/core/share"
)

// Storage keys of the autosave.
const (
	keyState    = "floplab.state"    // the current state, as a fragment
	keyPrevious = "floplab.previous" // the autosave a link replaced
	// keyRunning holds the fingerprint of the script being computed,
	// cleared when the computation returns: still set at load, it names a
	// script that stopped the page (out of memory, or a tab closed on a
	// hang), which is then not run again by itself.
	keyRunning = "floplab.running"
)

// DefaultPreset is what a first visit shows.
const DefaultPreset = "alexnet"

// Source says where a loaded state came from.
type Source int

// Sources of a loaded state, in priority order.
const (
	FromDefault Source = iota
	FromAutosave
	FromQuery
	FromFragment
)

// Loaded is the outcome of reading the page URL.
type Loaded struct {
	State  share.State
	Source Source
	// Err is the message for a link that could not be used (zero when
	// there is none), rendered in the page's language; State then comes
	// from the autosave or the default.
	Err msg.Text
}

// PresetState is the state of a gallery preset with default settings.
func PresetState(name string) (share.State, bool) {
	p, ok := presets.Lookup(name)
	if !ok {
		return share.State{}, false
	}
	return share.State{Script: presets.Script(p), Preset: p.Name}, true
}

// defaultState is the first preset the gallery has, alexnet when present.
func defaultState() share.State {
	if s, ok := PresetState(DefaultPreset); ok {
		return s
	}
	if all := presets.All(); len(all) > 0 {
		s, _ := PresetState(all[0].Name)
		return s
	}
	return share.State{Script: "input_shape = (1, 3, 32, 32)\nConv2d(3, 8, 3)\n"}
}

// Load decides the state a page URL opens: its fragment, else its query
// link, else the autosave, else the default preset. A broken link does not
// lose the autosave: it falls back to it and reports why.
func Load(u *url.URL, autosave string) Loaded {
	var linkErr msg.Text
	if u != nil && u.Fragment != "" {
		st, err := share.Decode(u.Fragment)
		if err == nil {
			return Loaded{State: st, Source: FromFragment}
		}
		linkErr = errText(err)
	} else if u != nil && u.RawQuery != "" {
		q, _ := url.ParseQuery(u.RawQuery) // a partly bad query still yields the good pairs
		link, any, err := share.ParseQuery(q)
		switch {
		case err != nil:
			linkErr = errText(err)
		case any && link.Preset != "":
			st, ok := PresetState(link.Preset)
			if !ok {
				linkErr = msg.F("unknown preset %q (hint: one of %s)", clipName(link.Preset), listText(presets.Names()))
				break
			}
			link.State.Script, link.State.Preset = st.Script, st.Preset
			return Loaded{State: link.State, Source: FromQuery}
		case any:
			base := defaultState()
			if autosave != "" {
				if st, err := share.Decode(autosave); err == nil {
					base = st
				}
			}
			s := link.State
			s.Script, s.Preset = base.Script, base.Preset
			return Loaded{State: s, Source: FromQuery}
		}
	}
	if autosave != "" {
		if st, err := share.Decode(autosave); err == nil {
			return Loaded{State: st, Source: FromAutosave, Err: linkErr}
		}
	}
	return Loaded{State: defaultState(), Source: FromDefault, Err: linkErr}
}

// errText is the message for a link error: "message (hint: hint)" in
// English, in any language for a *share.Error.
func errText(err error) msg.Text {
	if e, ok := err.(*share.Error); ok {
		return e.Message()
	}
	return msg.Cat(err.Error())
}

// listText lists names separated by ", " ("、" in Chinese).
func listText(names []string) msg.Text {
	parts := make([]any, 0, 2*len(names))
	for i, n := range names {
		if i > 0 {
			parts = append(parts, msg.F(", "))
		}
		parts = append(parts, n)
	}
	return msg.Cat(parts...)
}

func clipName(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// ShareURL is the page URL carrying st in its fragment, with any query
// link removed (the fragment supersedes it).
func ShareURL(page *url.URL, frag string) *url.URL {
	u := *page
	u.RawQuery = ""
	u.Fragment = frag
	u.RawFragment = ""
	return &u
}

// PresetGroup is one <optgroup> of the preset picker.
type PresetGroup struct {
	Key     string // i18n key of the label
	Presets []presets.Preset
}

// PresetGroups lists the gallery by group, in gallery order.
func PresetGroups() []PresetGroup {
	order := []string{presets.GroupClassic, presets.GroupEfficient, presets.GroupTransformer}
	by := map[string][]presets.Preset{}
	for _, p := range presets.All() {
		by[p.Group] = append(by[p.Group], p)
	}
	var out []PresetGroup
	for _, g := range order {
		if len(by[g]) > 0 {
			out = append(out, PresetGroup{Key: "group." + g, Presets: by[g]})
		}
	}
	return out
}

// ErrorLines maps each editor line that has an error to its errors.
// Errors in other files (the input field) are left out.
func ErrorLines(errs diag.List) map[int][]*diag.Error {
	m := map[int][]*diag.Error{}
	for _, e := range errs {
		if e.Pos.Line > 0 && (e.Pos.File == "" || e.Pos.File == Filename) {
			m[e.Pos.Line] = append(m[e.Pos.Line], e)
		}
	}
	return m
}

// SortedErrors orders errors by position, unpositioned ones last.
func SortedErrors(errs diag.List) diag.List {
	out := append(diag.List(nil), errs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if (a.Line == 0) != (b.Line == 0) {
			return a.Line != 0
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return out
}

// ConventionLabel is the picker label of a convention id.
func ConventionLabel(convs []Convention, id string) string {
	if c, ok := lookupConvention(convs, id); ok {
		return c.Label()
	}
	return id
}

// ConventionTool is the tool of the convention with the id ("ptflops").
func ConventionTool(convs []Convention, id string) string {
	if c, ok := lookupConvention(convs, id); ok {
		return c.Tool
	}
	return id
}

func lookupConvention(convs []Convention, id string) (Convention, bool) {
	if id == "" {
		id = "floplab"
	}
	for _, c := range convs {
		if c.ID == id {
			return c, true
		}
	}
	return Convention{}, false
}
