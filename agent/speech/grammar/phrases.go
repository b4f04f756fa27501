package grammar

import (
	"slices"
	"strings"
)

// Rule names of the default intent phrase sets. They match the callee intents
// of the guardrail contract, so a recognised phrase can be traced to the rule
// that produced it.
const (
	RuleAnswer      = "answer"
	RuleOptOut      = "opt_out"
	RuleRefusal     = "refusal"
	RuleCallback    = "callback"
	RuleAskIdentity = "ask_identity"
	RuleAskIfAI     = "ask_if_ai"
	RuleRepeat      = "repeat"
	RuleUnsure      = "unsure"
)

// The default English phrase lists: lower case, words only, every word in the
// pocketsphinx en-US dictionary (a test checks it).
var (
	optOutPhrases = []string{
		"please stop calling me",
		"stop calling me",
		"stop calling",
		"do not call me again",
		"don't call me again",
		"don't call me",
		"never call me again",
		"take me off your list",
		"take me off your calling list",
		"remove me from your list",
		"remove my number",
		"put me on the do not call list",
		"add me to your do not call list",
		"i want to opt out",
		"opt out",
		"unsubscribe",
	}
	refusalPhrases = []string{
		"no thanks",
		"no thank you",
		"i'm not interested",
		"not interested",
		"i don't want to do this survey",
		"i don't want to do a survey",
		"i don't want to talk",
		"i don't have time for this",
		"i'd rather not",
		"leave me alone",
		"goodbye",
		"bye",
	}
	callbackPhrases = []string{
		"call me back later",
		"call me later",
		"call back later",
		"can you call me back later",
		"call me tomorrow",
		"call me back tomorrow",
		"this is not a good time",
		"now is not a good time",
		"i'm busy right now",
		"i'm busy",
	}
	identityPhrases = []string{
		"who is this",
		"who are you",
		"who is calling",
		"who's calling",
		"what company is this",
		"what company are you calling from",
		"who are you calling for",
		"what is this about",
		"what is this call about",
		"why are you calling",
		"why are you calling me",
	}
	askIfAIPhrases = []string{
		"are you a robot",
		"is this a robot",
		"am i talking to a robot",
		"am i talking to a real person",
		"are you a real person",
		"are you a person",
		"are you human",
		"are you a human",
		"is this a real person",
		"are you a computer",
		"is this a computer",
		"are you a machine",
		"is this a recording",
		"is this automated",
		"is this an automated call",
		"are you an ai",
	}
	repeatPhrases = []string{
		"can you repeat that",
		"could you repeat that",
		"repeat that please",
		"what did you say",
		"sorry what",
		"pardon",
	}
	unsurePhrases = []string{
		"i don't know",
		"i'm not sure",
		"not sure",
		"no comment",
		"no opinion",
	}
	yesNoPhrases = []string{
		"yes",
		"yeah",
		"yep",
		"yes please",
		"sure",
		"of course",
		"absolutely",
		"correct",
		"that's right",
		"i think so",
		"no",
		"nope",
		"not really",
		"i don't think so",
		"definitely not",
	}
)

// garbageWords are frequent English words and syllables that absorb
// off-topic speech on the garbage path. They avoid the words that carry the
// meaning of the default phrases (yes, no, stop, call, numbers...).
var garbageWords = []string{
	"the", "a", "an", "and", "of", "in", "on", "at", "for", "with", "from", "by", "as", "it",
	"is", "was", "be", "been", "have", "has", "had", "will", "can", "would", "should",
	"he", "she", "they", "we", "his", "her", "their", "our", "them", "there", "here",
	"that", "which", "when", "where", "how", "if", "or", "but", "so", "very", "more",
	"some", "all", "many", "much", "just", "like", "also", "than", "then", "now",
	"time", "day", "year", "people", "way", "thing", "man", "woman", "world", "life",
	"house", "water", "weather", "city", "school", "book", "work", "home", "car", "food",
	"make", "go", "get", "see", "know", "think", "take", "come", "look", "want", "give",
	"good", "new", "old", "great", "big", "small", "long", "little", "high", "last",
	"up", "down", "out", "over", "into", "after", "before", "between", "under",
	"ah", "oh", "uh", "um", "hm", "la", "ba", "da", "ka", "ma", "pa", "ta", "sa", "ra", "ga",
}

