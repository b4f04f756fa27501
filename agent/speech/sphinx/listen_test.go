package sphinx

import (
	"testing"

	"candor/guardrails"
)

func hits(phrases ...string) []KeywordHit {
	var out []KeywordHit
	for i, p := range phrases {
		out = append(out, KeywordHit{Phrase: p, Start: 10 * i, End: 10*i + 5})
	}
	return out
}

func TestDecide(t *testing.T) {
	cases := []struct {
		name       string
		g, t, gb   string
		kws        []KeywordHit
		ev         grammarEvidence
		wantText   string
		wantSource Source
		wantOptOut bool
	}{
		{name: "a rating forced onto an opt-out phrase is the general transcript",
			g: "i want to opt out", t: "i would say a four", ev: grammarEvidence{kind: phraseOptOut, ok: true},
			wantText: "i would say a four", wantSource: SourceGeneral},
		{name: "a forced opt-out with one shared filler word is not supported",
			g: "i want to opt out", t: "i'd want it or", ev: grammarEvidence{kind: phraseOptOut, ok: true},
			wantText: "i'd want it or", wantSource: SourceGeneral},
		{name: "grammar opt-out and a keyword",
			g: "take me off your list", t: "and the coffee on a", kws: hits("take me off"), ev: grammarEvidence{kind: phraseOptOut, ok: true},
			wantText: "take me off your list", wantSource: SourceGrammar, wantOptOut: true},
		{name: "grammar opt-out and the transcript's carrier words",
			g: "take me off the list", t: "take me off your lead", ev: grammarEvidence{kind: phraseOptOut, ok: true},
			wantText: "take me off your lead", wantSource: SourceGeneral, wantOptOut: true},
		{name: "grammar opt-out and the transcript's carrier words, the transcript not an opt-out",
			g: "take me off the list", t: "take me often list", ev: grammarEvidence{kind: phraseOptOut, ok: true},
			wantText: "take me off the list", wantSource: SourceGrammar, wantOptOut: true},
		{name: "transcript opt-out and a keyword",
			g: "on the phone", t: "please remove me from your list", kws: hits("remove me"), ev: grammarEvidence{kind: phraseAnswer, ok: true},
			wantText: "please remove me from your list", wantSource: SourceGeneral, wantOptOut: true},
		{name: "the transcript alone reading an opt-out gives nothing",
			g: "i'd give it a two", t: "i'd like to be removed from your list", ev: grammarEvidence{kind: phraseAnswer},
			wantSource: SourceNone},
		{name: "keyphrases at two places, one strong",
			g: "", t: "the fuck you flintoff hole", kws: hits("stop calling", "remove"),
			wantText: "stop calling", wantSource: SourceKeywords, wantOptOut: true},
		{name: "the longest strong keyphrase is the text",
			g: "i'd give it a two", t: "attribute the top dog", kws: hits("opt out", "stop", "remove my number", "my number"),
			ev:       grammarEvidence{kind: phraseAnswer, ok: false, confidence: -8},
			wantText: "remove my number", wantSource: SourceKeywords, wantOptOut: true},
		{name: "keyphrases while the grammar heard something else well",
			g: "what is this call about", t: "what is this call about", kws: hits("opt out", "don't call"),
			ev:       grammarEvidence{kind: phraseOther, ok: true, confidence: 7.5},
			wantText: "what is this call about", wantSource: SourceGrammar},
		{name: "only opt out and a weak keyword",
			g: "", t: "the coffee shop opens", kws: hits("opt out", "stop"),
			wantText: "the coffee shop opens", wantSource: SourceGeneral},
		{name: "one strong keyphrase alone",
			g: "", t: "the look calm yeah", kws: hits("don't call"),
			wantText: "the look calm yeah", wantSource: SourceGeneral},
		{name: "a weak keyword alone is nothing",
			g: "", t: "my wife usually handles the bills", kws: hits("my number"),
			wantText: "my wife usually handles the bills", wantSource: SourceGeneral},
		{name: "a sure grammar opt-out",
			g: "please stop calling me", t: "read on the leisure", ev: grammarEvidence{kind: phraseOptOut, ok: true, sureEnding: true},
			wantText: "please stop calling me", wantSource: SourceGrammar, wantOptOut: true},
		{name: "an answer with its words in the transcript",
			g: "i would say four", t: "i would have for", ev: grammarEvidence{kind: phraseAnswer, ok: true},
			wantText: "i would say four", wantSource: SourceGrammar},
		{name: "an answer the transcript does not support",
			g: "five out of five", t: "i've had to wait on hold", ev: grammarEvidence{kind: phraseAnswer, ok: true},
			wantText: "i've had to wait on hold", wantSource: SourceGeneral},
		{name: "a confident answer",
			g: "four", t: "or", ev: grammarEvidence{kind: phraseAnswer, ok: true, sureAnswer: true},
			wantText: "four", wantSource: SourceGrammar},
		{name: "a rejected grammar phrase is not used",
			g: "five", t: "all five that the", ev: grammarEvidence{kind: phraseAnswer, ok: false, sureAnswer: true},
			wantText: "all five that the", wantSource: SourceGeneral},
		{name: "a refusal needs the transcript's refusal",
			g: "no i'm not interested", t: "no not that", ev: grammarEvidence{kind: phraseOther, ok: true},
			wantText: "no not that", wantSource: SourceGeneral},
		{name: "a refusal the transcript echoes",
			g: "no thanks i'm not interested", t: "no fat high not interrupted", ev: grammarEvidence{kind: phraseOther, ok: true},
			wantText: "no thanks i'm not interested", wantSource: SourceGrammar},
		{name: "a transcript with only the refusal's short words",
			g: "no thanks i'm not interested", t: "now fine not that", ev: grammarEvidence{kind: phraseOther, ok: true},
			wantText: "now fine not that", wantSource: SourceGeneral},
		{name: "a sure refusal",
			g: "no thank you", t: "both accurate", ev: grammarEvidence{kind: phraseOther, ok: true, sureEnding: true},
			wantText: "no thank you", wantSource: SourceGrammar},
		{name: "a refusal the transcript reads too",
			g: "i'm not interested", t: "i'm not interested thanks", ev: grammarEvidence{kind: phraseOther, ok: true},
			wantText: "i'm not interested", wantSource: SourceGrammar},
		{name: "a callback kept by its own rule",
			g: "call me tomorrow", t: "all the more", ev: grammarEvidence{kind: phraseCallback, ok: true},
			wantText: "call me tomorrow", wantSource: SourceGrammar},
		{name: "an answer the garbage grammar agrees on",
			g: "by phone", gb: "by phone", t: "white bone", ev: grammarEvidence{kind: phraseAnswer, ok: true},
			wantText: "by phone", wantSource: SourceGrammar},
		{name: "nothing at all", wantSource: SourceNone},
	}
	for _, c := range cases {
		h := hearing{grammar: pass{text: c.g}, garbage: pass{text: c.gb}, general: pass{text: c.t}, keywords: c.kws}
		d := decide(h, c.ev, "en")
		if d.text != c.wantText || d.source != c.wantSource || d.optOut != c.wantOptOut {
			t.Errorf("%s: got %q (%q, opt-out %v), want %q (%q, opt-out %v)", c.name, d.text, d.source, d.optOut, c.wantText, c.wantSource, c.wantOptOut)
		}
	}
}

