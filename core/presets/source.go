package presets

// File returns the source of a gallery file of this package ("swin.star"),
// for importers that take the gallery's functions from it instead of
// keeping copies (the printout converter); ok is false when there is none.
func File(name string) (src string, ok bool) {
	return embeddedFile(name)
}
