package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"candor/agent/store"
)

// ClaimDial runs every pre-dial check and, when they pass, records the
// attempt, in one immediate (write-locked) transaction: two workers, even in
// two processes, can never both claim beyond the caps, and an opt-out
// committed before the claim is always seen. A refused claim is recorded in
// the skipped table. The error is non-nil only when the checks could not be
// made; the number must then not be dialled.
func (s *Store) ClaimDial(ctx context.Context, r store.ClaimRequest) (store.Claim, error) {
	r, err := r.Normalized()
	if err != nil {
		return store.Claim{}, err
	}
	tx, err := s.db.BeginTx(ctx, nil) // immediate: see dsnParams
	if err != nil {
		return store.Claim{}, fmt.Errorf("store: claim dial: %w", closedErr(err))
	}
	defer tx.Rollback()
	c, err := claimChecks(ctx, tx, r)
	if err != nil {
		return store.Claim{}, fmt.Errorf("store: claim dial: %w", err)
	}
	if c.OK && r.MaxInFlight > 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM attempts WHERE campaign = ? AND outcome = 'claimed' AND lease_until > ?`,
			r.Campaign, formatTime(r.Now)).Scan(&n); err != nil {
			return store.Claim{}, fmt.Errorf("store: claim dial: calls in flight: %w", err)
		}
		if n >= r.MaxInFlight {
			return store.Claim{Reason: store.SkipBusy, Next: r.Now.Add(store.BusyRetry)}, nil // nothing written
		}
	}
	if c.OK {
		res, err := tx.ExecContext(ctx, `INSERT INTO attempts (business, campaign, number, at, worker, call_id, job_id, lease_until)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Business, r.Campaign, r.Number, formatTime(r.Now), r.Worker, r.CallID, r.JobID, formatTime(r.LeaseUntil()))
		if err != nil {
			return store.Claim{}, fmt.Errorf("store: record attempt: %w", err)
		}
		if c.AttemptID, err = res.LastInsertId(); err != nil {
			return store.Claim{}, fmt.Errorf("store: record attempt: %w", err)
		}
	} else if _, err := tx.ExecContext(ctx, `INSERT INTO skipped (business, campaign, number, reason, at, next_at) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Business, r.Campaign, r.Number, c.Reason, formatTime(r.Now), formatTime(c.Next)); err != nil {
		return store.Claim{}, fmt.Errorf("store: record skipped number: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return store.Claim{}, fmt.Errorf("store: claim dial: %w", err)
	}
	return c, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func claimChecks(ctx context.Context, tx querier, r store.ClaimRequest) (store.Claim, error) {
	return store.Decide(ctx, r, facts{tx})
}

// facts reads a dial decision's facts through q (a transaction, or the
// database for a dry run).
type facts struct{ q querier }

var _ store.DialFacts = facts{}

func (f facts) DNCScope(ctx context.Context, business, number string) (string, error) {
	var scope string
	err := f.q.QueryRowContext(ctx, `SELECT business FROM dnc WHERE number = ? AND business IN (?, ?) AND removed_at IS NULL
		ORDER BY business = ? DESC LIMIT 1`, number, business, store.AllBusinesses, business).Scan(&scope)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return scope, err
}

func (f facts) RegistryNewest(ctx context.Context, now time.Time) (time.Time, bool, error) {
	var newest sql.NullString
	// An extract dated after today (anywhere) is ignored: it cannot make
	// the registry fresh (see store.RegistryDay).
	if err := f.q.QueryRowContext(ctx, `SELECT max(extract_date) FROM dnc_registry_imports WHERE extract_date <= ?`,
		store.RegistryDay(now)).Scan(&newest); err != nil {
		return time.Time{}, false, err
	}
	d, err := time.Parse(time.DateOnly, newest.String)
	if !newest.Valid || err != nil {
		return time.Time{}, false, nil
	}
	return d, true, nil
}

func (f facts) HasConsent(ctx context.Context, business, number string, at time.Time) (bool, error) {
	var has bool
	err := f.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM consent WHERE business = ? AND number = ?
		AND revoked_at IS NULL AND given_at <= ?)`, business, number, formatTime(at)).Scan(&has)
	return has, err
}

func (f facts) AttemptTimes(ctx context.Context, business, number string, since time.Time) ([]time.Time, error) {
	return attemptTimes(ctx, f.q, business, number, since)
}

func attemptTimes(ctx context.Context, q querier, business, number string, since time.Time) ([]time.Time, error) {
	rows, err := q.QueryContext(ctx, `SELECT at FROM attempts WHERE business = ? AND number = ? AND at >= ?`,
		business, number, formatTime(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(nullTime{&t}); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DialFacts reads dial decisions' facts from the database, outside any
// transaction (for a dry run: nothing is written).
func (s *Store) DialFacts() store.DialFacts { return facts{s.db} }

// SetAttemptOutcome records how a claimed attempt ended.
func (s *Store) SetAttemptOutcome(ctx context.Context, attemptID int64, outcome, callID string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE attempts SET outcome = ?, call_id = ? WHERE id = ?`, outcome, callID, attemptID)
	if err != nil {
		return fmt.Errorf("store: attempt outcome: %w", closedErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: attempt %d", store.ErrNotFound, attemptID)
	}
	return nil
}

// Attempts returns the attempts of campaign (every campaign when empty), oldest first.
func (s *Store) Attempts(ctx context.Context, campaign string) ([]store.Attempt, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, business, campaign, number, at, outcome, call_id, job_id FROM attempts
		WHERE (? = '' OR campaign = ?) ORDER BY at, id`, campaign, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: list attempts: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.Attempt
	for rows.Next() {
		var a store.Attempt
		if err := rows.Scan(&a.ID, &a.Business, &a.Campaign, &a.Number, nullTime{&a.At}, &a.Outcome, &a.CallID, &a.JobID); err != nil {
			return nil, fmt.Errorf("store: list attempts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list attempts: %w", err)
	}
	return out, nil
}

// SkippedByReason counts campaign's skipped numbers by reason.
func (s *Store) SkippedByReason(ctx context.Context, campaign string) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT reason, count(*) FROM skipped WHERE campaign = ? GROUP BY reason`, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: count skipped: %w", closedErr(err))
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var r string
		var n int
		if err := rows.Scan(&r, &n); err != nil {
			return nil, fmt.Errorf("store: count skipped: %w", err)
		}
		out[r] = n
	}
	return out, rows.Err()
}
