package voice

import "errors"

// Errors of the voice line.
var (
	// ErrNoAudio: a Speech without audio reached an audio line.
	ErrNoAudio = errors.New("speech has no audio for an audio line")
	// ErrRecognizer: the recogniser failed; the call ends with an error.
	ErrRecognizer = errors.New("recognizer failed")
	// errNoRecognizer: a Factory without a recogniser constructor.
	errNoRecognizer = errors.New("voice: the line factory has no recognizer")
)
