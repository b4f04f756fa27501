package grammar

import (
	"strconv"
	"strings"
	"sync"

	"candor/prompts"
)

// answerFillers are the hesitations and lead-ins a callee commonly puts
// before a short answer ("um yes", "well four").
var answerFillers = []string{"um", "uh", "well"}

// scaleCarriers frame a number on a scale, on top of numberCarriers.
var scaleCarriers = []string{"um %s", "uh %s", "well %s", "probably %s", "i guess %s", "i think %s", "i'd give it a %s", "a %s"}

// scaleWords are the verbal scale answers that script.Extract understands.
var scaleWords = []string{
	"very satisfied", "satisfied", "quite satisfied", "not satisfied", "very dissatisfied", "dissatisfied",
	"excellent", "perfect", "great", "good", "pretty good", "okay", "average", "poor", "bad", "terrible", "awful",
}

// yesNoExtra are yes/no answers about a past event ("was it fixed?").
var yesNoExtra = []string{
	"yes it was", "yeah it was", "yes it did", "yes it is", "it was", "it did",
	"no it wasn't", "no it was not", "no it didn't", "no it isn't", "it wasn't", "it didn't",
	"not at all", "yes definitely", "yes thank you", "yes thanks",
}

// choiceCarriers frame a choice option ("by phone", "on the website").
var choiceCarriers = []string{"%s", "by %s", "the %s", "on the %s", "in the %s", "through the %s",
	"with the %s", "i used the %s", "i booked by %s", "i booked on the %s", "i booked through the %s"}

// campaignIntentExtra are further common phrasings of the guardrail intents
// added to DefaultIntents for a campaign grammar, so paraphrases land on a
// phrase of the same intent.
var campaignIntentExtra = map[string][]string{
	RuleOptOut: {
		"stop calling this number", "stop calling me please", "please stop calling",
		"please don't call me again", "please don't call me anymore", "don't call me anymore",
		"don't call this number again", "never call this number again", "do not call this number again",
		"remove me from your calling list", "remove my number from your list", "please remove my number",
		"i don't want any more calls", "i do not want any more calls", "no more calls",
		"put me on your do not call list", "take my number off your list", "take me off the list",
	},
	RuleRefusal: {
		"no thanks i'm not interested", "not interested thank you", "i'm not interested thank you",
		"i'm not interested in surveys", "i'm not interested in this",
		"i don't want to take part", "i don't want to talk to you", "i don't want to do the survey",
		"i'd rather not do this", "no thanks goodbye", "i'll pass", "no i'm not interested",
	},
	RuleCallback: {
		"call me back", "please call back later", "please call me later", "call me later today",
		"call me later this week", "could you call me tomorrow", "can you call back tomorrow",
		"can you try again tomorrow", "try again later", "this isn't a good time", "it's not a good time",
		"i'm busy right now call me later", "i can't talk right now", "i'm driving right now",
		"i'm at work right now",
	},
	RuleAskIdentity: {
		"who is this please", "who is calling please", "who am i speaking to", "who am i talking to",
		"what company are you with", "where are you calling from", "what's the name of your company",
		"how did you get my number", "what do you want",
	},
	RuleAskIfAI: {
		"are you a real human", "am i speaking to a computer", "am i speaking to a real person",
		"is this a real person or a machine", "are you a bot", "is this a bot", "are you a recording",
		"are you a computer program", "is this a machine",
	},
}

var (
	dictOnce sync.Once
	dict     *Dictionary
)

// defaultDictionary loads DefaultDictPath once; nil when it cannot be read.
func defaultDictionary() *Dictionary {
	dictOnce.Do(func() {
		d, err := LoadDictionary(DefaultDictPath)
		if err == nil {
			dict = d
		}
	})
	return dict
}

// ForCampaign returns the phrase sets of one campaign's calls: the expected
// answers of every survey question (scale numbers as words, alone and in
// common carriers, the verbal scale answers; yes/no variants; choice options
// lowercased, alone and framed) and the guardrail intents of DefaultIntents
// plus further common phrasings of them. Phrases with a word missing from the
// recogniser's dictionary (DefaultDictPath, when installed) are dropped, so
// the grammar always loads. Free-text questions add no answers.
func ForCampaign(c *prompts.Campaign) Phrases {
	return ForCampaignDict(c, defaultDictionary())
}

// ForCampaignDict is ForCampaign with an explicit dictionary (nil keeps every
// phrase).
func ForCampaignDict(c *prompts.Campaign, d *Dictionary) Phrases {
	p := Phrases{Intents: campaignIntents()}
	if c == nil {
		return filterDict(p, d)
	}
	p.Name = c.Name
	for _, q := range c.Survey {
		p.Answers = append(p.Answers, questionAnswers(q)...)
	}
	return filterDict(p, d)
}

func filterDict(p Phrases, d *Dictionary) Phrases {
	if d == nil {
		return p
	}
	out, _ := d.FilterPhrases(p)
	return out
}

// campaignIntents is DefaultIntents with campaignIntentExtra appended.
func campaignIntents() []Rule {
	rules := DefaultIntents()
	for i, r := range rules {
		rules[i].Phrases = append(r.Phrases, campaignIntentExtra[r.Name]...)
	}
	return rules
}

// questionAnswers returns the expected answers of one question.
func questionAnswers(q prompts.Question) []string {
	var out []string
	switch q.Type {
	case prompts.AnswerScale:
		lo, hi := q.Min, q.Max
		if lo == 0 && hi == 0 {
			lo, hi = 1, 5
		}
		lo, hi = max(0, min(lo, 100)), max(0, min(hi, 100))
		if lo > hi {
			lo, hi = hi, lo
		}
		out = append(out, Numbers(lo, hi)...)
		top := NumberWords(hi)
		for n := lo; n <= hi; n++ {
			w := NumberWords(n)
			for _, c := range scaleCarriers {
				out = append(out, strings.Replace(c, "%s", w, 1))
			}
			if hi != 10 { // Numbers already adds "out of ten"
				out = append(out, w+" out of "+top)
			}
			if n >= 10 { // "one zero" for 10, as digits spoken one by one
				out = append(out, digitWords(n))
			}
		}
		out = append(out, scaleWords...)
	case prompts.AnswerYesNo:
		yn := append(YesNo(), yesNoExtra...)
		out = append(out, yn...)
		for _, f := range answerFillers {
			for _, a := range []string{"yes", "yeah", "no", "nope"} {
				out = append(out, f+" "+a)
			}
		}
	case prompts.AnswerChoice:
		for _, ch := range q.Choices {
			opt := Sanitize(ch)
			if opt == "" {
				continue
			}
			for _, c := range choiceCarriers {
				out = append(out, strings.Replace(c, "%s", opt, 1))
			}
			for _, f := range answerFillers {
				out = append(out, f+" "+opt)
			}
		}
	}
	return out
}

// digitWords spells n digit by digit: 10 -> "one zero".
func digitWords(n int) string {
	s := strconv.Itoa(n)
	words := make([]string, 0, len(s))
	for _, r := range s {
		words = append(words, NumberWords(int(r-'0')))
	}
	return strings.Join(words, " ")
}
