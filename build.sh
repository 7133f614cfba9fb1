#!/usr/bin/env bash
# FlopLab build script.
#   ./build.sh          build the static site into dist/ (PREFIX=repo: for hosting under /repo/)
#   ./build.sh serve    build, then serve it on http://$HOST:$PORT/ (default 127.0.0.1:8080;
#                       HOST=0.0.0.0 serves every network interface, e.g. a classroom's)
#   ./build.sh test     gofmt, vet (native and js/wasm), go test ./..., fuzz every core Fuzz target,
#                       build the site (root and /repo/ sub-path), browser tests (chromedp)
#   ./build.sh fuzz     only the fuzz stage;  ./build.sh e2e   only the site builds and browser tests
# Environment: PREFIX (sub-path, e.g. the GitHub repository name), OUT (output folder, default dist),
# SITE_URL (public URL for og:url), HOST, PORT, FUZZTIME (per target, default 100000x:
# an execution count, because a duration trips Go 1.26's fuzz-coordinator race golang/go#75804,
# which fails a clean run with "context deadline exceeded"), CI.
set -euo pipefail
cd "$(dirname "$0")"

PREFIX="${PREFIX:-}"
PREFIX="${PREFIX#/}"; PREFIX="${PREFIX%/}"
OUT="${OUT:-dist}"
PORT="${PORT:-8080}"
FUZZTIME="${FUZZTIME:-100000x}"
WASM_TMP="$(mktemp -d)"
trap 'rm -rf "$WASM_TMP"' EXIT

log() { printf '\n==> %s\n' "$*" >&2; }

# build_wasm compiles app.wasm once; every site variant uses the same file.
build_wasm() {
	if [[ -f "$WASM_TMP/app.wasm" ]]; then return; fi
	log "app.wasm (GOOS=js GOARCH=wasm)"
	# go-app without its server side and its regexp compiler (scripts/go-app-wasm.sh: about 500 KB
	# less gzip). No inlining (-l) but in the runtime, Go's internal packages and sync: about
	# 250 KB less gzip for about 5% more engine time (measured 2026-11-27 on DenseNet-201: 3.17 ->
	# 3.35 ms native). Later -gcflags patterns win. Starlark, go-app and math/big were exempt too
	# until 2026-12-06: without inlining app.wasm.zst is 27, 13 and 17 KB smaller, and in the
	# browser, which compiles each function at its first call, ResNet-50's first computation was
	# no slower (Node 20, lazy compilation: 420-500 ms either way at load 5), nor DenseNet-201's
	# analysis (81-83 ms either way).
	# The copy lives at a fixed path inside the tree, named relatively in the
	# go.mod the build uses: the build info app.wasm embeds names it, so a
	# temporary directory made two builds of one tree differ (and returning
	# visitors saw "A new version is available" for nothing).
	scripts/go-app-wasm.sh ./.wasmbuild
	GOOS=js GOARCH=wasm go build -modfile=.wasmbuild/go.wasm.mod -trimpath \
		-gcflags='all=-l' -gcflags='runtime=' -gcflags='internal/...=' -gcflags='sync/...=' \
		-ldflags="-s -w" -o "$WASM_TMP/app.wasm" ./wasm
	# The generator (./wasm, native) joins the linker's 100,000 data segments (wasm/datasegments.go:
	# the same initial memory; 56 KB less zstd, 175 KB less gzip).
	go build -o "$WASM_TMP/gen" ./wasm
	"$WASM_TMP/gen" -pack-data "$WASM_TMP/app.wasm"
	# Precompressed siblings for hosts that serve them by Accept-Encoding (./build.sh serve does),
	# made once for every site variant. -n: no name or time inside, so the build stays
	# reproducible. zstd -19 is about 26% smaller than gzip -9 (2,109,804 vs 2,843,208 B on
	# 2026-12-06); Chromium 156 accepts zstd and br over HTTPS and on localhost (it sends
	# "gzip, deflate, br, zstd" to 127.0.0.1), gzip only over plain HTTP elsewhere. The 8 MB
	# window (wlog=23) is what browsers must decode (RFC 9659).
	log "app.wasm.gz, .zst, .br"
	gzip -9 -n -k "$WASM_TMP/app.wasm"
	if command -v zstd >/dev/null; then zstd -q -19 --zstd=wlog=23 -k "$WASM_TMP/app.wasm"; fi
	if command -v brotli >/dev/null; then brotli -q 11 -k "$WASM_TMP/app.wasm"; fi
}

