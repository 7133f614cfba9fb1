//go:build !(js && wasm)

package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/app"
)

func main() {
	out := flag.String("out", "dist", "output folder")
	prefix := flag.String("prefix", "", "sub-path the site is hosted under (GitHub Pages: the repository name)")
	version := flag.String("version", "", "content hash naming the service worker's cache (required)")
	site := flag.String("site", "", "public URL of the site, for og:url (default: the sub-path alone)")
	serve := flag.String("serve", "", "serve the -out folder on this address instead of generating (127.0.0.1:8080)")
	packWasm := flag.String("pack-data", "", "join the data segments of this app.wasm in place instead of generating (see packData)")
	flag.Parse()
	if *packWasm != "" {
		if err := packDataFile(*packWasm); err != nil {
			fmt.Fprintln(os.Stderr, "floplab pack-data:", err)
			os.Exit(1)
		}
		return
	}
	if *serve != "" {
		if err := serveDir(*serve, *out, *prefix); err != nil {
			fmt.Fprintln(os.Stderr, "floplab serve:", err)
			os.Exit(1)
		}
		return
	}
	if err := generate(*out, *prefix, *version, *site); err != nil {
		fmt.Fprintln(os.Stderr, "floplab site:", err)
		os.Exit(1)
	}
}

// localURL is the address of go-app's in-process test server, which ends
// up in og:url.
var localURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// noscriptStyle hides the loading notice when JavaScript is off.
const noscriptStyle = "<noscript><style>#app-wasm-loader{display:none}</style></noscript>\n"

// The viewport go-app v9.8.0 writes, and FlopLab's.
const (
	goappViewport = `content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover"`
	viewport      = `content="width=device-width, initial-scale=1, viewport-fit=cover"`
)

func generate(out, prefix, version, site string) error {
	if version == "" {
		return fmt.Errorf("-version is required (build.sh passes a content hash)")
	}
	app.Routes(engine())
	h, err := app.Handler(prefix, version)
	if err != nil {
		return err
	}
	if err := goapp.GenerateStaticWebsite(out, h); err != nil {
		return err
	}
	index := filepath.Join(out, "index.html")
	b, err := os.ReadFile(index)
	if err != nil {
		return err
	}
	b = localURL.ReplaceAll(b, []byte(site))
	// go-app's page blocks pinch-zoom (maximum-scale=1, user-scalable=0):
	// a student reading small numbers on a phone needs it.
	b = bytes.Replace(b, []byte(goappViewport), []byte(viewport), 1)
	if bytes.Contains(b, []byte("user-scalable=0")) {
		return fmt.Errorf("index.html still blocks zooming")
	}
	// Without JavaScript the calculator never loads: no loading notice.
	if !bytes.Contains(b, []byte("</head>")) {
		return fmt.Errorf("index.html has no </head>")
	}
	// app.wasm is what the page waits for: start fetching it with the
	// page, not after app.js and wasm_exec.js have loaded (go-app's
	// fetch then takes the preloaded response).
	wasmURL := "/web/app.wasm"
	if p := strings.Trim(prefix, "/"); p != "" {
		wasmURL = "/" + p + wasmURL
	}
	preload := `<link rel="preload" href="` + wasmURL + `" as="fetch" type="application/wasm" crossorigin="anonymous">` + "\n"
	b = bytes.Replace(b, []byte("</head>"), []byte(preload+noscriptStyle+"</head>"), 1)
	// A ?preset= link shows that preset's figures before app.wasm runs
	// (never the pre-rendered default's).
	figures, err := app.PresetFigures(engine())
	if err != nil {
		return err
	}
	script, err := app.PrefillScript(figures, app.DefaultPreset)
	if err != nil {
		return err
	}
	if bytes.Count(b, []byte("</body>")) != 1 {
		return fmt.Errorf("index.html has not one </body>")
	}
	b = bytes.Replace(b, []byte("</body>"), []byte(script+"</body>"), 1)
	if localURL.Match(b) {
		return fmt.Errorf("index.html still names the generator's server")
	}
	if err := os.WriteFile(index, b, 0o644); err != nil {
		return err
	}
	if err := patchAppJS(filepath.Join(out, "app.js")); err != nil {
		return err
	}
	// The model language reference as a page (the help links to it).
	md, err := os.ReadFile(languageMD)
	if err != nil {
		return fmt.Errorf("the language reference: %w (run from the repository root)", err)
	}
	if err := os.MkdirAll(filepath.Join(out, "web"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "web", "language.html"), []byte(app.LanguagePage(string(md))), 0o644)
}

// languageMD is the language reference, relative to the repository root
// (build.sh runs the generator there).
const languageMD = "core/lang/LANGUAGE.md"

// appJSPatches make go-app v9.8.0's loader register the service worker
// after app.wasm has loaded, not before: the worker's install fetches the
// whole site, and done at once it competed with the page for app.wasm on
// a first visit (the site downloaded twice). Registered after, its
// fetches revalidate what the page has in the HTTP cache.
var appJSPatches = []struct{ old, new string }{
	{"\ngoappInitServiceWorker();\ngoappWatchForUpdate();", "\ngoappWatchForUpdate();"},
	{"    loader.remove();\n    return;\n", "    loader.remove();\n    goappInitServiceWorker();\n    return;\n"},
	// A startup mark (app.markMS): app.wasm compiled and instantiated.
	{"    go.run(wasm.instance);\n    loader.remove();\n", "    window.floplab_inst = performance.now();\n    go.run(wasm.instance);\n    loader.remove();\n    goappInitServiceWorker();\n"},
	{"    loaderLabel.innerText = err;\n", "    loaderLabel.innerText = err;\n    goappInitServiceWorker();\n"},
	// app.afterPaint: work the first screen does not need waits for the
	// frame to be painted, without entering Go before the paint (a Go
	// callback in requestAnimationFrame ran the program's pending work,
	// 24 ms, ahead of the first frame).
	{"async function goappInitWebAssembly() {", "window.floplabAfterPaint = (cb) => requestAnimationFrame(() => setTimeout(cb, 0));\n\nasync function goappInitWebAssembly() {"},
}

func patchAppJS(file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	s := string(b)
	for _, p := range appJSPatches {
		if strings.Count(s, p.old) != 1 {
			return fmt.Errorf("app.js patch no longer applies: %q not found once in go-app's loader", p.old)
		}
		s = strings.Replace(s, p.old, p.new, 1)
	}
	return os.WriteFile(file, []byte(s), 0o644)
}

// serveDir serves a built site on addr, under /prefix/ when prefix is set,
// the way a static host would.
func serveDir(addr, dir, prefix string) error {
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return fmt.Errorf("%s has no index.html: run ./build.sh first", dir)
	}
	files := app.StaticHandler(dir) // precompressed app.wasm by Accept-Encoding
	mux := http.NewServeMux()
	prefix = strings.Trim(prefix, "/")
	if prefix == "" {
		mux.Handle("/", files)
	} else {
		mux.Handle("/"+prefix+"/", http.StripPrefix("/"+prefix, files))
		mux.Handle("/", http.RedirectHandler("/"+prefix+"/", http.StatusFound))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("FlopLab is served at http://%s/%s\n", ln.Addr(), strings.TrimPrefix(prefix+"/", "/"))
	return http.Serve(ln, mux)
}
