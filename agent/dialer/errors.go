package dialer

import "errors"

// Sentinel errors of the dialer.
var (
	// ErrConfig: the runner was configured wrongly.
	ErrConfig = errors.New("dialer: invalid configuration")
	// ErrRegistry: a registry file cannot be used at all.
	ErrRegistry = errors.New("dialer: registry file")
	// ErrRegistryLine: one line of a registry file holds no valid number.
	ErrRegistryLine = errors.New("not a valid phone number")
	// ErrRegistryFuture: a registry extract, or a line of it, is dated in the
	// future; nothing is imported.
	ErrRegistryFuture = errors.New("dialer: registry extract dated in the future")
	// ErrNotImported: the store refused an import; none of the file is in it.
	ErrNotImported = errors.New("nothing imported")
)

// ErrAbandonmentCap: the campaign's abandonment rate over the last 30 days
// reached its cap; the runner stops dialling.
var ErrAbandonmentCap = errors.New("dialer: abandonment cap reached, dialling stopped")
