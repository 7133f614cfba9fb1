package inputs

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"floplab/core/diag"
	"floplab/core/msg"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]int64
	}{
		{"1x3x224x224", [][]int64{{1, 3, 224, 224}}},
		{" 1 × 3 × 224 × 224 ", [][]int64{{1, 3, 224, 224}}},
		{"1*3*224*224", [][]int64{{1, 3, 224, 224}}},
		{"3x224x224", [][]int64{{3, 224, 224}}},
		{"224x224", [][]int64{{224, 224}}},
		{"512", [][]int64{{512}}},
		{"1x128,1x128", [][]int64{{1, 128}, {1, 128}}},
		{"1x128; 1x128", [][]int64{{1, 128}, {1, 128}}},
		{"(1, 3, 224, 224)", [][]int64{{1, 3, 224, 224}}},
		{"(1, 128); (1, 128)", [][]int64{{1, 128}, {1, 128}}},
		{"(3, 224, 224)", [][]int64{{3, 224, 224}}},
	} {
		got, err := Parse(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for in, want := range map[string]string{
		"":                  "empty input shape",
		"1x3x,":             "empty input shape",
		"1xfoo":             `bad dimension "foo" in input shape "1xfoo"`,
		"0x3":               `bad dimension "0"`,
		"-1":                `bad dimension "-1"`,
		"1x2x3x4x5x6x7x8x9": "must have 1 to 8 dimensions",
		"1;1;1;1;1;1;1;1;1": "at most 8 inputs",
		"4294967296":        `bad dimension "4294967296"`,
	} {
		_, err := Parse(in)
		var de *diag.Error
		if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, diag.ErrInput) || !errors.As(err, &de) ||
			!strings.Contains(de.Hint.String(), "224x224 or 224 for an image model") || de.Pos.File != "input" {
			t.Errorf("Parse(%q): %v, want %q with the forms in the hint", in, err, want)
		}
	}
	if got := Format([][]int64{{1, 3, 224, 224}, {1, 128}}); got != "1x3x224x224,1x128" {
		t.Errorf("Format = %q", got)
	}
}

// TestFit: every short form, read against the model's declared input and
// said in a note, and the suggestion when a shape fits no form.
func TestFit(t *testing.T) {
	image := [][]int64{{1, 3, 224, 224}}
	tokens := [][]int64{{1, 1024}}
	for _, tc := range []struct {
		name            string
		given, declared [][]int64
		dtype           string
		want            [][]int64
		note            string
	}{
		{"full shape", [][]int64{{8, 3, 512, 512}}, image, "float", [][]int64{{8, 3, 512, 512}}, ""},
		{"C×H×W as ptflops takes it", [][]int64{{3, 512, 512}}, image, "float", [][]int64{{1, 3, 512, 512}},
			"input 3x512x512 read as 1x3x512x512: channels × height × width with the model's batch 1, as ptflops and torchsummary take it"},
		{"H×W", [][]int64{{320, 480}}, image, "float", [][]int64{{1, 3, 320, 480}},
			"input 320x480 read as 1x3x320x480: height × width with the model's batch 1 and 3 channels"},
		{"one size", [][]int64{{512}}, image, "float", [][]int64{{1, 3, 512, 512}},
			"input 512 read as 1x3x512x512: a 512×512 image with the model's batch 1 and 3 channels"},
		{"the model's batch and channels", [][]int64{{32}}, [][]int64{{4, 1, 28, 28}}, "float", [][]int64{{4, 1, 32, 32}},
			"input 32 read as 4x1x32x32: a 32×32 image with the model's batch 4 and 1 channels"},
		{"sequence length", [][]int64{{512}}, tokens, "long", [][]int64{{1, 512}},
			"input 512 read as 1x512: a sequence of 512 tokens with the model's batch 1"},
		{"one length for several token inputs", [][]int64{{64}}, [][]int64{{1, 128}, {1, 128}}, "long", [][]int64{{1, 64}, {1, 64}},
			"input 64 read as 1x64,1x64: a sequence of 64 tokens for each of the 2 inputs, with the model's batch 1"},
		{"without the batch, any rank", [][]int64{{80, 3000}}, [][]int64{{1, 80, 3000}}, "float", [][]int64{{1, 80, 3000}},
			"input 80x3000 read as 1x80x3000: the shape without its batch; the model's batch 1 added in front"},
		{"no declared input", [][]int64{{5}}, nil, "float", [][]int64{{5}}, ""},
		{"a count of inputs that differs is left to the model", [][]int64{{5}, {6}}, image, "float", [][]int64{{5}, {6}}, ""},
	} {
		got, notes, err := Fit(tc.given, tc.declared, tc.dtype)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Fit = %v, %v; want %v", tc.name, got, err, tc.want)
			continue
		}
		note := ""
		if len(notes) > 0 {
			note = notes[0].String()
			if zh := notes[0].In(msg.ZH); zh == note {
				t.Errorf("%s: note not translated: %q", tc.name, zh)
			}
		}
		if note != tc.note || len(notes) > 1 {
			t.Errorf("%s: notes %q, want %q", tc.name, notes, tc.note)
		}
	}
	for _, tc := range []struct {
		given, declared [][]int64
		dtype           string
		msg, hint       string
	}{
		{[][]int64{{1, 2, 3, 224, 224}}, image, "float", "input shape 1x2x3x224x224 has 5 dimensions; the model takes 4 (1x3x224x224)",
			"write 1x3x224x224, or 3x224x224 without the batch, 224x224, or 224 for a square image"},
		{[][]int64{{1, 3, 4}}, tokens, "long", "input shape 1x3x4 has 3 dimensions; the model takes 2 (1x1024)",
			"write 1x1024, or the sequence length alone: 1024"},
		{[][]int64{{7}}, [][]int64{{1, 2, 16, 112, 112}}, "float", "input shape 7 has 1 dimensions; the model takes 5 (1x2x16x112x112)",
			"write 1x2x16x112x112, or 2x16x112x112 without the batch"},
	} {
		_, _, err := Fit(tc.given, tc.declared, tc.dtype)
		var de *diag.Error
		if !errors.As(err, &de) || de.Msg.String() != tc.msg || de.Hint.String() != tc.hint || !errors.Is(err, diag.ErrInput) {
			t.Errorf("Fit(%v, %v): %v, want %q (hint: %s)", tc.given, tc.declared, err, tc.msg, tc.hint)
		}
	}
}
