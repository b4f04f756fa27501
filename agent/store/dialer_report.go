package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AbandonAfter is how long after answer the agent may stay silent before an
// answered call counts as abandoned.
const AbandonAfter = 2 * time.Second

// Abandonment counts campaign's answered calls since since (sandbox calls
// left out) and those abandoned: no agent audio within AbandonAfter of the
// answer, as in Report.
func (s *SQLite) Abandonment(ctx context.Context, campaign string, since time.Time) (answered, abandoned int, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT answered_at, disclosure_start FROM calls
		WHERE campaign = ? AND sandbox = 0 AND answered_at IS NOT NULL AND answered_at >= ?`, campaign, formatTime(since))
	if err != nil {
		return 0, 0, fmt.Errorf("store: abandonment: %w", closedErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var ans, dis sql.NullString
		if err := rows.Scan(&ans, &dis); err != nil {
			return 0, 0, fmt.Errorf("store: abandonment: %w", err)
		}
		at, err := parseTime(ans)
		if err != nil || at.IsZero() {
			continue
		}
		answered++
		if ds, err := parseTime(dis); err != nil || ds.IsZero() || ds.Sub(at) > AbandonAfter {
			abandoned++
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("store: abandonment: %w", err)
	}
	return answered, abandoned, nil
}

// CampaignReport is what a campaign did, for `candor report`. Rates are
// shares of answered calls (0 when none was answered). Sandbox calls are
// left out.
type CampaignReport struct {
	Campaign string `json:"campaign"`
	Contacts int    `json:"contacts"`
	// Attempts counts dials claimed (caps count these).
	Attempts int `json:"attempts"`
	// Calls counts evidence records; Answered those with an answer time.
	Calls    int `json:"calls"`
	Answered int `json:"answered"`
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

// Report builds campaign's report.
func (s *SQLite) Report(ctx context.Context, campaign string) (CampaignReport, error) {
	r := CampaignReport{Campaign: campaign, ByOutcome: map[string]int{}}
	for q, dst := range map[string]*int{
		`SELECT count(*) FROM contacts WHERE campaign = ?`: &r.Contacts,
		`SELECT count(*) FROM attempts WHERE campaign = ?`: &r.Attempts,
	} {
		if err := s.db.QueryRowContext(ctx, q, campaign).Scan(dst); err != nil {
			return CampaignReport{}, fmt.Errorf("store: report: %w", closedErr(err))
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT outcome, answered_at, disclosure_start, disclosure_complete
		FROM calls WHERE campaign = ? AND sandbox = 0`, campaign)
	if err != nil {
		return CampaignReport{}, fmt.Errorf("store: report: %w", closedErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var outcome string
		var complete int
		var answered, disclosed sql.NullString
		if err := rows.Scan(&outcome, &answered, &disclosed, &complete); err != nil {
			return CampaignReport{}, fmt.Errorf("store: report: %w", err)
		}
		r.Calls++
		r.ByOutcome[outcome]++
		switch outcome {
		case "opted_out":
			r.OptOuts++
		case "refused":
			r.Refusals++
		}
		at, err := parseTime(answered)
		if err != nil || at.IsZero() {
			continue
		}
		r.Answered++
		if complete != 0 {
			r.DisclosureComplete++
		}
		if ds, err := parseTime(disclosed); err != nil || ds.IsZero() || ds.Sub(at) > AbandonAfter {
			r.Abandoned++
		}
	}
	if err := rows.Err(); err != nil {
		return CampaignReport{}, fmt.Errorf("store: report: %w", err)
	}
	rows.Close()
	if r.Answered > 0 {
		a := float64(r.Answered)
		r.OptOutRate, r.RefusalRate = float64(r.OptOuts)/a, float64(r.Refusals)/a
		r.DisclosureRate, r.AbandonmentRate = float64(r.DisclosureComplete)/a, float64(r.Abandoned)/a
	}
	if r.Answers, err = s.AnswerCounts(ctx, campaign); err != nil {
		return CampaignReport{}, err
	}
	if r.Answers == nil {
		r.Answers = []AnswerCount{}
	}
	if r.Skipped, err = s.SkippedByReason(ctx, campaign); err != nil {
		return CampaignReport{}, err
	}
	return r, nil
}
