package sphinx

import (
	"candor/agent/speech/grammar"
	"candor/prompts"
)

// Rejection thresholds of NewCampaignRecognizer, calibrated on the English
// example campaign with synthetic voices through 8 kHz G.711 (see package
// agent/speech/eval). In-grammar speech scored at least -4.1 (opt-outs) and
// -6.1 (answers) in Confidence and 0.76 in Coverage (answers); off-topic
// speech forced onto an opt-out scored at most -10.6, onto an answer at most
// -6.4 with Coverage >= 0.70 or at most 0.63 Coverage otherwise. Callback
// requests scored at least 4.3 and 0.69 Coverage; off-topic speech forced
// onto one scored -3.8, or 0.57 Coverage.
const (
	// OptOutMinConfidence: an opt-out phrase scoring below is rejected.
	OptOutMinConfidence = -7.0
	// AnswerMinConfidence: a survey answer scoring below is rejected.
	AnswerMinConfidence = -5.0
	// AnswerMinCoverage: a survey answer explaining less of the speech is
	// rejected.
	AnswerMinCoverage = 0.70
	// CallbackMinConfidence and CallbackMinCoverage: a callback request
	// scoring below either is rejected. A callback heard where none was
	// asked for schedules a call the person did not want; one rejected
	// makes the agent ask again.
	CallbackMinConfidence = 0.0
	CallbackMinCoverage   = 0.63
	// AnswerSureConfidence: a survey answer that fits at least as well as
	// the reference word loop (a second search of the same audio) is
	// supported without the general pass, which writes short answers
	// poorly ("four" as "or").
	AnswerSureConfidence = 0.0
	// EndingSureConfidence and EndingSureCoverage: a grammar opt-out or
	// refusal at least this confident needs no further support (see
	// decide). On the out-of-grammar audio set, a rating forced onto an
	// opt-out scored 1.2 and a "no not yet" forced onto a refusal 6.2.
	EndingSureConfidence = 7.0
	EndingSureCoverage   = 0.8
)

// NewCampaignRecognizer returns a Recognizer for the calls of campaign c:
// the grammar of grammar.ForCampaign (every closed question's answers and the
// guardrail phrasings), a reference word loop for confidence, and selective
// rejection: only results that would be acted on as an opt-out, a survey
// answer (answer, repeat and unsure phrases) or a callback request are
// checked (OptOutMinConfidence, AnswerMinConfidence, AnswerMinCoverage,
// CallbackMinConfidence, CallbackMinCoverage); refusal, identity and
// are-you-a-robot phrases are never rejected (they end the call or get a
// truthful answer). telephone selects the phone-band feature settings
// (8 kHz or G.711 audio upsampled to 16 kHz). Without the sphinx build tag it
// returns an error wrapping ErrNotBuilt.
//
// The Recognizer decodes with the process's SharedModel: each utterance is
// buffered, then decoded by a pooled decoder with the grammar, the
// reference loop, the grammar with a garbage path, the general language
// model and the opt-out keyword search, and the passes are cross-checked
// (see decide): a phrase the grammar forced onto speech that was not it
// comes out as the general transcript or as nothing.
//
// Read a Result as: Rejected or Text == "" means nothing usable was heard
// (treat it as an unclear utterance, for example ask again); otherwise pass
// Text to guardrails.Classify first and, when it has no intent, to
// script.Extract for the current question.
func NewCampaignRecognizer(c *prompts.Campaign, telephone bool) (*Recognizer, error) {
	m, err := SharedModel(telephone)
	if err != nil {
		return nil, err
	}
	return NewCampaignRecognizerModel(m, c)
}

// NewCampaignRecognizerModel is NewCampaignRecognizer on the Model m.
func NewCampaignRecognizerModel(m *Model, c *prompts.Campaign) (*Recognizer, error) {
	cfg, kinds := campaignConfigKinds(grammar.ForCampaign(c), m.cfg.Telephone)
	if c != nil && c.Language != "" {
		cfg.Lang = c.Language
	}
	return newPooled(m, cfg, kinds)
}

func campaignConfig(p grammar.Phrases, telephone bool) Config {
	cfg, _ := campaignConfigKinds(p, telephone)
	return cfg
}

func campaignConfigKinds(p grammar.Phrases, telephone bool) (Config, map[string]phraseKind) {
	kinds := map[string]phraseKind{}
	for _, r := range p.Rules() {
		for _, ph := range r.Phrases {
			switch r.Name {
			case grammar.RuleOptOut:
				kinds[ph] = phraseOptOut
			case grammar.RuleAnswer, grammar.RuleRepeat, grammar.RuleUnsure:
				// Repeat and unsure phrases count as answers: "no
				// opinion" reads as "no" to a yes/no question.
				kinds[ph] = phraseAnswer
			case grammar.RuleCallback:
				kinds[ph] = phraseCallback
			}
		}
	}
	return Config{
		Grammar:        grammar.JSGF(p),
		GarbageGrammar: grammar.JSGF(withGarbage(p)),
		Telephone:      telephone,
		Reference:      grammar.JSGF(grammar.Phrases{Name: "reference", Garbage: true}),
		Reject: func(res Result) bool {
			return rejectCampaign(res, kinds[res.Text])
		},
	}, kinds
}

// phraseKind is what a recognised phrase would be acted on as.
type phraseKind int

const (
	phraseOther phraseKind = iota
	phraseOptOut
	phraseAnswer
	phraseCallback
)

// rejectCampaign is the rejection rule of NewCampaignRecognizer. A result
// without a confidence (no reference path) is kept.
func rejectCampaign(res Result, kind phraseKind) bool {
	if !res.HasConfidence {
		return false
	}
	switch kind {
	case phraseOptOut:
		return res.Confidence < OptOutMinConfidence
	case phraseAnswer:
		return res.Confidence < AnswerMinConfidence || res.Coverage < AnswerMinCoverage
	case phraseCallback:
		return res.Confidence < CallbackMinConfidence || res.Coverage < CallbackMinCoverage
	}
	return false
}

func withGarbage(p grammar.Phrases) grammar.Phrases {
	p.Garbage = true
	return p
}
