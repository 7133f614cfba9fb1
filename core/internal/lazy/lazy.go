// Package lazy holds values built the first time they are used.
//
// A table that only some inputs need (the printout converter's, the ONNX
// reader's) is built on first use rather than when its package starts:
// every program that links the package pays for its package
// initialisation, the page on each visit, where the browser also compiles
// each WebAssembly function the first time it runs. sync.OnceValue in a
// package variable's initializer would itself be a call that the
// package's init makes (inlined there, with its closures); a Value
// literal is static data, and nothing of it runs before Get.
package lazy

import "sync"

// Value is a value that Build makes the first time Get is called, once,
// safely for concurrent use. Declare it as a package variable,
// var table = lazy.Value[map[string]int]{Build: func() map[string]int {...}},
// and do not copy it.
type Value[T any] struct {
	once sync.Once
	// Build makes the value.
	Build func() T
	v     T
}

// Get returns the value, building it the first time.
func (l *Value[T]) Get() T {
	l.once.Do(func() { l.v = l.Build() })
	return l.v
}
