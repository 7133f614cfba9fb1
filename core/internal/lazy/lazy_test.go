package lazy_test

import (
	"sync"
	"testing"

	"floplab/core/internal/lazy"
)

var built int

var squares = lazy.Value[map[int]int]{Build: func() map[int]int {
	built++
	m := map[int]int{}
	for i := range 10 {
		m[i] = i * i
	}
	return m
}}

// TestValue: nothing is built before Get; concurrent first calls build
// the value once and all see it.
func TestValue(t *testing.T) {
	if built != 0 {
		t.Fatal("built before Get")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if squares.Get()[3] != 9 {
				t.Error("squares[3]")
			}
		})
	}
	wg.Wait()
	if built != 1 || len(squares.Get()) != 10 {
		t.Errorf("built %d times", built)
	}
}
