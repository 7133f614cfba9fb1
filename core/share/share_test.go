package share

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	long := strings.Repeat("self.conv = Conv2d(64, 64, 3)\n", 2000)
	cases := []State{
		{},
		{Script: "input_shape = (1, 3, 224, 224)\nmodel = alexnet()\n"},
		{Script: "  leading spaces\n\ttab\n\n\n", Input: "1x3x512x512", Batch: 8,
			Convention: "thop-0.0.31", DType: "bf16", Unit: "MiB", Lang: "zh", Preset: "alexnet"},
		{Script: "# 中文注释 ✓\r\nx = 1\r\n", Input: "1x128,1x128", Convention: "a=b&c d"},
		{Script: "<script>alert(1)</script>\x00\x01"},
		{Script: long},
		// The Memory & speed tab's settings and a printout's weight ties.
		{Script: "GPT2LMHeadModel(\n)\n", Mode: "train", Optimizer: "adamw", Device: "a100-80gb-sxm", Seq: 4096,
			Tie: [][2]string{{"lm_head", "transformer.wte"}, {"h.0.mlp", "wte"}}, Untie: true},
		{Mode: "inference", Device: "custom", Custom: [4]string{"my gpu", "", "900.5", "24"}},
		{Device: "custom", Custom: [4]string{"", "", "", "1e3"}, Optimizer: "sgd", Lang: "en"},
		{Script: "model = alexnet()\n", Tab: "memory", Mode: "train"},
		{Tab: "tools"},
		// a config.json model's quantization, KV cache dtype and LoRA
		{Script: "{\"model_type\": \"llama\"}", Tab: "memory", Device: "rtx-4090", Quant: "gptq-int4", KVDType: "fp8",
			LoRARank: 64, LoRATargets: "q_proj,k_proj,v_proj,o_proj"},
		{Quant: "q4_k_m", LoRATargets: "all-linear"},
		// weights at the dtype chosen where the config names a quantization
		{Script: "{\"model_type\": \"llama\", \"quantization_config\": {\"quant_method\": \"gptq\"}}", Tab: "memory", Quant: QuantNone},
		{Script: "model = alexnet()\n", Pass: "train"},
		// The model's train mode beside the Memory tab's training mode.
		{Script: "model = googlenet()\n", NNMode: "train", Mode: "inference"},
		{Script: "model = resnet50()\n", NNMode: "train", Mode: "train", Pass: "train"},
		// What a printout's unknown classes hold (CLI --assume).
		{Script: "Net(\n  (m): MyMixer()\n)\n", Assume: []Assumption{{"MyMixer", 4096, 1048576}, {"lora.Swish", 0, 12}, {"Zero", 0, 0}}},
	}
	var enc Encoder
	for i, s := range cases {
		for _, frag := range []string{enc.Encode(s), Encode(s)} {
			got, err := Decode("#" + frag)
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			if !reflect.DeepEqual(got, s) {
				t.Errorf("case %d: got %+v, want %+v", i, got, s)
			}
			if strings.Trim(frag, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
				t.Errorf("case %d: fragment has characters outside base64url: %q", i, frag)
			}
		}
	}
	// Compression works on real scripts: 60 KB of repeated lines is tiny.
	if n := len(Encode(State{Script: long})); n > 2000 {
		t.Errorf("long script encodes to %d bytes", n)
	}
}

// TestOldLinks: a link made before the Memory & speed settings and the
// weight ties were added (this fragment was encoded by that version)
// still decodes, with those settings at their defaults.
func TestOldLinks(t *testing.T) {
	const old = "zLIwxDsIwDAB3v8JjK5WqSQCxeGHnDShtDYkUnIi6KPB6RMVwN50uSlmVTHX1YOwPGL1OgU4wZXmxaMxCGnLZDf3QOwOzvgvTeDNHWCUqXeIZkpc7fQKUJy-s5BNXYQXY5tcl-MJI2JgOXYfW7je18MgzJyT8900L3wAAAP__"
	want := State{Script: "input_shape = (1, 3, 224, 224)\nmodel = alexnet()\n", Input: "1x3x512x512", Batch: 8,
		Convention: "thop-0.0.31", DType: "bf16", Unit: "MiB", Lang: "zh", Preset: "alexnet"}
	got, err := Decode("#" + old)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("old link decodes to %+v, %v", got, err)
	}
	// A state without the new settings encodes exactly as before.
	if frag := Encode(want); frag != old {
		t.Errorf("encoding changed for old settings: %s", frag)
	}
}

