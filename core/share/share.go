// Package share encodes the web page's whole calculation — script text,
// input override, batch, convention, dtype, byte unit, language, the
// weight ties of a pasted printout and the Memory & speed tab's settings —
// into a URL fragment and back, and reads the human-writable query links teachers
// type by hand (?preset=resnet50&input=1x3x512x512&convention=thop).
//
// A fragment is a one-letter format tag followed by base64url (no padding):
// "z" for a raw-deflate stream, "p" for the plain bytes when deflate does
// not help. The payload is a few "key=value" header lines, an empty line,
// and then the script, byte for byte. Decoding is defensive: oversized
// fragments, bad base64, corrupt or bomb-like deflate streams and unknown
// keys all come back as a *Error with a message meant for the visitor,
// never a panic.
package share

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"floplab/core/diag"
	"floplab/core/inputs"
	"floplab/core/memory"
	"floplab/core/msg"
)

// Limits on what a link may carry. A browser cannot reopen a URL over
// 2 MiB, and a script over MaxScript is refused by the editor anyway.
const (
	// MaxFragment is the longest fragment Decode accepts, in bytes.
	MaxFragment = 2 << 20
	// MaxScript is the largest script a link carries, in bytes.
	MaxScript = 1 << 20
	// maxPayload is the largest decoded payload: the script and its
	// settings, each of which is bounded (at most maxTies bytes).
	maxPayload = MaxScript + 1<<16
	// MaxBatch is the largest batch override accepted from a link.
	MaxBatch = 1 << 20
	// MaxSeq is the longest KV cache length accepted from a link.
	MaxSeq = 1 << 24
	// LongLink is the length above which chat and mail clients tend to
	// truncate links; the page warns above it.
	LongLink = 8000
)

// State is everything a share link restores.
type State struct {
	Script string
	// Input overrides the script's input shapes: "1x3x224x224", several
	// inputs separated by commas. Empty keeps the script's own.
	Input string
	// Batch overrides the first dimension of every input; 0 keeps it.
	Batch int64
	// Convention is a convention identifier ("thop-0.0.31"); empty means
	// FlopLab's own.
	Convention string
	DType      string // "fp32", "bf16", ... ; empty means fp32
	Unit       string // "MB" or "MiB"; empty means both shown, MB first
	Lang       string // "en" or "zh"; empty means the browser's language
	// Preset is the preset the script came from, when it was picked from
	// the gallery (for display only; Script is what is computed).
	Preset string

	// Tie and Untie are the weight ties of a pasted print(model)
	// printout (core.Request.Ties and Untie): pairs {module, target} of
	// dotted module paths tied as asked, and whether the ties the model's
	// class makes by default are dropped.
	Tie   [][2]string
	Untie bool

	// The Memory & speed tab's settings (core.DemandOptions). Mode is
	// "inference" or "train" (empty: inference); Optimizer is sgd,
	// momentum, adam or adamw (empty: adam); Device is a device id, or
	// "custom" for the user's own device described by Custom (name,
	// TFLOP/s, GB/s, GB as typed; empty fields take the page's
	// defaults); Seq is the KV cache length (0: the input's).
	Mode      string
	Optimizer string
	Device    string
	Seq       int64
	Custom    [4]string
	// Quant stores the weights quantized (memory.Quants: int8, fp8,
	// gptq-int4, awq-int4, nf4, q4_k_m, ...); QuantNone keeps them at the
	// dtype; empty is the default: the format a config's
	// quantization_config names, else none (core.DemandOptions.Quant;
	// for every model whose config names none, a link without the key
	// means what it always did). KVDType is the
	// KV cache's element type (fp16, bf16, fp8, int8, int4; empty: the
	// weights' dtype). LoRARank and LoRATargets set the fine-tuning
	// estimate's LoRA rows (0 and empty: rank 16 on the query and value
	// projections; targets as PEFT's target_modules, "q_proj,v_proj" or
	// "all-linear").
	Quant       string
	KVDType     string
	LoRARank    int64
	LoRATargets string

	// Pass is "train" to count a training step's backward pass too
	// (core.Request.Pass; CLI --pass), "" for the forward pass.
	Pass string

	// NNMode is the mode the model is counted in (core.Request.Mode; CLI
	// --mode): "train" or "" for eval unless the script calls train().
	// Not Mode, which is the Memory & speed tab's inference or training.
	NNMode string

	// Assume states what classes of a pasted printout that FlopLab does
	// not know hold and do (core.Request.Assume; CLI --assume).
	Assume []Assumption

	// Tab is the page's open result tab: "" (the layer table), "tools"
	// (every tool's number) or "memory" (Memory & speed), so a link
	// reopens what its sender was looking at.
	Tab string
}

