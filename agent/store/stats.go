package store

import (
	"context"
	"database/sql"
	"fmt"

	"candor/agent"
)

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

// CampaignStats counts campaign's contacts, calls and guardrail interventions.
func (s *SQLite) CampaignStats(ctx context.Context, campaign string) (Stats, error) {
	st := Stats{Campaign: campaign, ByOutcome: map[agent.Outcome]int{}}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Stats{}, fmt.Errorf("store: campaign stats: %w", closedErr(err))
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(opt_out), 0), coalesce(sum(disclosure_complete), 0),
		coalesce(sum(blocked_count), 0) FROM calls WHERE campaign = ?`, campaign).
		Scan(&st.Calls, &st.OptOuts, &st.DisclosuresComplete, &st.BlockedSentences)
	if err != nil {
		return Stats{}, fmt.Errorf("store: campaign stats: %w", err)
	}
	for q, dst := range map[string]*int{
		`SELECT count(*) FROM contacts WHERE campaign = ?`:                      &st.Contacts,
		`SELECT count(*) FROM dnc WHERE campaign = ? AND removed_at IS NULL`:    &st.DNCAdded,
		`SELECT count(*) FROM callbacks WHERE campaign = ? AND done_at IS NULL`: &st.PendingCallbacks,
	} {
		if err := tx.QueryRowContext(ctx, q, campaign).Scan(dst); err != nil {
			return Stats{}, fmt.Errorf("store: campaign stats: %w", err)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT outcome, count(*) FROM calls WHERE campaign = ? GROUP BY outcome`, campaign)
	if err != nil {
		return Stats{}, fmt.Errorf("store: campaign stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return Stats{}, fmt.Errorf("store: campaign stats: %w", err)
		}
		st.ByOutcome[agent.Outcome(o)] = n
	}
	if err := rows.Err(); err != nil {
		return Stats{}, fmt.Errorf("store: campaign stats: %w", err)
	}
	return st, nil
}
