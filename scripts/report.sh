#!/usr/bin/env bash
# Size and speed report of the web app: app.wasm raw/gzip/brotli bytes, cold load to first result,
# and recompute time after an edit of the largest preset (DenseNet-201), measured in headless Chromium.
# Usage: scripts/report.sh   (builds dist/ first; SKIP_BUILD=1 reuses it)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != 1 ]]; then ./build.sh >/dev/null; fi
w=dist/web/app.wasm
raw=$(stat -c %s "$w")
gz=$(gzip -9 -c "$w" | wc -c)
if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$w" | wc -c); else br="n/a (apt-get install brotli)"; fi
printf 'app.wasm raw     %12s bytes\n' "$raw"
printf 'app.wasm gzip -9 %12s bytes (goal: at most 2,500,000)\n' "$gz"
printf 'app.wasm brotli  %12s bytes\n' "$br"
printf 'go %s, %s, %s, load average %s\n' "$(go env GOVERSION)" "$(/usr/bin/chromium --version 2>/dev/null | head -1)" "$(nproc) cores" "$(cut -d' ' -f1-3 /proc/loadavg)"
for f in dist/web/app.wasm.gz dist/web/app.wasm.zst dist/web/app.wasm.br; do
	if [[ -f "$f" ]]; then printf '%s as served %12s bytes\n' "${f#dist/web/}" "$(stat -c %s "$f")"; fi
done
# TestThrottledFirstVisit, three times: a cold ?preset=resnet50 link over a 10 Mbit/s, 20 ms link
# (Chromium's network throttling; Chromium takes app.wasm.zst on 127.0.0.1): the preset's
# precomputed figures, then the whole calculator; medians and every run.
FLOPLAB_REPORT=1 FLOPLAB_DIST="$PWD/dist" go test -count=1 -run '^TestReport$' -v ./e2e | grep '^REPORT' | sed 's/^REPORT //'
runs="$(FLOPLAB_REPORT=1 FLOPLAB_DIST="$PWD/dist" go test -count=3 -run '^TestThrottledFirstVisit$' -v ./e2e | grep '^REPORT throttled' |
	sed -E 's/.*preset_figures_ms=([0-9]+) calculator_ms=([0-9]+).*/\1 \2/')"
median() { sort -n | awk '{ v[NR] = $1; all = all " " $1 } END { printf "%d (all:%s)", v[int((NR + 1) / 2)], all }'; }
printf 'throttled_10mbit_20ms, median of %d runs: preset_figures_ms=%s calculator_ms=%s\n' "$(wc -l <<<"$runs")" \
	"$(cut -d' ' -f1 <<<"$runs" | median)" "$(cut -d' ' -f2 <<<"$runs" | median)"
printf 'load average after the browser runs: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
# The engine alone in WebAssembly, without the page: core.Analyze of DenseNet-201 compiled to wasm
# and run by Node.js (the same V8 as Chromium), as `go test -bench` reports it. Steadier than the
# in-page figure, which also sees the page's heap and event loop. Recount is another convention on
# the kept trace; StarlarkFloor is go.starlark.net parsing, compiling and running the same script
# with layers that do nothing: what any recompute that runs the script again costs at least.
# GOGC=400 as the page sets it (wasm/main_js.go).
if command -v node >/dev/null; then
	GOGC=400 PATH="$PATH:$(go env GOROOT)/lib/wasm" GOOS=js GOARCH=wasm go test -run '^$' \
		-bench 'AnalyzeDenseNet201|RecountDenseNet201|StarlarkFloorDenseNet201' \
		-benchtime 100x -count 3 ./core | awk '/^Benchmark/ { printf "wasm_engine %s %.2f ms/op %s B/op %s allocs/op (node %s)\n", $1, $3/1e6, $5, $7, v }' v="$(node --version)"
fi
if (( gz > 2500000 )); then echo "app.wasm gzip is over the 2.5 MB goal" >&2; exit 1; fi
