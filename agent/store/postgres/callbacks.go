package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"candor/agent"
	"candor/agent/store"
)

// SaveCallback records the callback rec asks for (none: nothing).
func (p *Store) SaveCallback(ctx context.Context, rec *agent.CallRecord) error {
	if rec.CallbackAt.IsZero() {
		return nil
	}
	_, err := p.pool.Exec(ctx, `INSERT INTO callbacks (call_id, campaign, business, number, due_at, text) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (call_id) DO UPDATE SET due_at = excluded.due_at, text = excluded.text`,
		rec.ID, rec.Campaign, rec.Business, store.CanonicalNumber(rec.Number), rec.CallbackAt, rec.CallbackText)
	if err != nil {
		return fmt.Errorf("store: save callback: %w", err)
	}
	return nil
}

// PendingCallbacks returns campaign's callbacks not yet done that are due
// before the given time (all of them when before is zero), soonest first.
func (p *Store) PendingCallbacks(ctx context.Context, campaign string, before time.Time) ([]store.Callback, error) {
	var limit *time.Time
	if !before.IsZero() {
		limit = &before
	}
	rows, err := p.pool.Query(ctx, `SELECT call_id, campaign, business, number, due_at, text FROM callbacks
		WHERE campaign = $1 AND done_at IS NULL AND ($2::timestamptz IS NULL OR due_at < $2) ORDER BY due_at, call_id`, campaign, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list callbacks: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Callback, error) {
		var c store.Callback
		err := r.Scan(&c.CallID, &c.Campaign, &c.Business, &c.Number, &c.At, &c.Text)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: list callbacks: %w", err)
	}
	return out, nil
}

// CompleteCallback marks the callback requested on call callID as done.
func (p *Store) CompleteCallback(ctx context.Context, callID string) error {
	return p.exec1(ctx, "complete callback", `UPDATE callbacks SET done_at = $1 WHERE call_id = $2 AND done_at IS NULL`, p.now(), callID)
}
