package diag

// ErrorsAs is errors.As for a target whose type T is known at compile time,
// found by type assertion rather than by reflection: the same search (the
// error, its As method, then what it wraps, Unwrap() error or []error,
// depth first), the same result. errors.As links reflectlite's
// assignability checks into app.wasm, which nothing else there needs: with
// every FlopLab caller on ErrorsAs, app.wasm is 7.5 KB of zstd smaller
// (measured 2026-12-06).
func ErrorsAs[T error](err error, target *T) bool {
	for err != nil {
		if t, ok := err.(T); ok {
			*target = t
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if e != nil && ErrorsAs(e, target) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
