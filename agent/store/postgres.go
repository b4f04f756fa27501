package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"candor/agent"
	"candor/agent/contacts"
)

// Postgres holds the dialer's shared state (do-not-call list, attempts,
// skipped numbers, consent, registry imports, the dial queue and callbacks)
// in PostgreSQL, so that worker processes on several machines dial one
// campaign. Evidence records stay in each worker's SQLite store.
//
// ClaimDial and AddOptOut both take a transaction-scoped advisory lock on
// the business and number, and every attempt and opt-out takes its seq from
// one sequence while holding it: an opt-out committed before a claim is seen
// by the claim, and seq orders them as they happened.
type Postgres struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

const pgSchema = `
CREATE SEQUENCE IF NOT EXISTS dial_seq;
CREATE TABLE IF NOT EXISTS dnc (
    id bigserial PRIMARY KEY, business text NOT NULL, number text NOT NULL, campaign text NOT NULL DEFAULT '',
    reason text NOT NULL, utterance text NOT NULL DEFAULT '', call_id text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL, removed_at timestamptz, seq bigint NOT NULL,
    CHECK (number <> '' AND business <> ''));
CREATE UNIQUE INDEX IF NOT EXISTS dnc_active ON dnc (business, number) WHERE removed_at IS NULL;
CREATE TABLE IF NOT EXISTS attempts (
    id bigserial PRIMARY KEY, business text NOT NULL, campaign text NOT NULL, number text NOT NULL,
    at timestamptz NOT NULL, outcome text NOT NULL DEFAULT 'claimed', call_id text NOT NULL DEFAULT '',
    worker text NOT NULL DEFAULT '', seq bigint NOT NULL);
CREATE INDEX IF NOT EXISTS attempts_number ON attempts (business, number, at);
CREATE TABLE IF NOT EXISTS skipped (
    id bigserial PRIMARY KEY, business text NOT NULL, campaign text NOT NULL, number text NOT NULL,
    reason text NOT NULL CHECK (reason <> ''), at timestamptz NOT NULL, next_at timestamptz);
CREATE TABLE IF NOT EXISTS consent (
    id bigserial PRIMARY KEY, business text NOT NULL, number text NOT NULL, text text NOT NULL,
    given_at timestamptz NOT NULL, source text NOT NULL, revoked_at timestamptz);
CREATE INDEX IF NOT EXISTS consent_number ON consent (business, number);
CREATE TABLE IF NOT EXISTS dnc_registry_imports (
    id bigserial PRIMARY KEY, source text NOT NULL, extract_date date NOT NULL, entries integer NOT NULL,
    imported_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS dial_jobs (
    id bigserial PRIMARY KEY, campaign text NOT NULL, number text NOT NULL,
    kind text NOT NULL DEFAULT 'contact', callback_id text NOT NULL DEFAULT '',
    contact_ref text NOT NULL DEFAULT '', tz text NOT NULL DEFAULT '', persona text NOT NULL DEFAULT '',
    due_at timestamptz NOT NULL, state text NOT NULL DEFAULT 'pending', lease_until timestamptz,
    worker text NOT NULL DEFAULT '', tries integer NOT NULL DEFAULT 0, result text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS dial_jobs_live ON dial_jobs (campaign, number) WHERE state <> 'done';
CREATE UNIQUE INDEX IF NOT EXISTS dial_jobs_callback ON dial_jobs (callback_id) WHERE callback_id <> '';
CREATE INDEX IF NOT EXISTS dial_jobs_due ON dial_jobs (campaign, state, due_at);
CREATE TABLE IF NOT EXISTS callbacks (
    call_id text PRIMARY KEY, campaign text NOT NULL, business text NOT NULL, number text NOT NULL,
    due_at timestamptz NOT NULL, text text NOT NULL DEFAULT '', done_at timestamptz);
`

// OpenPostgres connects to url (a postgres:// URL or key=value string) and
// creates the dialer tables when missing.
func OpenPostgres(ctx context.Context, url string) (*Postgres, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	p := &Postgres{pool: pool, now: time.Now}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// One process creates the schema at a time.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(4242001)`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, pgSchema)
		return err
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: postgres schema: %w", err)
	}
	return p, nil
}

// Close closes the connections.
func (p *Postgres) Close() { p.pool.Close() }

// lockNumber serialises claims and opt-outs of one business and number.
func lockNumber(ctx context.Context, tx pgx.Tx, business, number string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, business+"\x1f"+number)
	return err
}

// ClaimDial is SQLite.ClaimDial on Postgres.
func (p *Postgres) ClaimDial(ctx context.Context, r ClaimRequest) (Claim, error) {
	r, err := r.normalized()
	if err != nil {
		return Claim{}, err
	}
	var c Claim
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
				r.Campaign, r.inFlightSince()).Scan(&n); err != nil {
				return fmt.Errorf("calls in flight: %w", err)
			}
			if n >= r.MaxInFlight {
				c = Claim{Reason: SkipBusy, Next: r.Now.Add(BusyRetry)}
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
		return Claim{}, fmt.Errorf("store: claim dial: %w", err)
	}
	return c, nil
}

