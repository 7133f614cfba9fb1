package app

// Storage keys of the autosave.
const (
	keyState    = "floplab.state"    // the current state, as a fragment
	keyPrevious = "floplab.previous" // the autosave a link replaced
	// keyRunning holds the fingerprint of the script being computed,
	// cleared when the computation returns: still set at load, it names a
	// script that stopped the page (out of memory, or a tab closed on a
	// hang), which is then not run again by itself.
	keyRunning = "floplab.running"
)

// Store is what the page keeps in the browser's localStorage, read and
// written only here: the autosave (the state as a link fragment), the
// autosave a link or "Edit the converted script" replaced (offered for
// restore), and the running marker. Writes are best effort (a full
// quota loses the autosave, never the page).
type Store struct{}

// Autosave is the last state saved, as a fragment ("" when none).
func (Store) Autosave() string { v, _ := storageGet(keyState); return v }

// SetAutosave saves the state's fragment.
func (Store) SetAutosave(frag string) { storageSet(keyState, frag) }

// Previous is the autosave a link replaced ("" when none).
func (Store) Previous() string { v, _ := storageGet(keyPrevious); return v }

// SetPrevious keeps frag for "Restore your previous script".
func (Store) SetPrevious(frag string) { storageSet(keyPrevious, frag) }

// Halted tells whether script is the one that was being computed when
// the page last stopped (its running marker is still set).
func (Store) Halted(script string) bool {
	fp, _ := storageGet(keyRunning)
	return fp != "" && fp == Fingerprint(script)
}

// Running marks script as being computed; Done clears the mark.
func (Store) Running(script string) { storageSet(keyRunning, Fingerprint(script)) }

// Done clears the running mark.
func (Store) Done() { storageSet(keyRunning, "") }