// Assumption is what the user states a class FlopLab does not know holds
// and does: its parameters, and MACs per call (core.Assumption, which
// this package does not import).
type Assumption struct {
	Class  string
	Params int64
	MACs   int64
}

// Error is a link, or a setting typed on the page, that cannot be used:
// a diag.Error without a position (its Msg, Hint and Kind, diag.ErrLink
// unless said otherwise), printed "share link: ...".
type Error struct{ diagError }

// diagError names diag.Error for embedding (a field named Error would
// clash with the Error method).
type diagError = diag.Error

// NewError makes a link error whose message and hint (zero for none)
// render in any language.
func NewError(text, hint msg.Text) *Error {
	return &Error{*diag.New(diag.Pos{}, text, hint).WithKind(diag.ErrLink)}
}

func (e *Error) Error() string {
	if e.Hint.IsZero() {
		return "share link: " + e.Msg.String()
	}
	return "share link: " + e.Msg.String() + " (hint: " + e.Hint.String() + ")"
}

// Message is the message followed by its hint, "message (hint: hint)" in
// English, as the page shows a link it could not open; it renders in any
// language.
func (e *Error) Message() msg.Text {
	if e.Hint.IsZero() {
		return e.Msg
	}
	return msg.F("%s (hint: %s)", e.Msg, e.Hint)
}

// In is Message in lang.
func (e *Error) In(lang string) string { return e.Message().In(lang) }

// linkErr makes an error whose message is fmt.Sprintf(format, args...)
// and whose hint is the literal hint ("" for none). Both are keys of the
// Chinese table in zh.go.
func linkErr(hint, format string, args ...any) *Error {
	var h msg.Text
	if hint != "" {
		h = msg.F(hint)
	}
	return hintErr(h, format, args...)
}

// hintErr is linkErr with a hint made by msg.F (zero for none).
func hintErr(hint msg.Text, format string, args ...any) *Error {
	text := msg.F(format, args...)
	return NewError(text, hint)
}

// header keys, in the order they are written. Keys are only ever added
// (links made by an older page keep decoding); an empty value is not
// written.
var keys = []string{"input", "batch", "convention", "dtype", "unit", "lang", "preset",
	"mode", "optimizer", "device", "seq", "custom", "tie", "untie", "tab",
	"quant", "kvdtype", "lora", "lora-targets", "assume", "pass", "nnmode"}

func (s State) fields() []string {
	num := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	custom := ""
	if s.Custom != [4]string{} {
		custom = strings.Join(s.Custom[:], ":")
	}
	var ties []string
	for _, p := range s.Tie {
		ties = append(ties, p[0]+"="+p[1])
	}
	untie := ""
	if s.Untie {
		untie = "1"
	}
	return []string{s.Input, num(s.Batch), s.Convention, s.DType, s.Unit, s.Lang, s.Preset,
		s.Mode, s.Optimizer, s.Device, num(s.Seq), custom, strings.Join(ties, ";"), untie, s.Tab,
		s.Quant, s.KVDType, num(s.LoRARank), s.LoRATargets, FormatAssume(s.Assume), s.Pass, s.NNMode}
}

