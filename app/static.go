//go:build !wasm

package app

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"floplab/core/presets"
)

// StaticHandler serves a built site (dist/) as a static host that honours
// Accept-Encoding would: a file with a precompressed sibling (app.wasm.br,
// app.wasm.zst, app.wasm.gz, written by build.sh) is sent compressed when
// the browser accepts it, zstd first, then brotli, then gzip, with Vary: Accept-Encoding.
// zstd before the smaller brotli: through Chromium's 10 Mbit/s throttle the
// .br (2,151,345 B) arrived later than the .zst (2,225,352 B) in 8 runs of
// 8, by 300 ms at the median (2026-12-06, load 4-7), and Safari, which
// has no zstd, still gets the .br. Every response is revalidated
// (Cache-Control: no-cache, ETag from size and time), so the service
// worker's install on a first visit gets 304s for what the page fetched
// instead of downloading the site twice, and an update is never stale.
// ./build.sh serve and the browser tests use it.
func StaticHandler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") {
			name = path.Join(name, "index.html")
		}
		file := filepath.Join(dir, filepath.FromSlash(name))
		fi, err := os.Stat(file)
		if err == nil && fi.IsDir() { // "/repo" as go-app's worker asks for it
			name, file = path.Join(name, "index.html"), filepath.Join(file, "index.html")
			fi, err = os.Stat(file)
		}
		if err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			h.Set("Content-Type", ct)
		}
		send, sendInfo := file, fi
		accept := r.Header.Get("Accept-Encoding")
		for _, enc := range []struct{ token, ext string }{{"zstd", ".zst"}, {"br", ".br"}, {"gzip", ".gz"}} {
			if !acceptsEncoding(accept, enc.token) {
				continue
			}
			if zi, err := os.Stat(file + enc.ext); err == nil && !zi.IsDir() {
				send, sendInfo = file+enc.ext, zi
				h.Set("Content-Encoding", enc.token)
				break
			}
		}
		if send != file || hasCompressed(file) {
			h.Add("Vary", "Accept-Encoding")
		}
		h.Set("ETag", fmt.Sprintf(`"%x-%x-%s"`, sendInfo.ModTime().UnixNano(), sendInfo.Size(), strings.TrimPrefix(path.Ext(send), ".")))
		f, err := os.Open(send)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		http.ServeContent(w, r, name, sendInfo.ModTime(), f)
	})
}

func hasCompressed(file string) bool {
	for _, ext := range []string{".br", ".zst", ".gz"} {
		if _, err := os.Stat(file + ext); err == nil {
			return true
		}
	}
	return false
}

// acceptsEncoding reports whether an Accept-Encoding header accepts token
// (listed without q=0).
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// PresetFigure is a preset's headline card as the page shows it at its
// default input: what the static page shows for a ?preset= link before
// app.wasm runs.
type PresetFigure struct {
	Model string            `json:"model"`
	Cards map[string]string `json:"cards"` // metric → big figure
	Sub   map[string]string `json:"sub"`   // metric → the line under it
	Value map[string]string `json:"value"` // metric → exact integer
}

// PresetFigures computes every gallery preset's headline cards with the
// page's own engine and formatting (English, FlopLab's convention, fp32).
func PresetFigures(eng Engine) (map[string]PresetFigure, error) {
	out := map[string]PresetFigure{}
	for _, p := range presets.All() {
		st, _ := PresetState(p.Name)
		rep, errs := Run(eng, st.Script, st)
		if rep == nil {
			return nil, fmt.Errorf("preset %s: %v", p.Name, errs)
		}
		f := PresetFigure{Model: rep.Model + " · " + fmtShapes(rep.Inputs), Cards: map[string]string{}, Sub: map[string]string{}, Value: map[string]string{}}
		for _, c := range Cards(rep, LangEN, "", eng.Conventions) {
			f.Cards[c.Metric], f.Sub[c.Metric], f.Value[c.Metric] = c.Big, c.Sub, fmt.Sprint(c.Value)
		}
		out[p.Name] = f
	}
	return out, nil
}

// PrefillScript is the script the generator puts at the end of
// index.html, before app.wasm: the page was pre-rendered with the default
// preset, which is right only for a plain first visit. For a ?preset=
// link at the preset's default settings it shows that preset's headline
// figures from figures (precomputed, and marked so); for anything else (a
// fragment link, other settings, a returning visitor's autosave) it hides
// the pre-rendered figures, which are another model's, until the
// calculator runs.
func PrefillScript(figures map[string]PresetFigure, defaultPreset string) (string, error) {
	b, err := json.Marshal(figures)
	if err != nil {
		return "", err
	}
	data := strings.ReplaceAll(string(b), "</", `<\/`)
	return "<script>\n(function () {\nvar figures = " + data + ";\nvar defaultPreset = " + jsString(defaultPreset) + ";\n" + prefillJS + "})();\n</script>\n", nil
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// prefillJS runs on the pre-rendered page (index.html) before app.wasm.
const prefillJS = `var main = document.getElementById("calc");
var results = document.getElementById("results");
if (!main || !results) return;
var q = new URLSearchParams(location.search);
var preset = (q.get("preset") || "").toLowerCase();
var changes = ["input", "batch", "convention", "dtype"].some(function (k) { return (q.get(k) || "").trim() !== ""; });
var saved = "";
try { saved = localStorage.getItem("floplab.state") || ""; } catch (e) {}
var fragment = location.hash.length > 1;
if (!fragment && !changes && !saved && (preset === "" || preset === defaultPreset)) return;
var f = !fragment && !changes && preset !== "" ? figures[preset] : null;
main.setAttribute("data-precomputed", f ? preset : "none");
var status = results.querySelector("p.muted");
var hide = results.querySelectorAll(".notes, .tabs, .panel, #ties, #formula");
for (var i = 0; i < hide.length; i++) hide[i].hidden = true;
if (!f) {
	var cards = results.querySelector(".cards");
	if (cards) cards.hidden = true;
	var name = results.querySelector(".model-name");
	if (name) name.hidden = true;
	if (status) status.textContent = "Loading the calculator… · 正在加载计算器…";
	return;
}
var name = results.querySelector(".model-name");
if (name) name.textContent = f.model;
var buttons = results.querySelectorAll("button.metric[data-metric]");
for (var i = 0; i < buttons.length; i++) {
	var b = buttons[i], m = b.getAttribute("data-metric");
	if (!(m in f.cards)) { b.parentNode.hidden = true; continue; }
	b.textContent = f.cards[m];
	b.setAttribute("data-value", f.value[m]);
	b.setAttribute("aria-label", m + ": " + f.cards[m]);
	var sub = b.parentNode.querySelector(".card-sub");
	if (sub) sub.textContent = f.sub[m];
	var tool = b.parentNode.querySelector(".card-tool");
	if (tool) tool.hidden = true;
}
if (status) status.textContent = "Precomputed figures of " + preset + " at its default input; the calculator is loading… · 预先算好的数字，计算器加载中…";
`
