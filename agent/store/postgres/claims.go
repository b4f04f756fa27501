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
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM attempts WHERE campaign = $1 AND outcome = 'claimed'
				AND coalesce(lease_until, at + interval '15 minutes') > $2`,
				r.Campaign, r.Now).Scan(&n); err != nil {
				return fmt.Errorf("calls in flight: %w", err)
			}
			if n >= r.MaxInFlight {
				c = store.Claim{Reason: store.SkipBusy, Next: r.Now.Add(store.BusyRetry)}
				return nil
			}
		}
		if c.OK {
			return tx.QueryRow(ctx, `INSERT INTO attempts (business, campaign, number, at, worker, call_id, job_id, lease_until, seq)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nextval('dial_seq')) RETURNING id`,
				r.Business, r.Campaign, r.Number, r.Now, r.Worker, r.CallID, r.JobID, r.LeaseUntil()).Scan(&c.AttemptID)
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
	return store.Decide(ctx, r, facts{tx})
}

// pgQuerier is a transaction or the pool.
type pgQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// facts reads a dial decision's facts through q (the claim's transaction,
// or the pool for a dry run).
type facts struct{ q pgQuerier }

var _ store.DialFacts = facts{}

func (f facts) DNCScope(ctx context.Context, business, number string) (string, error) {
	var scope string
	err := f.q.QueryRow(ctx, `SELECT business FROM dnc WHERE number = $1 AND business IN ($2, $3) AND removed_at IS NULL
		ORDER BY business = $2 DESC LIMIT 1`, number, business, store.AllBusinesses).Scan(&scope)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return scope, err
}

func (f facts) RegistryNewest(ctx context.Context, now time.Time) (time.Time, bool, error) {
	var newest *time.Time
	// An extract dated after today (anywhere) is ignored (store.RegistryDay).
	if err := f.q.QueryRow(ctx, `SELECT max(extract_date)::timestamptz FROM dnc_registry_imports WHERE extract_date <= $1::date`,
		store.RegistryDay(now)).Scan(&newest); err != nil {
		return time.Time{}, false, err
	}
	if newest == nil {
		return time.Time{}, false, nil
	}
	return *newest, true, nil
}

func (f facts) HasConsent(ctx context.Context, business, number string, at time.Time) (bool, error) {
	var has bool
	err := f.q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM consent WHERE business = $1 AND number = $2
		AND revoked_at IS NULL AND given_at <= $3)`, business, number, at).Scan(&has)
	return has, err
}

func (f facts) AttemptTimes(ctx context.Context, business, number string, since time.Time) ([]time.Time, error) {
	rows, err := f.q.Query(ctx, `SELECT at FROM attempts WHERE business = $1 AND number = $2 AND at >= $3`, business, number, since)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[time.Time])
}

// DialFacts reads dial decisions' facts from the database, outside any
// transaction (for a dry run: nothing is written).
func (p *Store) DialFacts() store.DialFacts { return facts{p.pool} }

// SetAttemptOutcome records how a claimed attempt ended.
func (p *Store) SetAttemptOutcome(ctx context.Context, attemptID int64, outcome, callID string) error {
	return p.exec1(ctx, "attempt outcome", `UPDATE attempts SET outcome = $1, call_id = $2 WHERE id = $3`, outcome, callID, attemptID)
}

// RenewLease extends the lease of worker's running job jobID and of its
// claimed attempt attemptID (0: the job only) until until. It returns an
// error wrapping store.ErrLeaseLost when the job is no longer running for
// worker.
func (p *Store) RenewLease(ctx context.Context, jobID, attemptID int64, worker string, until time.Time) error {
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE dial_jobs SET lease_until = $1, updated_at = $2 WHERE id = $3 AND state = 'running' AND worker = $4`,
			until, p.now(), jobID, worker)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: job %d is not running for %s", store.ErrLeaseLost, jobID, worker)
		}
		if attemptID != 0 {
			_, err = tx.Exec(ctx, `UPDATE attempts SET lease_until = $1 WHERE id = $2 AND outcome = 'claimed'`, until, attemptID)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: renew lease: %w", err)
	}
	return nil
}

// ReconcileExpired turns campaign's claimed attempts whose lease ran out by
// now (claims from before leases: 15 minutes after the claim) into
// interrupted ones and returns them. The evidence records are in each
// worker's own store: the caller completes them there (RecordInterrupted of
// the SQLite store).
func (p *Store) ReconcileExpired(ctx context.Context, campaign string, now time.Time) ([]store.Attempt, error) {
	rows, err := p.pool.Query(ctx, `UPDATE attempts SET outcome = $3
		WHERE campaign = $1 AND outcome = 'claimed' AND coalesce(lease_until, at + interval '15 minutes') <= $2
		RETURNING id, business, campaign, number, at, outcome, call_id, job_id`, campaign, now, store.AttemptInterrupted)
	if err != nil {
		return nil, fmt.Errorf("store: reconcile claims: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Attempt, error) {
		var a store.Attempt
		err := r.Scan(&a.ID, &a.Business, &a.Campaign, &a.Number, &a.At, &a.Outcome, &a.CallID, &a.JobID)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: reconcile claims: %w", err)
	}
	return out, nil
}