// DefaultIntents returns the default English phrase sets for what a callee may
// say at any point: opt-out, refusal, callback, identity and are-you-a-robot
// questions, requests to repeat, and not knowing. The result is a fresh copy.
func DefaultIntents() []Rule {
	return []Rule{
		{Name: RuleOptOut, Phrases: slices.Clone(optOutPhrases)},
		{Name: RuleRefusal, Phrases: slices.Clone(refusalPhrases)},
		{Name: RuleCallback, Phrases: slices.Clone(callbackPhrases)},
		{Name: RuleAskIdentity, Phrases: slices.Clone(identityPhrases)},
		{Name: RuleAskIfAI, Phrases: slices.Clone(askIfAIPhrases)},
		{Name: RuleRepeat, Phrases: slices.Clone(repeatPhrases)},
		{Name: RuleUnsure, Phrases: slices.Clone(unsurePhrases)},
	}
}

// YesNo returns the default English yes/no answers.
func YesNo() []string { return slices.Clone(yesNoPhrases) }

var (
	smallNumbers = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tensNumbers = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
)

// NumberWords spells n (0..100) the way a recogniser writes it: "seven",
// "twenty one", "one hundred". It returns "" outside that range.
func NumberWords(n int) string {
	switch {
	case n < 0 || n > 100:
		return ""
	case n == 100:
		return "one hundred"
	case n < 20:
		return smallNumbers[n]
	case n%10 == 0:
		return tensNumbers[n/10]
	default:
		return tensNumbers[n/10] + " " + smallNumbers[n%10]
	}
}

// numberCarriers are the ways an answer on a scale is commonly framed.
var numberCarriers = []string{"%s", "i would say %s", "i'd say %s", "maybe %s", "about %s"}

// Numbers returns answers for a scale from lo to hi (clamped to 0..100; a
// reversed range is swapped): each number alone and in a few carrier phrases.
func Numbers(lo, hi int) []string {
	lo, hi = max(0, min(lo, 100)), max(0, min(hi, 100))
	if lo > hi {
		lo, hi = hi, lo
	}
	var out []string
	for _, carrier := range numberCarriers {
		for n := lo; n <= hi; n++ {
			out = append(out, strings.Replace(carrier, "%s", NumberWords(n), 1))
		}
	}
	if lo <= 10 && hi == 10 {
		for n := max(lo, 0); n <= hi; n++ {
			out = append(out, NumberWords(n)+" out of ten")
		}
	}
	return out
}

// Answer kinds, the same strings as the campaign file's question types.
const (
	KindScale    = "scale"
	KindYesNo    = "yes_no"
	KindChoice   = "choice"
	KindFreeText = "free_text"
)

// ForQuestion returns the phrase sets for one survey question: the expected
// answers of its kind plus DefaultIntents. A scale uses lo..hi (1..5 when both
// are zero); a choice question uses its options; free text has no expected
// answers (the grammar then only covers the intents, and the caller should use
// a free-form recogniser for the answer itself).
func ForQuestion(kind string, lo, hi int, choices []string) Phrases {
	p := Phrases{Intents: DefaultIntents()}
	switch kind {
	case KindScale:
		if lo == 0 && hi == 0 {
			lo, hi = 1, 5
		}
		p.Answers = Numbers(lo, hi)
	case KindYesNo:
		p.Answers = YesNo()
	case KindChoice:
		p.Answers = slices.Clone(choices)
	}
	return p
}
