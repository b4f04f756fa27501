package store

import "time"

// ReviewKind is one review action on a call.
type ReviewKind string

// Review actions.
const (
	ReviewFlag     ReviewKind = "flag"
	ReviewUnflag   ReviewKind = "unflag"
	ReviewComment  ReviewKind = "comment"
	ReviewReviewed ReviewKind = "reviewed"
)

// Valid reports whether k is one of the review actions.
func (k ReviewKind) Valid() bool {
	return k == ReviewFlag || k == ReviewUnflag || k == ReviewComment || k == ReviewReviewed
}

// Review is one review action, with who took it and when.
type Review struct {
	CallID   string
	Kind     ReviewKind
	Body     string
	Reviewer string
	At       time.Time
}

// MaxReviewBody bounds a comment's length in bytes.
const MaxReviewBody = 4000

// ReviewState sums up a call's review actions.
func ReviewState(rs []Review) (flagged, reviewed bool) {
	for _, r := range rs {
		switch r.Kind {
		case ReviewFlag:
			flagged = true
		case ReviewUnflag:
			flagged = false
		case ReviewReviewed:
			reviewed = true
		}
	}
	return flagged, reviewed
}

// ReviewFilter selects calls for the review list. The CallFilter fields work
// as in ListCalls; a nil pointer matches both yes and no.
type ReviewFilter struct {
	CallFilter
	OptOut *bool
	// Intervention: a guardrail acted (a blocked sentence, an intent that
	// changed the call's course, an opt-out or a key press acted upon).
	Intervention *bool
	Flagged      *bool
	Reviewed     *bool
}

// ReviewSummary is one line of the review list.
type ReviewSummary struct {
	CallSummary
	Interventions int
	Flagged       bool
	Reviewed      bool
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At      time.Time
	Actor   string
	Action  string
	Subject string
	Detail  string
}
