package sqlite

import (
	"context"
	"fmt"
	"time"

	"candor/agent"
	"candor/agent/store"
)

// saveCallback records (or, when the record no longer asks for one, drops)
// the pending callback of rec.
func saveCallback(ctx context.Context, tx execer, rec *agent.CallRecord, now time.Time) error {
	if rec.CallbackAt.IsZero() {
		if _, err := tx.ExecContext(ctx, `DELETE FROM callbacks WHERE call_id = ? AND done_at IS NULL`, rec.ID); err != nil {
			return fmt.Errorf("store: save callback: %w", err)
		}
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO callbacks (call_id, campaign, business, number, due_at, text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (call_id) DO UPDATE SET due_at = excluded.due_at, text = excluded.text`,
		rec.ID, rec.Campaign, rec.Business, store.CanonicalNumber(rec.Number), formatTime(rec.CallbackAt), rec.CallbackText, formatTime(now))
	if err != nil {
		return fmt.Errorf("store: save callback: %w", err)
	}
	return nil
}

// PendingCallbacks returns campaign's callbacks not yet done that are due
// before the given time (all of them when before is zero), soonest first.
func (s *Store) PendingCallbacks(ctx context.Context, campaign string, before time.Time) ([]store.Callback, error) {
	limit := formatTime(before)
	rows, err := s.db.QueryContext(ctx, `SELECT call_id, campaign, business, number, due_at, text FROM callbacks
		WHERE campaign = ? AND done_at IS NULL AND (? IS NULL OR due_at < ?) ORDER BY due_at, call_id`,
		campaign, limit, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list callbacks: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.Callback
	for rows.Next() {
		var c store.Callback
		if err := rows.Scan(&c.CallID, &c.Campaign, &c.Business, &c.Number, nullTime{&c.At}, &c.Text); err != nil {
			return nil, fmt.Errorf("store: list callbacks: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list callbacks: %w", err)
	}
	return out, nil
}

// CompleteCallback marks the callback requested on call callID as done.
func (s *Store) CompleteCallback(ctx context.Context, callID string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE callbacks SET done_at = ? WHERE call_id = ? AND done_at IS NULL`,
		formatTime(s.now()), callID)
	if err != nil {
		return fmt.Errorf("store: complete callback: %w", closedErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: no pending callback for call %q", store.ErrNotFound, callID)
	}
	return nil
}
