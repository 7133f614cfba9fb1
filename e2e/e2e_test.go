//go:build !(js && wasm)

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"floplab/app"
	"floplab/core"
	"floplab/core/share"
)

// Expected figures, from the project's reference (spec/counting.md; see
// testdata/README.md): torchvision 0.14.1 AlexNet and thop 0.0.31.
const (
	alexParams       = 61100840
	alexBytesFP32    = 244403360
	alexThop0031     = 714691904
	alexThop0031x512 = 3710034752
	alexThop011x512  = 3707400128
)

func distDir(t *testing.T, env, def string) string {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		dir = def
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		need(t, "no built site at %s (run ./build.sh)", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "web", "app.wasm")); err != nil {
		need(t, "no app.wasm in %s (run ./build.sh)", dir)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// need skips the test, or fails it under CI=true.
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	need(t, "chromium is not installed (apt-get install chromium)")
	return ""
}

// site serves a dist folder on 127.0.0.1, optionally under /prefix/, and
// can be stopped to simulate the network going away.
type site struct {
	srv    *http.Server
	ln     net.Listener
	URL    string // base URL, ending in "/"
	Origin string
	mu     sync.Mutex
	hits   []string
	// full counts the responses that sent a body (not 304), by path.
	full map[string]int
}

// countingWriter notes whether a response sent its body.
type countingWriter struct {
	http.ResponseWriter
	status int
}

func (w *countingWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func serve(t *testing.T, dir, prefix string) *site {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &site{ln: ln, Origin: "http://" + ln.Addr().String(), full: map[string]int{}}
	// The handler ./build.sh serve uses: precompressed app.wasm by
	// Accept-Encoding, every response revalidated.
	files := app.StaticHandler(dir)
	var h http.Handler = files
	if prefix != "" {
		h = http.StripPrefix("/"+prefix, files)
	}
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("If-Modified-Since") // two builds in one second share Last-Modified
		cw := &countingWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(cw, r)
		s.mu.Lock()
		s.hits = append(s.hits, r.URL.Path)
		if cw.status == http.StatusOK {
			s.full[r.URL.Path]++
		}
		s.mu.Unlock()
	})}
	go s.srv.Serve(ln)
	s.URL = s.Origin + "/"
	if prefix != "" {
		s.URL += prefix + "/"
	}
	t.Cleanup(func() { s.srv.Close() })
	return s
}

func (s *site) stop() { s.srv.Close() }

// browser starts a fresh headless Chromium and returns a tab context and
// the list of request URLs that left the origin.
func browser(t *testing.T, origin string) (context.Context, func() []string) {
	t.Helper()
	exe := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1400, 1000),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx, watchRequests(ctx, origin)
}

// watchRequests records every request the tab makes to another origin.
func watchRequests(ctx context.Context, origin string) func() []string {
	var mu sync.Mutex
	var foreign []string
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			u := ev.Request.URL
			if strings.HasPrefix(u, origin+"/") || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "blob:") {
				continue
			}
			mu.Lock()
			foreign = append(foreign, u)
			mu.Unlock()
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), foreign...)
	}
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	ectx, cancel := context.WithTimeout(ctx, time.Minute) // a stalled page does not hang the test
	defer cancel()
	v, err := chromedp.Run(ectx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %.80q: %v", js, err)
	}
	return v
}

// englishRun finds three or more English words in a row: a sentence the
// Chinese page should not show (identifiers with dots or underscores are
// not words).
var englishRun = regexp.MustCompile(`(?:^|[^\w.])[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}(?:$|[^\w(])`)

// waitFor polls a JS predicate (see poll), failing with what the page shows.
func waitFor(t *testing.T, ctx context.Context, what, js string, timeout time.Duration) time.Duration {
	t.Helper()
	d, err := poll(ctx, js, timeout)
	if err != nil {
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		state, _ := chromedp.Run(sctx, chromedp.Evaluate[string](`(document.querySelector('#problems')||{}).innerText + ' | ' + location.href.slice(0, 200)`))
		cancel()
		t.Fatalf("waiting for %s (%s): %v; page: %s", what, js, err, state)
	}
	return d
}

