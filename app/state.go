package app

import (
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/hw"
	"floplab/core/msg"
	"floplab/core/presets"
	"floplab/core/share"
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
	// Partial is true when the link was used but for the settings Err
	// names (the defaults stand in for them).
	Partial bool
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
		// A bad value does not cost the rest of the link: it is dropped,
		// the default used instead, and Err says which and why.
		link, any, ignored := lenientQuery(q)
		if !ignored.IsZero() {
			linkErr = ignored
		}
		partial := !ignored.IsZero() && any
		switch {
		case any && link.Preset != "":
			st, ok := PresetState(link.Preset)
			if !ok {
				linkErr = msg.F("unknown preset %q (hint: one of %s)", diag.Clip(link.Preset), listText(presets.Names()))
				break
			}
			link.State.Script, link.State.Preset = st.Script, st.Preset
			return Loaded{State: link.State, Source: FromQuery, Err: linkErr, Partial: partial}
		case any:
			base := defaultState()
			if autosave != "" {
				if st, err := share.Decode(autosave); err == nil {
					base = st
				}
			}
			s := link.State
			s.Script, s.Preset = base.Script, base.Preset
			return Loaded{State: s, Source: FromQuery, Err: linkErr, Partial: partial}
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

// queryKeys are the settings a query link may carry, in the order a short
// link writes them.
var queryKeys = []string{"preset", "input", "batch", "convention", "dtype", "unit", "lang", "mode", "optimizer", "device", "seq", "tab", "pass",
	"nnmode", "quant", "kvdtype", "lora", "lora-targets"}

// lenientQuery reads a query link setting by setting: a bad value
// (convention=thop-0.1) is left out and named in ignored, with the nearest
// valid value, and the others are used; some is true when one was.
func lenientQuery(q url.Values) (link share.Query, some bool, ignored msg.Text) {
	var errs []any
	for _, k := range queryKeys {
		v := q.Get(k)
		if strings.TrimSpace(v) == "" {
			continue
		}
		one, _, err := share.ParseQuery(url.Values{k: {v}})
		if err == nil {
			err = checkChoice(k, one)
		}
		if err != nil {
			if len(errs) > 0 {
				errs = append(errs, "; ")
			}
			errs = append(errs, errText(err))
			continue
		}
		some = true
		mergeQuery(&link, one)
	}
	if len(errs) > 0 {
		ignored = msg.Cat(errs...)
	}
	return link, some, ignored
}

// checkChoice checks a convention, dtype or device against what exists,
// which package share does not know; the error names the nearest one.
func checkChoice(k string, q share.Query) error {
	var v string
	var valid []string
	alias := map[string]string{} // another spelling → the id
	switch k {
	case "convention":
		v = q.State.Convention
		for _, c := range core.Conventions() {
			valid = append(valid, c.ID)
			// "thop-0.1" is nearest to thop 0.1.1, whose id is "thop".
			if c.Version != "" {
				alias[c.Tool+"-"+c.Version] = c.ID
			}
		}
	case "dtype":
		v, valid = q.State.DType, DTypeNames()
	case "device":
		v = q.State.Device
		if _, err := hw.ParseDevice(v); err == nil {
			return nil
		}
		for _, d := range hw.Devices() {
			valid = append(valid, d.ID)
		}
	default:
		return nil
	}
	if slices.Contains(valid, v) {
		return nil
	}
	spellings := slices.Clone(valid)
	for a := range alias {
		spellings = append(spellings, a)
	}
	sort.Strings(spellings[len(valid):])
	near := Nearest(v, spellings)
	if id, ok := alias[near]; ok {
		near = id
	}
	text, hint := msg.F("unknown %s %q", k, diag.Clip(v)), msg.F("did you mean %s=%s?", k, near)
	return share.NewError(text, hint)
}

// mergeQuery copies the settings one query link sets into link.
func mergeQuery(link *share.Query, one share.Query) {
	if one.Preset != "" {
		link.Preset = one.Preset
	}
	s, o := &link.State, one.State
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&s.Input, o.Input}, {&s.Convention, o.Convention}, {&s.DType, o.DType}, {&s.Unit, o.Unit}, {&s.Lang, o.Lang},
		{&s.Mode, o.Mode}, {&s.Optimizer, o.Optimizer}, {&s.Device, o.Device}, {&s.Tab, o.Tab}, {&s.Pass, o.Pass},
		{&s.NNMode, o.NNMode}, {&s.Quant, o.Quant}, {&s.KVDType, o.KVDType}, {&s.LoRATargets, o.LoRATargets},
	} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
	if o.Batch != 0 {
		s.Batch = o.Batch
	}
	if o.Seq != 0 {
		s.Seq = o.Seq
	}
	if o.LoRARank != 0 {
		s.LoRARank = o.LoRARank
	}
}

// Nearest is the value in valid closest to v by edit distance (ignoring
// case), the first one on a tie.
func Nearest(v string, valid []string) string {
	best, _ := diag.Nearest(v, valid)
	return best
}

// ShortLink is the page URL as a short query link (?preset=densenet121&
// convention=thop) when st is an unedited preset whose settings a query
// link can carry (not a custom device or weight ties); ok is false
// otherwise, and the fragment link is the one to share.
func ShortLink(page *url.URL, st share.State) (u *url.URL, ok bool) {
	p, found := PresetState(st.Preset)
	if st.Preset == "" || !found || p.Script != st.Script || st.Custom != [4]string{} || len(st.Tie) > 0 || st.Untie {
		return nil, false
	}
	batch, seq, lora := "", "", ""
	if st.Batch > 0 {
		batch = strconv.FormatInt(st.Batch, 10)
	}
	if st.Seq > 0 {
		seq = strconv.FormatInt(st.Seq, 10)
	}
	if st.LoRARank > 0 {
		lora = strconv.FormatInt(st.LoRARank, 10)
	}
	vals := []string{p.Preset, st.Input, batch, st.Convention, st.DType, st.Unit, st.Lang, st.Mode, st.Optimizer, st.Device, seq, st.Tab, st.Pass,
		st.NNMode, st.Quant, st.KVDType, lora, st.LoRATargets}
	var b strings.Builder
	for i, k := range queryKeys {
		if vals[i] == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + url.QueryEscape(vals[i]))
	}
	out := *page
	out.RawQuery, out.Fragment, out.RawFragment = b.String(), "", ""
	return &out, true
}
