package diag

import "strings"

// maxNearestLen bounds the text compared: a did-you-mean is for names, and
// a hostile megabyte-long name must not cost a megabyte × candidates.
const maxNearestLen = 64

// Nearest is the candidate closest to s by edit distance, ignoring case
// (the first one on a tie), and that distance; "" and -1 when there are no
// candidates. It is the one "did you mean" of the language's names, the
// page's link values and config.json's model types.
func Nearest(s string, candidates []string) (best string, dist int) {
	dist = -1
	s = strings.ToLower(s)
	for _, c := range candidates {
		if d := editDistance(s, strings.ToLower(c)); dist < 0 || d < dist {
			best, dist = c, d
		}
	}
	return best, dist
}

// editDistance is the Levenshtein distance of a and b's first
// maxNearestLen bytes.
func editDistance(a, b string) int {
	if len(a) > maxNearestLen {
		a = a[:maxNearestLen]
	}
	if len(b) > maxNearestLen {
		b = b[:maxNearestLen]
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			d := prev[j-1]
			if a[i-1] != b[j-1] {
				d++
			}
			cur[j] = min(d, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
