package core

import "floplab/core/msg"

// NoteList holds notes in both forms: Notes in English (the JSON), and
// NoteTexts, the same notes to render in any language (NotesIn). Report
// and Demand embed it.
type NoteList struct {
	Notes     []string   `json:"notes,omitempty"`
	NoteTexts []msg.Text `json:"-"`
}

// AddNote appends a note (front: prepends it) in both forms.
func (n *NoteList) AddNote(t msg.Text, front bool) {
	if front {
		n.Notes = append([]string{t.String()}, n.Notes...)
		n.NoteTexts = append([]msg.Text{t}, n.NoteTexts...)
		return
	}
	n.Notes = append(n.Notes, t.String())
	n.NoteTexts = append(n.NoteTexts, t)
}

// NotesIn renders the notes in lang (msg.EN or msg.ZH).
func (n *NoteList) NotesIn(lang string) []string {
	if lang != msg.ZH || len(n.NoteTexts) != len(n.Notes) {
		return n.Notes
	}
	return msg.Texts(lang, n.NoteTexts)
}

// PlainNotesIn renders in lang the notes of r that are not Warnings (which
// a front end shows at their line instead).
func (r *Report) PlainNotesIn(lang string) []string {
	if len(r.Warnings) == 0 {
		return r.NotesIn(lang)
	}
	placed := map[string]bool{}
	for _, w := range r.Warnings {
		placed[w.Note().String()] = true
	}
	all := r.NotesIn(lang)
	var out []string
	for i, n := range r.Notes {
		if !placed[n] && i < len(all) {
			out = append(out, all[i])
		}
	}
	return out
}
