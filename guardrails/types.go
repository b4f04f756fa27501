// Package guardrails is candor's always-on policy layer: it classifies what the
// callee says (opt-out, refusal, callback, questions about the caller) and checks
// every sentence the agent is about to speak against the misleading-claim rules.
// It is pure: no I/O, no clock, no imports from agent.
package guardrails

// Intent is what a callee utterance asks of the agent.
type Intent string

// Callee intents, the stable contract of `candor guard classify`.
const (
	IntentNone        Intent = "none"
	IntentOptOut      Intent = "opt_out"
	IntentRefusal     Intent = "refusal"
	IntentCallback    Intent = "callback"
	IntentAskIfAI     Intent = "ask_if_ai"
	IntentAskIdentity Intent = "ask_identity"
)

// Verdict is the output rail's decision on one agent sentence.
type Verdict string

// Verdicts.
const (
	Allow Verdict = "allow"
	Block Verdict = "block"
)

// Category names why a sentence was blocked (empty when allowed).
type Category string

// Blocked-sentence categories (see COMPLIANCE.md).
const (
	CategoryNone              Category = ""
	CategoryClaimsHuman       Category = "claims_human"
	CategoryGuaranteedOutcome Category = "guaranteed_outcome"
	CategoryImpersonation     Category = "impersonation"
	CategoryFalseUrgency      Category = "false_urgency"
	CategoryPrize             Category = "prize"
	CategoryThreat            Category = "threat"
	CategoryUnapprovedClaim   Category = "unapproved_claim"
	// CategoryOffProfile: a guided model's acknowledgement left the strict
	// profile (guardrails.AckAllowed) without breaking a rule of the rail.
	CategoryOffProfile Category = "off_profile"
)

// Decision is the output rail's answer for one sentence.
type Decision struct {
	Verdict  Verdict
	Category Category
	// Rule is a short human-readable name of the rule that matched (empty on allow).
	Rule string
}

// EventKind names a guardrail event recorded in a call's evidence.
type EventKind string

// Event kinds.
const (
	EventBlocked  EventKind = "blocked"   // an agent sentence was replaced by the fallback
	EventIntent   EventKind = "intent"    // a callee intent changed the call's course
	EventOptOut   EventKind = "opt_out"   // an opt-out was recorded
	EventDTMF     EventKind = "dtmf"      // a key press was acted upon
	EventDisclose EventKind = "disclosed" // the disclosure was played in full
	// EventProviderFailure: the model failed (Rule: error or stall; Text: how;
	// Replacement: "retry", or "script" when the campaign script took over).
	EventProviderFailure EventKind = "provider_failure"
	// EventConfirmAsked: a weak opt-out or refusal (Intent, Text: the callee's
	// utterance) made the agent ask the campaign's confirmation question
	// (Question).
	EventConfirmAsked EventKind = "confirm_asked"
	// EventConfirmAnswered: how the confirmation question was answered.
	// Question is the question, Text the callee's answer ("" for silence or a
	// hang-up), Rule how it was read (yes, repeat, ending, no, silence, hangup,
	// key, unclear, other) and Intent the result: opt_out when confirmed, none
	// when the callee said no, or the answer's own intent (callback, ...).
	EventConfirmAnswered EventKind = "confirm_answered"
	// EventIntentReview: the optional model's second opinion changed the
	// rules' verdict on a callee utterance (Text). Intent is the verdict acted
	// on; Rule says what the rules and the model said.
	EventIntentReview EventKind = "intent_review"
)

// Event is one guardrail intervention or decision, as stored with the call.
type Event struct {
	Kind     EventKind `json:"kind"`
	Turn     int       `json:"turn"`
	Intent   Intent    `json:"intent,omitempty"`
	Category Category  `json:"category,omitempty"`
	Rule     string    `json:"rule,omitempty"`
	// Text is the callee utterance or the blocked agent sentence.
	Text string `json:"text,omitempty"`
	// Replacement is what was said instead of a blocked sentence.
	Replacement string `json:"replacement,omitempty"`
	// Question is the confirmation question of a confirm_* event.
	Question string `json:"question,omitempty"`
}
