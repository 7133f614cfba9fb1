package hfconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
)

// MaxConfigBytes bounds a pasted config.json (real ones are a few KB; a
// tokenizer's id2label map may make one a few hundred).
const MaxConfigBytes = 4 << 20

// Config is a parsed config.json: its top-level keys with their values and
// where each key stands in the text.
type Config struct {
	File string
	// ModelType is "model_type" ("" when absent); Architectures is
	// "architectures".
	ModelType     string
	Architectures []string
	values        map[string]any // json.Number, string, bool, nil, []any, map[string]any
	pos           map[string]diag.Pos
	text          string
}

// Has reports whether the config sets key (to anything, null included).
func (c *Config) Has(key string) bool { _, ok := c.values[key]; return ok }

// Pos is where key stands in the text (line 1 when absent).
func (c *Config) Pos(key string) diag.Pos {
	if p, ok := c.pos[key]; ok {
		return p
	}
	return diag.Pos{File: c.File, Line: 1, Col: 1}
}

// Detect reports whether text is a Hugging Face config.json: a JSON object
// whose top level has "model_type" or "architectures". Text that starts
// like one but is not valid JSON is detected too, so its error is a JSON
// error rather than a script's.
func Detect(text string) bool {
	t := strings.TrimSpace(strings.TrimPrefix(text, "\ufeff"))
	if !strings.HasPrefix(t, "{") {
		return false
	}
	if len(t) > MaxConfigBytes {
		t = t[:MaxConfigBytes]
	}
	return strings.Contains(t, `"model_type"`) || strings.Contains(t, `"architectures"`)
}

// lineCol turns a byte offset of text into a position.
func lineCol(file, text string, off int64) diag.Pos {
	if off < 0 {
		off = 0
	}
	if off > int64(len(text)) {
		off = int64(len(text))
	}
	before := text[:off]
	line := strings.Count(before, "\n") + 1
	col := int(off) - strings.LastIndex(before, "\n")
	return diag.Pos{File: file, Line: line, Col: col}
}

// Parse reads a config.json.
func Parse(file, text string) (*Config, error) {
	if file == "" {
		file = "config.json"
	}
	if len(text) > MaxConfigBytes {
		return nil, diag.New(diag.Pos{File: file, Line: 1, Col: 1},
			msg.F("the config is %d bytes, more than the limit of %d", len(text), MaxConfigBytes),
			msg.F("paste the model's config.json itself"))
	}
	body := strings.TrimPrefix(text, "\ufeff")
	off0 := int64(len(text) - len(body))
	c := &Config{File: file, values: map[string]any{}, pos: map[string]diag.Pos{}, text: text}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	syntax := func(err error) error {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		off := dec.InputOffset()
		switch {
		case diag.ErrorsAs(err, &se):
			off = max(se.Offset-1, 0)
		case diag.ErrorsAs(err, &te):
			off = te.Offset
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			off = int64(len(body))
			err = errors.New("unexpected end of the text")
		}
		return diag.New(lineCol(file, text, off0+off), msg.F("config.json: %s", err.Error()),
			msg.F("a config.json is one JSON object: {\"model_type\": \"llama\", \"hidden_size\": 4096, ...}"))
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, syntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, diag.New(lineCol(file, text, off0), msg.F("config.json: the text is not a JSON object"),
			msg.F("a config.json is one JSON object: {\"model_type\": \"llama\", \"hidden_size\": 4096, ...}"))
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		key, _ := tok.(string)
		at := dec.InputOffset()
		// the key's own position: back to its opening quote
		kpos := int64(strings.LastIndex(body[:at], strconv.Quote(key)))
		if kpos < 0 {
			kpos = at
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, syntax(err)
		}
		c.values[key] = v
		c.pos[key] = lineCol(file, text, off0+kpos)
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntax(err)
	}
	if rest := bytes.TrimSpace([]byte(body[dec.InputOffset():])); len(rest) > 0 {
		return nil, diag.New(lineCol(file, text, off0+dec.InputOffset()), msg.F("config.json: text after the closing brace"),
			msg.F("a config.json is one JSON object; remove what follows it"))
	}
	if v, ok := c.values["model_type"].(string); ok {
		c.ModelType = v
	}
	if as, ok := c.values["architectures"].([]any); ok {
		for _, a := range as {
			if s, ok := a.(string); ok {
				c.Architectures = append(c.Architectures, s)
			}
		}
	}
	return c, nil
}

// sub is the nested object under key (text_config of a multimodal model)
// as a Config whose positions are those of key.
func (c *Config) sub(key string) (*Config, bool) {
	m, ok := c.values[key].(map[string]any)
	if !ok {
		return nil, false
	}
	s := &Config{File: c.File, values: m, pos: map[string]diag.Pos{}, text: c.text}
	for k := range m {
		s.pos[k] = c.Pos(key)
	}
	if v, ok := m["model_type"].(string); ok {
		s.ModelType = v
	}
	return s, true
}

// reader reads a config's fields with the family's defaults, collecting
// the required fields that are missing and the values of the wrong kind.
type reader struct {
	c       *Config
	missing []string
	err     error
}

func (r *reader) fail(key string, text, hint msg.Text) {
	if r.err == nil {
		r.err = diag.New(r.c.Pos(key), text, hint)
	}
}

