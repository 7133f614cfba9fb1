package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/msg"
	"floplab/core/presets"
)

// The golden harness pins every output byte for byte: each preset under
// each convention (and --convention all) in every format the CLI writes
// (table in English and Chinese, json, csv, markdown in both), with
// memory and device estimates, at batch 1 and 2, plus each layer's
// formulas as the page renders them on demand in both languages. Only a
// sha256 per output is kept, in testdata/golden.sha256; a refactoring
// that should not change behaviour must leave every one unchanged.
//
//	go test ./cmd/floplab -run TestGolden                 # check
//	go test ./cmd/floplab -run TestGolden -update         # rewrite the hashes (say why in the commit)
//	FLOPLAB_GOLDEN_DIR=/tmp/before go test ./cmd/floplab -run TestGolden
//	                                                      # also write every output to /tmp/before/<case>
//
// To see what changed: dump to /tmp/before on the old commit, to
// /tmp/after on the new one, and diff -r the two folders.
var update = flag.Bool("update", false, "rewrite testdata/golden.sha256 from the current outputs")

const goldenFile = "testdata/golden.sha256"

// goldenCase is one output: its name (a path: preset/variant/format) and
// the CLI arguments that print it, or a function that renders it.
type goldenCase struct {
	name   string
	args   []string
	render func() (string, error)
}

// goldenCases lists the outputs of one preset.
func goldenCases(p presets.Preset) []goldenCase {
	var cs []goldenCase
	cli := func(name string, args ...string) {
		cs = append(cs, goldenCase{name: p.Name + "/" + name, args: append([]string{"count", "--preset", p.Name}, args...)})
	}
	convs := []string{"all"}
	for _, c := range core.Conventions() {
		convs = append(convs, c.ID)
	}
	for _, c := range convs {
		for _, f := range []string{"table", "json", "csv", "markdown"} {
			cli(c+"/"+f, "--convention", c, "--format", f)
		}
		cli(c+"/table.zh", "--convention", c, "--format", "table", "--lang", "zh")
		cli(c+"/markdown.zh", "--convention", c, "--format", "markdown", "--lang", "zh")
		if c == "all" {
			continue
		}
		// ptflops divides module hooks by the batch: batch 2 shows it.
		batch2 := batchInput(p.Input, 2)
		cli(c+"/batch2.json", "--convention", c, "--format", "json", "--input", batch2)
		req := core.Request{Preset: p.Name, Convention: c, DeferFormulas: true}
		cs = append(cs, goldenCase{name: p.Name + "/" + c + "/formulas", render: func() (string, error) { return pageFormulas(req) }})
	}
	infer := []string{"--memory", "inference", "--device", "h100-sxm", "--dtype", "bf16"}
	train := []string{"--memory", "train", "--optimizer", "adam", "--device", "t4"}
	cli("inference/table", append(infer, "--format", "table")...)
	cli("inference/table.zh", append(infer, "--format", "table", "--lang", "zh")...)
	cli("inference/json", append(infer, "--format", "json")...)
	cli("train/table", append(train, "--format", "table")...)
	cli("train/table.zh", append(train, "--format", "table", "--lang", "zh")...)
	cli("train/json", append(train, "--format", "json")...)
	return cs
}

// batchInput is the preset's input with the batch set to n ("2x3x224x224").
func batchInput(in [][]int64, n int64) string {
	var parts []string
	for _, sh := range in {
		var ds []string
		for i, d := range sh {
			if i == 0 {
				d = n
			}
			ds = append(ds, strconv.FormatInt(d, 10))
		}
		parts = append(parts, strings.Join(ds, "x"))
	}
	return strings.Join(parts, ",")
}

// pageFormulas renders every layer's formulas the way the page asks for
// them (DeferFormulas, then LayerFormulasIn), in English and Chinese.
func pageFormulas(req core.Request) (string, error) {
	rep, err := analyze(req)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i := range rep.Layers {
		for _, lang := range []string{msg.EN, msg.ZH} {
			f, p, m := rep.LayerFormulasIn(lang, i)
			fmt.Fprintf(&b, "%d %s\t%q\t%q\t%q\n", i, lang, f, p, m)
		}
	}
	return b.String(), nil
}

