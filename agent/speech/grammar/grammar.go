// Package grammar builds the JSGF grammars that constrain offline speech
// recognition to what a callee is expected to say at one point of a call: the
// answers to the current survey question plus the phrasings of opt-out,
// refusal, callback, identity and are-you-a-robot requests. It also holds the
// default English phrase lists and a check of phrases against the recogniser's
// pronunciation dictionary.
//
// Phrases may come from campaign files, so every phrase is reduced to plain
// lower-case word tokens before it is written: JSGF syntax in a phrase cannot
// change the grammar.
package grammar

import (
	"strconv"
	"strings"
	"unicode"
)

// DefaultName is the grammar name used when Phrases.Name is empty.
const DefaultName = "candor"

// Rule is a named set of alternative phrases.
type Rule struct {
	Name    string
	Phrases []string
}

// Phrases is what one grammar accepts.
type Phrases struct {
	// Name is the grammar name (DefaultName when empty).
	Name string
	// Answers are the expected answers to the current question (rule "answer").
	Answers []string
	// Intents are further rules accepted at any time, such as DefaultIntents().
	Intents []Rule
	// Garbage adds a path of any sequence of common filler words (rule
	// <garbage>), so that off-topic speech can end there instead of being
	// forced onto an expected phrase. A recogniser then rejects any result
	// that is not one of Keyphrases(p).
	//
	// Measured with synthetic voices: it rejects off-topic sentences well but
	// also swallows many short in-grammar utterances (JSGF weights had no
	// effect on pocketsphinx 0.8's choice), so it is off by default.
	Garbage bool
}

// GarbageRule is the name of the filler-word rule added by Phrases.Garbage.
const GarbageRule = "garbage"

// Rules returns the sanitized rules of p in grammar order: "answer" first when
// it has phrases, then the intents. Phrases that sanitize to nothing and
// repeated phrases are dropped, as are rules left empty; rule names are
// sanitized and made unique.
func (p Phrases) Rules() []Rule {
	all := make([]Rule, 0, 1+len(p.Intents))
	all = append(all, Rule{Name: RuleAnswer, Phrases: p.Answers})
	all = append(all, p.Intents...)
	seenName := map[string]bool{}
	var out []Rule
	for i, r := range all {
		var phrases []string
		seen := map[string]bool{}
		for _, ph := range r.Phrases {
			s := Sanitize(ph)
			if s == "" || seen[s] {
				continue
			}
			seen[s] = true
			phrases = append(phrases, s)
		}
		if len(phrases) == 0 {
			continue
		}
		name := ruleName(r.Name)
		if name == "" {
			name = "rule_" + strconv.Itoa(i)
		}
		for base, n := name, 2; seenName[name]; n++ {
			name = base + "_" + strconv.Itoa(n)
		}
		seenName[name] = true
		out = append(out, Rule{Name: name, Phrases: phrases})
	}
	return out
}

// Keyphrases returns every phrase of p once, sanitized, in grammar order. It is
// the list a keyword-spotting pass needs to confirm a grammar result.
func Keyphrases(p Phrases) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range p.Rules() {
		for _, ph := range r.Phrases {
			if !seen[ph] {
				seen[ph] = true
				out = append(out, ph)
			}
		}
	}
	return out
}

// JSGF returns a JSGF 1.0 grammar accepting exactly one phrase of p per
// utterance. The public rule is <utterance>; each non-empty rule of p becomes a
// private rule. When p has no phrases at all, <utterance> is <VOID> (nothing
// matches).
func JSGF(p Phrases) string {
	var b strings.Builder
	name := ruleName(p.Name)
	if name == "" {
		name = DefaultName
	}
	b.WriteString("#JSGF V1.0;\n\n")
	b.WriteString("grammar " + name + ";\n\n")
	rules := p.Rules()
	if p.Garbage {
		name := GarbageRule
		for taken(rules, name) {
			name += "_"
		}
		rules = append(rules, Rule{Name: name, Phrases: []string{"<" + name + "_word>+"}})
		rules = append(rules, Rule{Name: name + "_word", Phrases: garbageWords})
	}
	if len(rules) == 0 {
		b.WriteString("public <utterance> = <VOID>;\n")
		return b.String()
	}
	b.WriteString("public <utterance> =")
	for i, r := range rules {
		if p.Garbage && i == len(rules)-1 {
			break // the filler word rule is used only by the garbage rule
		}
		if i > 0 {
			b.WriteString(" |")
		}
		b.WriteString(" <" + r.Name + ">")
	}
	b.WriteString(";\n")
	for _, r := range rules {
		b.WriteString("\n<" + r.Name + "> =")
		for i, ph := range r.Phrases {
			if i > 0 {
				b.WriteString("\n    |")
			}
			b.WriteString(" " + ph)
		}
		b.WriteString(";\n")
	}
	return b.String()
}

// Sanitize reduces a phrase to lower-case word tokens separated by single
// spaces. A token is a run of letters and digits, possibly with apostrophes
// inside it ("don't"); everything else (punctuation, JSGF operators, quotes,
// control characters) separates tokens.
func Sanitize(phrase string) string {
	var b strings.Builder
	var word []rune
	flush := func() {
		// Apostrophes only inside a word.
		for len(word) > 0 && word[len(word)-1] == '\'' {
			word = word[:len(word)-1]
		}
		for len(word) > 0 && word[0] == '\'' {
			word = word[1:]
		}
		if len(word) > 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(string(word))
		}
		word = word[:0]
	}
	for _, r := range phrase {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, unicode.ToLower(r))
		case r == '\'' || r == '\u2019': // typographic apostrophe too
			if len(word) > 0 && word[len(word)-1] != '\'' {
				word = append(word, '\'')
			}
		default:
			flush()
		}
	}
	flush()
	return b.String()
}

// ruleName reduces s to a JSGF rule name of [a-z0-9_].
func ruleName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		case r == '-' || r == ' ' || r == '.':
			b.WriteByte('_')
		}
	}
	name := strings.Trim(b.String(), "_")
	// Names JSGF reserves.
	switch name {
	case "null", "void":
		name += "_rule"
	}
	return name
}

func taken(rules []Rule, name string) bool {
	for _, r := range rules {
		if r.Name == name || r.Name == name+"_word" {
			return true
		}
	}
	return false
}
