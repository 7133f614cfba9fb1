// Package e2e drives the built site (dist/) in Debian's headless Chromium
// through chromedp: load, presets, editing, errors, share and query links,
// offline reload, languages, and that no request leaves the origin.
//
// The tests skip when dist/ or chromium is missing, except under CI=true,
// where they fail. build.sh sets FLOPLAB_DIST and FLOPLAB_DIST_REPO;
// screenshots go to e2e/screenshots/ (or FLOPLAB_SCREENSHOTS).
package e2e
