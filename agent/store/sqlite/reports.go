package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"candor/agent"
	"candor/agent/store"
)

// Abandonment counts campaign's answered calls since since (sandbox calls
// left out) and those abandoned (store.Abandoned).
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
		ds, err := parseTime(dis)
		if err != nil || store.Abandoned(at, ds) {
			abandoned++
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("store: abandonment: %w", err)
	}
	return answered, abandoned, nil
}

// CampaignFacts reads what campaign's figures are computed from: with
// sandbox false its production calls and the dialler's counts, with sandbox
// true its sandbox calls alone. One read transaction: the counts and the
// calls agree.
func (s *Store) CampaignFacts(ctx context.Context, campaign string, sandbox bool) (store.CampaignFacts, error) {
	f := store.CampaignFacts{Campaign: campaign, Sandbox: sandbox, Skipped: map[string]int{}, Calls: []store.CallFact{}}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", closedErr(err))
	}
	defer tx.Rollback()
	if !sandbox {
		for q, dst := range map[string]*int{
			`SELECT count(*) FROM contacts WHERE campaign = ?`:                                                         &f.Contacts,
			`SELECT count(*) FROM attempts WHERE campaign = ?`:                                                         &f.Attempts,
			`SELECT count(*) FROM dnc WHERE campaign = ? AND removed_at IS NULL`:                                       &f.DNCAdded,
			`SELECT count(*) FROM callbacks WHERE campaign = ? AND done_at IS NULL`:                                    &f.PendingCallbacks,
			`SELECT count(*) FROM dial_jobs WHERE campaign = ? AND state <> 'done' AND kind = 'contact' AND tries > 0`: &f.PendingRetries,
		} {
			if err := tx.QueryRowContext(ctx, q, campaign).Scan(dst); err != nil {
				return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", closedErr(err))
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT reason, count(*) FROM skipped WHERE campaign = ? GROUP BY reason`, campaign)
		if err != nil {
			return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
		}
		for rows.Next() {
			var r string
			var n int
			if err := rows.Scan(&r, &n); err != nil {
				rows.Close()
				return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
			}
			f.Skipped[r] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, outcome, started_at, answered_at, disclosure_start,
		disclosure_complete, opt_out, blocked_count, events, latencies_ms
		FROM calls WHERE campaign = ? AND sandbox = ? ORDER BY started_at, id`, campaign, boolInt(sandbox))
	if err != nil {
		return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
	}
	index := map[string]int{}
	for rows.Next() {
		var c store.CallFact
		var outcome, events, lat string
		var complete, optOut int
		if err := rows.Scan(&c.ID, &outcome, nullTime{&c.StartedAt}, nullTime{&c.AnsweredAt}, nullTime{&c.DisclosureStart},
			&complete, &optOut, &c.Blocked, &events, &lat); err != nil {
			rows.Close()
			return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
		}
		c.Outcome, c.DisclosureComplete, c.OptOut = agent.Outcome(outcome), complete != 0, optOut != 0
		if err := json.Unmarshal([]byte(events), &c.Events); err != nil {
			rows.Close()
			return store.CampaignFacts{}, fmt.Errorf("store: call %q events: %w", c.ID, err)
		}
		if err := json.Unmarshal([]byte(lat), &c.LatenciesMS); err != nil {
			rows.Close()
			return store.CampaignFacts{}, fmt.Errorf("store: call %q latencies: %w", c.ID, err)
		}
		index[c.ID] = len(f.Calls)
		f.Calls = append(f.Calls, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT a.call_id, a.question_id, a.value, a.raw
		FROM survey_answers a JOIN calls c ON c.id = a.call_id
		WHERE c.campaign = ? AND c.sandbox = ? ORDER BY a.call_id, a.pos`, campaign, boolInt(sandbox))
	if err != nil {
		return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a agent.SurveyAnswer
		if err := rows.Scan(&id, &a.QuestionID, &a.Value, &a.Raw); err != nil {
			return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
		}
		if i, ok := index[id]; ok {
			f.Calls[i].Answers = append(f.Calls[i].Answers, a)
		}
	}
	if err := rows.Err(); err != nil {
		return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
	}
	return f, nil
}

// Campaigns returns the names of the campaigns that have calls (sandbox or
// not), by name.
func (s *Store) Campaigns(ctx context.Context) ([]string, error) {
	return s.campaignNames(ctx, `SELECT DISTINCT campaign FROM calls ORDER BY campaign`)
}

// ProductionCampaigns returns the names of the campaigns with contacts,
// production calls or skipped numbers, by name (a campaign only tried in the
// sandbox is not one).
func (s *Store) ProductionCampaigns(ctx context.Context) ([]string, error) {
	return s.campaignNames(ctx, `SELECT campaign FROM calls WHERE sandbox = 0
		UNION SELECT campaign FROM contacts UNION SELECT campaign FROM skipped ORDER BY 1`)
}

func (s *Store) campaignNames(ctx context.Context, q string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, q)
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