// TestQuantNone: the explicit choice of weights at the dtype is written
// quant=none and reopens as itself, not as the default (which a config's
// quantization_config sets); a link without the key is the default, as
// before.
func TestQuantNone(t *testing.T) {
	plain := func(s string) string { return "p" + base64.RawURLEncoding.EncodeToString([]byte(s)) }
	frag := Encode(State{Script: "{}", Quant: QuantNone})
	raw, _ := base64.RawURLEncoding.DecodeString(frag[1:])
	if frag[0] != 'p' || string(raw) != "quant=none\n\n{}" {
		t.Errorf("payload %q (%s)", raw, frag)
	}
	for _, v := range []string{"none", "None", " NONE "} {
		if s, err := Decode("#" + plain("quant="+url.QueryEscape(v)+"\n\n{}")); err != nil || s.Quant != QuantNone {
			t.Errorf("quant=%q: %+v %v", v, s, err)
		}
	}
	if s, err := Decode("#" + plain("tab=memory\n\n{}")); err != nil || s.Quant != "" {
		t.Errorf("no quant key: %+v %v", s, err)
	}
	_, err := Decode("#" + plain("quant=fp4\n\n{}"))
	if err == nil || !strings.Contains(err.Error(), "q4_0, none") {
		t.Errorf("unknown quant's hint: %v", err)
	}
	q, _, err := ParseQuery(url.Values{"quant": {"None"}, "preset": {"llama-3-8b"}})
	if err != nil || q.State.Quant != QuantNone {
		t.Errorf("query quant=None: %+v %v", q, err)
	}
}

// TestLargestScriptRoundTrips: a script of MaxScript bytes, with
// settings, reopens from its link (the limit is on the script, not on
// the script and its settings together).
func TestLargestScriptRoundTrips(t *testing.T) {
	want := State{Script: strings.Repeat("# a comment line\n", MaxScript/17) + strings.Repeat("x", MaxScript%17),
		Input: "1x3x512x512", Batch: 8, Convention: "thop", Lang: "zh"}
	if len(want.Script) != MaxScript {
		t.Fatalf("script of %d bytes", len(want.Script))
	}
	got, err := Decode(Encode(want))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("a %d-byte script: %v", len(want.Script), err)
	}
}

