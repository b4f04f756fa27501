package store

import "errors"

// Sentinel errors of the store; both adapters wrap them.
var (
	// ErrNotFound: no such call, do-not-call entry, job, user or callback.
	ErrNotFound = errors.New("store: not found")
	// ErrInvalid: the value to store lacks a required field.
	ErrInvalid = errors.New("store: invalid value")
	// ErrReasonRequired: removing a number from the do-not-call list needs a reason.
	ErrReasonRequired = errors.New("store: a reason is required to remove a do-not-call entry")
	// ErrMigration: the embedded migrations are malformed or failed to apply.
	ErrMigration = errors.New("store: migration")
	// ErrSchemaTooNew: the database was migrated by a newer candor.
	ErrSchemaTooNew = errors.New("store: database schema is newer than this program")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store: closed")
	// ErrExists: a user with that name already exists.
	ErrExists = errors.New("store: already exists")
	// ErrLeaseLost: a job's lease ran out and another worker took the job
	// over, or it was finished.
	ErrLeaseLost = errors.New("store: lease lost")
	// ErrExpired: the session has expired (or the API token was revoked).
	ErrExpired = errors.New("store: expired")
)
