// Package postgres holds the dialer's shared state in PostgreSQL (pgx), so
// that worker processes on several machines dial one campaign: the
// do-not-call list, attempts, skipped numbers, consent, registry imports,
// the dial queue and callbacks. Evidence records stay in each worker's
// SQLite store.
package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"candor/agent/store"
)

// Store is the dialer's shared state on one PostgreSQL database. It is safe
// for concurrent use.
//
// ClaimDial and AddOptOut both take a transaction-scoped advisory lock on
// the business and number, and every attempt and opt-out takes its seq from
// one sequence while holding it: an opt-out committed before a claim is seen
// by the claim, and seq orders them as they happened.
type Store struct {
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
-- Claim leases (added later): ALTER TABLE takes an exclusive lock even when
-- the column exists, which would deadlock with claims of running workers
-- whenever a process opens the store, so it runs only when the columns lack.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'attempts' AND column_name = 'lease_until') THEN
        ALTER TABLE attempts ADD COLUMN lease_until timestamptz, ADD COLUMN job_id bigint NOT NULL DEFAULT 0;
        CREATE INDEX attempts_claimed ON attempts (campaign, lease_until) WHERE outcome = 'claimed';
    END IF;
END $$;
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

var _ store.Queue = (*Store)(nil)

// Open connects to url (a postgres:// URL or key=value string) and creates
// the dialer tables when missing.
func Open(ctx context.Context, url string) (*Store, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	p := &Store{pool: pool, now: time.Now}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// One process creates the schema at a time.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(4242001)`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, pgSchema); err != nil {
			return err
		}
		return rekeyBusinesses(ctx, tx)
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: postgres schema: %w", err)
	}
	return p, nil
}

// Close closes the connections.
func (p *Store) Close() { p.pool.Close() }

// lockNumber serialises claims and opt-outs of one business and number.
func lockNumber(ctx context.Context, tx pgx.Tx, business, number string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, business+"\x1f"+number)
	return err
}

func (p *Store) exec1(ctx context.Context, what, q string, args ...any) error {
	tag, err := p.pool.Exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: %s %v", store.ErrNotFound, what, args[len(args)-1])
	}
	return nil
}
