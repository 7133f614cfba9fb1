package hfconfig

import (
	"regexp"
	"testing"
)

// versionRE is what parseVersion reads, as the regular expression it
// replaced (see parseVersion).
var versionRE = regexp.MustCompile(`^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?(.*)$`)

func TestParseVersionAsRegexp(t *testing.T) {
	for _, v := range []string{
		"4.31.0", "4.31.0.dev0", "4.31", "4.31.", "4.31.x", "4.12345", "4.31.12345", "12345.1", "1234.5678.9012rc1",
		"", "4", "4.", ".31", "v4.31.0", "4.31.0\n", "4.31\nx", "4.31.0\r", "４.31", "4.3١", "4..1", "4.31.0 ", "0.0.0", "0004.0031",
		"4.31.\xff", "4.31\xff",
	} {
		t.Run(v, func(t *testing.T) { checkVersion(t, v) })
	}
}

func FuzzParseVersion(f *testing.F) {
	for _, v := range []string{"4.31.0.dev0", "4.31", "4.31.\n", "12345.1"} {
		f.Add(v)
	}
	f.Fuzz(checkVersion)
}

func checkVersion(t *testing.T, v string) {
	major, minor, patch, rest, ok := parseVersion(v)
	mm := versionRE.FindStringSubmatch(v)
	if ok != (mm != nil) {
		t.Fatalf("parseVersion(%q) ok %v, the regexp matches: %v", v, ok, mm != nil)
	}
	if !ok {
		return
	}
	want := [4]string{mm[1], mm[2], mm[3], mm[4]}
	if want[2] == "" {
		want[2] = "0"
	}
	got := [4]int64{major, minor, patch}
	for i := range 3 {
		var n int64
		for _, c := range want[i] {
			n = n*10 + int64(c-'0')
		}
		if got[i] != n {
			t.Fatalf("parseVersion(%q) = %d.%d.%d, the regexp reads %q", v, major, minor, patch, want[:3])
		}
	}
	if rest != want[3] {
		t.Fatalf("parseVersion(%q) rest %q, the regexp's %q", v, rest, want[3])
	}
}
