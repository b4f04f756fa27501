package openai

import (
	"errors"
	"fmt"
)

// Sentinel errors of the adapter. Callers test them with errors.Is.
var (
	// ErrStalled: no chunk of a streamed reply arrived within the idle timeout.
	ErrStalled = errors.New("openai: reply stream stalled")
	// ErrStreamBroken: the reply stream ended before its end marker (dropped
	// connection, truncated body, malformed chunk).
	ErrStreamBroken = errors.New("openai: reply stream broken")
	// ErrUpstream: the endpoint answered with an error (HTTP status or an error
	// event inside a stream), or could not be reached.
	ErrUpstream = errors.New("openai: upstream error")
	// ErrInvalidConfig: a Config failed Validate.
	ErrInvalidConfig = errors.New("openai: invalid config")
	// ErrInvalidInput: a request argument cannot be sent (unknown history
	// role, empty audio, bad sample rate, empty text).
	ErrInvalidInput = errors.New("openai: invalid input")
	// ErrReplyClosed: Next was called after Close.
	ErrReplyClosed = errors.New("openai: reply closed")
)

// maxMessageLen bounds how much of an upstream error message is kept.
const maxMessageLen = 200

// UpstreamError is an error answer from the endpoint. It wraps ErrUpstream.
// Message has the API key removed and is cut to a few hundred bytes.
type UpstreamError struct {
	// StatusCode is the HTTP status (0 for an error event inside a stream or a
	// transport failure).
	StatusCode int
	// Message is the endpoint's explanation, redacted.
	Message string
}

func (e *UpstreamError) Error() string {
	if e.StatusCode == 0 {
		return fmt.Sprintf("openai: upstream error: %s", e.Message)
	}
	return fmt.Sprintf("openai: upstream status %d: %s", e.StatusCode, e.Message)
}

// Unwrap makes errors.Is(err, ErrUpstream) hold.
func (e *UpstreamError) Unwrap() error { return ErrUpstream }

// ErrJudgeAnswer: a judge's answer was not a verdict candor can read (the
// sentence is then not spoken).
var ErrJudgeAnswer = errors.New("openai: judge answer unreadable")

// ErrIntentAnswer: an intent judge's answer was not an intent candor can read
// (the rules' verdict then stands).
var ErrIntentAnswer = errors.New("openai: intent answer unreadable")

// errorf wraps sentinel with a formatted explanation.
func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)
}

// ErrModelAnswer: a planner's answer was not a move candor can read (the
// turn then goes to the campaign script).
var ErrModelAnswer = errors.New("openai: model answer unreadable")
