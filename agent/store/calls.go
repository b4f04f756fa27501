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

// Stats are a campaign's counts.
type Stats struct {
	Campaign string
	Contacts int
	Calls    int
	// ByOutcome counts calls by outcome; outcomes with no calls are absent.
	ByOutcome map[agent.Outcome]int
	// OptOuts counts calls in which the callee opted out.
	OptOuts int
	// DNCAdded counts active do-not-call entries this campaign recorded.
	DNCAdded int
	// DisclosuresComplete counts calls whose disclosure was played in full.
	DisclosuresComplete int
	// BlockedSentences counts agent sentences the output rail replaced.
	BlockedSentences int
	PendingCallbacks int
}

// AbandonAfter is how long after answer the agent may stay silent before an
// answered call counts as abandoned.
const AbandonAfter = 2 * time.Second

// CampaignReport is what a campaign did, for `candor report`. Rates are
// shares of answered calls (0 when none was answered). Sandbox calls are
// left out.
type CampaignReport struct {
	Campaign string `json:"campaign"`
	Contacts int    `json:"contacts"`
	// Attempts counts dials claimed (caps count these).
	Attempts int `json:"attempts"`
	// Calls counts evidence records; Answered those with an answer time.
	// Every attempt has one once reconciled: Attempts exceeds Calls only by
	// claims whose record was never written and whose lease has not yet run
	// out (see Interrupted).
	Calls    int `json:"calls"`
	Answered int `json:"answered"`
	// Interrupted counts calls a worker stopped during (killed, crashed):
	// their claims expired and were reconciled; they count as attempts.
	// InProgress counts calls recorded as running now.
	Interrupted int `json:"interrupted"`
	InProgress  int `json:"in_progress"`
	// PendingRetries counts the campaign's queued contact jobs that dial a
	// number again (after busy, no answer or an interrupted call);
	// PendingCallbacks the callbacks callees asked for, not yet placed.
	PendingRetries   int `json:"pending_retries"`
	PendingCallbacks int `json:"pending_callbacks"`
	// ByOutcome counts calls by outcome.
	ByOutcome map[string]int `json:"outcomes"`
	OptOuts   int            `json:"opt_outs"`
	Refusals  int            `json:"refusals"`
	// DisclosureComplete counts answered calls whose disclosure was played in full.
	DisclosureComplete int `json:"disclosure_complete"`
	// Abandoned counts answered calls with no agent audio within AbandonAfter
	// of the answer (the disclosure is the agent's first audio).
	Abandoned       int            `json:"abandoned"`
	OptOutRate      float64        `json:"opt_out_rate"`
	RefusalRate     float64        `json:"refusal_rate"`
	DisclosureRate  float64        `json:"disclosure_rate"`
	AbandonmentRate float64        `json:"abandonment_rate"`
	Answers         []AnswerCount  `json:"-"`
	Skipped         map[string]int `json:"skipped"`
}

// AnswerCount is how many calls of a campaign gave one answer value.
type AnswerCount struct {
	QuestionID string
	Value      string
	Count      int
}

// DayCounts are one UTC day of a campaign.
type DayCounts struct {
	Day        time.Time // midnight UTC
	Dialed     int       // calls placed (not skipped)
	Answered   int
	Completed  int
	OptedOut   int
	Refused    int
	SkippedDNC int
}