func (p *Postgres) claimChecks(ctx context.Context, tx pgx.Tx, r ClaimRequest) (Claim, error) {
	var scope string
	err := tx.QueryRow(ctx, `SELECT business FROM dnc WHERE number = $1 AND business IN ($2, $3) AND removed_at IS NULL
		ORDER BY business = $2 DESC LIMIT 1`, r.Number, r.Business, AllBusinesses).Scan(&scope)
	switch {
	case err == nil && scope == AllBusinesses:
		return Claim{Reason: SkipRegistry}, nil
	case err == nil:
		return Claim{Reason: SkipDNC}, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return Claim{}, fmt.Errorf("do-not-call lookup: %w", err)
	}
	if r.Marketing {
		var newest *time.Time
		if err := tx.QueryRow(ctx, `SELECT max(extract_date)::timestamptz FROM dnc_registry_imports`).Scan(&newest); err != nil {
			return Claim{}, fmt.Errorf("registry freshness: %w", err)
		}
		if newest == nil || r.Now.Sub(*newest) > RegistryMaxAge {
			return Claim{Reason: SkipRegistryStale}, nil
		}
		var has bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM consent WHERE business = $1 AND number = $2
			AND revoked_at IS NULL AND given_at <= $3)`, r.Business, r.Number, r.Now).Scan(&has); err != nil {
			return Claim{}, fmt.Errorf("consent lookup: %w", err)
		}
		if !has {
			return Claim{Reason: SkipNoConsent}, nil
		}
	}
	w := r.Window.For(r.Region)
	ok, next := w.Allowed(r.Now, r.Zones)
	if next.IsZero() {
		return Claim{Reason: SkipNoWindow}, nil
	}
	if !ok {
		return Claim{Reason: SkipOutsideWindow, Next: next}, nil
	}
	rows, err := tx.Query(ctx, `SELECT at FROM attempts WHERE business = $1 AND number = $2 AND at >= $3`,
		r.Business, r.Number, r.Now.Add(-31*24*time.Hour))
	if err != nil {
		return Claim{}, fmt.Errorf("attempt lookup: %w", err)
	}
	prev, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	if err != nil {
		return Claim{}, fmt.Errorf("attempt lookup: %w", err)
	}
	if ok, next, reason := r.Caps.Check(r.Now, prev); !ok {
		if !next.IsZero() {
			if _, wnext := w.Allowed(next, r.Zones); !wnext.IsZero() {
				next = wnext
			}
		}
		return Claim{Reason: reason, Next: next}, nil
	}
	return Claim{OK: true}, nil
}

// AddOptOut puts o.Number on o.Business's do-not-call list (a no-op when it
// is there already); once it returns, no claim for the number succeeds.
func (p *Postgres) AddOptOut(ctx context.Context, o agent.OptOut) error {
	o.Number, o.Business = canonicalNumber(o.Number), strings.TrimSpace(o.Business)
	if o.Number == "" || o.Business == "" {
		return fmt.Errorf("%w: an opt-out needs a number and a business", ErrInvalid)
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
func (p *Postgres) IsOnDNC(ctx context.Context, business, number string) (bool, error) {
	var on bool
	err := p.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM dnc WHERE number = $1 AND business IN ($2, $3) AND removed_at IS NULL)`,
		canonicalNumber(number), strings.TrimSpace(business), AllBusinesses).Scan(&on)
	if err != nil {
		return false, fmt.Errorf("store: do-not-call lookup: %w", err)
	}
	return on, nil
}

// EnqueueContacts queues a job, due at due, for every contact not queued
// before in campaign, keeping its zone and persona, and returns how many.
func (p *Postgres) EnqueueContacts(ctx context.Context, campaign string, cs []contacts.Contact, due time.Time) (int, error) {
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
			added += int(tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: enqueue contacts: %w", err)
	}
	return added, nil
}

// EnqueueCampaign queues nothing: on Postgres, EnqueueContacts queues.
func (p *Postgres) EnqueueCampaign(context.Context, string, time.Time) (int, error) { return 0, nil }

