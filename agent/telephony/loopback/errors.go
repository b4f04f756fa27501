package loopback

import "errors"

// Errors of the loopback network.
var (
	// ErrUnknownNumber: no simulated callee has that number.
	ErrUnknownNumber = errors.New("no simulated callee at that number")
	// ErrUnknownPersona: no persona of that name.
	ErrUnknownPersona = errors.New("unknown persona")
)
