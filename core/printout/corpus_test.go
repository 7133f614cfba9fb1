package printout

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/units"
)

// corpusEntry is one line of testdata/corpus/SOURCES.tsv.
type corpusEntry struct {
	file   string
	params int64
	source string
}

func readCorpus(t *testing.T) []corpusEntry {
	f, err := os.Open("testdata/corpus/SOURCES.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 4 {
			t.Fatalf("SOURCES.tsv: %q has %d columns, want 4", l, len(cols))
		}
		n := int64(-1) // "-": no independent count
		if cols[1] != "-" {
			var err error
			if n, err = strconv.ParseInt(cols[1], 10, 64); err != nil {
				t.Fatalf("SOURCES.tsv: %q: %v", l, err)
			}
		}
		out = append(out, corpusEntry{cols[0], n, cols[3]})
	}
	return out
}

// paramsInexact are the corpus entries whose printout does not determine
// the parameter count, and why. Every other entry must count exactly.
var paramsInexact = map[string]string{
	"llama2c_stories15m.txt": "llama2.c ties output.weight to tok_embeddings.weight in its code; the printout cannot show it and the class name (Transformer) is too common to assume it: the tie is offered as a candidate (15,191,712 when tied)",
	"qwen25_05b_nnsight.txt": "Qwen2.5-0.5B ties lm_head to embed_tokens, but Qwen2ForCausalLM does not by default (the 7B does not): the tie is offered as a candidate (494,032,768 when tied)",
	"distilbert_elided.txt":  "the poster elided the end of the printout (\"...\"): the count is a lower bound, and says so",
}

// countedAtLeast are partial entries whose traced layers are pinned: an
// elision leaves out its own lines, not what is printed around it.
var countedAtLeast = map[string][2]int{
	"distilbert_elided.txt": {67, 68}, // all but the elided end of the TransformerBlocks (line 26)
}

// TestCorpus runs every printout of the corpus (real printouts people
// posted, and ones made with torch 1.13 here; see SOURCES.tsv) through
// Analyze at its default input: each must give numbers, never only an
// error, and the exact parameter count of its independent source.
func TestCorpus(t *testing.T) {
	entries := readCorpus(t)
	files, _ := filepath.Glob("testdata/corpus/*.txt")
	if len(files) != len(entries) {
		t.Errorf("%d printouts in testdata/corpus but %d lines in SOURCES.tsv", len(files), len(entries))
	}
	numbers, exact, complete := 0, 0, 0
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join("testdata/corpus", e.file))
		if err != nil {
			t.Error(err)
			continue
		}
		rep, err := core.Analyze(core.Request{Script: string(src), Filename: e.file, Importers: []core.Importer{Importer{}}})
		if err != nil {
			t.Errorf("%s: no numbers: %v", e.file, err)
			continue
		}
		numbers++
		if rep.Complete {
			complete++
		}
		got := rep.Totals.Params
		if e.params < 0 {
			t.Logf("%s: %s params (no independent count: %s)", e.file, units.Thousands(got), e.source)
		} else if got == e.params {
			exact++
		} else if why, ok := paramsInexact[e.file]; ok {
			t.Logf("%s: %s params, %s published (%s)", e.file, units.Thousands(got), units.Thousands(e.params), why)
		} else {
			t.Errorf("%s: %s params, want %s (%s)", e.file, units.Thousands(got), units.Thousands(e.params), e.source)
		}
		if want, ok := countedAtLeast[e.file]; ok && (rep.CountedLayers < want[0] || rep.TotalLayers != want[1]) {
			t.Errorf("%s: MACs of %d of %d layers, want at least %d of %d", e.file, rep.CountedLayers, rep.TotalLayers, want[0], want[1])
		}
		if !rep.Complete {
			t.Logf("%s: MACs of %d of %d layers; %d not counted, first: %+v", e.file, rep.CountedLayers, rep.TotalLayers, len(rep.Incomplete), rep.Incomplete[0])
		}
	}
	counted := 0
	for _, e := range entries {
		if e.params >= 0 {
			counted++
		}
	}
	t.Logf("corpus: numbers for %d of %d, params exact for %d of the %d with an independent count, complete MACs for %d", numbers, len(entries), exact, counted, complete)
	// As README says; a wiring that breaks shows here.
	if exact < 57 || complete < 46 {
		t.Errorf("params exact for %d (want 57), complete MACs for %d (want 46)", exact, complete)
	}
	if numbers*10 < len(entries)*9 {
		t.Errorf("numbers for %d of %d printouts, want at least 90%%", numbers, len(entries))
	}
}
