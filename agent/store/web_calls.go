package store

import (
	"context"
	"fmt"
	"time"

	"candor/agent"
)

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

// sqlFlagged is true for calls whose newest flag/unflag action is a flag.
const sqlFlagged = `coalesce((SELECT r.kind = 'flag' FROM reviews r WHERE r.call_id = calls.id
	AND r.kind IN ('flag', 'unflag') ORDER BY r.id DESC LIMIT 1), 0)`

const sqlReviewed = `EXISTS (SELECT 1 FROM reviews r WHERE r.call_id = calls.id AND r.kind = 'reviewed')`

// sqlInterventions counts a call's guardrail events other than the disclosure.
const sqlInterventions = `(SELECT count(*) FROM json_each(calls.events) e
	WHERE json_extract(e.value, '$.kind') <> 'disclosed')`

// ReviewCalls returns the calls matching f, newest first, with their review state.
func (s *SQLite) ReviewCalls(ctx context.Context, f ReviewFilter) ([]ReviewSummary, error) {
	q := `SELECT id, campaign, business, number, sandbox, started_at, ended_at, outcome, end_reason,
		disclosure_complete, opt_out, turn_count, blocked_count, ` + sqlInterventions + `, ` + sqlFlagged + `, ` + sqlReviewed + `
		FROM calls WHERE 1 = 1`
	where, args := f.where()
	q += where
	for _, c := range []struct {
		expr string
		v    *bool
	}{{"opt_out <> 0", f.OptOut}, {sqlInterventions + " > 0", f.Intervention}, {sqlFlagged, f.Flagged}, {sqlReviewed, f.Reviewed}} {
		if c.v != nil {
			q += " AND (" + c.expr + ") = ?"
			args = append(args, boolInt(*c.v))
		}
	}
	q += " ORDER BY started_at DESC, id DESC LIMIT ?"
	args = append(args, f.limit())

	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: review list: %w", closedErr(err))
	}
	defer rows.Close()
	var out []ReviewSummary
	for rows.Next() {
		var c ReviewSummary
		var sandbox, complete, optOut int
		var outcome, endReason string
		if err := rows.Scan(&c.ID, &c.Campaign, &c.Business, &c.Number, &sandbox, nullTime{&c.StartedAt}, nullTime{&c.EndedAt},
			&outcome, &endReason, &complete, &optOut, &c.Turns, &c.Blocked, &c.Interventions, &c.Flagged, &c.Reviewed); err != nil {
			return nil, fmt.Errorf("store: review list: %w", err)
		}
		c.Sandbox, c.DisclosureComplete, c.OptOut = sandbox != 0, complete != 0, optOut != 0
		c.Outcome, c.EndReason = agent.Outcome(outcome), agent.EndReason(endReason)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: review list: %w", err)
	}
	return out, nil
}

// Campaigns returns the names of the campaigns that have calls, by name.
func (s *SQLite) Campaigns(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT campaign FROM calls ORDER BY campaign`)
	if err != nil {
		return nil, fmt.Errorf("store: list campaigns: %w", closedErr(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("store: list campaigns: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AnswerCount is how many calls of a campaign gave one answer value.
type AnswerCount struct {
	QuestionID string
	Value      string
	Count      int
}

// AnswerCounts returns a campaign's answer distribution, by question, then
// by count (most first) and value. Sandbox calls are left out.
func (s *SQLite) AnswerCounts(ctx context.Context, campaign string) ([]AnswerCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.question_id, a.value, count(*) AS n
		FROM survey_answers a JOIN calls c ON c.id = a.call_id
		WHERE c.campaign = ? AND c.sandbox = 0
		GROUP BY a.question_id, a.value ORDER BY a.question_id, n DESC, a.value`, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: answer counts: %w", closedErr(err))
	}
	defer rows.Close()
	var out []AnswerCount
	for rows.Next() {
		var a AnswerCount
		if err := rows.Scan(&a.QuestionID, &a.Value, &a.Count); err != nil {
			return nil, fmt.Errorf("store: answer counts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
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

// DailyCounts returns a campaign's counts per UTC day of the call's start,
// oldest first. Sandbox calls are left out.
func (s *SQLite) DailyCounts(ctx context.Context, campaign string) ([]DayCounts, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT substr(started_at, 1, 10) AS day,
		sum(outcome <> 'skipped_dnc'), sum(answered_at IS NOT NULL), sum(outcome = 'completed'),
		sum(opt_out <> 0), sum(outcome = 'refused'), sum(outcome = 'skipped_dnc')
		FROM calls WHERE campaign = ? AND sandbox = 0 AND started_at IS NOT NULL
		GROUP BY day ORDER BY day`, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: daily counts: %w", closedErr(err))
	}
	defer rows.Close()
	var out []DayCounts
	for rows.Next() {
		var d DayCounts
		var day string
		if err := rows.Scan(&day, &d.Dialed, &d.Answered, &d.Completed, &d.OptedOut, &d.Refused, &d.SkippedDNC); err != nil {
			return nil, fmt.Errorf("store: daily counts: %w", err)
		}
		t, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return nil, fmt.Errorf("store: daily counts: day %q: %w", day, err)
		}
		d.Day = t
		out = append(out, d)
	}
	return out, rows.Err()
}
