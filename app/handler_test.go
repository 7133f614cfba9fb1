//go:build !wasm

package app

import (
	"strings"
	"testing"
)

func TestWorkerTemplate(t *testing.T) {
	tpl, err := WorkerTemplate()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`cache: "reload"`, "ignoreSearch: true"} {
		if !strings.Contains(tpl, want) {
			t.Errorf("worker template lacks %q", want)
		}
	}
	h, err := Handler("/repo/", "v1")
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != "v1" || !contains(h.CacheableResources, "/repo/") || !contains(h.CacheableResources, IconSVG) ||
		strings.HasPrefix(h.Icon.Default, "http") || h.Resources == nil {
		t.Errorf("handler %+v", h)
	}
	if h, _ := Handler("", "v1"); h.Resources != nil || contains(h.CacheableResources, "//") {
		t.Errorf("root handler %+v", h)
	}
}
