package lang

import (
	"floplab/core/graph"
	"unsafe"

	"go.starlark.net/starlark"
)

// Tracing a model makes thousands of small objects (modules, parameters,
// nodes, tensors, shapes) that all live exactly as long as the run. They
// are carved from batches here, so that a run makes a few hundred
// allocations instead of tens of thousands; in WebAssembly the Go
// runtime's per-object costs (malloc, GC marking) dominate otherwise.

// arena is the one allocator of a run: a batch source per kind of
// object, and the bytes of the strings the run builds. The tracer embeds
// it, so tr.nodes.new() is a fresh node; everything it hands out lives as
// long as the run's graph.
type arena struct {
	names        strArena // the bytes of the strings the run builds (see intern)
	nodes        slab[graph.Node]
	layers       slab[layer]
	convLayers   slab[convLayer]
	batchNorms   slab[batchNorm]
	modules      slab[Module]
	trees        slab[moduleTree]
	graphModules slab[graph.Module]
	tensors      slab[Tensor]
	argSets      slab[args]
	graphTensors listSlab[graph.Tensor]
	paramTensors listSlab[graph.ParamTensor]
	paramLists   listSlab[member[*Tensor]]
	childLists   listSlab[member[*Module]]
	attrLists    listSlab[member[starlark.Value]]
	values       listSlab[starlark.Value]
	dims         listSlab[int64]
	qvals        listSlab[int64] // nodes' quantity values (see quantities)
	tensorLists  listSlab[*Tensor]
}

// slabBatch is the most objects a slab allocates at once, and
// slabBytes the most bytes (the largest small-object size class: larger
// batches would be rounded up to whole pages). Its first batches are
// smaller, so that small models stay small.
const (
	slabBatch = 64
	slabBytes = 32 << 10
)

// slab hands out pointers to zero Ts carved from batches. A pointer
// keeps its whole batch alive, which is fine for objects that live as
// long as the run.
type slab[T any] struct {
	free []T
	next int // the size of the next batch
}

// new returns a pointer to a zero T; as the memory is fresh, callers
// may set only the fields they need.
func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		var zero T
		most := max(1, min(slabBatch, slabBytes/int(unsafe.Sizeof(zero))))
		s.next = min(max(2*s.next, 8), most)
		s.free = make([]T, s.next)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// listSlab hands out short lists carved from shared backing arrays,
// which grow from 32 elements to listBatch, so that small models stay
// small.
type listSlab[T any] struct {
	buf  []T
	size int // the size of the next backing array
}

// listBatch is the most elements a listSlab allocates at once; lists
// longer than an eighth of it are allocated on their own.
const listBatch = 256

// room returns an empty list with capacity k. Appending beyond k
// reallocates the list on its own, so lists never overlap.
func (s *listSlab[T]) room(k int) []T {
	if k > listBatch/8 {
		return make([]T, 0, k)
	}
	l := len(s.buf)
	if cap(s.buf)-l < k {
		s.size = min(max(2*s.size, 32), listBatch)
		s.buf = make([]T, 0, s.size)
		l = 0
	}
	s.buf = s.buf[:l+k]
	return s.buf[l : l : l+k]
}

// clone returns a copy of xs carved from the slab; an empty xs is
// returned as is (nil stays nil).
func (s *listSlab[T]) clone(xs []T) []T {
	if xs == nil {
		return nil
	}
	if len(xs) == 0 {
		return []T{}
	}
	return append(s.room(len(xs)), xs...)
}

// strArena builds short strings (module paths, call names) in shared
// batches of bytes. Each string views bytes that are never written
// again (appends only go past them), so a run's thousands of names cost
// a few allocations.
type strArena struct{ buf []byte }

// strArenaBatch is the size of the arena's batches; longer strings are
// allocated on their own.
const strArenaBatch = 4096

// bytes returns string(b), stored in the arena.
func (a *strArena) bytes(b []byte) string {
	n := len(b)
	if n == 0 {
		return ""
	}
	if n > strArenaBatch/8 {
		return string(b)
	}
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]byte, 0, strArenaBatch)
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[start], n)
}

// concat returns the parts joined, stored in the arena.
func (a *strArena) concat(parts ...string) string {
	var tmp [128]byte
	b := tmp[:0]
	for _, p := range parts {
		b = append(b, p...)
	}
	return a.bytes(b)
}
