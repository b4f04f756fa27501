// Package prompts defines candor's campaign file format (YAML), loads it with
// precise file:line:col errors, and embeds the example campaigns.
package prompts

// Campaign is one campaign file: who calls, why, what the agent may say and the
// survey it runs. Fixed lines are spoken verbatim; only the system prompt goes to
// an LLM.
type Campaign struct {
	// Name identifies the campaign (defaults to the file name without extension).
	Name     string   `yaml:"name"`
	Business Business `yaml:"business"`
	// Purpose is a short phrase: "a follow-up on your recent service visit".
	Purpose string `yaml:"purpose"`
	// Marketing campaigns dial only numbers with a stored consent record.
	Marketing bool `yaml:"marketing"`
	// Language is "en" or "zh".
	Language string `yaml:"language"`
	// Disclosure is the template of the first thing said on every answered call.
	// Placeholders: {{business}} {{registered_name}} {{purpose}} {{callback_number}}
	// {{recording_notice}} {{opt_out_instruction}}.
	Disclosure        string `yaml:"disclosure"`
	RecordingNotice   string `yaml:"recording_notice"`
	OptOutInstruction string `yaml:"opt_out_instruction"`
	Lines             Lines  `yaml:"lines"`
	// ApprovedFacts are the only factual claims about the business the agent may make.
	ApprovedFacts []string `yaml:"approved_facts"`
	// BannedPhrases are blocked in agent speech on top of the built-in rules.
	BannedPhrases []string   `yaml:"banned_phrases"`
	Survey        []Question `yaml:"survey"`
	// SystemPrompt is given to an LLM responder; never used for fixed lines.
	SystemPrompt string `yaml:"system_prompt"`
	// Voicemail says what to do when an answering machine picks up (default:
	// hang up without a message).
	Voicemail Voicemail `yaml:"voicemail"`
	// Guard adds to the guardrails (an optional model judge); see judge.go.
	Guard Guard `yaml:"guard"`
	// LLM says how much a language model may write (default guided).
	LLM LLM `yaml:"llm"`

	// Source is where the campaign was loaded from (a path, or "embedded:NAME").
	Source string `yaml:"-"`
}

// Business is who is responsible for the call.
type Business struct {
	// ID is the business's stable id, the key of its do-not-call entries,
	// consent records and caps. Optional: Key derives it from the registered
	// name. When given it must be in normal form (see BusinessID).
	ID             string `yaml:"id"`
	DisplayName    string `yaml:"display_name"`
	RegisteredName string `yaml:"registered_name"`
	CallbackNumber string `yaml:"callback_number"`
}

// Lines are the fixed sentences the agent says verbatim.
type Lines struct {
	// Identity answers "who is this / where did you get my number".
	Identity string `yaml:"identity"`
	// AIAnswer answers "am I talking to a robot?".
	AIAnswer string `yaml:"ai_answer"`
	// OptOutConfirmation is said after an opt-out has been recorded.
	OptOutConfirmation string `yaml:"opt_out_confirmation"`
	// RefusalClose is said when the callee declines.
	RefusalClose string `yaml:"refusal_close"`
	// CallbackClose is said after a callback time was noted.
	CallbackClose string `yaml:"callback_close"`
	// SafeFallback replaces an agent sentence the output rail blocked.
	SafeFallback string `yaml:"safe_fallback"`
	// Closing ends a completed survey.
	Closing string `yaml:"closing"`
	// ConfirmOptOut is the yes/no question asked after a weak opt-out or
	// refusal ("Would you like us to stop calling this number?"); yes, a
	// repeat or silence records the opt-out, no resumes the survey. Optional:
	// the loader sets the language's default (DefaultConfirmOptOut).
	ConfirmOptOut string `yaml:"confirm_opt_out"`
}

// AnswerType is the kind of answer a survey question expects.
type AnswerType string

// Answer types.
const (
	AnswerScale  AnswerType = "scale"
	AnswerYesNo  AnswerType = "yes_no"
	AnswerChoice AnswerType = "choice"
	AnswerText   AnswerType = "free_text"
)

// Question is one survey question.
type Question struct {
	ID   string     `yaml:"id"`
	Text string     `yaml:"text"`
	Type AnswerType `yaml:"type"`
	// Min and Max bound a scale question (default 1..5).
	Min int `yaml:"min"`
	Max int `yaml:"max"`
	// Choices are the options of a choice question.
	Choices []string `yaml:"choices"`
	// Reprompt is said when the answer could not be understood.
	Reprompt string `yaml:"reprompt"`
}

// VoicemailAction is what the agent does when a machine answers.
type VoicemailAction string

// Voicemail actions.
const (
	// VoicemailHangUp hangs up without leaving a message (the default).
	VoicemailHangUp VoicemailAction = "hang_up"
	// VoicemailLeave leaves Voicemail.Message after the beep.
	VoicemailLeave VoicemailAction = "leave"
)

// Voicemail is the campaign's answering-machine policy.
type Voicemail struct {
	Action VoicemailAction `yaml:"action"`
	// Message is spoken verbatim after the beep when Action is leave. It names
	// the business, states the callback number, says the caller is an AI and
	// how to opt out.
	Message string `yaml:"message"`
}