func TestDecodeErrors(t *testing.T) {
	bomb := func() string {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, 9)
		w.Write([]byte("\n"))
		w.Write(bytes.Repeat([]byte("a"), MaxScript+10))
		w.Close()
		return "z" + base64.RawURLEncoding.EncodeToString(b.Bytes())
	}
	plain := func(s string) string { return "p" + base64.RawURLEncoding.EncodeToString([]byte(s)) }
	cases := []struct {
		frag, want string
	}{
		{"", "no calculation"},
		{"#", "no calculation"},
		{"x" + "AAAA", "unknown link format"},
		{"z!!!!", "bad base64"},
		{"p" + strings.Repeat("A", MaxFragment), "too long"},
		{"z" + base64.RawURLEncoding.EncodeToString([]byte{0xff, 0xfe, 0x00}), "damaged"},
		{Encode(State{Script: "abc"})[:6], "damaged"},
		{bomb(), "larger than"},
		{plain("nosep"), "not terminated"},
		{plain("bogus\n\nx"), "bad setting"},
		{plain("color=red\n\nx"), "unknown setting"},
		{plain("unit=GB\n\nx"), "unknown byte unit"},
		{plain("lang=fr\n\nx"), "unknown language"},
		{plain("batch=-1\n\nx"), "bad batch"},
		{plain("input=1xAx3\n\nx"), "bad dimension"},
		{plain("input=%zz\n\nx"), "bad value"},
		{plain("\n\xff\xfe"), "UTF-8"},
		{plain("mode=fast\n\nx"), "unknown memory mode"},
		{plain("optimizer=lion\n\nx"), "unknown optimizer"},
		{plain("seq=0\n\nx"), "bad sequence length"},
		{plain("seq=99999999999\n\nx"), "bad sequence length"},
		{plain("custom=a:b\n\nx"), "bad custom device"},
		{plain("tie=lm_head\n\nx"), "bad weight tie"},
		{plain("tie=a=b;\n\nx"), "bad weight tie"},
		{plain("tie=a b=c\n\nx"), "bad weight tie"},
		{plain("untie=yes\n\nx"), "bad untie"},
		{plain("pass=backward\n\nx"), "unknown pass"},
		{plain("nnmode=inference\n\nx"), "unknown model mode"},
		{plain("assume=MyMixer\n\nx"), "bad assumption"},
		{plain("assume=MyMixer=-1\n\nx"), "bad assumption"},
		{plain("assume=My Mixer=1\n\nx"), "bad assumption"},
		{plain("assume=M=1:x\n\nx"), "bad assumption"},
		{plain("assume=" + strings.Repeat("A=1;", 101) + "\n\nx"), "more than 100"},
		{plain("device=" + strings.Repeat("d", 201) + "\n\nx"), "too long"},
		{plain("quant=int3\n\nx"), "unknown quantization"},
		{plain("kvdtype=fp64\n\nx"), "unknown KV cache dtype"},
		{plain("lora=0\n\nx"), "bad LoRA rank"},
		{plain("lora=70000\n\nx"), "bad LoRA rank"},
		{plain("lora-targets=q_proj,v/proj\n\nx"), "bad LoRA target module"},
	}
	for _, c := range cases {
		start := time.Now()
		_, err := Decode(c.frag)
		var le *Error
		if !errors.As(err, &le) {
			t.Errorf("Decode(%.30q): err = %v, want *Error", c.frag, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Decode(%.30q) = %q, want it to mention %q", c.frag, err, c.want)
		}
		// A hang check (a bounded decode), not a speed goal: generous so a
		// loaded CI machine does not fail it.
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("Decode(%.30q) took %v", c.frag, d)
		}
	}
}

func TestPaddedBase64Accepted(t *testing.T) {
	s := State{Script: "ab"}
	frag := Encode(s)
	got, err := Decode(frag + "==")
	if err != nil || got.Script != "ab" {
		t.Fatalf("Decode(padded) = %+v, %v", got, err)
	}
	// Some also turn the URL alphabet's '-' and '_' into '+' and '/'.
	x := uint32(1)
	for i := 0; i < 200; i++ {
		var b strings.Builder
		for range 40 {
			x = x*1664525 + 1013904223
			b.WriteByte(byte(' ' + x>>24%95))
		}
		s := State{Script: b.String()}
		frag := Encode(s)
		if !strings.Contains(frag[1:], "-") || !strings.Contains(frag[1:], "_") {
			continue
		}
		std := strings.NewReplacer("-", "+", "_", "/").Replace(frag) + "="
		got, err := Decode(std)
		if err != nil || got.Script != s.Script {
			t.Fatalf("Decode(%q) = %+v, %v", std, got, err)
		}
		return
	}
	t.Fatal("no script's link holds both '-' and '_'")
}

