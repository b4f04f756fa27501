package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"candor/agent/store"
)

// ClaimDial runs every pre-dial check and, when they pass, records the
// attempt, in one transaction holding the number's advisory lock (see
// store.Queue). A refused claim is recorded in the skipped table.
func (p *Store) ClaimDial(ctx context.Context, r store.ClaimRequest) (store.Claim, error) {
	r, err := r.Normalized()
	if err != nil {
		return store.Claim{}, err
	}
	var c store.Claim
	err = pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if err := lockNumber(ctx, tx, r.Business, r.Number); err != nil {
			return err
		}
		var err error
		if c, err = p.claimChecks(ctx, tx, r); err != nil {
			return err
		}
		if c.OK && r.MaxInFlight > 0 {
			// One claim of the campaign at a time while counting.
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('campaign:' || $1, 0))`, r.Campaign); err != nil {
				return fmt.Errorf("campaign lock: %w", err)
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM attempts WHERE campaign = $1 AND at > $2 AND outcome = 'claimed'`,
				r.Campaign, r.InFlightSince()).Scan(&n); err != nil {
				return fmt.Errorf("calls in flight: %w", err)
			}
			if n >= r.MaxInFlight {
				c = store.Claim{Reason: store.SkipBusy, Next: r.Now.Add(store.BusyRetry)}
				return nil
			}
		}
		if c.OK {
			return tx.QueryRow(ctx, `INSERT INTO attempts (business, campaign, number, at, worker, seq)
				VALUES ($1, $2, $3, $4, $5, nextval('dial_seq')) RETURNING id`,
				r.Business, r.Campaign, r.Number, r.Now, r.Worker).Scan(&c.AttemptID)
		}
		var next *time.Time
		if !c.Next.IsZero() {
			next = &c.Next
		}
		_, err = tx.Exec(ctx, `INSERT INTO skipped (business, campaign, number, reason, at, next_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			r.Business, r.Campaign, r.Number, c.Reason, r.Now, next)
		return err
	})
	if err != nil {
		return store.Claim{}, fmt.Errorf("store: claim dial: %w", err)
	}
	return c, nil
}

func (p *Store) claimChecks(ctx context.Context, tx pgx.Tx, r store.ClaimRequest) (store.Claim, error) {
	var scope string
	err := tx.QueryRow(ctx, `SELECT business FROM dnc WHERE number = $1 AND business IN ($2, $3) AND removed_at IS NULL
		ORDER BY business = $2 DESC LIMIT 1`, r.Number, r.Business, store.AllBusinesses).Scan(&scope)
	switch {
	case err == nil && scope == store.AllBusinesses:
		return store.Claim{Reason: store.SkipRegistry}, nil
	case err == nil:
		return store.Claim{Reason: store.SkipDNC}, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return store.Claim{}, fmt.Errorf("do-not-call lookup: %w", err)
	}
	if r.Marketing {
		var newest *time.Time
		// An extract dated after today (anywhere) is ignored (store.RegistryDay).
		if err := tx.QueryRow(ctx, `SELECT max(extract_date)::timestamptz FROM dnc_registry_imports WHERE extract_date <= $1::date`,
			store.RegistryDay(r.Now)).Scan(&newest); err != nil {
			return store.Claim{}, fmt.Errorf("registry freshness: %w", err)
		}
		if newest == nil || r.Now.Sub(*newest) > store.RegistryMaxAge {
			return store.Claim{Reason: store.SkipRegistryStale}, nil
		}
		var has bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM consent WHERE business = $1 AND number = $2
			AND revoked_at IS NULL AND given_at <= $3)`, r.Business, r.Number, r.Now).Scan(&has); err != nil {
			return store.Claim{}, fmt.Errorf("consent lookup: %w", err)
		}
		if !has {
			return store.Claim{Reason: store.SkipNoConsent}, nil
		}
	}
	w := r.Window.For(r.Region)
	ok, next := w.Allowed(r.Now, r.Zones)
	if next.IsZero() {
		return store.Claim{Reason: store.SkipNoWindow}, nil
	}
	if !ok {
		return store.Claim{Reason: store.SkipOutsideWindow, Next: next}, nil
	}
	rows, err := tx.Query(ctx, `SELECT at FROM attempts WHERE business = $1 AND number = $2 AND at >= $3`,
		r.Business, r.Number, r.Now.Add(-store.CapLookback))
	if err != nil {
		return store.Claim{}, fmt.Errorf("attempt lookup: %w", err)
	}
	prev, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	if err != nil {
		return store.Claim{}, fmt.Errorf("attempt lookup: %w", err)
	}
	if ok, next, reason := r.Caps.Check(r.Now, prev); !ok {
		if !next.IsZero() {
			if _, wnext := w.Allowed(next, r.Zones); !wnext.IsZero() {
				next = wnext
			}
		}
		return store.Claim{Reason: reason, Next: next}, nil
	}
	return store.Claim{OK: true}, nil
}

// SetAttemptOutcome records how a claimed attempt ended.
func (p *Store) SetAttemptOutcome(ctx context.Context, attemptID int64, outcome, callID string) error {
	return p.exec1(ctx, "attempt outcome", `UPDATE attempts SET outcome = $1, call_id = $2 WHERE id = $3`, outcome, callID, attemptID)
}