// payload renders the state as header lines, a blank line and the script.
func (s State) payload() []byte {
	var b bytes.Buffer
	for i, v := range s.fields() {
		if v == "" {
			continue
		}
		b.WriteString(keys[i])
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(s.Script)
	return b.Bytes()
}

// Encoder turns states into fragments. It reuses one deflate writer, which
// costs a tenth of a fresh one in WebAssembly; the zero value is ready to
// use. An Encoder is not safe for concurrent use.
type Encoder struct {
	w   *flate.Writer
	buf bytes.Buffer
}

// Encode returns the fragment (without '#') for s.
func (e *Encoder) Encode(s State) string {
	raw := s.payload()
	e.buf.Reset()
	if e.w == nil {
		e.w, _ = flate.NewWriter(&e.buf, flate.BestCompression) // level is valid: no error
	} else {
		e.w.Reset(&e.buf)
	}
	e.w.Write(raw) // writes to a bytes.Buffer cannot fail
	e.w.Close()
	enc := base64.RawURLEncoding
	if e.buf.Len() < len(raw) {
		return "z" + enc.EncodeToString(e.buf.Bytes())
	}
	return "p" + enc.EncodeToString(raw)
}

// Encode returns the fragment (without '#') for s, using a fresh Encoder.
func Encode(s State) string {
	var e Encoder
	return e.Encode(s)
}

// Decode reads a fragment made by Encode. A leading '#' is ignored.
func Decode(frag string) (State, error) {
	frag = strings.TrimPrefix(frag, "#")
	if frag == "" {
		return State{}, linkErr("", "the link carries no calculation")
	}
	if len(frag) > MaxFragment {
		return State{}, linkErr("links over 2 MiB cannot be opened by browsers; share the script file instead",
			"the link is too long (%d bytes, at most %d)", len(frag), MaxFragment)
	}
	tag, body := frag[0], frag[1:]
	if tag != 'z' && tag != 'p' {
		return State{}, linkErr("copy the whole link, starting at '#'", "unknown link format %q", string(tag))
	}
	data, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		// Some mail clients append '=' padding or turn '-' into '+'.
		// (ReplaceAll, not a strings.Replacer: app.wasm links none.)
		alt := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(body, "+", "-"), "/", "_"), "=", "")
		data, err = base64.RawURLEncoding.DecodeString(alt)
		if err != nil {
			return State{}, linkErr("the link was probably cut short or altered when it was pasted",
				"the link is damaged (bad base64 at byte %d)", base64Offset(err))
		}
	}
	if tag == 'z' {
		r := flate.NewReader(bytes.NewReader(data))
		out, err := io.ReadAll(io.LimitReader(r, maxPayload+1))
		if err != nil {
			return State{}, linkErr("the link was probably cut short when it was pasted",
				"the link is damaged (%v)", cleanFlateErr(err))
		}
		if len(out) > maxPayload {
			return State{}, linkErr("", "the link's script is larger than %d bytes", MaxScript)
		}
		data = out
	} else if len(data) > maxPayload {
		return State{}, linkErr("", "the link's script is larger than %d bytes", MaxScript)
	}
	s, err := parsePayload(data)
	if err == nil && len(s.Script) > MaxScript {
		return State{}, linkErr("", "the link's script is larger than %d bytes", MaxScript)
	}
	return s, err
}

func base64Offset(err error) int64 {
	var ce base64.CorruptInputError
	if diag.ErrorsAs(err, &ce) {
		return int64(ce)
	}
	return 0
}

func cleanFlateErr(err error) any {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return msg.F("it ends too early")
	}
	var ce flate.CorruptInputError
	if diag.ErrorsAs(err, &ce) {
		return msg.F("corrupt input before offset %d", int64(ce))
	}
	return strings.TrimPrefix(err.Error(), "flate: ")
}