// TestStrongKeywordsReadAsOptOuts: a strong keyphrase can be the whole text
// of a result, so the classifier must read each as an opt-out; weak ones
// must not be opt-outs on their own.
func TestStrongKeywordsReadAsOptOuts(t *testing.T) {
	for _, k := range OptOutKeywords() {
		got := guardrails.ClassifyLang(k.Phrase, "en")
		if weakKeywords[k.Phrase] {
			continue
		}
		if got != guardrails.IntentOptOut {
			t.Errorf("strong keyphrase %q: classified %s, want opt_out", k.Phrase, got)
		}
	}
}

func TestCarriersShared(t *testing.T) {
	cases := []struct {
		phrase, transcript string
		want               int
	}{
		{"take me off your list", "take me off your lead", 2},
		{"stop calling me", "stop calling me", 2},
		{"don't call", "okay good call me anymore", 1},
		{"i want to opt out", "i'd want it or", 0},
		{"remove my number", "the removal of numbers", 1},
		{"remove my number", "removed my numbers", 2},
	}
	for _, c := range cases {
		if got := carriersShared(c.phrase, c.transcript); got != c.want {
			t.Errorf("carriersShared(%q, %q): got %d, want %d", c.phrase, c.transcript, got, c.want)
		}
	}
}

func TestNeedGeneral(t *testing.T) {
	cases := []struct {
		name string
		g    string
		kws  []KeywordHit
		ev   grammarEvidence
		want bool
	}{
		{"a sure answer", "four", nil, grammarEvidence{kind: phraseAnswer, ok: true, sureAnswer: true}, false},
		{"a kept answer that is not sure", "four", nil, grammarEvidence{kind: phraseAnswer, ok: true}, true},
		{"a sure answer with a keyphrase spotted", "four", hits("stop calling"), grammarEvidence{kind: phraseAnswer, ok: true, sureAnswer: true}, true},
		{"an identity question", "who is this", nil, grammarEvidence{kind: phraseOther, ok: true}, false},
		{"an opt-out", "stop calling me", nil, grammarEvidence{kind: phraseOptOut, ok: true, sureEnding: true}, true},
		{"a refusal", "no thank you", nil, grammarEvidence{kind: phraseOther, ok: true, sureEnding: true}, true},
		{"a rejected phrase", "five", nil, grammarEvidence{kind: phraseAnswer}, true},
		{"no grammar phrase", "", nil, grammarEvidence{}, true},
	}
	for _, c := range cases {
		h := hearing{grammar: pass{text: c.g}, keywords: c.kws}
		if got := needGeneral(h, c.ev, "en"); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
