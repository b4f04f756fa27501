package sphinx

import (
	"strings"

	"candor/guardrails"
)

// OptOutKeywords are the word groups that carry an opt-out whatever its
// wording, spotted anywhere in every utterance by the keyword search. Strong
// ones are opt-outs on their own ("stop calling"); weak ones only add
// evidence ("your list", "remove"). A hit never makes an opt-out alone: see
// decide.
func OptOutKeywords() []Keyword {
	return []Keyword{
		{"stop calling", 1e-20},
		{"take me off", 1e-25},
		{"take my number off", 1e-30},
		{"don't call", 1e-20},
		{"do not call", 1e-25},
		{"remove me", 1e-15},
		{"remove my number", 1e-25},
		{"unsubscribe", 1e-20},
		{"opt out", 1e-15},
		{"no more calls", 1e-25},
		{"stop", 1e-10},
		{"remove", 1e-15},
		{"your list", 1e-15},
		{"calling list", 1e-20},
		{"my number", 1e-15},
	}
}

// weakKeywords are the OptOutKeywords that are not opt-outs on their own.
var weakKeywords = wordSetLines("stop", "remove", "your list", "calling list", "my number")

func wordSetLines(s ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range s {
		m[w] = true
	}
	return m
}

// keywordEvidence returns the strong keyphrases spotted, in order, and the
// number of distinct keyphrases spotted: phrases sharing a word ("stop
// calling", "calling list") count once, as one stretch of speech can be
// spotted as both.
func keywordEvidence(hits []KeywordHit) (strong []string, distinct int) {
	var groups []map[string]bool
	seen := map[string]bool{}
	for _, h := range hits {
		if seen[h.Phrase] {
			continue
		}
		seen[h.Phrase] = true
		if !weakKeywords[h.Phrase] {
			strong = append(strong, h.Phrase)
		}
		words := strings.Fields(h.Phrase)
		joined := false
		for _, g := range groups {
			for _, w := range words {
				if g[w] {
					joined = true
				}
			}
			if joined {
				for _, w := range words {
					g[w] = true
				}
				break
			}
		}
		if !joined {
			groups = append(groups, wordSetLines(words...))
		}
	}
	return strong, len(groups)
}

// Source says which pass a Result's Text comes from.
type Source string

// Result sources.
const (
	// SourceGrammar: the grammar phrase, supported by the general pass.
	SourceGrammar Source = "grammar"
	// SourceGeneral: the general language-model transcript.
	SourceGeneral Source = "general"
	// SourceKeywords: the opt-out keyphrases spotted (several of them, at
	// separate places, at least one strong).
	SourceKeywords Source = "keywords"
	// SourceNone: nothing usable (unintelligible); Text is empty.
	SourceNone Source = ""
)

// hearing is every pass over one utterance.
type hearing struct {
	grammar, reference, general pass
	// garbage is the grammar with a garbage path decoded on the same audio:
	// its phrase agrees with grammar when the phrase fits better than free
	// words.
	garbage  pass
	keywords []KeywordHit
	// generalRun is false when the general and garbage passes were skipped
	// (see needGeneral).
	generalRun bool
}

// needGeneral says whether an utterance needs the general pass: not when
// the grammar phrase is a kept answer that fits at least as well as the
// reference loop, or a kept request that ends nothing (callback, identity,
// are-you-a-robot, repeat), and no opt-out keyphrase was spotted. Most
// answers of a call are such, and the general pass costs several times the
// others.
func needGeneral(h hearing, ev grammarEvidence, lang string) bool {
	if len(h.keywords) > 0 || !ev.ok || h.grammar.text == "" {
		return true
	}
	switch ev.kind {
	case phraseAnswer:
		return !ev.sureAnswer
	case phraseOptOut:
		return true
	}
	gi := guardrails.ClassifyLang(h.grammar.text, lang)
	return gi == guardrails.IntentOptOut || gi == guardrails.IntentRefusal
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
	// heardOptOut: the text is not an opt-out, but words that carry one
	// were heard (see carriesOptOut): the agent asks whether the callee
	// wants no more calls rather than go on as if nothing was said.
	heardOptOut bool
}

// fillerWords carry no answer or request of their own: the cross-check
// ignores them when it looks for a grammar phrase's words in the general
// transcript.
var fillerWords = wordSet("i i'd i'm would say give it a an the um uh well maybe about probably guess think " +
	"by on in through with used booked out of to me my you your is was please just like so oh")

// carrierWords carry an opt-out: a grammar opt-out or a keyphrase is
// supported by the general transcript when it has these words in common.
var carrierWords = wordSet("stop stopped calling call calls remove removed list number off take opt unsubscribe anymore again never")