func parsePayload(data []byte) (State, error) {
	if !utf8.Valid(data) {
		return State{}, linkErr("", "the link's text is not valid UTF-8")
	}
	text := string(data)
	var s State
	for {
		line, rest, ok := strings.Cut(text, "\n")
		if !ok {
			return State{}, linkErr("the link was probably altered", "the link's settings are not terminated")
		}
		text = rest
		if line == "" {
			break
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return State{}, linkErr("the link was probably altered", "bad setting %q in the link", diag.Clip(line))
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return State{}, linkErr("the link was probably altered", "bad value for %q in the link", diag.Clip(k))
		}
		if err := s.set(k, val); err != nil {
			return State{}, err
		}
	}
	s.Script = text
	return s, nil
}

// set applies one setting. Unknown keys are errors so that a newer link
// opened by an older page says so instead of silently computing something
// else.
// choice checks that v is one of the values setting k takes; noun names
// the setting in the error, whose hint lists the values.
func choice(k string, noun msg.Text, v string, values ...string) error {
	if slices.Contains(values, v) {
		return nil
	}
	last := len(values) - 1
	hint := msg.F("use %s=%s or %s=%s", k, values[0], k, values[1])
	if last > 1 {
		// "sgd, momentum, adam", listed with "、" in Chinese.
		list := []any{values[0]}
		for _, v := range values[1:last] {
			list = append(list, msg.F(", "), v)
		}
		hint = msg.F("use %s=%s or %s", k, msg.Cat(list...), values[last])
	}
	return hintErr(hint, "unknown %s %q", noun, diag.Clip(v))
}

func (s *State) set(k, v string) error {
	limit := 200
	switch k {
	case "tie", "assume":
		limit = maxTies
	case "custom":
		limit = 4*MaxCustomField + 3
	}
	if len(v) > limit {
		return linkErr("", "the link's %q setting is too long", diag.Clip(k))
	}
	switch k {
	case "input":
		if _, err := ParseShapes(v); err != nil {
			return err
		}
		s.Input = v
	case "batch":
		n, err := ParseBatch(v)
		if err != nil {
			return err
		}
		s.Batch = n
	case "convention":
		s.Convention = v
	case "dtype":
		s.DType = v
	case "unit":
		if err := choice(k, msg.F("byte unit"), v, "MB", "MiB"); err != nil {
			return err
		}
		s.Unit = v
	case "lang":
		if err := choice(k, msg.F("language"), v, "en", "zh"); err != nil {
			return err
		}
		s.Lang = v
	case "preset":
		s.Preset = v
	case "mode":
		if err := choice(k, msg.F("memory mode"), v, "inference", "train"); err != nil {
			return err
		}
		s.Mode = v
	case "optimizer":
		if err := choice(k, msg.F("optimizer"), v, "sgd", "momentum", "adam", "adamw"); err != nil {
			return err
		}
		s.Optimizer = v
	case "device":
		s.Device = v
	case "seq":
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 || n > MaxSeq {
			return hintErr(msg.F("a whole number from 1 to %d", MaxSeq), "bad sequence length %q", diag.Clip(v))
		}
		s.Seq = n
	case "custom":
		f := strings.Split(v, ":")
		if len(f) != 4 {
			return linkErr("write it as NAME:TFLOPS:GB/s:GB", "bad custom device %q", diag.Clip(v))
		}
		copy(s.Custom[:], f)
	case "quant":
		if strings.EqualFold(strings.TrimSpace(v), QuantNone) {
			s.Quant = QuantNone
			break
		}
		q, err := memory.LookupQuant(v)
		if err != nil {
			return hintErr(msg.F("quantizations: %s", strings.Join(append(QuantIDs(), QuantNone), ", ")), "unknown quantization %q", diag.Clip(v))
		}
		s.Quant = q.ID
	case "kvdtype":
		if err := choice(k, msg.F("KV cache dtype"), v, KVDTypes...); err != nil {
			return err
		}
		s.KVDType = v
	case "lora":
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 || n > MaxLoRARank {
			return hintErr(msg.F("a whole number from 1 to %d", MaxLoRARank), "bad LoRA rank %q", diag.Clip(v))
		}
		s.LoRARank = n
	case "lora-targets":
		if _, err := memory.ParseLoRATargets(v); err != nil {
			if de, ok := err.(*diag.Error); ok {
				return &Error{*de.WithKind(diag.ErrLink)}
			}
			return err
		}
		s.LoRATargets = v
	case "tie":
		t, err := ParseTies(v)
		if err != nil {
			return err
		}
		s.Tie = t
	case "pass":
		if err := choice(k, msg.F("pass"), v, "forward", "train"); err != nil {
			return err
		}
		s.Pass = v
		if v == "forward" {
			s.Pass = ""
		}
	case "nnmode":
		if err := choice(k, msg.F("model mode"), v, "eval", "train"); err != nil {
			return err
		}
		s.NNMode = v
		if v == "eval" {
			s.NNMode = ""
		}
	case "assume":
		a, err := ParseAssume(v)
		if err != nil {
			return err
		}
		s.Assume = a
	case "tab":
		if err := choice(k, msg.F("tab"), v, "layers", "tools", "memory"); err != nil {
			return err
		}
		s.Tab = v
		if v == "layers" {
			s.Tab = ""
		}
	case "untie":
		switch v {
		case "1", "true":
			s.Untie = true
		case "0", "false":
			s.Untie = false
		default:
			return linkErr("use untie=1", "bad untie %q", diag.Clip(v))
		}
	default:
		return linkErr("this link may come from a newer FlopLab", "unknown setting %q in the link", diag.Clip(k))
	}
	return nil
}

