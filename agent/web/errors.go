package web

import "errors"

// Sentinel errors of the web package.
var (
	// ErrWeakPassword: a password shorter than 10 or longer than 72 bytes.
	ErrWeakPassword = errors.New("web: password must be 10 to 72 bytes long")
	// ErrConfig: the server configuration is incomplete.
	ErrConfig = errors.New("web: invalid configuration")
	// ErrUserName: a user name that is not 1 to 64 letters, digits or . _ @ -.
	ErrUserName = errors.New("a name is 1 to 64 letters, digits or . _ @ - (starting with a letter or digit)")
)