// poll waits until a JS predicate (or the promise it returns) is truthy.
// The timeout runs in the page (chromedp's polling timeout is a
// setTimeout there), so a page kept busy by the machine's load gets the
// time it needs; but a stalled page, a predicate whose promise never
// settles, or a tab without a frame could block that without end, so a
// context deadline of twice the timeout plus 10 s bounds every poll.
func poll(ctx context.Context, js string, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	dctx, cancel := context.WithTimeout(ctx, 2*timeout+10*time.Second)
	defer cancel()
	for {
		left := timeout - time.Since(start)
		_, err := chromedp.Run(dctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(max(left, time.Millisecond)),
			chromedp.WithPollingInterval(10*time.Millisecond)))
		if err == nil {
			return time.Since(start), nil
		}
		if dctx.Err() != nil {
			return time.Since(start), fmt.Errorf("no answer within %v (%w)", time.Since(start).Round(time.Millisecond), err)
		}
		// A navigation that commits after chromedp.Navigate returned (it can
		// take the previous page's history.replaceState for the new load)
		// destroys the context the poll runs in: poll again in the new one.
		if msg := err.Error(); strings.Contains(msg, "Cannot find context") || strings.Contains(msg, "context was destroyed") {
			select {
			case <-dctx.Done():
			case <-time.After(20 * time.Millisecond):
			}
			continue
		}
		return time.Since(start), err
	}
}