// KVDTypes are the KV cache element types a link may name.
var KVDTypes = []string{"fp32", "fp16", "bf16", "fp8", "int8", "int4"}

// MaxLoRARank is the largest LoRA rank a link carries.
const MaxLoRARank = memory.MaxLoRARank

// QuantNone is the quant value of weights kept at the dtype, not
// quantized (core.QuantNone, which this package does not import).
const QuantNone = "none"

// QuantIDs are the quantization formats a link may name, in the
// picker's order.
func QuantIDs() []string {
	var ids []string
	for _, q := range memory.Quants {
		ids = append(ids, q.ID)
	}
	return ids
}

// maxTies bounds the "tie" setting, which lists module paths.
const maxTies = 4000

// MaxCustomField is the longest field of a custom device a link carries.
const MaxCustomField = 100

// ParseTies reads weight ties written "lm_head=transformer.wte", several
// separated by ';': each side a dotted module path (letters, digits, '_'
// and '.').
func ParseTies(v string) ([][2]string, error) {
	hint := msg.F("write a tie as module=target, e.g. lm_head=transformer.wte; several separated by ';'")
	if v == "" {
		return nil, nil
	}
	var out [][2]string
	for _, part := range strings.Split(v, ";") {
		m, t, ok := strings.Cut(part, "=")
		if !ok || !modulePath(m) || !modulePath(t) {
			return nil, hintErr(hint, "bad weight tie %q", diag.Clip(part))
		}
		out = append(out, [2]string{m, t})
	}
	return out, nil
}

// MaxAssume bounds the classes a link (or the CLI) states contents for.
const MaxAssume = 100

// ParseAssume reads what classes hold, as the CLI's --assume and a link
// write it: CLASS=PARAMS[:MACS_PER_CALL], several separated by ';' or
// ',' ("MyMixer=4096:1048576;Swish=0"); digits may be grouped with '_'.
func ParseAssume(v string) ([]Assumption, error) {
	hint := msg.F("write CLASS=PARAMS[:MACS_PER_CALL], e.g. MyMixer=4096:1048576; several separated by ';'")
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	var out []Assumption
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' }) {
		class, nums, ok := strings.Cut(strings.TrimSpace(part), "=")
		class = strings.TrimSpace(class)
		ps, ms, hasMACs := strings.Cut(nums, ":")
		p, err := parseCount(ps)
		var m int64
		if err == nil && hasMACs {
			m, err = parseCount(ms)
		}
		if !ok || !modulePath(class) || err != nil {
			return nil, hintErr(hint, "bad assumption %q", diag.Clip(strings.TrimSpace(part)))
		}
		if len(out) == MaxAssume {
			return nil, linkErr("", "more than %d assumptions", MaxAssume)
		}
		out = append(out, Assumption{Class: class, Params: p, MACs: m})
	}
	return out, nil
}

