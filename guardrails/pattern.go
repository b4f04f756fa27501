package guardrails

import "strings"

// pattern is a compiled English word pattern. Its source is words separated by
// spaces; "a|b" is a choice, a trailing "?" makes a slot optional, "*" skips up
// to three words and "$" matches the end of the sentence. The first slot must be
// a plain choice (it is the index key).
type pattern struct {
	src   string
	slots []slot
	cat   Category
}

type slot struct {
	alts map[string]bool
	opt  bool
	gap  bool
	end  bool
}

func compilePattern(src string, cat Category) *pattern {
	p := &pattern{src: src, cat: cat}
	for _, f := range strings.Fields(src) {
		var s slot
		switch {
		case f == "*":
			s.gap = true
		case f == "$":
			s.end = true
		default:
			if strings.HasSuffix(f, "?") {
				s.opt = true
				f = strings.TrimSuffix(f, "?")
			}
			s.alts = make(map[string]bool)
			for _, a := range strings.Split(f, "|") {
				s.alts[a] = true
			}
		}
		p.slots = append(p.slots, s)
	}
	return p
}

// match reports whether the pattern matches w starting at i.
func (p *pattern) match(w []string, i int) bool {
	return matchSlots(p.slots, w, i)
}

func matchSlots(slots []slot, w []string, i int) bool {
	if len(slots) == 0 {
		return true
	}
	s := slots[0]
	switch {
	case s.end:
		return i == len(w)
	case s.gap:
		for k := 0; k <= 3 && i+k <= len(w); k++ {
			if matchSlots(slots[1:], w, i+k) {
				return true
			}
		}
		return false
	}
	if i < len(w) && s.alts[w[i]] && matchSlots(slots[1:], w, i+1) {
		return true
	}
	return s.opt && matchSlots(slots[1:], w, i)
}

// patternIndex finds the patterns that can start at a word.
type patternIndex map[string][]*pattern

func (ix patternIndex) add(p *pattern) {
	for a := range p.slots[0].alts {
		ix[a] = append(ix[a], p)
	}
}
