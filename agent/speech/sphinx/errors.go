package sphinx

import "errors"

// Sentinel errors of the sphinx package.
var (
	// ErrNotBuilt means the binary was built without the sphinx tag (or without cgo).
	ErrNotBuilt = errors.New("offline recognition is not built in: build with -tags sphinx (make does this)")
	// ErrBadConfig means a Config field is invalid.
	ErrBadConfig = errors.New("sphinx: invalid configuration")
	// ErrModel means the acoustic model or dictionary could not be loaded.
	ErrModel = errors.New("sphinx: cannot load the acoustic model")
	// ErrGrammar means pocketsphinx refused the grammar (syntax error or a word
	// missing from the dictionary).
	ErrGrammar = errors.New("sphinx: grammar refused")
	// ErrRate means a frame is not 16 kHz; phone audio must be upsampled first.
	ErrRate = errors.New("sphinx: frames must be 16000 Hz (upsample 8 kHz phone audio first)")
	// ErrState means a method was called out of order (Write before Start, ...).
	ErrState = errors.New("sphinx: call out of order")
	// ErrClosed means the Recognizer was closed.
	ErrClosed = errors.New("sphinx: recognizer closed")
	// ErrBusy means every decoder of the Model stayed busy past MaxWait.
	ErrBusy = errors.New("sphinx: every decoder busy")
	// ErrDecode means pocketsphinx failed while decoding.
	ErrDecode = errors.New("sphinx: decoding failed")
)
