package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"candor/agent"
	"candor/agent/store"
)

// Abandonment counts campaign's answered calls since since (sandbox calls
// left out) and those abandoned: no agent audio within AbandonAfter of the
// answer, as in Report.
func (s *Store) Abandonment(ctx context.Context, campaign string, since time.Time) (answered, abandoned int, err error) {
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
		if ds, err := parseTime(dis); err != nil || ds.IsZero() || ds.Sub(at) > store.AbandonAfter {
			abandoned++
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("store: abandonment: %w", err)
	}
	return answered, abandoned, nil
}

// Report builds campaign's report.
func (s *Store) Report(ctx context.Context, campaign string) (store.CampaignReport, error) {
	r := store.CampaignReport{Campaign: campaign, ByOutcome: map[string]int{}}
	for q, dst := range map[string]*int{
		`SELECT count(*) FROM contacts WHERE campaign = ?`:                                                         &r.Contacts,
		`SELECT count(*) FROM attempts WHERE campaign = ?`:                                                         &r.Attempts,
		`SELECT count(*) FROM dial_jobs WHERE campaign = ? AND state <> 'done' AND kind = 'contact' AND tries > 0`: &r.PendingRetries,
		`SELECT count(*) FROM callbacks WHERE campaign = ? AND done_at IS NULL`:                                    &r.PendingCallbacks,
	} {
		if err := s.db.QueryRowContext(ctx, q, campaign).Scan(dst); err != nil {
			return store.CampaignReport{}, fmt.Errorf("store: report: %w", closedErr(err))
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT outcome, answered_at, disclosure_start, disclosure_complete
		FROM calls WHERE campaign = ? AND sandbox = 0`, campaign)
	if err != nil {
		return store.CampaignReport{}, fmt.Errorf("store: report: %w", closedErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var outcome string
		var complete int
		var answered, disclosed sql.NullString
		if err := rows.Scan(&outcome, &answered, &disclosed, &complete); err != nil {
			return store.CampaignReport{}, fmt.Errorf("store: report: %w", err)
		}
		r.Calls++
		r.ByOutcome[outcome]++
		switch agent.Outcome(outcome) {
		case agent.OutcomeOptOut:
			r.OptOuts++
		case agent.OutcomeRefused:
			r.Refusals++
		case agent.OutcomeInterrupted:
			r.Interrupted++
		case agent.OutcomeInProgress:
			r.InProgress++
		}
		at, err := parseTime(answered)
		if err != nil || at.IsZero() {
			continue
		}
		r.Answered++
		if complete != 0 {
			r.DisclosureComplete++
		}
		if ds, err := parseTime(disclosed); err != nil || ds.IsZero() || ds.Sub(at) > store.AbandonAfter {
			r.Abandoned++
		}
	}
	if err := rows.Err(); err != nil {
		return store.CampaignReport{}, fmt.Errorf("store: report: %w", err)
	}
	rows.Close()
	if r.Answered > 0 {
		a := float64(r.Answered)
		r.OptOutRate, r.RefusalRate = float64(r.OptOuts)/a, float64(r.Refusals)/a
		r.DisclosureRate, r.AbandonmentRate = float64(r.DisclosureComplete)/a, float64(r.Abandoned)/a
	}
	if r.Answers, err = s.AnswerCounts(ctx, campaign); err != nil {
		return store.CampaignReport{}, err
	}
	if r.Answers == nil {
		r.Answers = []store.AnswerCount{}
	}
	if r.Skipped, err = s.SkippedByReason(ctx, campaign); err != nil {
		return store.CampaignReport{}, err
	}
	return r, nil
}

// CampaignStats counts campaign's contacts, calls and guardrail interventions.
func (s *Store) CampaignStats(ctx context.Context, campaign string) (store.Stats, error) {
	st := store.Stats{Campaign: campaign, ByOutcome: map[agent.Outcome]int{}}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return store.Stats{}, fmt.Errorf("store: campaign stats: %w", closedErr(err))
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(opt_out), 0), coalesce(sum(disclosure_complete), 0),
		coalesce(sum(blocked_count), 0) FROM calls WHERE campaign = ?`, campaign).
		Scan(&st.Calls, &st.OptOuts, &st.DisclosuresComplete, &st.BlockedSentences)
	if err != nil {
		return store.Stats{}, fmt.Errorf("store: campaign stats: %w", err)
	}
	for q, dst := range map[string]*int{
		`SELECT count(*) FROM contacts WHERE campaign = ?`:                      &st.Contacts,
		`SELECT count(*) FROM dnc WHERE campaign = ? AND removed_at IS NULL`:    &st.DNCAdded,
		`SELECT count(*) FROM callbacks WHERE campaign = ? AND done_at IS NULL`: &st.PendingCallbacks,
	} {
		if err := tx.QueryRowContext(ctx, q, campaign).Scan(dst); err != nil {
			return store.Stats{}, fmt.Errorf("store: campaign stats: %w", err)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT outcome, count(*) FROM calls WHERE campaign = ? GROUP BY outcome`, campaign)
	if err != nil {
		return store.Stats{}, fmt.Errorf("store: campaign stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return store.Stats{}, fmt.Errorf("store: campaign stats: %w", err)
		}
		st.ByOutcome[agent.Outcome(o)] = n
	}
	if err := rows.Err(); err != nil {
		return store.Stats{}, fmt.Errorf("store: campaign stats: %w", err)
	}
	return st, nil
}

// Campaigns returns the names of the campaigns that have calls, by name.
func (s *Store) Campaigns(ctx context.Context) ([]string, error) {
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

// AnswerCounts returns a campaign's answer distribution, by question, then
// by count (most first) and value. Sandbox calls are left out.
func (s *Store) AnswerCounts(ctx context.Context, campaign string) ([]store.AnswerCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.question_id, a.value, count(*) AS n
		FROM survey_answers a JOIN calls c ON c.id = a.call_id
		WHERE c.campaign = ? AND c.sandbox = 0
		GROUP BY a.question_id, a.value ORDER BY a.question_id, n DESC, a.value`, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: answer counts: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.AnswerCount
	for rows.Next() {
		var a store.AnswerCount
		if err := rows.Scan(&a.QuestionID, &a.Value, &a.Count); err != nil {
			return nil, fmt.Errorf("store: answer counts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DailyCounts returns a campaign's counts per UTC day of the call's start,
// oldest first. Sandbox calls are left out.
func (s *Store) DailyCounts(ctx context.Context, campaign string) ([]store.DayCounts, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT substr(started_at, 1, 10) AS day,
		sum(outcome <> 'skipped_dnc'), sum(answered_at IS NOT NULL), sum(outcome = 'completed'),
		sum(opt_out <> 0), sum(outcome = 'refused'), sum(outcome = 'skipped_dnc')
		FROM calls WHERE campaign = ? AND sandbox = 0 AND started_at IS NOT NULL
		GROUP BY day ORDER BY day`, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: daily counts: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.DayCounts
	for rows.Next() {
		var d store.DayCounts
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
