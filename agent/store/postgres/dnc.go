package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"candor/agent"
	"candor/agent/store"
)

// AddOptOut puts o.Number on o.Business's do-not-call list (a no-op when it
// is there already); once it returns, no claim for the number succeeds.
func (p *Store) AddOptOut(ctx context.Context, o agent.OptOut) error {
	o.Number, o.Business = store.CanonicalNumber(o.Number), store.BusinessKey(o.Business)
	if o.Number == "" || o.Business == "" {
		return fmt.Errorf("%w: an opt-out needs a number and a business", store.ErrInvalid)
	}
	if o.Reason == "" {
		o.Reason = "opt_out"
	}
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if err := lockNumber(ctx, tx, o.Business, o.Number); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO dnc (business, number, campaign, reason, utterance, call_id, created_at, seq)
			VALUES ($1, $2, $3, $4, $5, $6, $7, nextval('dial_seq'))
			ON CONFLICT (business, number) WHERE removed_at IS NULL DO NOTHING`,
			o.Business, o.Number, o.Campaign, o.Reason, o.Utterance, o.CallID, p.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: add opt-out: %w", err)
	}
	return nil
}

// IsOnDNC reports whether number is on business's list or the registry.
func (p *Store) IsOnDNC(ctx context.Context, business, number string) (bool, error) {
	var on bool
	err := p.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM dnc WHERE number = $1 AND business IN ($2, $3) AND removed_at IS NULL)`,
		store.CanonicalNumber(number), store.BusinessKey(business), store.AllBusinesses).Scan(&on)
	if err != nil {
		return false, fmt.Errorf("store: do-not-call lookup: %w", err)
	}
	return on, nil
}