// Personas maps the numbers of campaign's jobs to their loopback personas.
func (p *Postgres) Personas(ctx context.Context, campaign string) (map[string]string, error) {
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

// ReleaseJob is SQLite.ReleaseJob on Postgres.
func (p *Postgres) ReleaseJob(ctx context.Context, id int64, due time.Time) error {
	return p.exec1(ctx, "release job", `UPDATE dial_jobs SET state = 'pending', due_at = $1, lease_until = NULL, tries = greatest(tries - 1, 0), updated_at = now() WHERE id = $2 AND state <> 'done'`, due, id)
}

// LeaseJob is SQLite.LeaseJob on Postgres; workers skip each other's locked rows.
func (p *Postgres) LeaseJob(ctx context.Context, campaign, worker string, now time.Time, lease time.Duration) (Job, bool, error) {
	var j Job
	err := p.pool.QueryRow(ctx, `UPDATE dial_jobs SET state = 'running', lease_until = $3, worker = $4, tries = tries + 1, updated_at = $2
		WHERE id = (SELECT id FROM dial_jobs WHERE campaign = $1
			AND ((state = 'pending' AND due_at <= $2) OR (state = 'running' AND lease_until <= $2))
			ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, campaign, number, kind, callback_id, contact_ref, tz, due_at, tries`,
		campaign, now, now.Add(lease), worker).Scan(&j.ID, &j.Campaign, &j.Number, &j.Kind, &j.CallbackID, &j.ContactRef, &j.TimeZone, &j.Due, &j.Tries)
	if errors.Is(err, pgx.ErrNoRows) {
		return Job{}, false, nil
	}
	if err != nil {
		return Job{}, false, fmt.Errorf("store: lease job: %w", err)
	}
	return j, true, nil
}

func (p *Postgres) exec1(ctx context.Context, what, q string, args ...any) error {
	tag, err := p.pool.Exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: %s %v", ErrNotFound, what, args[len(args)-1])
	}
	return nil
}

// SetAttemptOutcome records how a claimed attempt ended.
func (p *Postgres) SetAttemptOutcome(ctx context.Context, attemptID int64, outcome, callID string) error {
	return p.exec1(ctx, "attempt outcome", `UPDATE attempts SET outcome = $1, call_id = $2 WHERE id = $3`, outcome, callID, attemptID)
}

// RescheduleJob puts a leased job back in the queue, due at due.
func (p *Postgres) RescheduleJob(ctx context.Context, id int64, due time.Time, result string) error {
	return p.exec1(ctx, "reschedule job", `UPDATE dial_jobs SET state = 'pending', due_at = $1, lease_until = NULL, result = $2, updated_at = $3
		WHERE id = $4 AND state <> 'done'`, due, result, p.now(), id)
}

// FinishJob marks a job done with its result.
func (p *Postgres) FinishJob(ctx context.Context, id int64, result string) error {
	return p.exec1(ctx, "finish job", `UPDATE dial_jobs SET state = 'done', lease_until = NULL, result = $1, updated_at = $2
		WHERE id = $3 AND state <> 'done'`, result, p.now(), id)
}

// SettleAttempt is SQLite.SettleAttempt on Postgres.
func (p *Postgres) SettleAttempt(ctx context.Context, attemptID int64, outcome, callID string, jobID int64, due time.Time, result string) error {
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE attempts SET outcome = $1, call_id = $2 WHERE id = $3`, outcome, callID, attemptID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: attempt %d", ErrNotFound, attemptID)
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

// NextDue is SQLite.NextDue on Postgres.
func (p *Postgres) NextDue(ctx context.Context, campaign string) (time.Time, bool, error) {
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

// SaveCallback records the callback rec asks for (none: nothing).
func (p *Postgres) SaveCallback(ctx context.Context, rec *agent.CallRecord) error {
	if rec.CallbackAt.IsZero() {
		return nil
	}
	_, err := p.pool.Exec(ctx, `INSERT INTO callbacks (call_id, campaign, business, number, due_at, text) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (call_id) DO UPDATE SET due_at = excluded.due_at, text = excluded.text`,
		rec.ID, rec.Campaign, rec.Business, canonicalNumber(rec.Number), rec.CallbackAt, rec.CallbackText)
	if err != nil {
		return fmt.Errorf("store: save callback: %w", err)
	}
	return nil
}

// PendingCallbacks is SQLite.PendingCallbacks on Postgres.
func (p *Postgres) PendingCallbacks(ctx context.Context, campaign string, before time.Time) ([]Callback, error) {
	var limit *time.Time
	if !before.IsZero() {
		limit = &before
	}
	rows, err := p.pool.Query(ctx, `SELECT call_id, campaign, business, number, due_at, text FROM callbacks
		WHERE campaign = $1 AND done_at IS NULL AND ($2::timestamptz IS NULL OR due_at < $2) ORDER BY due_at, call_id`, campaign, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list callbacks: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Callback, error) {
		var c Callback
		err := r.Scan(&c.CallID, &c.Campaign, &c.Business, &c.Number, &c.At, &c.Text)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: list callbacks: %w", err)
	}
	return out, nil
}

// CompleteCallback marks the callback requested on call callID as done.
func (p *Postgres) CompleteCallback(ctx context.Context, callID string) error {
	return p.exec1(ctx, "complete callback", `UPDATE callbacks SET done_at = $1 WHERE call_id = $2 AND done_at IS NULL`, p.now(), callID)
}

// EnqueueCallback is SQLite.EnqueueCallback on Postgres.
func (p *Postgres) EnqueueCallback(ctx context.Context, cb Callback, due time.Time) (bool, error) {
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