// parseCount reads a non-negative count ("4096", "1_048_576").
func parseCount(v string) (int64, error) {
	n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(v), "_", ""), 10, 64)
	if err == nil && n < 0 {
		err = strconv.ErrRange
	}
	return n, err
}

// FormatAssume writes assumptions the way ParseAssume reads them ("" for
// none; the MACs left out when 0).
func FormatAssume(as []Assumption) string {
	var parts []string
	for _, a := range as {
		p := a.Class + "=" + strconv.FormatInt(a.Params, 10)
		if a.MACs != 0 {
			p += ":" + strconv.FormatInt(a.MACs, 10)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ";")
}

func modulePath(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// ParseBatch reads a batch override: a positive integer, at most MaxBatch.
func ParseBatch(v string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 || n > MaxBatch {
		return 0, hintErr(msg.F("a whole number from 1 to %d", MaxBatch), "bad batch %q", diag.Clip(v))
	}
	return n, nil
}

// MaxDims and MaxDim bound a typed input shape (see package inputs).
const (
	MaxDims = inputs.MaxDims
	MaxDim  = inputs.MaxDim
)

// ParseShapes reads input shapes with FlopLab's one grammar
// (inputs.Parse): "1x3x224x224", "3x224x224", "512", several inputs
// separated by commas or ';', a tuple "(1, 3, 224, 224)". Its errors are
// share link errors (*Error) of kind diag.ErrInput.
func ParseShapes(v string) ([][]int64, error) {
	out, err := inputs.Parse(v)
	if de, ok := err.(*diag.Error); ok {
		return nil, &Error{*de}
	}
	return out, err
}

// FormatShapes writes shapes the way ParseShapes reads them.
func FormatShapes(shapes [][]int64) string { return inputs.Format(shapes) }

// Query is what a hand-written query link asks for. Preset names a
// gallery entry; the other fields fill the State.
type Query struct {
	Preset string
	State  State
}

// ParseQuery reads a query link: preset, input, batch, convention, dtype,
// unit, lang, the Memory & speed tab's mode, optimizer, device and seq,
// the tab to open, the LLM estimate's quant, kvdtype, lora and
// lora-targets, pass and the model's nnmode (eval or train). Unknown parameters are ignored (links get tracking parameters
// appended by mail clients); bad values are errors.
func ParseQuery(q url.Values) (Query, bool, error) {
	var out Query
	any := false
	for _, k := range []string{"preset", "input", "batch", "convention", "dtype", "unit", "lang", "mode", "optimizer", "device", "seq", "tab",
		"quant", "kvdtype", "lora", "lora-targets", "pass", "nnmode"} {
		v := strings.TrimSpace(q.Get(k))
		if v == "" {
			continue
		}
		any = true
		if k == "preset" {
			if len(v) > 100 {
				return Query{}, true, linkErr("", "the preset name is too long")
			}
			out.Preset = strings.ToLower(v)
			continue
		}
		if k == "unit" && strings.EqualFold(v, "mib") {
			v = "MiB"
		} else if k == "unit" && strings.EqualFold(v, "mb") {
			v = "MB"
		}
		if k == "mode" || k == "optimizer" || k == "tab" || k == "kvdtype" || k == "pass" || k == "nnmode" {
			v = strings.ToLower(v)
		}
		if k == "lang" {
			v = strings.ToLower(v)
			if strings.HasPrefix(v, "zh") {
				v = "zh"
			} else if strings.HasPrefix(v, "en") {
				v = "en"
			}
		}
		if err := out.State.set(k, v); err != nil {
			return Query{}, true, err
		}
	}
	return out, any, nil
}
