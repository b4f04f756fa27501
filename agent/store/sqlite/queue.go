package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"candor/agent/store"
)

// EnqueueCampaign queues a job, due at due, for every contact of campaign
// that has never had one, and returns how many were queued.
func (s *Store) EnqueueCampaign(ctx context.Context, campaign string, due time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO dial_jobs (campaign, number, contact_ref, tz, due_at, updated_at)
		SELECT c.campaign, c.phone, c.name, c.tz, ?, ? FROM contacts c
		WHERE c.campaign = ? AND NOT EXISTS (SELECT 1 FROM dial_jobs j WHERE j.campaign = c.campaign AND j.number = c.phone)
		ORDER BY c.id`, formatTime(due), formatTime(s.now()), campaign)
	if err != nil {
		return 0, fmt.Errorf("store: enqueue campaign: %w", closedErr(err))
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// EnqueueCallback queues the callback cb at due, unless it is queued already
// or the number has a live job (then the callback waits for it). It reports
// whether a job was added.
func (s *Store) EnqueueCallback(ctx context.Context, cb store.Callback, due time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO dial_jobs (campaign, number, kind, callback_id, tz, contact_ref, due_at, updated_at)
		SELECT ?, ?, 'callback', ?, coalesce((SELECT tz FROM contacts WHERE campaign = ? AND phone = ?), ''),
			coalesce((SELECT name FROM contacts WHERE campaign = ? AND phone = ?), ''), ?, ?
		ON CONFLICT DO NOTHING`,
		cb.Campaign, cb.Number, cb.CallID, cb.Campaign, cb.Number, cb.Campaign, cb.Number, formatTime(due), formatTime(s.now()))
	if err != nil {
		return false, fmt.Errorf("store: enqueue callback: %w", closedErr(err))
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// LeaseJob takes the campaign's job that is due soonest at now (a pending
// job due by now, or a running job whose lease ran out) and leases it to
// worker until now+lease. ok is false when none is due.
func (s *Store) LeaseJob(ctx context.Context, campaign, worker string, now time.Time, lease time.Duration) (j store.Job, ok bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return store.Job{}, false, fmt.Errorf("store: lease job: %w", closedErr(err))
	}
	defer tx.Rollback()
	n := formatTime(now)
	err = tx.QueryRowContext(ctx, `SELECT id, campaign, number, kind, callback_id, contact_ref, tz, due_at, tries FROM dial_jobs
		WHERE campaign = ? AND ((state = 'pending' AND due_at <= ?) OR (state = 'running' AND lease_until <= ?))
		ORDER BY due_at, id LIMIT 1`, campaign, n, n).Scan(
		&j.ID, &j.Campaign, &j.Number, &j.Kind, &j.CallbackID, &j.ContactRef, &j.TimeZone, nullTime{&j.Due}, &j.Tries)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Job{}, false, nil
	}
	if err != nil {
		return store.Job{}, false, fmt.Errorf("store: lease job: %w", err)
	}
	j.Tries++
	if _, err := tx.ExecContext(ctx, `UPDATE dial_jobs SET state = 'running', lease_until = ?, worker = ?, tries = ?, updated_at = ? WHERE id = ?`,
		formatTime(now.Add(lease)), worker, j.Tries, n, j.ID); err != nil {
		return store.Job{}, false, fmt.Errorf("store: lease job: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return store.Job{}, false, fmt.Errorf("store: lease job: %w", err)
	}
	return j, true, nil
}

// RescheduleJob puts a leased job back in the queue, due at due.
func (s *Store) RescheduleJob(ctx context.Context, id int64, due time.Time, result string) error {
	return s.updateJob(ctx, `UPDATE dial_jobs SET state = 'pending', due_at = ?, lease_until = NULL, result = ?, updated_at = ? WHERE id = ? AND state <> 'done'`,
		formatTime(due), result, formatTime(s.now()), id)
}

// ReleaseJob gives a leased job back undialled, due at due, without
// counting the lease as a try (for a claim refused with SkipBusy).
func (s *Store) ReleaseJob(ctx context.Context, id int64, due time.Time) error {
	return s.updateJob(ctx, `UPDATE dial_jobs SET state = 'pending', due_at = ?, lease_until = NULL, tries = max(tries - 1, 0), updated_at = ? WHERE id = ? AND state <> 'done'`,
		formatTime(due), formatTime(s.now()), id)
}

// FinishJob marks a job done with its result.
func (s *Store) FinishJob(ctx context.Context, id int64, result string) error {
	return s.updateJob(ctx, `UPDATE dial_jobs SET state = 'done', lease_until = NULL, result = ?, updated_at = ? WHERE id = ? AND state <> 'done'`,
		result, formatTime(s.now()), id)
}

func (s *Store) updateJob(ctx context.Context, q string, args ...any) error {
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: update job: %w", closedErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: live job %v", store.ErrNotFound, args[len(args)-1])
	}
	return nil
}

// NextDue returns when the campaign's next job becomes due (a pending job's
// due time or a running job's lease end); ok is false when no job is live.
func (s *Store) NextDue(ctx context.Context, campaign string) (t time.Time, ok bool, err error) {
	var ns sql.NullString
	err = s.db.QueryRowContext(ctx, `SELECT min(CASE state WHEN 'pending' THEN due_at ELSE lease_until END)
		FROM dial_jobs WHERE campaign = ? AND state <> 'done'`, campaign).Scan(&ns)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: next due job: %w", closedErr(err))
	}
	if !ns.Valid {
		return time.Time{}, false, nil
	}
	t, err = parseTime(ns)
	return t, err == nil, err
}

// JobCounts counts the campaign's jobs by state ("pending", "running", "done").
func (s *Store) JobCounts(ctx context.Context, campaign string) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT state, count(*) FROM dial_jobs WHERE campaign = ? GROUP BY state`, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: count jobs: %w", closedErr(err))
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: count jobs: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}

// SettleAttempt records how an attempt ended and, in the same transaction,
// finishes its job with result (due zero) or puts the job back in the queue
// due at due. A worker that dies cannot leave a call recorded as ended with
// its job still leased, to be dialled again once the lease runs out. A job
// already finished or taken over is left alone.
func (s *Store) SettleAttempt(ctx context.Context, attemptID int64, outcome, callID string, jobID int64, due time.Time, result string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: settle attempt: %w", closedErr(err))
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE attempts SET outcome = ?, call_id = ? WHERE id = ?`, outcome, callID, attemptID)
	if err != nil {
		return fmt.Errorf("store: settle attempt: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: attempt %d", store.ErrNotFound, attemptID)
	}
	now := formatTime(s.now())
	if due.IsZero() {
		_, err = tx.ExecContext(ctx, `UPDATE dial_jobs SET state = 'done', lease_until = NULL, result = ?, updated_at = ? WHERE id = ? AND state <> 'done'`,
			result, now, jobID)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE dial_jobs SET state = 'pending', due_at = ?, lease_until = NULL, result = ?, updated_at = ? WHERE id = ? AND state <> 'done'`,
			formatTime(due), result, now, jobID)
	}
	if err != nil {
		return fmt.Errorf("store: settle attempt: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: settle attempt: %w", err)
	}
	return nil
}
