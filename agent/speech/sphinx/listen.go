package sphinx

import (
	"strings"

	"candor/guardrails"
)

// OptOutKeywords are the word groups that carry an opt-out whatever its
// wording, spotted anywhere in every utterance by the keyword search. Each
// is only evidence: a hit confirms an opt-out read by the grammar or the
// general pass, it never makes one on its own.
func OptOutKeywords() []Keyword {
	return []Keyword{
		{"stop calling", 1e-20},
		{"stop", 1e-10},
		{"remove", 1e-15},
		{"take me off", 1e-25},
		{"take my number off", 1e-30},
		{"don't call", 1e-20},
		{"do not call", 1e-25},
		{"your list", 1e-15},
		{"calling list", 1e-20},
		{"my number", 1e-15},
		{"unsubscribe", 1e-20},
		{"opt out", 1e-15},
		{"no more calls", 1e-25},
	}
}

// Source says which pass a Result's Text comes from.
type Source string

// Result sources.
const (
	// SourceGrammar: the grammar phrase, supported by the general pass.
	SourceGrammar Source = "grammar"
	// SourceGeneral: the general language-model transcript.
	SourceGeneral Source = "general"
	// SourceNone: nothing usable (unintelligible); Text is empty.
	SourceNone Source = ""
)

// hearing is every pass over one utterance.
type hearing struct {
	grammar, reference, general pass
	keywords                    []KeywordHit
}

// pass is one search's result on an utterance.
type pass struct {
	text   string
	score  int
	frames int
	words  int // frames of the best path spent in words
	hits   []KeywordHit
}

// decision is what the cross-check of the passes makes of an utterance.
type decision struct {
	text   string
	source Source
	// optOut: the text is read as an opt-out and the passes agree on it.
	optOut bool
}

// fillerWords carry no answer or request of their own: the cross-check
// ignores them when it looks for a grammar phrase's words in the general
// transcript.
var fillerWords = wordSet("i i'd i'm would say give it a an the um uh well maybe about probably guess think " +
	"by on in through with used booked out of to me my you your is was please just like so oh")

// homophones maps words the general pass writes for a grammar word.
var homophones = map[string]string{
	"for": "four", "fore": "four", "to": "two", "too": "two", "won": "one", "ate": "eight",
	"yeah": "yes", "yep": "yes", "nope": "no", "know": "no", "web": "website", "site": "website",
	"don't": "do", "not": "do",
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func canon(w string) string {
	if c, ok := homophones[w]; ok {
		return c
	}
	return w
}

// support is the share of the content words of phrase (not fillerWords)
// that the transcript has too, and the number of those content words.
func support(phrase, transcript string) (float64, int) {
	have := map[string]bool{}
	for _, w := range strings.Fields(transcript) {
		have[canon(w)] = true
	}
	n, found := 0, 0
	for _, w := range strings.Fields(phrase) {
		if fillerWords[w] {
			continue
		}
		n++
		if have[canon(w)] {
			found++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(found) / float64(n), n
}

// decide cross-checks the passes over one utterance:
//
//   - an opt-out needs two of three readings: the grammar phrase is an
//     opt-out, the general transcript reads as one, a keyword that carries
//     one was spotted. The text is then the general transcript when it reads
//     as an opt-out, else the grammar phrase. A single reading is never an
//     opt-out: the general transcript is returned only if it does not read
//     as one, else nothing (the agent asks again).
//   - any other grammar phrase (an answer, a refusal, a callback...) is kept
//     only when the general transcript supports it: it has the phrase's
//     content words (an answer: all of them; a request: half), or reads as
//     the same intent.
//   - otherwise the text is the general transcript, or nothing.
//
// gramOK is false when the grammar result was rejected by its own confidence
// rule; kind is what the grammar phrase would be acted on as.
func decide(h hearing, kind phraseKind, gramOK bool, lang string) decision {
	g, t := h.grammar.text, h.general.text
	if !gramOK {
		g = ""
	}
	gi, ti := guardrails.IntentNone, guardrails.IntentNone
	if g != "" {
		gi = guardrails.ClassifyLang(g, lang)
	}
	if t != "" {
		ti = guardrails.ClassifyLang(t, lang)
	}
	optG := g != "" && (kind == phraseOptOut || gi == guardrails.IntentOptOut)
	optT := ti == guardrails.IntentOptOut
	optK := len(h.keywords) > 0
	if optG && !optK && !optT {
		// The grammar's opt-out is also supported when the transcript has
		// most of its words ("take me off the list" heard as "take me off
		// your lead").
		if s, n := support(g, t); n > 0 && s >= 0.5 {
			optK = true
		}
	}
	votes := 0
	for _, v := range []bool{optG, optT, optK} {
		if v {
			votes++
		}
	}
	switch {
	case votes >= 2 && optT:
		return decision{text: t, source: SourceGeneral, optOut: true}
	case votes >= 2:
		return decision{text: g, source: SourceGrammar, optOut: true}
	case optT:
		// The transcript alone reads an opt-out nothing else heard.
		return decision{}
	}
	if g != "" && gi != guardrails.IntentOptOut && kind != phraseOptOut {
		s, n := support(g, t)
		switch {
		case kind == phraseAnswer && n > 0 && s == 1:
			return decision{text: g, source: SourceGrammar}
		case kind != phraseAnswer && gi != guardrails.IntentNone && ti == gi:
			return decision{text: g, source: SourceGrammar}
		case kind != phraseAnswer && n > 0 && s >= 0.5:
			return decision{text: g, source: SourceGrammar}
		}
	}
	if t == "" {
		return decision{}
	}
	return decision{text: t, source: SourceGeneral}
}