// limits on the sizes a config may ask for, so that a hostile config stops
// with a message instead of building a model nobody can trace.
var maxOf = map[string]int64{
	"num_hidden_layers": 1024, "n_layer": 1024, "num_layers": 1024, "num_decoder_layers": 1024,
	"first_k_dense_replace": 1024,
}

const (
	maxDim     = 1 << 20 // hidden sizes, head dims, ranks
	maxVocab   = 1 << 24
	maxExperts = 4096
)

func limitFor(key string) int64 {
	if m, ok := maxOf[key]; ok {
		return m
	}
	switch {
	case strings.Contains(key, "vocab"), strings.Contains(key, "position"), key == "n_positions", key == "n_ctx", key == "sliding_window":
		return maxVocab
	case strings.Contains(key, "experts") && !strings.Contains(key, "size"):
		return maxExperts
	}
	return maxDim
}

// intVal reads key as a whole number within its limit.
func (r *reader) intVal(key string, v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		r.fail(key, msg.F("%s must be a whole number, not %s", key, jsonKind(v)), msg.F("write it as in the model's config.json, e.g. \"%s\": 4096", key))
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(n), 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			r.fail(key, msg.F("%s must be a whole number, not %s", key, string(n)), msg.F("write it as in the model's config.json, e.g. \"%s\": 4096", key))
			return 0, false
		}
		i = int64(f)
	}
	if lim := limitFor(key); i < 0 || i > lim {
		r.fail(key, msg.F("%s = %d is outside 0..%d", key, i, lim), msg.F("FlopLab bounds what a config may ask for; real models stay well inside"))
		return 0, false
	}
	return i, true
}

// int is a required whole number (at least 1).
func (r *reader) int(key string) int64 {
	v, ok := r.c.values[key]
	if !ok || v == nil {
		r.missing = append(r.missing, key)
		return 1
	}
	i, ok := r.intVal(key, v)
	if ok && i < 1 {
		r.fail(key, msg.F("%s must be at least 1", key), msg.F("write it as in the model's config.json"))
	}
	return max(i, 1)
}

// intOr is a whole number, def when absent or null.
func (r *reader) intOr(key string, def int64) int64 {
	v, ok := r.c.values[key]
	if !ok || v == nil {
		return def
	}
	i, ok := r.intVal(key, v)
	if !ok {
		return def
	}
	return i
}

// optInt is a whole number or nil when absent or null.
func (r *reader) optInt(key string) any {
	v, ok := r.c.values[key]
	if !ok || v == nil {
		return nil
	}
	i, ok := r.intVal(key, v)
	if !ok {
		return nil
	}
	return i
}

func (r *reader) boolOr(key string, def bool) bool {
	v, ok := r.c.values[key]
	if !ok || v == nil {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		r.fail(key, msg.F("%s must be true or false, not %s", key, jsonKind(v)), msg.F("write it as in the model's config.json"))
		return def
	}
	return b
}

func (r *reader) floatOr(key string, def float64) float64 {
	v, ok := r.c.values[key]
	if !ok || v == nil {
		return def
	}
	n, ok := v.(json.Number)
	if !ok {
		r.fail(key, msg.F("%s must be a number, not %s", key, jsonKind(v)), msg.F("write it as in the model's config.json"))
		return def
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		r.fail(key, msg.F("%s must be a number, not %s", key, string(n)), msg.F("write it as in the model's config.json"))
		return def
	}
	return f
}

// optFloat is a number or nil when absent or null.
func (r *reader) optFloat(key string) any {
	v, ok := r.c.values[key]
	if !ok || v == nil {
		return nil
	}
	return r.floatOr(key, 0)
}

func (r *reader) strOr(key, def string) string {
	v, ok := r.c.values[key]
	if !ok || v == nil {
		return def
	}
	s, ok := v.(string)
	if !ok {
		r.fail(key, msg.F("%s must be a string, not %s", key, jsonKind(v)), msg.F("write it as in the model's config.json"))
		return def
	}
	return s
}

// intList reads a list of whole numbers (mlp_only_layers).
func (r *reader) intList(key string) []int64 {
	v, ok := r.c.values[key]
	if !ok || v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		r.fail(key, msg.F("%s must be a list, not %s", key, jsonKind(v)), msg.F("write it as in the model's config.json"))
		return nil
	}
	var out []int64
	for _, e := range l {
		i, ok := r.intVal(key, e)
		if !ok {
			return nil
		}
		out = append(out, i)
	}
	return out
}

// strList reads a list of strings (layer_types).
func (r *reader) strList(key string) []string {
	v, ok := r.c.values[key]
	if !ok || v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		r.fail(key, msg.F("%s must be a list, not %s", key, jsonKind(v)), msg.F("write it as in the model's config.json"))
		return nil
	}
	var out []string
	for _, e := range l {
		s, ok := e.(string)
		if !ok {
			r.fail(key, msg.F("%s must be a list of strings", key), msg.F("write it as in the model's config.json"))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// done reports the first problem: a wrong value, or every missing field.
func (r *reader) done(family string) error {
	if r.err != nil {
		return r.err
	}
	if len(r.missing) > 0 {
		return diag.New(diag.Pos{File: r.c.File, Line: 1, Col: 1},
			msg.F("the %s config lacks %s", family, strings.Join(r.missing, ", ")),
			msg.F("a %s model needs these fields; copy the model's whole config.json", family))
	}
	return nil
}

func jsonKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "the number " + string(v)
	case string:
		return strconv.Quote(v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
