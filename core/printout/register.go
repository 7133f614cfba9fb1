package printout

import "floplab/core"

// Importing this package (for its side effect) lets core.Analyze accept
// printouts: it detects them and converts them before tracing.
func init() {
	core.PrintoutDetector = Detect
	core.PrintoutConverter = func(file, text string) (string, []string, error) {
		script, notes, err := Convert(file, text)
		var out []string
		for _, n := range notes {
			out = append(out, n.String())
		}
		return script, out, err
	}
}
