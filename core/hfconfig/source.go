package hfconfig

// FamilyFile returns the source of a family definition ("gpt2.star",
// "decoder.star"), for importers that take its functions from it instead
// of keeping copies (the printout converter); ok is false when there is
// none.
func FamilyFile(name string) (src string, ok bool) {
	return embeddedFile(name)
}
