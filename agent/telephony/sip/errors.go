package sip

import (
	"errors"
	"fmt"

	"candor/agent"
)

// Sentinel errors of the SIP line. A failed call attempt returns a *CallError
// wrapping one of ErrBusy, agent.ErrNoAnswer, ErrRejected, ErrUnavailable or
// ErrFailed.
var (
	// ErrBusy: the callee is busy (486, 600).
	ErrBusy = errors.New("callee busy")
	// ErrRejected: the callee or the network declined the call (403, 603).
	ErrRejected = errors.New("call rejected")
	// ErrUnavailable: the number cannot be reached (404, 410, 484, 503).
	ErrUnavailable = errors.New("callee unavailable")
	// ErrFailed: any other failure to set up the call.
	ErrFailed = errors.New("call failed")
	// ErrBadSDP: the callee's session description is missing or unusable.
	ErrBadSDP = errors.New("bad SDP answer")
	// ErrNoCodec: the answer offers none of PCMU and PCMA.
	ErrNoCodec = errors.New("no common codec")
	// ErrTrunk: the trunk configuration is invalid.
	ErrTrunk = errors.New("invalid trunk")
	// ErrTrunkNotFound: no trunk of that name is configured.
	ErrTrunkNotFound = errors.New("no such trunk")
	// ErrNumber: the number to dial is neither E.164 nor a SIP URI.
	ErrNumber = errors.New("invalid number to dial")
	// ErrDTMF: a digit that RFC 4733 cannot carry.
	ErrDTMF = errors.New("invalid DTMF digit")
	// ErrClosed: the call is over.
	ErrClosed = errors.New("call closed")
)

// CallError is a call attempt that did not connect: the final SIP status (0
// when none came, as on a ring timeout) and the outcome it maps to.
type CallError struct {
	Code   int
	Reason string
	Err    error // one of the sentinels above, or agent.ErrNoAnswer
}

func (e *CallError) Error() string {
	if e.Code == 0 {
		return fmt.Sprintf("sip: %v: %s", e.Err, e.Reason)
	}
	return fmt.Sprintf("sip: %v (%d %s)", e.Err, e.Code, e.Reason)
}

func (e *CallError) Unwrap() error { return e.Err }

// Outcome is the call outcome this failure stands for.
func (e *CallError) Outcome() agent.Outcome {
	switch {
	case errors.Is(e.Err, ErrBusy):
		return agent.OutcomeBusy
	case errors.Is(e.Err, agent.ErrNoAnswer):
		return agent.OutcomeNoAnswer
	default:
		return agent.OutcomeFailed
	}
}

// statusError maps a final non-2xx SIP status to a CallError.
func statusError(code int, reason string) *CallError {
	var err error
	switch code {
	case 486, 600:
		err = ErrBusy
	case 408, 480, 487:
		err = agent.ErrNoAnswer
	case 403, 603:
		err = ErrRejected
	case 404, 410, 484, 503:
		err = ErrUnavailable
	default:
		err = ErrFailed
	}
	return &CallError{Code: code, Reason: reason, Err: err}
}
