package core

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A toolSuiteCase is one case of testdata/toolsuites/*.txt: a model
// script written from a test of a counting tool's own test suite, with
// the figures that tool gives for it.
type toolSuiteCase struct {
	file   string
	line   int    // of the case's first line
	source string // "repo@commit path test", from the "# source:" line
	script string
	want   []toolSuiteWant
	skip   string
}

// toolSuiteWant is one "### convention count [params P]" line.
type toolSuiteWant struct {
	line       int
	convention string
	count      int64
	params     int64
	hasParams  bool
	// noFigure: "### CONVENTION nofigure", the tool raises on the case
	// and prints no figure (Report.Conventions[...].Failed).
	noFigure bool
}

// readToolSuite splits a suite file into its cases: cases are separated
// by lines of three dashes (text before the first is the file's header);
// in a case, "# source: ..." names the tool's test it comes from,
// "### CONVENTION COUNT [params P]" is an expected figure, "### CONVENTION
// nofigure" says the tool raises and gives none, and "### skip
// REASON" leaves the case out, saying why; every other line is the
// model script.
func readToolSuite(t *testing.T, file string) []toolSuiteCase {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []toolSuiteCase
	var cur *toolSuiteCase
	var script []string
	flush := func() {
		if cur != nil {
			cur.script = strings.Join(script, "\n") + "\n"
			cases = append(cases, *cur)
		}
		script = nil
	}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		switch {
		case line == "---":
			flush()
			cur = &toolSuiteCase{file: file, line: n + 1}
		case cur == nil:
			// the file's header
		case strings.HasPrefix(line, "# source: "):
			cur.source = strings.TrimPrefix(line, "# source: ")
		case strings.HasPrefix(line, "### skip "):
			cur.skip = strings.TrimPrefix(line, "### skip ")
		case strings.HasPrefix(line, "### "):
			f := strings.Fields(strings.TrimPrefix(line, "### "))
			w := toolSuiteWant{line: n}
			ok := len(f) == 2 || len(f) == 4 && f[2] == "params"
			if ok && f[1] == "nofigure" {
				w.convention, w.noFigure = f[0], true
				cur.want = append(cur.want, w)
				continue
			}
			if ok {
				w.convention = f[0]
				w.count, err = strconv.ParseInt(f[1], 10, 64)
				ok = err == nil
			}
			if ok && len(f) == 4 {
				w.params, err = strconv.ParseInt(f[3], 10, 64)
				w.hasParams, ok = true, err == nil
			}
			if !ok {
				t.Fatalf("%s:%d: want \"### CONVENTION COUNT [params P]\" or \"### skip REASON\", got %q", file, n, line)
			}
			cur.want = append(cur.want, w)
		default:
			script = append(script, line)
		}
	}
	flush()
	return cases
}

// TestToolSuites runs every case written from the counting tools' own
// test suites (testdata/toolsuites: PyTorch's test_flop_counter.py,
// fvcore's tests, torchinfo 1.8.0's, ptflops' tests/common_test.py,
// thop's and ultralytics-thop's tests) and checks each convention's
// figure against the tool's.
func TestToolSuites(t *testing.T) {
	files, err := filepath.Glob("testdata/toolsuites/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no suites in testdata/toolsuites (%v)", err)
	}
	total, skipped := 0, 0
	for _, file := range files {
		for _, c := range readToolSuite(t, file) {
			total++
			at := c.file + ":" + strconv.Itoa(c.line)
			if c.source == "" {
				t.Errorf("%s: the case names no \"# source:\" (the tool's test it comes from)", at)
			}
			if c.skip != "" {
				skipped++
				t.Logf("%s: skipped (%s): %s", at, c.source, c.skip)
				continue
			}
			if len(c.want) == 0 {
				t.Errorf("%s: the case expects nothing (add \"### CONVENTION COUNT\" or \"### skip REASON\")", at)
				continue
			}
			rep, err := Analyze(Request{Script: c.script, Filename: "case.star", AllConventions: true})
			if err != nil {
				t.Errorf("%s (%s): %v", at, c.source, err)
				continue
			}
			for _, w := range c.want {
				got, ok := rep.Conventions[w.convention]
				switch {
				case !ok:
					t.Errorf("%s:%d: no convention %q", c.file, w.line, w.convention)
				case w.noFigure != (len(got.Failed) > 0):
					t.Errorf("%s:%d (%s): %s fails on %v, the tool raises: %v", c.file, w.line, c.source, w.convention, got.Failed, w.noFigure)
				case w.noFigure:
				case got.Count != w.count:
					t.Errorf("%s:%d (%s): %s counts %d, the tool %d (diff %+d)", c.file, w.line, c.source, w.convention, got.Count, w.count, got.Count-w.count)
				case w.hasParams && got.Params != w.params:
					t.Errorf("%s:%d (%s): %s params %d, the tool %d", c.file, w.line, c.source, w.convention, got.Params, w.params)
				}
			}
		}
	}
	t.Logf("%d cases, %d skipped", total, skipped)
}
