package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"candor/agent"
	"candor/agent/store"
)

// RenewLease extends the lease of worker's running job jobID and of its
// claimed attempt attemptID (0: the job only) until until, in one
// transaction. It returns an error wrapping store.ErrLeaseLost when the job
// is no longer running for worker.
func (s *Store) RenewLease(ctx context.Context, jobID, attemptID int64, worker string, until time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: renew lease: %w", closedErr(err))
	}
	defer tx.Rollback()
	u := formatTime(until)
	res, err := tx.ExecContext(ctx, `UPDATE dial_jobs SET lease_until = ?, updated_at = ? WHERE id = ? AND state = 'running' AND worker = ?`,
		u, formatTime(s.now()), jobID, worker)
	if err != nil {
		return fmt.Errorf("store: renew lease: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: job %d is not running for %s", store.ErrLeaseLost, jobID, worker)
	}
	if attemptID != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE attempts SET lease_until = ? WHERE id = ? AND outcome = 'claimed'`, u, attemptID); err != nil {
			return fmt.Errorf("store: renew lease: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: renew lease: %w", err)
	}
	return nil
}

// ReconcileExpired turns campaign's claimed attempts whose lease ran out by
// now into interrupted ones and returns them; in the same transaction each
// one's call record, when still in progress, is completed as interrupted,
// and one is written when the worker died before saving it. An attempt
// whose call record already says how it ended takes that outcome instead,
// and its job is finished unless the outcome asks for a retry. A cheap read
// comes first: with nothing expired, no write lock is taken.
func (s *Store) ReconcileExpired(ctx context.Context, campaign string, now time.Time) ([]store.Attempt, error) {
	n := formatTime(now)
	var found bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM attempts WHERE campaign = ? AND outcome = 'claimed' AND lease_until <= ?)`,
		campaign, n).Scan(&found); err != nil {
		return nil, fmt.Errorf("store: reconcile claims: %w", closedErr(err))
	}
	if !found {
		return nil, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: reconcile claims: %w", closedErr(err))
	}
	defer tx.Rollback()
	out, err := expiredAttempts(ctx, tx, campaign, n)
	if err != nil {
		return nil, err
	}
	saved := formatTime(s.now())
	for i, a := range out {
		// A worker killed after saving the call's end but before settling
		// it: the attempt takes the call's outcome, and a call that needs
		// no retry finishes its job, so the callee is not called again.
		ended, err := endedOutcome(ctx, tx, a.CallID)
		if err != nil {
			return nil, err
		}
		out[i].Outcome = store.AttemptInterrupted
		if ended != "" {
			out[i].Outcome = ended
			if err := finishSettled(ctx, tx, a, ended, n, saved); err != nil {
				return nil, err
			}
		} else if err := interruptCall(ctx, tx, a, saved); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE attempts SET outcome = ? WHERE id = ?`, out[i].Outcome, a.ID); err != nil {
			return nil, fmt.Errorf("store: reconcile claims: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: reconcile claims: %w", err)
	}
	return out, nil
}

func expiredAttempts(ctx context.Context, tx *sql.Tx, campaign string, now any) ([]store.Attempt, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, business, campaign, number, at, outcome, call_id, job_id FROM attempts
		WHERE campaign = ? AND outcome = 'claimed' AND lease_until <= ? ORDER BY at, id`, campaign, now)
	if err != nil {
		return nil, fmt.Errorf("store: reconcile claims: %w", err)
	}
	defer rows.Close()
	var out []store.Attempt
	for rows.Next() {
		var a store.Attempt
		if err := rows.Scan(&a.ID, &a.Business, &a.Campaign, &a.Number, nullTime{&a.At}, &a.Outcome, &a.CallID, &a.JobID); err != nil {
			return nil, fmt.Errorf("store: reconcile claims: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: reconcile claims: %w", err)
	}
	return out, nil
}

