package guardrails

import (
	"strings"
	"unicode/utf8"
)

// wordSet is a read-only set of normalized words.
type wordSet map[string]bool

func set(words string) wordSet {
	m := make(wordSet)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// at returns w[i], or "" outside the slice.
func at(w []string, i int) string {
	if i < 0 || i >= len(w) {
		return ""
	}
	return w[i]
}

// anyIn reports whether some w[j], lo <= j <= hi, is in s; it returns j or -1.
func anyIn(w []string, lo, hi int, s wordSet) int {
	if lo < 0 {
		lo = 0
	}
	for j := lo; j <= hi && j < len(w); j++ {
		if s[w[j]] {
			return j
		}
	}
	return -1
}

// seq reports whether the words starting at w[i] are exactly s.
func seq(w []string, i int, s ...string) bool {
	if i < 0 || i+len(s) > len(w) {
		return false
	}
	for k, x := range s {
		if w[i+k] != x {
			return false
		}
	}
	return true
}

// back describes the words before a keyword, read backwards over "bridge" words
// (auxiliaries, pronouns, wants, intensifiers) until the first content word.
// It tells whether the keyword is negated, by whom, and whether the negation is
// a past-tense statement rather than a request.
type back struct {
	neg    int    // negators met (not, never, no + need/more/longer)
	decl   bool   // a negator follows did/was/were/had/has/have: a statement, not a request
	subj   string // nearest pronoun met, "" if none
	modal  bool   // a modal met before any pronoun
	want   bool   // a verb of wanting or receiving met
	stopAt int    // index of the content word that ended the scan, -1 at the start
}

// scanBack reads at most max words before w[i].
func scanBack(w []string, i, max int) back {
	b := back{stopAt: -1}
	j := i - 1
	for ; j >= 0 && i-j <= max; j-- {
		t := w[j]
		switch {
		case t == "not" && j+1 < i && notNowWords[w[j+1]]:
			// "not now call me later": "not" belongs to the time, not to the verb.
			b.stopAt = j
			return b
		case t == "not" || t == "never":
			b.neg++
			if pastAux[at(w, j-1)] {
				b.decl = true
			}
		case t == "no" && noNeg[at(w, j+1)]:
			b.neg++
		case t == "why":
			if b.neg > 0 {
				b.neg-- // "why don't you stop calling" asks for it
			}
		case pronouns[t]:
			if b.subj == "" {
				b.subj = t
				if t == "people" && at(w, j-1) == "you" {
					b.subj = "you" // "i told you people not to call"
				}
			}
		case modals[t]:
			if b.subj == "" {
				b.modal = true
			}
		case wants[t]:
			b.want = true
		case bridge[t]:
		default:
			b.stopAt = j
			return b
		}
	}
	if j >= 0 {
		b.stopAt = j
	}
	return b
}

// negated reports an odd number of negators that is a request, not a past statement.
func (b back) negated() bool { return b.neg%2 == 1 && !b.decl }

// positive reports no (or doubly cancelled) negation.
func (b back) positive() bool { return b.neg%2 == 0 }

// addressed reports whether the keyword is said to the caller (imperative or
// "you ..."), not about the speaker or a third party.
func (b back) addressed() bool {
	return b.subj == "" || b.subj == "you" || thingSubj[b.subj]
}

var (
	noNeg       = set("need more longer point reason")
	notNowWords = set("now today tonight yet")
	pastAux     = set("did was were had has have")
	pronouns    = set("i you we they he she it this that these those someone somebody people everyone anyone nobody")
	thingSubj   = set("it this that these those")
	modals      = set("would will shall should can could may might must need needs has have had got ought supposed going")
	wants       = set("want wants wanted wish like love need needs receive receiving get getting accept take taking asked ask asking tell told telling")
	bridge      = set("to do does did am is are was were be been being go please just really ever even again also " +
		"kindly simply now all any more your my our the a an some such of at so too very bit little kind quite " +
		"pretty super particularly actually honestly seriously better rather let try trying say saying said mean " +
		"give gave given expect expecting intend plan planning prefer okay right there")
)

// runeBefore returns the rune ending at byte offset i of s (0 if none).
func runeBefore(s string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// runeAt returns the rune starting at byte offset i of s (0 if none).
func runeAt(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// tail returns the last n runes of s[:i].
func tail(s string, i, n int) string {
	j := i
	for k := 0; k < n && j > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:j])
		j -= size
	}
	return s[j:i]
}

// head returns the first n runes of s[i:].
func head(s string, i, n int) string {
	j := i
	for k := 0; k < n && j < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	return s[i:j]
}

// hasAny reports whether s contains one of subs.
func hasAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// zhNeg are the characters that negate what follows them in Chinese.
const zhNeg = "不没无非未别勿甭莫"

// zhNegated reports whether one of the win runes before byte offset i negates.
func zhNegated(s string, i, win int) bool {
	return strings.ContainsAny(tail(s, i, win), zhNeg)
}

// forEach calls f with the byte offset of every occurrence of sub in s until f returns true.
func forEach(s, sub string, f func(i int) bool) bool {
	off := 0
	for {
		k := strings.Index(s[off:], sub)
		if k < 0 {
			return false
		}
		if f(off + k) {
			return true
		}
		off += k + len(sub)
	}
}

// hanOnly joins the Chinese runs of a normalized string (dropping the spaces) and
// keeps Latin words separated by spaces so that "你是 ai 吗" reads "你是ai吗".
func hanOnly(norm string) string {
	if !strings.Contains(norm, " ") {
		return norm
	}
	return strings.ReplaceAll(norm, " ", "")
}

// hasHan reports whether s contains a CJK ideograph.
func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}
