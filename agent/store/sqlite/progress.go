package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"candor/agent/store"
)

// CampaignProgress counts the campaign's dial jobs by where they stand at now.
func (s *Store) CampaignProgress(ctx context.Context, campaign string, now time.Time) (store.Progress, error) {
	p := store.Progress{Skipped: map[string]int{}}
	rows, err := s.db.QueryContext(ctx, `SELECT state, result, due_at > ?, count(*), max(updated_at)
		FROM dial_jobs WHERE campaign = ? GROUP BY 1, 2, 3`, formatTime(now), campaign)
	if err != nil {
		return p, fmt.Errorf("store: campaign progress: %w", closedErr(err))
	}
	defer rows.Close()
	var last string
	for rows.Next() {
		var state, result string
		var later bool
		var n int
		var updated sql.NullString
		if err := rows.Scan(&state, &result, &later, &n, &updated); err != nil {
			return p, fmt.Errorf("store: campaign progress: %w", err)
		}
		p.Total += n
		switch {
		case state == "running":
			p.InFlight += n
		case state == "done":
			if reason, ok := strings.CutPrefix(result, "skipped: "); ok {
				p.Skipped[reason] += n
			} else {
				p.Done += n
			}
			if updated.Valid && updated.String > last {
				last = updated.String
			}
		case strings.HasPrefix(result, "waiting: ") && later:
			p.Waiting += n
		case later:
			p.Later += n
		default:
			p.Queued += n
		}
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("store: campaign progress: %w", err)
	}
	var first sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT min(at) FROM attempts WHERE campaign = ?`, campaign).Scan(&first); err != nil {
		return p, fmt.Errorf("store: campaign progress: %w", closedErr(err))
	}
	if p.FirstAt, err = parseTime(first); err != nil {
		return p, fmt.Errorf("store: campaign progress: %w", err)
	}
	if p.LastAt, err = parseTime(sql.NullString{String: last, Valid: last != ""}); err != nil {
		return p, fmt.Errorf("store: campaign progress: %w", err)
	}
	return p, nil
}
