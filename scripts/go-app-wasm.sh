#!/usr/bin/env bash
# go-app-wasm.sh DIR: writes DIR/go-app, a copy of go-app v9.8.0 for the browser build only, and
# DIR/go.wasm.mod (+ .sum), a go.mod that points go-app there. Use: go build -modfile=DIR/go.wasm.mod.
# DIR is a path relative to the module root starting with "./" (build.sh: ./.wasmbuild): the
# replace directive names it, and app.wasm's build info embeds that name, so a fixed relative
# path keeps two builds of one tree byte-identical.
#
# Why: go-app's pkg/app compiles its server side (http.go: the HTTP Handler that serves pages,
# icons and the service worker; resource.go: file-system providers) into app.wasm too. That code
# never runs in a browser, but importing net/http links TLS, X.509 and every FIPS self-test into
# the binary: about 390 KB of app.wasm's gzip size (measured 2026-11-27: 3,267,607 -> 2,876,847).
# The copy drops those two files and GenerateStaticWebsite's wasm stub that names Handler, and
# keeps the two small path helpers the rest of the package uses; route.go gets a three-line change
# (below) that drops the regexp compiler from the binary. Nothing else changes: the static
# site generator (./wasm, native) and `go vet` use the real module, and the hashes below refuse
# any other go-app than the pinned v9.8.0.
set -euo pipefail
dir="$1"
[[ "$dir" == ./* ]] || { echo "go-app-wasm.sh: DIR must be a relative path starting with ./ (got $dir)" >&2; exit 1; }
mod=github.com/maxence-charriere/go-app/v9
go mod download "$mod"
src="$(go list -m -f '{{.Dir}}' "$mod")"
( cd "$src/pkg/app" && sha256sum -c --quiet ) <<'SUMS' || { echo "go-app-wasm.sh: $src is not go-app v9.8.0 as expected" >&2; exit 1; }
970d42ad2eb2897f5d179802189449eac5bcc162062707c759fa72b42cc48154  http.go
e291206c020f804adff4df09fa7fa792bb15a6fccacffe2c409833b6f1ffae19  resource.go
15c3445a179e553b5f90f877023a8f8b68567b4d6cc1fbd696a13a184afe78b8  wasm.go
164adabe8fbf70301f946a60ac22ee4f714b503ea4dbc170e57505057bd41365  route.go
088647254b630cd5c4c17fedf499086c2ad3b6a7d6bbbe1d167d9b6840669789  crypto.go
2105259e86f05f6f51c071d2e4d1413676a9149028720a5666696e99af918df9  text.go
5bd182671089c686b6d5b87921e27a35629fb07ab002a039df79ac32957b05fb  engine.go
3836100697151f3e6530fbc0e93631c4d6dc0f49756e0cc323c012047b4cb83f  context.go
e39450e0918adde572b5405f818a1791ee084d5b11b92f36333b94d1e3dd7117  state.go
SUMS
rm -rf "$dir/go-app"
mkdir -p "$dir"
cp -R "$src" "$dir/go-app"
chmod -R u+w "$dir/go-app"
app="$dir/go-app/pkg/app"
rm "$app/http.go" "$app/resource.go"
sed -i '/^func GenerateStaticWebsite(/,/^}/d' "$app/wasm.go"
# No regexp: the router keeps a regexp route as a match func instead of the *regexp.Regexp, and
# this build has no regexp routes at all (app.RouteWithRegexp panics: no FlopLab route is a
# regexp). Kept as a *Regexp, its matcher pool held (*Regexp).UnmarshalText and with it the regexp
# compiler and every Unicode table (108 KB gzip); imported at all, package regexp/syntax's maps of
# unicode.Categories and Scripts were built by ~70 KB of init code that the browser compiled and
# ran at every start (14 KB zstd).
sed -i -e 's/^\t\tregexp:       regexp.MustCompile(pattern),$/\t\tmatch:        noRegexpRoutes(pattern),/' \
	-e 's/^\t\t\tif rwr.regexp.MatchString(path) {$/\t\t\tif rwr.match(path) {/' \
	-e 's/^\tregexp       \*regexp.Regexp$/\tmatch        func(string) bool/' \
	-e '/^\t"regexp"$/d' "$app/route.go"
[[ "$(grep -cE 'match: +noRegexpRoutes|rwr.match\(path\)|match +func' "$app/route.go")" == 3 && "$(grep -c regexp\\. "$app/route.go")" == 0 ]] || { echo "go-app-wasm.sh: route.go was not patched" >&2; exit 1; }
cat > "$app/route_floplab.go" <<'GO'
package app

// noRegexpRoutes stands for regexp.MustCompile(pattern).MatchString in
// FlopLab's browser build of go-app, which has no package regexp
// (scripts/go-app-wasm.sh); FlopLab routes no regexp.
func noRegexpRoutes(pattern string) func(string) bool {
	panic("app.RouteWithRegexp is not in FlopLab's browser build of go-app: " + pattern)
}
GO
# No crypto: go-app names each state store and device with google/uuid, whose crypto/rand pulls
# the FIPS 140 module (DRBG, AES, SHA-2/3, HMAC) into the binary, and encrypts persisted states
# (app.Encrypt, ctx.Encrypt) with AES-GCM. FlopLab uses neither go-app's states nor its
# encryption; the ids come from math/rand/v2 (the runtime's ChaCha8, seeded by the browser's
# crypto.getRandomValues) and encryption returns an error (about 59 KB gzip, 290 KB raw).
sed -i -e 's/uuid\.NewString()/newID()/' -e '/^\t"github.com\/google\/uuid"$/d' "$app/context.go" "$app/state.go"
[[ "$(cat "$app/context.go" "$app/state.go" | grep -c 'newID()')" == 2 && "$(cat "$app/context.go" "$app/state.go" | grep -c uuid)" == 0 ]] || { echo "go-app-wasm.sh: the uuid patch did not apply" >&2; exit 1; }
# go-app also JSON-decodes every localStorage item (FlopLab's autosaved script among them) at start
# and at every cleanup tick, looking for its persistent states' expiry dates; FlopLab has none.
sed -i '/^func (s \*store) expireExpriredPersistentValues() {$/,/^}$/c\
// FlopLab keeps no go-app persistent states (scripts/go-app-wasm.sh).\
func (s *store) expireExpriredPersistentValues() {}' "$app/state.go"
[[ "$(grep -c '^func (s \*store) expireExpriredPersistentValues() {}$' "$app/state.go")" == 1 ]] || { echo "go-app-wasm.sh: the state.go patch did not apply" >&2; exit 1; }
# ctx.PreventUpdate() works in a handler the engine dispatches (OnMount, OnNav, events): v9.8.0
# marks the component for an update after every such handler, overriding what PreventUpdate set,
# so the calculator, which computes and renders its result before it mounts, was rendered and
# diffed whole a second time right after, for nothing. The mark PreventUpdate leaves is removed
# after the handler (upstream it stays, and events then skip that component's updates).
sed -i -e 's/^\tcomponentUpdateMutex sync.RWMutex$/&\n\tupdatePrevented      Composer \/\/ set by PreventUpdate during a dispatched handler (FlopLab)/' \
	-e '/^func (e \*engine) preventComponentUpdate(c Composer) {$/,/^}$/s/^\te.componentUpdates\[c\] = false$/&\n\te.updatePrevented = c/' \
	-e '/^\tcase Update:$/,/^$/{s/^\t\td.do()$/\t\te.updatePrevented = nil\n&/;s/^\t\te.addComponentUpdate(getComponent(d.Source))$/\t\tif c := getComponent(d.Source); c != e.updatePrevented {\n\t\t\te.addComponentUpdate(c)\n\t\t} else {\n\t\t\te.removeComponentUpdate(c) \/\/ the mark held for this handler only: left, it blocked every later event'"'"'s update\n\t\t}/}' \
	"$app/engine.go"
[[ "$(grep -c 'updatePrevented\|the mark held for this handler only' "$app/engine.go")" == 5 ]] || { echo "go-app-wasm.sh: the engine.go patch did not apply" >&2; exit 1; }
# No package html: text.go imports it for html.EscapeString alone, and html's 2,231-entity
# unescaping table is a package variable (html.entityMaps, a sync.OnceValues) that every binary
# importing html keeps. The copy escapes with the same table as html.EscapeString, as FlopLab's
# app does (app.escapeHTML): 14 KB of app.wasm.zst, 23 KB gzip (measured 2026-12-06).
sed -i -e 's/html\.EscapeString(t\.value)/htmlEscaper.Replace(t.value)/' -e '/^\t"html"$/d' "$app/text.go"
[[ "$(grep -c 'htmlEscaper.Replace(t.value)' "$app/text.go")" == 2 && "$(grep -c '"html"' "$app/text.go")" == 0 ]] || { echo "go-app-wasm.sh: the text.go patch did not apply" >&2; exit 1; }
cat > "$app/html_floplab.go" <<'GO'
package app

import "strings"

// htmlEscaper escapes as html.EscapeString does (scripts/go-app-wasm.sh).
var htmlEscaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")
GO
cat > "$app/crypto.go" <<'GO'
package app

import "github.com/maxence-charriere/go-app/v9/pkg/errors"

// FlopLab's browser build of go-app has no encryption (scripts/go-app-wasm.sh).

func encrypt(key string, v []byte) ([]byte, error) {
	return nil, errors.New("go-app's encryption is not in FlopLab's build")
}

func decrypt(key string, v []byte) ([]byte, error) {
	return nil, errors.New("go-app's encryption is not in FlopLab's build")
}
GO
cat > "$app/id_floplab.go" <<'GO'
package app

import (
	"fmt"
	"math/rand/v2"
)

// newID returns a random id in the form of a version 4 UUID.
func newID() string {
	a, b := rand.Uint64(), rand.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, a>>16&0xffff, a&0xfff, 0x8000|b>>48&0x3fff, b&0xffffffffffff)
}
GO
cat > "$app/paths_floplab.go" <<'GO'
package app

import "strings"

// From http.go (go-app v9.8.0), which the browser build leaves out.

func isRemoteLocation(path string) bool {
	return strings.HasPrefix(path, "https://") ||
		strings.HasPrefix(path, "http://")
}

func isStaticResourcePath(path string) bool {
	return strings.HasPrefix(path, "/web/") ||
		strings.HasPrefix(path, "web/")
}
GO
cp go.mod "$dir/go.wasm.mod"
cp go.sum "$dir/go.wasm.sum"
echo "replace $mod => $dir/go-app" >> "$dir/go.wasm.mod"
