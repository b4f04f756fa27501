// Package agent is candor's call domain: the Session that runs one call's turn
// loop, the Controller that takes a contact from dial to end, and the small
// interfaces they consume (Line, Synthesizer, Responder, Store).
package agent

import (
	"context"
	"time"

	"candor/guardrails"
)

// Speech is one sentence ready to be played on a line. In text mode Frames is
// empty and Duration is the nominal speaking time of Text; with audio, Frames
// holds the synthesized 20 ms frames.
type Speech struct {
	Text     string
	Lang     string
	Duration time.Duration
	// Audio is opaque synthesized audio for lines that carry it (nil in text mode).
	Audio any
	// Protected speech (the disclosure, an opt-out confirmation) is not paused
	// or cut by callee speech on the line; only the session may cancel it.
	Protected bool
}

// Played reports how much of a Speech reached the callee, by the playout clock.
type Played struct {
	Start    time.Time
	Duration time.Duration
	// Complete is false when playback was cut short (barge-in, hang-up, cancel).
	Complete bool
	// Text is the part of the sentence actually played (all of it when Complete).
	Text string
	// Requested is when Play was called (Start is the first audio on the line):
	// the difference is the synthesizer's time to first audio.
	Requested time.Time
}

// CalleeEventKind names what came from the callee side of a line.
type CalleeEventKind int

// Callee event kinds.
const (
	CalleeSpeech  CalleeEventKind = iota + 1 // a final transcript of one utterance
	CalleePartial                            // a partial transcript (speech is going on)
	CalleeDTMF                               // a key press
	CalleeHangup                             // the far end hung up
	CalleeError                              // the line failed (Text says how); the call ends
)

// CalleeEvent is one thing the callee did.
type CalleeEvent struct {
	Kind CalleeEventKind
	Text string // transcript, or the DTMF digit
	At   time.Time
	// SpeechEnd is when the callee stopped speaking (for latency records).
	SpeechEnd time.Time
	// EndpointAt is when the line decided the utterance was over, FinalAt when
	// the recogniser's final text was ready (zero on text lines).
	EndpointAt time.Time
	FinalAt    time.Time
	// HeardOptOut is set by a recogniser that heard the words that carry an
	// opt-out ("take me off", "stop calling") in speech whose Text does not
	// read as one: the session then asks the campaign's confirmation
	// question instead of going on.
	HeardOptOut bool
}

// Line is one connected call as the Session sees it.
type Line interface {
	// Play plays one sentence and returns when it has been played in full, or
	// when ctx is cancelled (barge-in), reporting what was actually played.
	Play(ctx context.Context, s Speech) (Played, error)
	// Events delivers the callee's speech, key presses and hang-up. It is closed
	// when the line is closed.
	Events() <-chan CalleeEvent
	// Hangup ends the call from our side. It is idempotent.
	Hangup(ctx context.Context) error
}

// Synthesizer turns checked text into Speech for a line.
type Synthesizer interface {
	Synthesize(ctx context.Context, text, lang string) (Speech, error)
}

// Input is what a Responder is asked to answer.
type Input struct {
	// Utterance is the callee's last utterance ("" for the first turn after the disclosure).
	Utterance string
	// History is the conversation so far, holding only what was actually played.
	History []Message
	// Unclear is set when the callee spoke but the recogniser could not tell
	// what was said (Utterance is then empty).
	Unclear bool
	// Handled is set when the session already answered Utterance with a fixed
	// line (ask_if_ai, ask_identity): the responder should resume its flow
	// rather than treat Utterance as an answer.
	Handled guardrails.Intent
}

// Message is one entry of the conversation history.
type Message struct {
	Role string // "agent" or "callee"
	Text string
}

// Reply is a stream of text chunks (tokens or whole sentences).
type Reply interface {
	// Next returns the next chunk, or io.EOF at the end.
	Next() (string, error)
	Close() error
}

// Responder produces the agent's words for one turn. One Responder serves one call.
type Responder interface {
	Respond(ctx context.Context, in Input) (Reply, error)
}

// SurveyAnswer is one answer extracted from the conversation.
type SurveyAnswer struct {
	QuestionID string `json:"question_id"`
	Value      string `json:"value"`
	Raw        string `json:"raw"`
}

// Outcome is how a dial attempt ended.
type Outcome string

