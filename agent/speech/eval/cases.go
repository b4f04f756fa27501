package eval

import "candor/guardrails"

// Kind is the part of the test set a Case belongs to.
type Kind string

// Test set parts.
const (
	// KindGuardrail is a callee request the guardrails must hear: opt-out,
	// refusal, callback, are-you-a-robot or who-is-this.
	KindGuardrail Kind = "guardrail"
	// KindAnswer is an answer to a survey question.
	KindAnswer Kind = "answer"
	// KindOffTopic is speech that is neither: it must not be taken for an
	// opt-out, a callback request or a survey answer.
	KindOffTopic Kind = "off_topic"
)

// Case is one utterance of the test set.
type Case struct {
	Kind Kind
	// Text is what the simulated callee says.
	Text string
	// Intent is the intent a guardrail case must be classified as.
	Intent guardrails.Intent
	// Question is the survey question id an answer case answers, and Answer
	// the value script.Extract must return for it.
	Question, Answer string
}

// GuardrailCases are callee requests written as people say them, not copied
// from the grammar's phrase lists: many are paraphrases that the grammar can
// only map onto a phrase of the same intent.
func GuardrailCases() []Case {
	g := func(in guardrails.Intent, texts ...string) []Case {
		out := make([]Case, len(texts))
		for i, t := range texts {
			out[i] = Case{Kind: KindGuardrail, Text: t, Intent: in}
		}
		return out
	}
	var cs []Case
	cs = append(cs, g(guardrails.IntentOptOut,
		"please stop calling me",
		"take me off your list",
		"stop calling this number",
		"don't call me ever again",
		"please remove my number from your list",
		"i don't want any more of these calls",
		"put me on your do not call list",
		"remove me from your calling list please",
		"never call this number again",
		"please take my number off your list",
		"stop calling me",
		"i want to opt out",
	)...)
	cs = append(cs, g(guardrails.IntentRefusal,
		"i'm not interested",
		"no thanks i'm not interested",
		"no thank you",
		"i don't want to do your survey",
		"i'd rather not",
		"not interested thanks",
		"i don't want to talk to you",
		"no thanks goodbye",
		"i'm really not interested",
		"i don't want to do this",
	)...)
	cs = append(cs, g(guardrails.IntentCallback,
		"call me back tomorrow",
		"can you call me back later",
		"now is not a good time",
		"i'm busy right now",
		"please call me later",
		"could you call back tomorrow",
		"call me back in the evening",
		"i can't talk right now",
		"try again tomorrow",
		"call me back later please",
	)...)
	cs = append(cs, g(guardrails.IntentAskIfAI,
		"are you a robot",
		"am i talking to a real person",
		"is this a recording",
		"are you a real person",
		"is this an automated call",
		"am i talking to a computer",
		"are you a machine",
		"are you human",
		"is this a robot calling me",
	)...)
	cs = append(cs, g(guardrails.IntentAskIdentity,
		"who is this",
		"who are you",
		"who is calling please",
		"what company is this",
		"where are you calling from",
		"why are you calling me",
		"what is this call about",
		"who am i speaking to",
		"how did you get my number",
		"what company are you calling from",
	)...)
	return cs
}

// AnswerCases are answers to the English example campaign's closed
// questions (satisfaction 1..5, problem_fixed yes/no, booking_channel choice).
func AnswerCases() []Case {
	a := func(q, text, want string) Case {
		return Case{Kind: KindAnswer, Text: text, Question: q, Answer: want}
	}
	return []Case{
		a("satisfaction", "five", "5"),
		a("satisfaction", "four", "4"),
		a("satisfaction", "three", "3"),
		a("satisfaction", "two", "2"),
		a("satisfaction", "one", "1"),
		a("satisfaction", "i'd say four", "4"),
		a("satisfaction", "um five", "5"),
		a("satisfaction", "i would say three", "3"),
		a("satisfaction", "four out of five", "4"),
		a("satisfaction", "maybe two", "2"),
		a("satisfaction", "very satisfied", "5"),
		a("problem_fixed", "yes", "yes"),
		a("problem_fixed", "no", "no"),
		a("problem_fixed", "yes it was", "yes"),
		a("problem_fixed", "no it wasn't", "no"),
		a("problem_fixed", "um yes", "yes"),
		a("problem_fixed", "not really", "no"),
		a("booking_channel", "phone", "phone"),
		a("booking_channel", "by phone", "phone"),
		a("booking_channel", "on the website", "website"),
		a("booking_channel", "the app", "app"),
		a("booking_channel", "i used the app", "app"),
	}
}

// OffTopicCases are everyday sentences that answer nothing and ask nothing.
func OffTopicCases() []Case {
	texts := []string{
		"the weather is lovely in the spring",
		"my dog likes to chase the ball",
		"i had pasta for dinner last night",
		"the children are playing in the garden",
		"the train leaves the station at noon",
		"she painted a picture of the lake",
		"we went to the beach last summer",
		"the coffee shop opens early",
		"my brother plays the guitar",
		"the cat is sleeping on the sofa",
		"there is a lot of traffic on the highway",
		"i need to buy some milk and bread",
		"the movie was longer than i expected",
		"our neighbors painted their house blue",
		"the flowers in the park are blooming",
		"he forgot his umbrella at the office",
		"the library has a new reading room",
		"i like to go hiking in the mountains",
		"the baby is finally asleep",
		"the bus was late again this morning",
		"my computer needs a new battery",
		"the soup needs a little more pepper",
		"we are planting tomatoes this year",
		"the river is very cold in winter",
	}
	out := make([]Case, len(texts))
	for i, t := range texts {
		out[i] = Case{Kind: KindOffTopic, Text: t}
	}
	return out
}
