package store

import (
	"time"

	"candor/agent"
)

// CallFilter selects calls for ListCalls; zero fields match everything.
type CallFilter struct {
	Campaign string
	Business string
	Number   string // E.164
	Outcome  agent.Outcome
	// Since and Until bound StartedAt (Since inclusive, Until exclusive).
	Since, Until time.Time
	// Limit is the most calls returned: 100 when zero, at most 1000.
	Limit int
}

// RowLimit is the filter's row limit: 100 when unset, at most 1000.
func (f CallFilter) RowLimit() int {
	switch {
	case f.Limit <= 0:
		return 100
	case f.Limit > 1000:
		return 1000
	}
	return f.Limit
}

// CallSummary is one line of a call list.
type CallSummary struct {
	ID                 string
	Campaign           string
	Business           string
	Number             string
	Sandbox            bool
	StartedAt          time.Time
	EndedAt            time.Time
	Outcome            agent.Outcome
	EndReason          agent.EndReason
	DisclosureComplete bool
	OptOut             bool
	Turns              int
	Blocked            int // agent sentences replaced by the fallback
}