func metric(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(document.querySelector('[data-metric=%q]')||{dataset:{}}).dataset.value || ''`, name))
}

func waitMetric(t *testing.T, ctx context.Context, name string, want int64) {
	t.Helper()
	waitFor(t, ctx, fmt.Sprintf("%s = %d", name, want),
		fmt.Sprintf(`(document.querySelector('[data-metric=%q]')||{dataset:{}}).dataset.value === '%d'`, name, want), 15*time.Second)
}

const readyJS = `document.querySelector('main#calc[data-ready="true"]') !== null && document.querySelector('[data-metric=params]') !== null`

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("FLOPLAB_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// choose sets a <select> and fires its change event, as a user would.
func choose(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	ok := eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.getElementById(%q);
		if (!s || ![...s.options].some(o => o.value === %q)) return false;
		s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id, value, value))
	if !ok {
		t.Fatalf("select #%s has no option %q", id, value)
	}
}

// setField sets an input's value and fires its change event, as a user
// leaving the field would.
func setField(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	if !eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.getElementById(%q); if (!e) return false;
		e.value = %q; e.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id, value)) {
		t.Fatalf("no field #%s", id)
	}
}

// tableFits checks that the layer table, with a tool's column added to
// the seven, fits beside the editor at the test window's 1400 px: no
// column hides behind a sideways scroll. A wider table (longer names)
// keeps its first column in view when scrolled.
func tableFits(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	got := eval[string](t, ctx, `(() => { const s = document.querySelector('#results .table-scroll');
		const cols = document.querySelectorAll('table#layers thead th').length;
		const name = getComputedStyle(document.querySelector('table#layers tbody tr > :first-child'));
		return cols + ' columns, ' + (s.scrollWidth - s.clientWidth) + ' px hidden, first column ' + name.position })()`)
	if got != "8 columns, 0 px hidden, first column sticky" {
		t.Errorf("%s: layer table: %s; want 8 columns, 0 px hidden, first column sticky", state, got)
	}
}

// paste replaces the editor's text with text, as a paste does (an input
// event).
func paste(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	js, _ := json.Marshal(text)
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.getElementById('script'); e.focus(); e.value = %s;
		e.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, js))
}

// typeAtEnd puts the caret at the end of the editor and types keys.
func typeAtEnd(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	eval[bool](t, ctx, `(() => { const e = document.getElementById('script'); e.focus();
		e.selectionStart = e.selectionEnd = e.value.length; return true })()`)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("script"), keys))
}

func TestSite(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, foreign := browser(t, s.Origin)

	// 1. Cold load: AlexNet by default.
	start := time.Now()
	do(t, ctx, chromedp.Navigate(s.URL))
	waitFor(t, ctx, "first result", readyJS, 20*time.Second)
	t.Logf("cold load to first result: %v (in page %s ms)", time.Since(start).Round(time.Millisecond),
		eval[string](t, ctx, `document.getElementById('calc').dataset.firstResultMs`))
	waitMetric(t, ctx, "params", alexParams)
	waitMetric(t, ctx, "param_bytes", alexBytesFP32)
	if txt := eval[string](t, ctx, `document.querySelector('.card-param_bytes').innerText`); !strings.Contains(txt, "244.40 MB") || !strings.Contains(txt, "233.08 MiB") {
		t.Errorf("bytes card reads %q", txt)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('table#layers tbody tr').length`); n < 10 {
		t.Errorf("layer table has %d rows", n)
	}
	screenshot(t, ctx, "01-load")

	// Every tool's figure on the "All tools" tab (counted when it opens).
	do(t, ctx, chromedp.Click(chromedp.ID("tab-tools")))
	waitFor(t, ctx, "all tools", `(document.querySelector('#tools tr[data-convention="thop-0.0.31"] td[data-value]')||{dataset:{}}).dataset.value === '714691904'`, 5*time.Second)
	if n, want := eval[int](t, ctx, `document.querySelectorAll('#tools tbody tr').length`), len(core.Conventions()); n != want {
		t.Errorf("All tools lists %d conventions, want %d", n, want)
	}
	do(t, ctx, chromedp.Click(chromedp.ID("tab-layers")))

	// 2. The seed article's convention: thop 0.0.31 prints 714.69M.
	choose(t, ctx, "convention", "thop-0.0.31")
	waitMetric(t, ctx, "count", alexThop0031)
	if txt := eval[string](t, ctx, `document.querySelector('[data-metric=count]').innerText`); txt != "714.69M" {
		t.Errorf("thop 0.0.31 card shows %q, want 714.69M", txt)
	}
	if txt := eval[string](t, ctx, `document.querySelector('.card-count').innerText`); !strings.Contains(txt, "714.692M MACs") {
		t.Errorf("thop 0.0.31 card lacks the tool's own line: %q", txt)
	}
	// MiB unit, and a formula on click.
	choose(t, ctx, "unit", "MiB")
	waitFor(t, ctx, "MiB card", `document.querySelector('[data-metric=param_bytes]').innerText === '233.08 MiB'`, 5*time.Second)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-metric=param_bytes]`)))
	waitFor(t, ctx, "formula", `document.querySelector('#formula pre') && document.querySelector('#formula pre').innerText.includes('61,100,840 × 4')`, 5*time.Second)
	screenshot(t, ctx, "02-thop-formula")
	tableFits(t, ctx, "thop 0.0.31")

	// ptflops, layer by layer as its print_per_layer_stat shows it: the
	// ReLU's row is its hook's 193,600; the second count by the patched
	// F.relu sits in one row outside the layers (879,232 for AlexNet),
	// whose formula opens on click.
	choose(t, ctx, "convention", "ptflops")
	waitMetric(t, ctx, "count", 716441128)
	relu := eval[string](t, ctx, `document.querySelector('#layers tr[data-name="features.1"] button[data-col=count]').dataset.value`)
	outside := eval[string](t, ctx, `(document.querySelector('#layers tr.outside button[data-col=count]')||{dataset:{}}).dataset.value`)
	if relu != "193600" || outside != "879232" {
		t.Errorf("ptflops: features.1 row %s, outside the layers %s; want 193600 and 879232 (its printout)", relu, outside)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#layers tr.outside button[data-col=count]`)))
	waitFor(t, ctx, "outside formula", `(document.querySelector('#formula')||{}).innerText?.includes("ptflops' functional counter") && document.querySelector('#formula pre').innerText.includes('= 879,232')`, 5*time.Second)
	screenshot(t, ctx, "02b-ptflops-outside")
	choose(t, ctx, "convention", "thop-0.0.31")
	waitMetric(t, ctx, "count", alexThop0031)

	// 3. Pick a preset.
	choose(t, ctx, "preset", "lenet5")
	waitMetric(t, ctx, "params", 61706)
	screenshot(t, ctx, "03-preset-lenet5")

	// 4. Edit the text: a 100-class head (84·100 + 100 = 8,500 instead of 850).
	typeAtEnd(t, ctx, "\nmodel = lenet5(num_classes=100)\n")
	waitMetric(t, ctx, "params", 61706-850+8500)
	// Formulas come from the numbers on screen now, not from the element's
	// first render (go-app re-uses elements; their handlers must follow).
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-metric=params]`)))
	waitFor(t, ctx, "params formula after the edit", `(document.querySelector('#formula pre')||{innerText:''}).innerText.includes('69,356')`, 5*time.Second)
	do(t, ctx, chromedp.Click(chromedp.ID("formula-close")))
	do(t, ctx, chromedp.Click(chromedp.CSS(`#layers button[data-col=params][data-value="8500"]`)))
	waitFor(t, ctx, "layer formula after the edit", `(document.querySelector('#formula pre')||{innerText:''}).innerText.includes('8,500')`, 5*time.Second)
	do(t, ctx, chromedp.Click(chromedp.ID("formula-close")))

	// 5. An error shows at its line; the last result stays, marked stale.
	lines := eval[int](t, ctx, `document.getElementById('script').value.split('\n').length`)
	typeAtEnd(t, ctx, "model = lenet5(num_classes=)")
	waitFor(t, ctx, "error line", fmt.Sprintf(`document.querySelector('[data-error-line="%d"]') !== null`, lines), 10*time.Second)
	waitFor(t, ctx, "stale result", `document.getElementById('stale') !== null`, 5*time.Second)
	if v := metric(t, ctx, "params"); v != "69356" {
		t.Errorf("stale params = %q, want the last good 69356", v)
	}
	if !eval[bool](t, ctx, fmt.Sprintf(`document.getElementById('line-%d').classList.contains('err')`, lines)) {
		t.Errorf("gutter does not mark line %d", lines)
	}
	screenshot(t, ctx, "04-error")
	for range len("model = lenet5(num_classes=)") {
		do(t, ctx, chromedp.KeyEvent("\b"))
	}
	waitFor(t, ctx, "error cleared", `document.querySelector('[data-error-line]') === null && document.getElementById('stale') === null`, 10*time.Second)

	// The editor autosaves: the bare page brings the edit back.
	text := eval[string](t, ctx, `document.getElementById('script').value`)
	waitHash(t, ctx, text)
	do(t, ctx, chromedp.Navigate(s.URL))
	waitFor(t, ctx, "autosaved script", readyJS+fmt.Sprintf(` && document.getElementById('script').value === %q`, text), 20*time.Second)
	waitMetric(t, ctx, "params", 69356)

	// Tab indents (four spaces); Escape then Tab leaves the editor.
	typeAtEnd(t, ctx, "	")
	if v := eval[string](t, ctx, `document.getElementById('script').value`); v != text+"    " {
		t.Errorf("Tab typed %q", strings.TrimPrefix(v, text))
	}
	do(t, ctx, chromedp.KeyEvent("\b\b\b\b"))
	do(t, ctx, chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent("\t"))
	if id := eval[string](t, ctx, `document.activeElement.id`); id == "script" {
		t.Error("Escape, Tab did not leave the editor")
	}

	// The Memory & speed tab's settings: a KV length, then a training step
	// with AdamW on the user's own device.
	do(t, ctx, chromedp.Click(chromedp.ID("tab-memory")))
	waitFor(t, ctx, "memory tab", `document.getElementById('mem-seq') !== null && document.getElementById('verdict') !== null`, 15*time.Second)
	setField(t, ctx, "mem-seq", "2048")
	choose(t, ctx, "mem-mode", "train")
	waitFor(t, ctx, "optimizer picker", `document.getElementById('mem-optimizer') !== null`, 5*time.Second)
	choose(t, ctx, "mem-optimizer", "adamw")
	choose(t, ctx, "mem-device", "custom")
	waitFor(t, ctx, "custom fields", `document.getElementById('dev-3') !== null`, 5*time.Second)
	setField(t, ctx, "dev-0", "lab gpu")
	setField(t, ctx, "dev-3", "1000")
	waitFor(t, ctx, "custom device", `(document.getElementById('verdict')||{dataset:{}}).dataset.capacity === '1000000000000'`, 10*time.Second)

	// 6. The share link round-trips byte for byte, in a fresh browser
	// context, with the tab's settings.
	href := waitHash(t, ctx, text)
	u, _ := url.Parse(href)
	st, err := share.Decode(u.Fragment)
	if err != nil || st.Script != text || st.Convention != "thop-0.0.31" || st.Unit != "MiB" {
		t.Fatalf("fragment decodes to %+v, %v", st, err)
	}
	if st.Mode != "train" || st.Optimizer != "adamw" || st.Device != "custom" || st.Seq != 2048 || st.Custom != [4]string{"lab gpu", "", "", "1000"} {
		t.Errorf("fragment memory settings %q %q %q %d %q", st.Mode, st.Optimizer, st.Device, st.Seq, st.Custom)
	}
	fresh, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	do(t, fresh, chromedp.Navigate(href))
	waitFor(t, fresh, "shared result", readyJS, 20*time.Second)
	waitMetric(t, fresh, "params", 69356)
	if got := eval[string](t, fresh, `document.getElementById('script').value`); got != text {
		t.Errorf("shared script differs:\n got %q\nwant %q", got, text)
	}
	if got := eval[string](t, fresh, `document.getElementById('unit').value`); got != "MiB" {
		t.Errorf("shared unit = %q", got)
	}
	// The link reopens the tab its sender had open.
	waitFor(t, fresh, "shared tab", `document.querySelector('#tab-memory[aria-selected=true]') !== null && document.getElementById('panel-memory') !== null`, 15*time.Second)
	waitFor(t, fresh, "shared custom device", `(document.getElementById('verdict')||{dataset:{}}).dataset.capacity === '1000000000000'`, 15*time.Second)
	if got := eval[string](t, fresh, `['mem-mode', 'mem-optimizer', 'mem-device', 'dev-0', 'dev-3'].map(id => document.getElementById(id).value).join('|')`); got != "train|adamw|custom|lab gpu|1000" {
		t.Errorf("shared memory settings %q", got)
	}
	if got := eval[string](t, fresh, `document.getElementById('verdict').innerText`); !strings.Contains(got, "lab gpu") {
		t.Errorf("shared verdict %q", got)
	}
	choose(t, fresh, "mem-mode", "inference")
	waitFor(t, fresh, "shared KV length", `(document.getElementById('mem-seq')||{}).value === '2048'`, 5*time.Second)
	screenshot(t, fresh, "04b-shared-memory")
	cancel()

	// 7. Query links for teachers, one opening the Memory & speed tab.
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=resnet18&tab=memory&mode=train"))
	waitFor(t, ctx, "query link to the memory tab", readyJS+` && document.querySelector('#tab-memory[aria-selected=true]') !== null && document.querySelector('#mem-terms tr[data-term=gradients]') !== null`, 20*time.Second)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=alexnet&input=1x3x512x512&convention=thop-0.0.31"))
	waitFor(t, ctx, "query link", readyJS, 20*time.Second)
	waitMetric(t, ctx, "count", alexThop0031x512)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=alexnet&input=1x3x512x512&convention=thop"))
	waitMetric(t, ctx, "count", alexThop011x512)
	if v := eval[string](t, ctx, `document.getElementById('input-shape').value`); v != "1x3x512x512" {
		t.Errorf("input field shows %q", v)
	}
	screenshot(t, ctx, "05-query-link")

	// 8. Chinese and back.
	do(t, ctx, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, ctx, "Chinese", `document.documentElement.lang === 'zh-CN' && document.body.innerText.includes('参数量')`, 5*time.Second)
	// The notes and formulas that come from core are Chinese too.
	notes := eval[string](t, ctx, `[...document.querySelectorAll('#results .notes:not(.ties) li')].map(e => e.innerText).join('\n')`)
	if !strings.Contains(notes, "只统计有计数规则的 nn.Module 调用") || englishRun.MatchString(notes) {
		t.Errorf("Chinese notes:\n%s", notes)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#layers tr[data-name="features.0"] button[data-col=count]`)))
	waitFor(t, ctx, "Chinese formula", `(document.querySelector('#formula pre')||{}).innerText?.includes('thop 算法下的卷积 MACs')`, 5*time.Second)
	if f := eval[string](t, ctx, `document.querySelector('#formula').innerText`); englishRun.MatchString(f) || !strings.Contains(f, "features.0 · thop") {
		t.Errorf("Chinese formula popup %q", f)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#layers tr[data-name="features.0"] button[data-col=params]`)))
	waitFor(t, ctx, "Chinese params formula", `(document.querySelector('#formula').innerText||'').includes('features.0 · 参数量') && document.querySelector('#formula pre').innerText.includes('个参数')`, 5*time.Second)
	screenshot(t, ctx, "06-zh")
	tableFits(t, ctx, "zh, thop, 512x512")
	do(t, ctx, chromedp.Click(chromedp.ID("formula-close")))
	do(t, ctx, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, ctx, "English", `document.documentElement.lang === 'en' && document.body.innerText.includes('Parameters')`, 5*time.Second)

	// 9. Hostile links: a clear message, quickly, and text stays text.
	hostile(t, ctx, s)

	// 10. Offline: after this visit the worker serves everything.
	waitFor(t, ctx, "service worker cache", `(async () => { const r = await navigator.serviceWorker.getRegistration();
		return !!(r && r.active && await caches.match('web/app.wasm')) })()`, 30*time.Second)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=alexnet&convention=thop-0.0.31"))
	waitMetric(t, ctx, "count", alexThop0031)
	s.stop()
	if _, err := http.Get(s.URL); err == nil {
		t.Fatal("server still answers after stop")
	}
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "offline reload", readyJS, 20*time.Second)
	waitMetric(t, ctx, "count", alexThop0031)
	if !eval[bool](t, ctx, `navigator.serviceWorker.controller !== null`) {
		t.Error("offline page is not controlled by the service worker")
	}
	screenshot(t, ctx, "07-offline")

	if f := foreign(); len(f) > 0 {
		t.Errorf("requests left the origin: %v", f)
	}
}

