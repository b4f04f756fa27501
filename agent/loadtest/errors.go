package loadtest

import "errors"

// ErrUnshare: the benchmark could not be re-run in a loopback-only network
// namespace.
var ErrUnshare = errors.New("unshare -n")
