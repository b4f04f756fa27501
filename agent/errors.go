package agent

import "errors"

// Sentinel errors of the call domain.
var (
	// ErrOnDNC: the number is on the do-not-call list; nothing was dialled.
	ErrOnDNC = errors.New("number is on the do-not-call list")
	// ErrHungUp: the far end hung up.
	ErrHungUp = errors.New("callee hung up")
	// ErrLineClosed: the line was closed while in use.
	ErrLineClosed = errors.New("line closed")
	// ErrOptOutNotRecorded: an opt-out could not be written durably; the call
	// still ends, and the failure is reported.
	ErrOptOutNotRecorded = errors.New("opt-out could not be recorded")
	// ErrConfig: a component was configured wrongly.
	ErrConfig = errors.New("invalid configuration")
	// ErrLineFailed: the line reported a failure (recogniser, transport).
	ErrLineFailed = errors.New("line failed")
	// ErrNoRecord: the call's evidence record could not be saved before
	// dialling; the number was not dialled.
	ErrNoRecord = errors.New("call record could not be saved, not dialling")
	// ErrNoAnswer: the callee did not answer.
	ErrNoAnswer = errors.New("no answer")
)

// EndReason says why a call ended (typed, protocol-free).
type EndReason string

// End reasons.
const (
	EndCompleted     EndReason = "survey_completed"
	EndOptOut        EndReason = "opt_out"
	EndRefusal       EndReason = "refusal"
	EndCallback      EndReason = "callback_requested"
	EndCalleeHangup  EndReason = "callee_hangup"
	EndTurnLimit     EndReason = "turn_limit"
	EndTimeLimit     EndReason = "time_limit"
	EndError         EndReason = "error"
	EndNotAnswered   EndReason = "not_answered"
	EndDNC           EndReason = "not_dialled_dnc"
	EndResponderDone EndReason = "responder_done"
	// EndInterrupted: the worker stopped during the call; how the call
	// ended is unknown.
	EndInterrupted EndReason = "worker_interrupted"
)

// Answering-machine end reasons (outcome OutcomeVoicemail).
const (
	// EndVoicemailLeft: a machine answered and the campaign's message was left in full.
	EndVoicemailLeft EndReason = "voicemail_left"
	// EndVoicemailHangup: a machine answered and the call was hung up without a
	// message (the campaign's policy, or the machine cut the message short).
	EndVoicemailHangup EndReason = "voicemail_hung_up"
)
