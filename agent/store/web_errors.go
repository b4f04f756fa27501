package store

import "errors"

// Sentinel errors of the web tables.
var (
	// ErrExists: a user with that name already exists.
	ErrExists = errors.New("store: already exists")
	// ErrExpired: the session has expired (or the API token was revoked).
	ErrExpired = errors.New("store: expired")
)