// RecordInterrupted completes, in this store's evidence records, the calls
// of attempts another store reconciled as interrupted (a worker sharing a
// campaign through Postgres keeps its records here): an in-progress record
// becomes interrupted, and a missing one is written.
func (s *Store) RecordInterrupted(ctx context.Context, attempts []store.Attempt) error {
	if len(attempts) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: record interrupted calls: %w", closedErr(err))
	}
	defer tx.Rollback()
	saved := formatTime(s.now())
	for _, a := range attempts {
		if err := interruptCall(ctx, tx, a, saved); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: record interrupted calls: %w", err)
	}
	return nil
}

// InterruptInProgress marks campaign's calls still in progress that started
// before before as interrupted, and returns how many: a worker starting on
// its own evidence store knows none of them is running any more. It is for
// a store one worker process owns (a worker of a shared campaign); where
// several processes share the file, ReconcileExpired does this by lease.
func (s *Store) InterruptInProgress(ctx context.Context, campaign string, before time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE calls SET outcome = ?, end_reason = ?, end_detail = ?, saved_at = ?
		WHERE campaign = ? AND outcome = ? AND started_at < ?`,
		string(agent.OutcomeInterrupted), string(agent.EndInterrupted), store.InterruptedDetail, formatTime(s.now()),
		campaign, string(agent.OutcomeInProgress), formatTime(before))
	if err != nil {
		return 0, fmt.Errorf("store: interrupt calls in progress: %w", closedErr(err))
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// endedOutcome is the outcome of call id when its record says how it ended
// ("" when there is no record, or it is in progress or interrupted).
func endedOutcome(ctx context.Context, tx *sql.Tx, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	var o string
	err := tx.QueryRowContext(ctx, `SELECT outcome FROM calls WHERE id = ?`, id).Scan(&o)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("store: reconcile claims: %w", err)
	}
	switch agent.Outcome(o) {
	case agent.OutcomeInProgress, agent.OutcomeInterrupted, "":
		return "", nil
	}
	return o, nil
}

// finishSettled finishes the job of attempt a, whose call ended with
// outcome before its worker stopped, unless the outcome asks for a retry
// (no answer, busy, failure: the job is dialled again) or another worker
// holds the job now. A callback job's callback is done with it.
func finishSettled(ctx context.Context, tx *sql.Tx, a store.Attempt, outcome string, now, saved any) error {
	switch agent.Outcome(outcome) {
	case agent.OutcomeNoAnswer, agent.OutcomeBusy, agent.OutcomeFailed:
		return nil
	}
	if a.JobID == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE callbacks SET done_at = ? WHERE done_at IS NULL
		AND call_id = (SELECT callback_id FROM dial_jobs WHERE id = ? AND state = 'running' AND lease_until <= ?)`, saved, a.JobID, now); err != nil {
		return fmt.Errorf("store: reconcile claims: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE dial_jobs SET state = 'done', lease_until = NULL, result = ?, updated_at = ?
		WHERE id = ? AND state = 'running' AND lease_until <= ?`, outcome, saved, a.JobID, now); err != nil {
		return fmt.Errorf("store: reconcile claims: %w", err)
	}
	return nil
}

// interruptCall completes attempt a's call record as interrupted, or writes
// one (under the attempt's call id, or "attempt-<id>" for a claim made
// without one) when the worker died before saving it.
func interruptCall(ctx context.Context, tx *sql.Tx, a store.Attempt, saved any) error {
	id := a.CallID
	if id == "" {
		id = fmt.Sprintf("attempt-%d", a.ID)
	}
	res, err := tx.ExecContext(ctx, `UPDATE calls SET outcome = ?, end_reason = ?, end_detail = ?, saved_at = ? WHERE id = ? AND outcome = ?`,
		string(agent.OutcomeInterrupted), string(agent.EndInterrupted), store.InterruptedDetail, saved, id, string(agent.OutcomeInProgress))
	if err != nil {
		return fmt.Errorf("store: interrupt call: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO calls (id, campaign, business, number, started_at, outcome, end_reason, end_detail, saved_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		id, a.Campaign, a.Business, a.Number, formatTime(a.At), string(agent.OutcomeInterrupted), string(agent.EndInterrupted),
		store.InterruptedDetail, saved); err != nil {
		return fmt.Errorf("store: record interrupted call: %w", err)
	}
	return nil
}
