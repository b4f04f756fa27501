package audio

import "errors"

// Sentinel errors of the package. Errors returned by its functions wrap one
// of these (test with errors.Is) and add detail.
var (
	// ErrNotWAV reports input that is not a well-formed RIFF/WAVE stream.
	ErrNotWAV = errors.New("audio: not a WAV stream")
	// ErrUnsupported reports a well-formed WAV stream in an encoding this
	// package does not decode, or a parameter (rate, ratio) it does not handle.
	ErrUnsupported = errors.New("audio: unsupported format")
	// ErrRate reports a frame or sample rate that does not match what a
	// component was built for.
	ErrRate = errors.New("audio: rate mismatch")
	// ErrTooLarge reports a WAV stream that would exceed the 4 GiB RIFF limit.
	ErrTooLarge = errors.New("audio: WAV stream too large")
	// ErrClosed reports use of a closed writer or pacer.
	ErrClosed = errors.New("audio: closed")
	// ErrPacerReset reports a frame dropped because the pacer was reset while
	// the frame waited for its slot.
	ErrPacerReset = errors.New("audio: pacer reset")
)
