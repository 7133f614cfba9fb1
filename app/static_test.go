//go:build !wasm

package app

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStaticHandler: a precompressed sibling is sent by Accept-Encoding,
// with the original's type and Vary; a revalidation gets 304; a folder
// serves its index.html ("/repo" as go-app's worker caches it).
func TestStaticHandler(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "<p>page</p>")
	write("web/app.wasm", "RAW WASM")
	write("web/app.wasm.gz", "GZ")
	write("web/app.wasm.br", "BR")
	write("web/app.wasm.zst", "ZST")
	h := StaticHandler(dir)
	get := func(path, accept, etag string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		if accept != "" {
			r.Header.Set("Accept-Encoding", accept)
		}
		if etag != "" {
			r.Header.Set("If-None-Match", etag)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for _, c := range []struct{ accept, enc, body string }{
		{"gzip, deflate, br, zstd", "zstd", "ZST"},
		{"gzip, deflate, br", "br", "BR"}, // Safari: no zstd
		{"gzip, br, zstd;q=0", "br", "BR"},
		{"gzip, deflate", "gzip", "GZ"},
		{"gzip, deflate, zstd", "zstd", "ZST"},
		{"br;q=0, zstd, gzip", "zstd", "ZST"},
		{"br;q=0, gzip", "gzip", "GZ"},
		{"", "", "RAW WASM"},
	} {
		w := get("/web/app.wasm", c.accept, "")
		if w.Code != 200 || w.Header().Get("Content-Encoding") != c.enc || w.Body.String() != c.body ||
			w.Header().Get("Content-Type") != "application/wasm" || w.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: %d %q %q %v", c.accept, w.Code, w.Header().Get("Content-Encoding"), w.Body.String(), w.Header())
		}
		if w2 := get("/web/app.wasm", c.accept, w.Header().Get("ETag")); w2.Code != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q: revalidation %d", c.accept, w2.Code)
		}
	}
	for _, p := range []string{"/", "/index.html"} {
		if w := get(p, "gzip", ""); w.Code != 200 || !strings.Contains(w.Body.String(), "page") || w.Header().Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: %d %q", p, w.Code, w.Body.String())
		}
	}
	sub := httptest.NewRecorder()
	http.StripPrefix("/repo", h).ServeHTTP(sub, httptest.NewRequest("GET", "/repo", nil))
	if sub.Code != 200 || !strings.Contains(sub.Body.String(), "page") {
		t.Errorf("/repo under StripPrefix: %d", sub.Code)
	}
	if w := get("/nope", "", ""); w.Code != 404 {
		t.Errorf("/nope: %d", w.Code)
	}
}
