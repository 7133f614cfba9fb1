package app

import (
	"reflect"
	"strings"
	"testing"
)

// TestShortInputLinks: a link with the short input forms people write
// (issue 12, item 9) gives a result, at the shape they meant, with a note
// saying how the input was read; the batch applies after it.
func TestShortInputLinks(t *testing.T) {
	eng := CoreEngine()
	for _, c := range []struct {
		url  string
		want [][]int64
		note string
	}{
		{"/?input=512", [][]int64{{1, 3, 512, 512}}, "input 512 read as 1x3x512x512"},
		{"/?preset=alexnet&input=3x224x224", [][]int64{{1, 3, 224, 224}}, "as ptflops and torchsummary take it"},
		{"/?preset=resnet18&input=224x224&batch=8", [][]int64{{8, 3, 224, 224}}, "input 224x224 read as 1x3x224x224"},
		{"/?preset=gpt2&input=512", [][]int64{{1, 512}}, "a sequence of 512 tokens"},
		{"/?preset=alexnet&input=1x3x224x224", [][]int64{{1, 3, 224, 224}}, ""},
	} {
		l := Load(mustURL(t, c.url), "")
		if s := l.Err.String(); s != "" {
			t.Fatalf("%s: %s", c.url, s)
		}
		rep, errs := Run(eng, l.State.Script, l.State)
		if len(errs) > 0 || rep == nil {
			t.Errorf("%s: no result: %v", c.url, errs)
			continue
		}
		notes := strings.Join(rep.Notes, "\n")
		if !reflect.DeepEqual(rep.Inputs, c.want) || (c.note == "") != !strings.Contains(notes, "read as") || !strings.Contains(notes, c.note) {
			t.Errorf("%s: inputs %v, notes %q; want %v and %q", c.url, rep.Inputs, notes, c.want, c.note)
		}
	}
	// A shape that fits no form: an error at "input" suggesting the forms.
	l := Load(mustURL(t, "/?preset=alexnet&input=1x1x3x224x224"), "")
	_, errs := Run(eng, l.State.Script, l.State)
	if len(errs) != 1 || errs[0].Pos.File != "input" || !strings.Contains(errs[0].Hint.String(), "or 224 for a square image") {
		t.Errorf("a 5-d input: %v", errs)
	}
}