func TestParseShapes(t *testing.T) {
	cases := []struct {
		in   string
		want [][]int64
		err  string
	}{
		{"1x3x224x224", [][]int64{{1, 3, 224, 224}}, ""},
		{" 8 x 3 x 32 x 32 ", [][]int64{{8, 3, 32, 32}}, ""},
		{"1×3×224×224", [][]int64{{1, 3, 224, 224}}, ""},
		{"1x128,1x128", [][]int64{{1, 128}, {1, 128}}, ""},
		{"(1, 3, 224, 224)", [][]int64{{1, 3, 224, 224}}, ""},
		{"(1, 128); (1, 128)", [][]int64{{1, 128}, {1, 128}}, ""},
		{"(10,)", [][]int64{{10}}, ""},
		{"224", [][]int64{{224}}, ""},
		{"", nil, "empty"},
		{"1x0x3", nil, "bad dimension"},
		{"1x-3", nil, "bad dimension"},
		{"1x3x99999999999999999999", nil, "bad dimension"},
		{"1x2x3x4x5x6x7x8x9", nil, "1 to 8 dimensions"},
		{"1x3,,1x3", nil, "empty input"},
		{strings.Repeat("1x1,", 9) + "1x1", nil, "at most 8"},
	}
	for _, c := range cases {
		got, err := ParseShapes(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseShapes(%q) err = %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseShapes(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if back, _ := ParseShapes(FormatShapes(got)); !reflect.DeepEqual(back, got) {
			t.Errorf("FormatShapes(%v) = %q does not parse back", got, FormatShapes(got))
		}
	}
}

func TestParseQuery(t *testing.T) {
	cases := []struct {
		q    string
		want Query
		any  bool
		err  string
	}{
		{"", Query{}, false, ""},
		{"utm_source=mail", Query{}, false, ""},
		{"preset=ResNet50&input=1x3x512x512&convention=thop", Query{Preset: "resnet50",
			State: State{Input: "1x3x512x512", Convention: "thop"}}, true, ""},
		{"preset=alexnet&batch=8&dtype=fp16&unit=mib&lang=zh-CN", Query{Preset: "alexnet",
			State: State{Batch: 8, DType: "fp16", Unit: "MiB", Lang: "zh"}}, true, ""},
		{"preset=llama-2-7b&mode=Train&optimizer=adamw&device=h100&seq=4096", Query{Preset: "llama-2-7b",
			State: State{Mode: "train", Optimizer: "adamw", Device: "h100", Seq: 4096}}, true, ""},
		{"preset=resnet50&tab=Memory", Query{Preset: "resnet50", State: State{Tab: "memory"}}, true, ""},
		{"preset=resnet50&tab=layers", Query{Preset: "resnet50"}, true, ""},
		{"preset=llama-3-8b&tab=memory&quant=GPTQ-int4&kvdtype=FP8&lora=32&lora-targets=all-linear", Query{Preset: "llama-3-8b",
			State: State{Tab: "memory", Quant: "gptq-int4", KVDType: "fp8", LoRARank: 32, LoRATargets: "all-linear"}}, true, ""},
		{"preset=googlenet&nnmode=Train&mode=train", Query{Preset: "googlenet", State: State{NNMode: "train", Mode: "train"}}, true, ""},
		{"preset=googlenet&nnmode=eval", Query{Preset: "googlenet"}, true, ""},
		{"nnmode=inference", Query{}, true, "unknown model mode"},
		{"tab=charts", Query{}, true, "unknown tab"},
		{"mode=fast", Query{}, true, "unknown memory mode"},
		{"input=1xbad", Query{}, true, "bad dimension"},
		{"batch=0", Query{}, true, "bad batch"},
		{"lang=fr", Query{}, true, "unknown language"},
		{"preset=" + strings.Repeat("a", 101), Query{}, true, "too long"},
	}
	for _, c := range cases {
		v, _ := url.ParseQuery(c.q)
		got, any, err := ParseQuery(v)
		if any != c.any {
			t.Errorf("ParseQuery(%q) any = %v", c.q, any)
		}
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseQuery(%q) err = %v, want %q", c.q, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseQuery(%q) = %+v, %v; want %+v", c.q, got, err, c.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Encode(State{Script: "x = 1\n", Input: "1x3", Lang: "zh"}))
	f.Add("p" + base64.RawURLEncoding.EncodeToString([]byte("unit=MB\n\nabc")))
	f.Add("z!!")
	f.Fuzz(func(t *testing.T, frag string) {
		s, err := Decode(frag)
		if err != nil {
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		// Whatever decodes re-encodes to the same state.
		again, err := Decode(Encode(s))
		if err != nil || !reflect.DeepEqual(again, s) {
			t.Fatalf("re-encode of %+v: %+v, %v", s, again, err)
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	f.Add("model = alexnet()", "1x3x224x224", int64(1), "thop", "fp32", "MB", "en")
	f.Fuzz(func(t *testing.T, script, input string, batch int64, conv, dtype, unit, lang string) {
		s := State{Script: script, Convention: conv, DType: dtype}
		if _, err := ParseShapes(input); err == nil && len(input) <= 200 {
			s.Input = input
		}
		if batch > 0 && batch <= MaxBatch {
			s.Batch = batch
		}
		if unit == "MB" || unit == "MiB" {
			s.Unit = unit
		}
		if lang == "en" || lang == "zh" {
			s.Lang = lang
		}
		if len(conv) > 200 || len(dtype) > 200 || len(script) > MaxScript {
			return
		}
		if !utf8Valid(script) || !utf8Valid(conv) || !utf8Valid(dtype) {
			return
		}
		got, err := Decode(Encode(s))
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("round trip of %+v: %+v, %v", s, got, err)
		}
	})
}

// FuzzRoundTripSettings round-trips the Memory & speed settings and the
// weight ties.
func FuzzRoundTripSettings(f *testing.F) {
	f.Add("GPT2LMHeadModel(", "h100-sxm", int64(4096), "my gpu", "900", "lm_head=transformer.wte", true, true)
	f.Fuzz(func(t *testing.T, script, device string, seq int64, name, gbps, ties string, untie, train bool) {
		s := State{Script: script, Device: device, Untie: untie, Mode: "inference", Optimizer: "adam"}
		if train {
			s.Mode, s.Optimizer = "train", "momentum"
		}
		if seq > 0 && seq <= MaxSeq {
			s.Seq = seq
		}
		if !strings.Contains(name+gbps, ":") && len(name) <= MaxCustomField && len(gbps) <= MaxCustomField {
			s.Custom = [4]string{name, "", gbps, "24"}
		}
		if tt, err := ParseTies(ties); err == nil && len(ties) <= maxTies {
			s.Tie = tt
		}
		if len(device) > 200 || len(script) > MaxScript || !utf8Valid(script) || !utf8Valid(device) || !utf8Valid(name) || !utf8Valid(gbps) {
			return
		}
		got, err := Decode(Encode(s))
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("round trip of %+v: %+v, %v", s, got, err)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func ExampleEncode() {
	frag := Encode(State{Script: "model = alexnet()\n", Convention: "thop-0.0.31", Unit: "MiB"})
	s, err := Decode("#" + frag)
	fmt.Println(s.Convention, s.Unit, strings.TrimSpace(s.Script), err)
	// Output: thop-0.0.31 MiB model = alexnet() <nil>
}

func ExampleParseQuery() {
	q, _ := url.ParseQuery("preset=resnet50&input=1x3x512x512&convention=thop")
	link, _, err := ParseQuery(q)
	shapes, _ := ParseShapes(link.State.Input)
	fmt.Println(link.Preset, shapes, link.State.Convention, err)
	// Output: resnet50 [[1 3 512 512]] thop <nil>
}

func TestParseAssume(t *testing.T) {
	got, err := ParseAssume(" MyMixer = 4_096 : 1_048_576 , Swish=0;")
	want := []Assumption{{"MyMixer", 4096, 1048576}, {"Swish", 0, 0}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseAssume = %+v, %v; want %+v", got, err, want)
	}
	if s := FormatAssume(want); s != "MyMixer=4096:1048576;Swish=0" {
		t.Errorf("FormatAssume = %q", s)
	}
}