// carriersShared counts the carrierWords of phrase that the transcript has
// too (a transcript word starting with one counts: "calling" for "call").
func carriersShared(phrase, transcript string) int {
	tw := strings.Fields(transcript)
	n := 0
	seen := map[string]bool{}
	for _, w := range strings.Fields(phrase) {
		if !carrierWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		for _, x := range tw {
			if strings.HasPrefix(x, w) {
				n++
				break
			}
		}
	}
	return n
}

// echoes reports whether a general transcript sounds like the grammar
// phrase where it matters: the phrase's longest word (six letters or more,
// the word that carries it) has a transcript word starting with the same
// four letters, and at least half the phrase's words are matched (the same
// word, a homophone, or the same first four letters). A transcript that
// keeps only the short words ("no not that" for "no i'm not interested")
// does not echo.
func echoes(phrase, transcript string) bool {
	pw, tw := strings.Fields(phrase), strings.Fields(transcript)
	if len(pw) == 0 || len(tw) == 0 {
		return false
	}
	match := func(w string) bool {
		for _, x := range tw {
			if x == w || homophones[x] == w || len(w) >= 4 && len(x) >= 4 && x[:4] == w[:4] {
				return true
			}
		}
		return false
	}
	longest := ""
	n := 0
	for _, w := range pw {
		if len(w) > len(longest) {
			longest = w
		}
		if match(w) {
			n++
		}
	}
	return len(longest) >= 6 && match(longest) && 2*n >= len(pw)
}

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

// grammarEvidence is what the grammar pass says of its phrase: what it
// would be acted on as, whether its own confidence rule kept it (ok), and
// whether it clears the higher bars of a sure opt-out or a sure answer.
type grammarEvidence struct {
	kind                       phraseKind
	ok, sureEnding, sureAnswer bool
	confidence                 float64 // Result.Confidence (0 without a reference)
}

// decide cross-checks the passes over one utterance:
//
//   - an opt-out needs two readings of three: the grammar phrase is an
//     opt-out, the general transcript reads as one, an opt-out keyphrase was
//     spotted (or the transcript shares two carrier words with the grammar
//     phrase). Keyword spotting only confirms: on its own it false-alarms
//     ("how did you get my number"). The text is then the general
//     transcript when it reads as an opt-out, else the grammar phrase.
//     Keyphrases alone are an opt-out only when spotted at two separate
//     places, one strong and longer than "opt out", and the grammar heard
//     nothing else well; the text is then the longest strong keyphrase
//     (each reads as an opt-out). A general transcript that alone reads as
//     an opt-out gives nothing (the agent asks again).
//     A grammar opt-out that fits far better than the reference word loop
//     (EndingSureConfidence, EndingSureCoverage) counts as two readings.
//   - a refusal from the grammar needs the general transcript to read as a
//     refusal too, or a sure fit against the reference word loop
//     (EndingSureConfidence), or the transcript to echo the phrase's sound
//     (see echoes: "no thanks i'm not interested" written "no fat high not
//     interrupted").
//   - an answer from the grammar needs the general transcript to have all
//     its content words, or the grammar with a garbage path to pick it too,
//     or a fit better than the reference word loop (AnswerSureConfidence):
//     the general pass writes short answers poorly ("four" as "or").
//   - callback, identity, are-you-a-robot and repeat phrases end nothing:
//     the grammar's own rejection rule decides them, as before.
//   - otherwise the text is the general transcript, or nothing.
//
// ev describes the grammar result (see grammarEvidence).
func decide(h hearing, ev grammarEvidence, lang string) decision {
	d := decideText(h, ev, lang)
	if !d.optOut && !(ev.kind == phraseAnswer && ev.sureAnswer) {
		strong, distinct := keywordEvidence(h.keywords)
		spotted := false
		for _, k := range strong {
			spotted = spotted || k != "opt out"
		}
		d.heardOptOut = spotted || distinct >= 2 || carriesOptOut(h.general.text)
	}
	return d
}