# build_site OUT PREFIX writes a deployable static folder.
build_site() {
	local out="$1" prefix="$2"
	build_wasm
	# The service-worker version is a hash of everything the site serves
	# (same tree -> same version -> no spurious "update available").
	local version
	version="$( { sha256sum "$WASM_TMP/app.wasm"; find static -type f -print0 | sort -z | xargs -0 sha256sum;
		sha256sum "$(go env GOROOT)/lib/wasm/wasm_exec.js"; echo "prefix=$prefix"; } | sha256sum | cut -c1-16)"
	log "site $out (prefix '${prefix:-/}', version $version)"
	rm -rf "$out"
	"$WASM_TMP/gen" -out "$out" -prefix "$prefix" -version "$version" -site "${SITE_URL:-}"
	mkdir -p "$out/web"
	cp "$WASM_TMP"/app.wasm* "$out/web/"
	cp -R static/web/. "$out/web/"
	cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/wasm_exec.js"
	touch "$out/.nojekyll"
	echo "$version" > "$out/web/version.txt"
	# The page's text files precompressed too (served by Accept-Encoding like app.wasm): on a first
	# visit over a slow link they share the line with app.wasm, 160 KB raw (index.html alone 76 KB)
	# against about 40 KB compressed: ~95 ms less at 10 Mbit/s before app.wasm has arrived.
	local f
	for f in "$out"/index.html "$out"/*.js "$out"/*.css "$out"/manifest.webmanifest "$out"/web/*.css "$out"/web/*.html "$out"/web/*.svg; do
		gzip -9 -n -k "$f"
		if command -v brotli >/dev/null; then brotli -q 11 -k "$f"; fi
	done
}

run_tests() {
	log "gofmt"
	local bad
	bad="$(gofmt -l $(git ls-files -co --exclude-standard '*.go' 2>/dev/null || find . -name '*.go' -not -path './dist*'))"
	if [[ -n "$bad" ]]; then echo "gofmt needed:"; echo "$bad"; exit 1; fi

	log "go vet (native)"
	go vet ./...
	log "go vet (GOOS=js GOARCH=wasm: app, wasm, core)"
	GOOS=js GOARCH=wasm go vet ./app/... ./wasm/... ./core/...

	log "go test (native, all packages but the browser tests)"
	go test $(go list ./... | grep -v '/e2e$')

	run_fuzz
	run_e2e
	log "all tests passed"
}

run_fuzz() {
	log "fuzz (${FUZZTIME} per target)"
	local pkg f
	for pkg in $(go list ./core/...); do
		for f in $(go test -list 'Fuzz.*' "$pkg" | grep '^Fuzz' || true); do
			echo "--- $pkg $f"
			go test -run='^$' -fuzz="^${f}\$" -fuzztime="$FUZZTIME" "$pkg"
		done
	done
}

run_e2e() {
	build_site dist ""
	build_site dist-repo repo

	log "browser tests (chromedp, headless chromium)"
	# The whole run took 277-395 s at load average 24-30 (2026-12-06); every wait in it is bounded
	# (e2e's poll), and a stalled throttled visit is retried once: 15 minutes leave room for that.
	FLOPLAB_DIST="$PWD/dist" FLOPLAB_DIST_REPO="$PWD/dist-repo" go test -count=1 -timeout 15m -v ./e2e
}

case "${1:-build}" in
build)
	build_site "$OUT" "$PREFIX"
	log "built $OUT/ ($(du -sh "$OUT" | cut -f1))"
	;;
serve)
	build_site "$OUT" "$PREFIX"
	log "serving $OUT/"
	exec "$WASM_TMP/gen" -serve "${HOST:-127.0.0.1}:$PORT" -out "$OUT" -prefix "$PREFIX"
	;;
test)
	run_tests
	;;
fuzz) # only the fuzz stage of "test"
	run_fuzz
	;;
e2e) # only the site builds and browser tests of "test"
	run_e2e
	;;
*)
	echo "usage: $0 [build|serve|test|fuzz|e2e]" >&2
	exit 2
	;;
esac