// waitHash waits until the URL fragment carries text, and returns the URL.
func waitHash(t *testing.T, ctx context.Context, text string) string {
	t.Helper()
	var href string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		href = eval[string](t, ctx, `location.href`)
		if u, err := url.Parse(href); err == nil {
			if st, err := share.Decode(u.Fragment); err == nil && st.Script == text {
				return href
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the URL never carried the editor text: %.200s", href)
	return ""
}

func hostile(t *testing.T, ctx context.Context, s *site) {
	t.Helper()
	cases := []struct {
		name, frag, want string
	}{
		{"bad base64", "z!!!!not-base64", "damaged"},
		{"unknown format", "Q" + strings.Repeat("A", 1<<20), "unknown link format"},
		{"truncated deflate", share.Encode(share.State{Script: strings.Repeat("model = alexnet()\n", 50)})[:20], "damaged"},
	}
	for _, c := range cases {
		start := time.Now()
		do(t, ctx, chromedp.Navigate(s.URL+"#"+c.frag))
		waitFor(t, ctx, c.name, fmt.Sprintf(`(document.getElementById('link-error')||{innerText:''}).innerText.includes(%q)`, c.want), 5*time.Second)
		// A hang check (the brief: speed is measured by the report
		// script, not by timed tests); the figure is logged below. A 1 MiB
		// fragment took 1.2-5 s on this 2-core machine under load.
		if d := time.Since(start); d > 15*time.Second {
			t.Errorf("%s: message after %v", c.name, d)
		}
		t.Logf("hostile link %s: message after %v", c.name, time.Since(start).Round(time.Millisecond))
	}
	// Markup in names is shown as text.
	evil := "input_shape = (1, 3, 8, 8)\n" +
		"def Evil():\n    self = Module(\"<img src=x onerror=window.pwned=1>\")\n" +
		"    self.conv = Conv2d(3, 4, 3)\n    def forward(x):\n        return self.conv(x)\n" +
		"    self.forward = forward\n    return self\nmodel = Evil()\n"
	do(t, ctx, chromedp.Navigate(s.URL+"#"+share.Encode(share.State{Script: evil})))
	waitFor(t, ctx, "evil model", readyJS+` && document.body.innerText.includes('<img src=x')`, 10*time.Second)
	if eval[bool](t, ctx, `document.querySelectorAll('main img').length > 0 || window.pwned === 1`) {
		t.Error("markup from a link was rendered as HTML")
	}
	screenshot(t, ctx, "08-hostile")
	// A script that never ends stops at the step limit with a message.
	loop := "def f():\n    n = 0\n    for i in range(1000000000):\n        n += i\n    return n\nf()\ninput_shape = (1, 3, 8, 8)\nmodel = Conv2d(3, 4, 3)\n"
	start := time.Now()
	do(t, ctx, chromedp.Navigate(s.URL+"#"+share.Encode(share.State{Script: loop})))
	waitFor(t, ctx, "step limit", `document.querySelector('[data-error-line]') !== null`, 20*time.Second)
	d := time.Since(start)
	t.Logf("endless loop: message after %v", d.Round(time.Millisecond))
	if d > 5*time.Second {
		t.Errorf("endless loop stopped after %v", d)
	}
	// A script that builds 10^9 layers stops at the module limit, and one
	// that calls a layer 10^9 times at the call limit, both with a message.
	for _, c := range []struct{ name, script string }{
		{"10^9 layers", "input_shape = (1, 8)\nlayers = []\nfor i in range(1000000000):\n    layers.append(Linear(8, 8))\nmodel = Sequential(*layers)\n"},
		{"10^9 calls", "input_shape = (1, 8)\nm = Linear(8, 8)\ndef f(x):\n    for i in range(1000000000):\n        x = m(x)\n    return x\nmodel = Module(\"M\", forward=f)\n"},
	} {
		start := time.Now()
		do(t, ctx, chromedp.Navigate(s.URL+"#"+share.Encode(share.State{Script: c.script})))
		waitFor(t, ctx, c.name, `document.querySelector('[data-error-line]') !== null`, 20*time.Second)
		d := time.Since(start)
		t.Logf("%s: message after %v", c.name, d.Round(time.Millisecond))
		if d > 5*time.Second {
			t.Errorf("%s stopped after %v", c.name, d)
		}
	}
}

// TestSubPath checks the GitHub Pages style build served under /repo/,
// including an offline reload there.
func TestSubPath(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST_REPO", "../dist-repo")
	s := serve(t, dir, "repo")
	ctx, foreign := browser(t, s.Origin)
	do(t, ctx, chromedp.Navigate(s.URL))
	waitFor(t, ctx, "first result under /repo/", readyJS, 20*time.Second)
	waitMetric(t, ctx, "params", alexParams)
	waitFor(t, ctx, "service worker cache", `(async () => { const r = await navigator.serviceWorker.getRegistration();
		return !!(r && r.active && await caches.match('web/app.wasm')) })()`, 30*time.Second)
	do(t, ctx, chromedp.Navigate(s.URL+"?preset=lenet5"))
	waitMetric(t, ctx, "params", 61706)
	s.stop()
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, "offline reload under /repo/", readyJS, 20*time.Second)
	waitMetric(t, ctx, "params", 61706)
	for _, h := range s.hits {
		if !strings.HasPrefix(h, "/repo/") && h != "/repo" { // go-app caches "/repo" too
			t.Errorf("request outside the sub-path: %s", h)
		}
	}
	if f := foreign(); len(f) > 0 {
		t.Errorf("requests left the origin: %v", f)
	}
}

// TestStaticFiles checks the built folder names no other origin.
func TestStaticFiles(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	for _, f := range []string{"index.html", "app.js", "app-worker.js", "manifest.webmanifest", "web/app.css"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"https://", "http://", "//fonts.", "cdn"} {
			for _, line := range strings.Split(string(b), "\n") {
				if strings.Contains(line, bad) && !allowedMention(line) {
					t.Errorf("%s mentions %q: %.160s", f, bad, strings.TrimSpace(line))
				}
			}
		}
	}
}

