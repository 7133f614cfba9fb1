//go:build !wasm

package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Static files shipped from static/web/ (copied to dist/web/ by build.sh).
const (
	IconDefault = "/web/icon-192.png"
	IconLarge   = "/web/icon-512.png"
	IconSVG     = "/web/icon.svg"
	StyleSheet  = "/web/app.css"
	// LanguagePageURL is the language reference the generator writes.
	LanguagePageURL = "/web/language.html"
)

// LoadingLabel is the notice shown while app.wasm loads, in both
// languages (the pre-rendered page does not know the reader's yet).
// No {progress}: go-app counts it against Content-Length, which is the
// compressed size when the host compresses app.wasm.
const LoadingLabel = "Loading the calculator… · 正在加载计算器…"

// workerPatches fix two defects of go-app v9.8.0's service worker:
// cache.addAll went through the HTTP cache, so a new version could store
// old files (an update fetches with cache: "reload" instead; the first
// install, with nothing older to be stale, reuses the HTTP cache), and a
// ?query link was not served offline (match with ignoreSearch).
var workerPatches = []struct{ old, new string }{
	{"return cache.addAll(resourcesToCache);",
		// The first install (no older cache: only this one exists) takes
		// what the page has just fetched, revalidated through the HTTP cache
		// instead of downloading the site again; an update bypasses it.
		`return caches.keys().then((keys) => cache.addAll(keys.length > 1 ? resourcesToCache.map((u) => new Request(u, { cache: "reload" })) : resourcesToCache));`},
	{"caches.match(event.request)", "caches.match(event.request, { ignoreSearch: true })"},
}

// WorkerTemplate is go-app's service worker with the patches applied; it
// fails when go-app's template changed so a patch no longer applies.
func WorkerTemplate() (string, error) {
	tpl := app.DefaultAppWorkerJS
	for _, p := range workerPatches {
		if strings.Count(tpl, p.old) != 1 {
			return "", fmt.Errorf("service worker patch no longer applies: %q not found once in go-app's template", p.old)
		}
		tpl = strings.Replace(tpl, p.old, p.new, 1)
	}
	return tpl, nil
}

// Handler describes the static site: prefix is the sub-path it is hosted
// under ("" for the root, "repo" for GitHub Pages' /repo/), version the
// content hash that names the service worker's cache.
func Handler(prefix, version string) (*app.Handler, error) {
	tpl, err := WorkerTemplate()
	if err != nil {
		return nil, err
	}
	prefix = strings.Trim(prefix, "/")
	h := &app.Handler{
		Name:        "FlopLab",
		ShortName:   "FlopLab",
		Title:       "FlopLab — parameters, MACs, FLOPs and bytes of neural networks",
		Description: "Count the parameters, MACs, FLOPs and weight bytes of a neural network, exactly, in your browser; reproduce what thop, ptflops, torchinfo, fvcore and torch print.",
		Author:      "FlopLab",
		Keywords:    []string{"FLOPs", "MACs", "parameters", "PyTorch", "thop", "ptflops", "torchinfo", "fvcore", "参数量", "计算量"},
		Lang:        "en",
		Icon: app.Icon{
			Default:    IconDefault,
			Large:      IconLarge,
			SVG:        IconSVG,
			AppleTouch: IconDefault,
		},
		BackgroundColor: "#ffffff",
		ThemeColor:      "#2b5fb4",
		// A small notice in a corner (static/web/app.css), not go-app's
		// full-screen loader: the pre-rendered result stays readable while
		// app.wasm loads.
		LoadingLabel:          LoadingLabel,
		Styles:                []string{StyleSheet},
		CacheableResources:    []string{IconSVG, LanguagePageURL},
		Version:               version,
		ServiceWorkerTemplate: tpl,
	}
	if prefix != "" {
		h.Resources = app.CustomProvider("", prefix)
		// The browser asks for "/repo/" while go-app caches "/repo".
		h.CacheableResources = append(h.CacheableResources, "/"+prefix+"/")
	}
	return h, nil
}
