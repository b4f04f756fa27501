package espeak

import "errors"

// Sentinel errors of the espeak package.
var (
	// ErrNotInstalled means the espeak-ng program was not found.
	ErrNotInstalled = errors.New("espeak: espeak-ng is not installed (apt-get install espeak-ng)")
	// ErrUnsupportedLanguage means no voice is configured for the language.
	ErrUnsupportedLanguage = errors.New("espeak: no voice configured for language")
	// ErrBadConfig means a Config field is out of range.
	ErrBadConfig = errors.New("espeak: invalid configuration")
	// ErrBadAudio means espeak-ng produced output that is not the expected WAV stream.
	ErrBadAudio = errors.New("espeak: unexpected audio output")
	// ErrFailed means espeak-ng exited with an error.
	ErrFailed = errors.New("espeak: espeak-ng failed")
)