// TestPrerenderedPage checks the generated index.html: it shows the
// default model's result before app.wasm runs, and no compute time, which
// would be the build machine's.
func TestPrerenderedPage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(distDir(t, "FLOPLAB_DIST", "../dist"), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"61,100,840", "Computed in advance"} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	if i := strings.Index(page, "Computed in "); i >= 0 && !strings.HasPrefix(page[i:], "Computed in advance") {
		t.Errorf("index.html states a compute time: %.60s", page[i:])
	}
}

// allowedMention lets through namespace URIs and doc comments that are not
// requests.
func allowedMention(line string) bool {
	for _, ok := range []string{"http://www.w3.org/", "xmlns", "https://go-app.dev", "//go-app.dev"} {
		if strings.Contains(line, ok) {
			return true
		}
	}
	return false
}

// TestNarrowScreen loads the page on a phone-sized screen: nothing may
// widen the page beyond the screen (wide tables and the editor scroll in
// their own boxes).
func TestNarrowScreen(t *testing.T) {
	dir := distDir(t, "FLOPLAB_DIST", "../dist")
	s := serve(t, dir, "")
	ctx, _ := browser(t, s.Origin)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, q := range []string{"?preset=resnet18", "?preset=resnet18&tab=memory&mode=train"} {
		do(t, ctx, chromedp.Navigate(s.URL+q))
		waitFor(t, ctx, "ready "+q, readyJS, 20*time.Second)
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s: the page is %d px wide on a 390 px screen", q, w)
		}
	}
	screenshot(t, ctx, "30-narrow-memory")
}