// goldenOutputs runs every case, each preset's cases on one trace, and
// returns the outputs by case name.
func goldenOutputs(t *testing.T) map[string]string {
	out := map[string]string{}
	defer func(a func(core.Request) (*core.Report, error)) { analyze = a }(analyze)
	for _, p := range presets.All() {
		var a core.Analyzer
		analyze = a.Analyze
		for _, c := range goldenCases(p) {
			var s string
			if c.render != nil {
				var err error
				if s, err = c.render(); err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
			} else {
				code, stdout, stderr := runCLI(c.args...)
				if code != 0 {
					t.Fatalf("%s: floplab %s: exit %d: %s", c.name, strings.Join(c.args, " "), code, stderr)
				}
				s = stdout
			}
			if _, dup := out[c.name]; dup {
				t.Fatalf("case %s twice", c.name)
			}
			out[c.name] = s
		}
	}
	for _, c := range [][]string{{"presets"}, {"presets", "--format", "json"}, {"conventions"}, {"devices"}} {
		code, stdout, stderr := runCLI(c...)
		if code != 0 {
			t.Fatalf("floplab %s: exit %d: %s", strings.Join(c, " "), code, stderr)
		}
		out["cli/"+strings.Join(c, "_")] = stdout
	}
	return out
}

func digest(s string) string {
	h := sha256.Sum256([]byte(s)) // 128 bits of it are kept: a change is caught with certainty short of 2^-128
	return hex.EncodeToString(h[:16])
}

// TestGolden checks every output against its pinned sha256.
func TestGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("the golden harness runs every preset × convention × format")
	}
	outs := goldenOutputs(t)
	names := make([]string, 0, len(outs))
	for n := range outs {
		names = append(names, n)
	}
	sort.Strings(names)
	if dir := os.Getenv("FLOPLAB_GOLDEN_DIR"); dir != "" {
		for _, n := range names {
			path := filepath.Join(dir, filepath.FromSlash(n))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(outs[n]), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("wrote %d outputs under %s", len(names), dir)
	}
	if *update {
		var b bytes.Buffer
		b.WriteString("# sha256 of every golden output (cmd/floplab/golden_test.go); regenerate with -update\n")
		for _, n := range names {
			fmt.Fprintf(&b, "%s  %s\n", digest(outs[n]), n)
		}
		if err := os.WriteFile(goldenFile, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d hashes to %s", len(names), goldenFile)
		return
	}
	want, err := readGolden(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	var changed, added []string
	for _, n := range names {
		h, ok := want[n]
		switch {
		case !ok:
			added = append(added, n)
		case h != digest(outs[n]):
			changed = append(changed, n)
		}
		delete(want, n)
	}
	var gone []string
	for n := range want {
		gone = append(gone, n)
	}
	sort.Strings(gone)
	report := func(what string, list []string) {
		if len(list) == 0 {
			return
		}
		show := list
		if len(show) > 20 {
			show = show[:20]
		}
		t.Errorf("%d outputs %s, e.g.:\n  %s", len(list), what, strings.Join(show, "\n  "))
	}
	report("changed", changed)
	report("new (not in "+goldenFile+")", added)
	report("no longer produced", gone)
	if t.Failed() {
		t.Log("dump the outputs before and after with FLOPLAB_GOLDEN_DIR=dir and diff -r; if the change is meant, rerun with -update and say why in the commit")
	}
}

func readGolden(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := sc.Text()
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		h, n, ok := strings.Cut(s, "  ")
		if !ok || len(h) != 32 {
			return nil, fmt.Errorf("%s:%d: want \"<sha256>  <case>\"", path, line)
		}
		m[n] = h
	}
	return m, sc.Err()
}

// TestGoldenSharedTrace: the harness counts each preset's outputs on one
// trace (core.Analyzer); they are the same bytes as a fresh floplab run.
func TestGoldenSharedTrace(t *testing.T) {
	for _, name := range []string{"alexnet", "vit_b_16"} {
		p, ok := presets.Lookup(name)
		if !ok {
			t.Fatal(name)
		}
		var a core.Analyzer
		for _, c := range goldenCases(p) {
			if c.args == nil {
				continue
			}
			_, fresh, _ := runCLI(c.args...)
			analyze = a.Analyze
			_, shared, _ := runCLI(c.args...)
			analyze = core.Analyze
			if fresh != shared || fresh == "" {
				t.Errorf("%s: a shared trace prints %d bytes, a fresh run %d", c.name, len(shared), len(fresh))
			}
		}
	}
}
