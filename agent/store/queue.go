package store

import "time"

// Job kinds of the dial queue.
const (
	JobContact  = "contact"
	JobCallback = "callback"
)

// Job is one queued call of a campaign. A job leased by a worker that dies
// is leased again once its lease ends.
type Job struct {
	ID         int64
	Campaign   string
	Number     string
	Kind       string
	CallbackID string
	ContactRef string
	TimeZone   string
	Due        time.Time
	Tries      int
}

// Callback is a callback a callee asked for.
type Callback struct {
	CallID   string
	Campaign string
	Business string
	Number   string
	At       time.Time
	Text     string // what the callee said
}
