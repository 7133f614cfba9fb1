package importers_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	_ "floplab/core/importers"
	_ "floplab/core/share" // the page's link state: with the importers, every core package app.wasm links
)

// initBytes bounds what each core package's initialisation allocates, in
// bytes (GODEBUG=inittrace=1), when it is linked as app.wasm links it.
// Every program pays it at its start, the page on each visit, so tables
// that only some inputs need are built on first use (sync.Once): the
// printout converter's blocks and gallery bodies, the conventions' rule
// tables, the Chinese texts, the layers' signatures. Before that,
// core/printout's init allocated 842 KB, core/convention's 80 KB, and
// the Chinese tables ~250 KB across the packages. A package not listed
// has defaultInitBytes.
var initBytes = map[string]int64{
	"floplab/core/lang": 64 << 10, // 28 KB: the layer and function tables the first script needs
}

const (
	defaultInitBytes = 16 << 10
	// totalInitBytes bounds the sum over the core packages (about 37 KB
	// when it was written).
	totalInitBytes = 128 << 10
)

// TestInitAllocations runs this test binary again with
// GODEBUG=inittrace=1 and no test, and checks what each floplab package's
// init allocated: the figures are deterministic for a Go version and
// architecture, unlike its clock time.
func TestInitAllocations(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no subprocesses")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG="+strings.TrimPrefix(os.Getenv("GODEBUG")+",inittrace=1", ","))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	var total int64
	seen := 0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init floplab/core/lang @3.2 ms, 0.17 ms clock, 28384 bytes, 340 allocs
		var pkg string
		var at, clock float64
		var n, allocs int64
		if _, err := fmt.Sscanf(sc.Text(), "init %s @%f ms, %f ms clock, %d bytes, %d allocs", &pkg, &at, &clock, &n, &allocs); err != nil || !strings.HasPrefix(pkg, "floplab/") {
			continue
		}
		seen++
		total += n
		limit, ok := initBytes[pkg]
		if !ok {
			limit = defaultInitBytes
		}
		if n > limit {
			t.Errorf("%s: init allocates %d bytes in %d allocs, more than %d: build a table that only some inputs need on first use (sync.Once), not in init or a package variable", pkg, n, allocs, limit)
		}
	}
	if seen < 10 {
		t.Fatalf("inittrace printed %d floplab packages:\n%s", seen, stderr.String())
	}
	if total > totalInitBytes {
		t.Errorf("the core packages' inits allocate %d bytes in all, more than %d", total, totalInitBytes)
	}
}