// decideText is decide without the heard-opt-out reading.
func decideText(h hearing, ev grammarEvidence, lang string) decision {
	kind, gramOK := ev.kind, ev.ok
	g, t := h.grammar.text, h.general.text
	if !gramOK {
		g = ""
	}
	gi, ti := guardrails.IntentNone, guardrails.IntentNone
	if g != "" {
		gi = guardrails.ClassifyLang(g, lang)
	}
	weakT := false
	if t != "" {
		r := guardrails.ClassifyResult(t, lang)
		ti, weakT = r.Intent, r.Weak
	}
	strong, distinct := keywordEvidence(h.keywords)
	optG := g != "" && (kind == phraseOptOut || gi == guardrails.IntentOptOut)
	optT := ti == guardrails.IntentOptOut
	optK := distinct > 0
	if optG && !optK && !optT && carriersShared(g, t) >= 2 {
		// The grammar's opt-out is also supported when the transcript has
		// two of the words that carry it ("take me off the list" heard as
		// "take me off your lead").
		optK = true
	}
	votes := 0
	for _, v := range []bool{optG, optT, optK} {
		if v {
			votes++
		}
	}
	if optG && ev.sureEnding {
		// A grammar opt-out that fits far better than the reference word
		// loop (a second search of the same audio) counts twice.
		votes++
	}
	agree := h.garbage.text == h.grammar.text
	// Keyword spotting alone: keyphrases at two separate places, one of them
	// strong and not the shortest ("opt out"), while the grammar heard
	// nothing else well (no kept phrase fitting at least as well as free
	// words).
	spotted := ""
	for _, k := range strong {
		if k != "opt out" && len(k) > len(spotted) {
			spotted = k
		}
	}
	heardElse := gramOK && h.grammar.text != "" && ev.confidence >= 0
	kwAlone := spotted != "" && distinct >= 2 && !heardElse
	switch {
	case votes >= 2 && optT && (!weakT || !optG):
		// The transcript's own words, unless they read only weakly and the
		// grammar's phrase says it plainly.
		return decision{text: t, source: SourceGeneral, optOut: true}
	case votes >= 2 && optG:
		return decision{text: g, source: SourceGrammar, optOut: true}
	case kwAlone:
		return decision{text: spotted, source: SourceKeywords, optOut: true}
	case optT:
		// The transcript alone reads an opt-out nothing else heard.
		return decision{}
	}
	if g != "" && gi != guardrails.IntentOptOut && kind != phraseOptOut {
		s, n := support(g, t)
		switch {
		case kind == phraseAnswer && ((n > 0 && s == 1) || agree || ev.sureAnswer):
			return decision{text: g, source: SourceGrammar}
		case gi == guardrails.IntentRefusal && (ti == gi || ev.sureEnding || echoes(g, t)):
			return decision{text: g, source: SourceGrammar}
		case kind != phraseAnswer && gi != guardrails.IntentRefusal:
			// Callback, identity, are-you-a-robot, repeat: none ends the
			// call; the grammar's own rejection rule has kept it.
			return decision{text: g, source: SourceGrammar}
		}
	}
	if t == "" || ti == guardrails.IntentOptOut {
		return decision{}
	}
	return decision{text: t, source: SourceGeneral}
}

// carriesOptOut reports whether a general transcript holds the words that
// carry an opt-out in any wording, though it may not read as a sentence: a
// verb of taking off or removing with the callee or the number as its
// object ("take me off", "remove my number", "removed from your list"), a
// stop or a negated call aimed at the callee ("stop calling", "don't call
// me"), calls that should end ("call me anymore", "no more calls"), or a
// list of numbers not to call ("calling list", "unsubscribe", "opt out").
// A recogniser's broken transcript keeps these words more often than the
// rest of the sentence.
func carriesOptOut(transcript string) bool {
	w := strings.Fields(transcript)
	within := func(i, n int, set map[string]bool) int {
		for j := i + 1; j < len(w) && j <= i+n; j++ {
			if set[w[j]] {
				return j
			}
		}
		return -1
	}
	for i, x := range w {
		switch {
		case takeVerbs[x]:
			if j := within(i, 2, callee); j >= 0 && within(j, 2, offWords) >= 0 {
				return true
			}
		case removeVerbs[x]:
			if within(i, 1, callee) >= 0 {
				return true
			}
			if j := within(i, 1, fromWords); j >= 0 && within(j, 2, listWords) >= 0 {
				return true
			}
		case stopVerbs[x]:
			if within(i, 1, callVerbs) >= 0 {
				return true
			}
		case negations[x]:
			if j := within(i, 1, callVerbs); j >= 0 && within(j, 2, aimed) >= 0 {
				return true
			}
		case x == "unsubscribe":
			return true
		case x == "opt" && i+1 < len(w) && w[i+1] == "out":
			return true
		case callVerbs[x] && i+2 < len(w) && w[i+1] == "me" && (w[i+2] == "anymore" || w[i+2] == "any"):
			return true
		case x == "more" && i > 0 && w[i-1] == "no" && within(i, 1, callVerbs) >= 0:
			return true
		case (x == "calling" || x == "call") && i+1 < len(w) && w[i+1] == "list":
			return true
		}
	}
	return false
}

var (
	takeVerbs   = wordSet("take taking took get keep")
	removeVerbs = wordSet("remove removed removing delete deleted erase")
	stopVerbs   = wordSet("stop stopped quit")
	negations   = wordSet("don't dont never")
	callVerbs   = wordSet("call calling calls ring ringing phone phoning dial dialing contacting bothering")
	callee      = wordSet("me my us our this number")
	offWords    = wordSet("off")
	fromWords   = wordSet("from off")
	listWords   = wordSet("list lists system database records")
	aimed       = wordSet("me us here again anymore this number")
)