// Outcomes.
const (
	OutcomeCompleted  Outcome = "completed"   // survey finished
	OutcomeOptOut     Outcome = "opted_out"   // callee opted out
	OutcomeRefused    Outcome = "refused"     // callee declined
	OutcomeCallback   Outcome = "callback"    // callee asked for a callback
	OutcomeHungUp     Outcome = "hung_up"     // callee hung up before the end
	OutcomeNoAnswer   Outcome = "no_answer"   // not answered
	OutcomeBusy       Outcome = "busy"        // busy
	OutcomeFailed     Outcome = "failed"      // technical failure
	OutcomeSkippedDNC Outcome = "skipped_dnc" // not dialled: on the do-not-call list
	OutcomeIncomplete Outcome = "incomplete"  // ended by a limit (turns, time)
	// OutcomeInProgress: the number was dialled and the call has not ended
	// (the record is saved before dialling, so a worker killed mid-call
	// still leaves it).
	OutcomeInProgress Outcome = "in_progress"
	// OutcomeInterrupted: the worker stopped during the call (killed,
	// crashed, shut down); its claim expired and was reconciled.
	OutcomeInterrupted Outcome = "interrupted"
)

// Turn is one entry of a call's transcript.
type Turn struct {
	Index   int       `json:"index"`
	Speaker string    `json:"speaker"` // "agent" or "callee"
	Text    string    `json:"text"`
	At      time.Time `json:"at"`
	// Interrupted is true for agent speech cut short by the callee.
	Interrupted bool `json:"interrupted,omitempty"`
	// Fixed marks agent lines that came from the campaign file, not the responder.
	Fixed bool `json:"fixed,omitempty"`
}

// CallRecord is the evidence record of one call.
type CallRecord struct {
	ID         string `json:"id"`
	Campaign   string `json:"campaign"`
	Business   string `json:"business"`
	Number     string `json:"number"` // E.164
	ContactRef string `json:"contact_ref,omitempty"`
	Sandbox    bool   `json:"sandbox,omitempty"`

	StartedAt  time.Time `json:"started_at"`
	AnsweredAt time.Time `json:"answered_at"`
	EndedAt    time.Time `json:"ended_at"`

	DisclosureText     string    `json:"disclosure_text"`
	DisclosureStart    time.Time `json:"disclosure_start"`
	DisclosureEnd      time.Time `json:"disclosure_end"`
	DisclosureComplete bool      `json:"disclosure_complete"`

	Outcome   Outcome   `json:"outcome"`
	EndReason EndReason `json:"end_reason"`
	// EndDetail is a human-readable note on the end (an error text for failures).
	EndDetail string `json:"end_detail,omitempty"`

	OptOut          bool      `json:"opt_out"`
	OptOutUtterance string    `json:"opt_out_utterance,omitempty"`
	OptOutAt        time.Time `json:"opt_out_at,omitempty"`
	CallbackAt      time.Time `json:"callback_at,omitempty"`
	CallbackText    string    `json:"callback_text,omitempty"`

	Turns   []Turn             `json:"turns"`
	Events  []guardrails.Event `json:"events"`
	Answers []SurveyAnswer     `json:"answers"`
	// LatenciesMS are per-turn times from the callee's end of speech to the
	// agent's first played audio, in milliseconds.
	LatenciesMS []int64 `json:"latencies_ms,omitempty"`
	// Latency splits each of those turns by stage.
	Latency []TurnLatency `json:"latency,omitempty"`
	// BargeIns counts agent sentences cut short by the callee.
	BargeIns int `json:"barge_ins,omitempty"`
}

// TurnLatency is one turn's voice-to-voice time, split by stage (ms).
type TurnLatency struct {
	Turn         int     `json:"turn"`
	VoiceToVoice float64 `json:"voice_to_voice_ms"`
	Endpointing  float64 `json:"endpointing_ms"`
	Recognizer   float64 `json:"recognizer_ms"`
	Responder    float64 `json:"responder_ms"`
	Synthesizer  float64 `json:"synthesizer_ms"`
	Overhead     float64 `json:"overhead_ms"`
}

// OptOut is one entry for the do-not-call list.
type OptOut struct {
	Number    string // E.164
	Business  string // scope: the business, across its campaigns
	Campaign  string
	Reason    string // "opt_out", "refusal", "dtmf", "manual", "registry"
	Utterance string
	CallID    string
	At        time.Time
}
