package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"candor/agent/contacts"
	"candor/agent/store"
)

// EnqueueContacts queues a job, due at due, for every contact not queued
// before in campaign, keeping its zone and persona, and returns how many. A
// contact queued before has its live job updated (zone, name, persona).
func (p *Store) EnqueueContacts(ctx context.Context, campaign string, cs []contacts.Contact, due time.Time) (int, error) {
	added := 0
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`, campaign); err != nil {
			return err
		}
		for _, c := range cs {
			tag, err := tx.Exec(ctx, `INSERT INTO dial_jobs (campaign, number, contact_ref, tz, persona, due_at, updated_at)
				SELECT $1, $2, $3, $4, $5, $6, $7
				WHERE NOT EXISTS (SELECT 1 FROM dial_jobs WHERE campaign = $1 AND number = $2)`,
				campaign, c.Phone, c.Name, c.TimeZone, c.Fields["persona"], due, p.now())
			if err != nil {
				return err
			}
			if tag.RowsAffected() > 0 {
				added++
				continue
			}
			// Queued before: a job not yet done dials with what the contact
			// says now (a corrected zone above all).
			if _, err := tx.Exec(ctx, `UPDATE dial_jobs SET tz = $3, contact_ref = $4, persona = $5, updated_at = $6
				WHERE campaign = $1 AND number = $2 AND state <> 'done'`,
				campaign, c.Phone, c.TimeZone, c.Name, c.Fields["persona"], p.now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: enqueue contacts: %w", err)
	}
	return added, nil
}

// EnqueueCampaign queues nothing: on Postgres, EnqueueContacts queues.
func (p *Store) EnqueueCampaign(context.Context, string, time.Time) (int, error) { return 0, nil }

// Personas maps the numbers of campaign's jobs to their loopback personas.
func (p *Store) Personas(ctx context.Context, campaign string) (map[string]string, error) {
	rows, err := p.pool.Query(ctx, `SELECT DISTINCT number, persona FROM dial_jobs WHERE campaign = $1`, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: personas: %w", err)
	}
	out := map[string]string{}
	var n, ps string
	_, err = pgx.ForEachRow(rows, []any{&n, &ps}, func() error { out[n] = ps; return nil })
	if err != nil {
		return nil, fmt.Errorf("store: personas: %w", err)
	}
	return out, nil
}

// ReleaseJob gives a leased job back undialled, due at due, without
// counting the lease as a try (for a claim refused with SkipBusy).
func (p *Store) ReleaseJob(ctx context.Context, id int64, due time.Time) error {
	return p.exec1(ctx, "release job", `UPDATE dial_jobs SET state = 'pending', due_at = $1, lease_until = NULL, tries = greatest(tries - 1, 0), updated_at = now() WHERE id = $2 AND state <> 'done'`, due, id)
}

// LeaseJob leases the campaign's job due soonest at now to worker until
// now+lease; workers skip each other's locked rows. ok is false when none
// is due.
func (p *Store) LeaseJob(ctx context.Context, campaign, worker string, now time.Time, lease time.Duration) (store.Job, bool, error) {
	var j store.Job
	err := p.pool.QueryRow(ctx, `UPDATE dial_jobs SET state = 'running', lease_until = $3, worker = $4, tries = tries + 1, updated_at = $2
		WHERE id = (SELECT id FROM dial_jobs WHERE campaign = $1
			AND ((state = 'pending' AND due_at <= $2) OR (state = 'running' AND lease_until <= $2))
			ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, campaign, number, kind, callback_id, contact_ref, tz, due_at, tries`,
		campaign, now, now.Add(lease), worker).Scan(&j.ID, &j.Campaign, &j.Number, &j.Kind, &j.CallbackID, &j.ContactRef, &j.TimeZone, &j.Due, &j.Tries)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Job{}, false, nil
	}
	if err != nil {
		return store.Job{}, false, fmt.Errorf("store: lease job: %w", err)
	}
	return j, true, nil
}

// RescheduleJob puts a leased job back in the queue, due at due.
func (p *Store) RescheduleJob(ctx context.Context, id int64, due time.Time, result string) error {
	return p.exec1(ctx, "reschedule job", `UPDATE dial_jobs SET state = 'pending', due_at = $1, lease_until = NULL, result = $2, updated_at = $3
		WHERE id = $4 AND state <> 'done'`, due, result, p.now(), id)
}

// FinishJob marks a job done with its result.
func (p *Store) FinishJob(ctx context.Context, id int64, result string) error {
	return p.exec1(ctx, "finish job", `UPDATE dial_jobs SET state = 'done', lease_until = NULL, result = $1, updated_at = $2
		WHERE id = $3 AND state <> 'done'`, result, p.now(), id)
}

// SettleAttempt records how an attempt ended and, in the same transaction,
// finishes its job (due zero) or puts it back in the queue due at due.
func (p *Store) SettleAttempt(ctx context.Context, attemptID int64, outcome, callID string, jobID int64, due time.Time, result string) error {
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE attempts SET outcome = $1, call_id = $2 WHERE id = $3`, outcome, callID, attemptID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: attempt %d", store.ErrNotFound, attemptID)
		}
		if due.IsZero() {
			_, err = tx.Exec(ctx, `UPDATE dial_jobs SET state = 'done', lease_until = NULL, result = $1, updated_at = $2 WHERE id = $3 AND state <> 'done'`,
				result, p.now(), jobID)
		} else {
			_, err = tx.Exec(ctx, `UPDATE dial_jobs SET state = 'pending', due_at = $1, lease_until = NULL, result = $2, updated_at = $3 WHERE id = $4 AND state <> 'done'`,
				due, result, p.now(), jobID)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: settle attempt: %w", err)
	}
	return nil
}

// NextDue returns when the campaign's next job becomes due (a pending job's
// due time or a running job's lease end); ok is false when no job is live.
func (p *Store) NextDue(ctx context.Context, campaign string) (time.Time, bool, error) {
	var t *time.Time
	err := p.pool.QueryRow(ctx, `SELECT min(CASE state WHEN 'pending' THEN due_at ELSE lease_until END)
		FROM dial_jobs WHERE campaign = $1 AND state <> 'done'`, campaign).Scan(&t)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: next due job: %w", err)
	}
	if t == nil {
		return time.Time{}, false, nil
	}
	return *t, true, nil
}

// EnqueueCallback queues the callback cb at due, unless it is queued already
// or the number has a live job, and reports whether a job was added.
func (p *Store) EnqueueCallback(ctx context.Context, cb store.Callback, due time.Time) (bool, error) {
	tag, err := p.pool.Exec(ctx, `INSERT INTO dial_jobs (campaign, number, kind, callback_id, tz, contact_ref, persona, due_at, updated_at)
		SELECT $1, $2, 'callback', $3,
			coalesce((SELECT tz FROM dial_jobs WHERE campaign = $1 AND number = $2 AND kind = 'contact' LIMIT 1), ''),
			coalesce((SELECT contact_ref FROM dial_jobs WHERE campaign = $1 AND number = $2 AND kind = 'contact' LIMIT 1), ''),
			coalesce((SELECT persona FROM dial_jobs WHERE campaign = $1 AND number = $2 AND kind = 'contact' LIMIT 1), ''), $4, $5
		ON CONFLICT DO NOTHING`, cb.Campaign, cb.Number, cb.CallID, due, p.now())
	if err != nil {
		return false, fmt.Errorf("store: enqueue callback: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}
