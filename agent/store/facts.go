package store

import (
	"time"

	"candor/agent"
	"candor/guardrails"
)

// CallFact is one stored call as a campaign's figures read it.
type CallFact struct {
	ID                 string
	Outcome            agent.Outcome
	StartedAt          time.Time
	AnsweredAt         time.Time
	DisclosureStart    time.Time
	DisclosureComplete bool
	// OptOut: the call put the number on the do-not-call list (an opt-out,
	// a refusal or a key press).
	OptOut      bool
	Blocked     int
	Events      []guardrails.Event
	LatenciesMS []int64
	Answers     []agent.SurveyAnswer
}

// CampaignFacts is what one campaign's figures are computed from (package
// agent/report computes them; nothing else should). With Sandbox set it
// holds the campaign's sandbox calls only and no dialler counts; otherwise
// its production calls only.
type CampaignFacts struct {
	Campaign string
	Sandbox  bool
	Contacts int
	// Attempts counts dials claimed (caps count these).
	Attempts int
	// Skipped counts the numbers the dialer did not dial, by reason.
	Skipped map[string]int
	// DNCAdded counts active do-not-call entries the campaign recorded.
	DNCAdded         int
	PendingCallbacks int
	// PendingRetries counts queued contact jobs that will dial a number
	// again (after busy, no answer or an interrupted call).
	PendingRetries int
	Calls          []CallFact
}

// AbandonAfter is how long after answer the agent may stay silent before an
// answered call counts as abandoned.
const AbandonAfter = 2 * time.Second

// Abandoned reports whether a call answered at answered was abandoned: no
// agent audio (the disclosure is the first) within AbandonAfter of the
// answer. A call not answered is not abandoned.
func Abandoned(answered, disclosureStart time.Time) bool {
	if answered.IsZero() {
		return false
	}
	return disclosureStart.IsZero() || disclosureStart.Sub(answered) > AbandonAfter
}
