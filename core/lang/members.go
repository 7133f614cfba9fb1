package lang

// members.go: the insertion-ordered map modules keep their children,
// parameters and attributes in.

// member is one named child, parameter or attribute of a module.
type member[V any] struct {
	name string
	v    V
}

// membersIndexed is the size from which members keep a map index: small
// sets are searched linearly, which costs no allocation.
const membersIndexed = 16

// members is an insertion-ordered map from names to values: a list
// searched linearly while short, indexed by a map once it grows (a
// ModuleList of hundreds of blocks).
type members[V any] struct {
	list  []member[V]
	index map[string]int // nil while len(list) < membersIndexed
}

// find is the position of name in the list, or -1.
func (s *members[V]) find(name string) int {
	if s.index != nil {
		if i, ok := s.index[name]; ok {
			return i
		}
		return -1
	}
	for i := range s.list {
		if s.list[i].name == name {
			return i
		}
	}
	return -1
}

// get is the value of name.
func (s *members[V]) get(name string) (V, bool) {
	if i := s.find(name); i >= 0 {
		return s.list[i].v, true
	}
	var zero V
	return zero, false
}

// has reports whether name is set.
func (s *members[V]) has(name string) bool { return s.find(name) >= 0 }

// set sets name to v, keeping its place if it is already set. A longer
// list is carved from ls if it is not nil.
func (s *members[V]) set(name string, v V, ls *listSlab[member[V]]) {
	if i := s.find(name); i >= 0 {
		s.list[i].v = v
		return
	}
	if len(s.list) == cap(s.list) && ls != nil {
		s.list = append(ls.room(max(4, 2*cap(s.list))), s.list...)
	}
	s.list = append(s.list, member[V]{name, v})
	switch {
	case s.index != nil:
		s.index[name] = len(s.list) - 1
	case len(s.list) >= membersIndexed:
		s.reindex()
	}
}

// remove deletes name, keeping the others' order.
func (s *members[V]) remove(name string) {
	i := s.find(name)
	if i < 0 {
		return
	}
	s.list = append(s.list[:i], s.list[i+1:]...)
	if s.index != nil {
		s.reindex()
	}
}

func (s *members[V]) reindex() {
	s.index = make(map[string]int, len(s.list))
	for i, e := range s.list {
		s.index[e.name] = i
	}
}

// names appends the names in order to out.
func (s *members[V]) names(out []string) []string {
	for _, e := range s.list {
		out = append(out, e.name)
	}
	return out
}
