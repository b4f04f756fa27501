package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"candor/agent"
	"candor/agent/phone"
)

// AllBusinesses is the do-not-call scope that blocks every business (for
// entries imported from a national registry).
const AllBusinesses = "*"

// canonicalNumber is the form numbers are stored and looked up in: E.164 when
// the number parses, else the trimmed text, so that no opt-out is ever lost
// for failing validation.
func canonicalNumber(n string) string {
	n = strings.TrimSpace(n)
	if isE164(n) {
		// Normalize would return a valid E.164 number unchanged, and an
		// invalid one falls back to the same text: skip its cost (~80 µs).
		return n
	}
	if e164, err := phone.Normalize(n, ""); err == nil {
		return e164
	}
	return n
}

// IsOnDNC reports whether number is on the do-not-call list of business, or
// on the list for AllBusinesses.
func (s *SQLite) IsOnDNC(ctx context.Context, business, number string) (bool, error) {
	var on bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM dnc
		WHERE number = ? AND business IN (?, ?) AND removed_at IS NULL)`,
		canonicalNumber(number), business, AllBusinesses).Scan(&on)
	if err != nil {
		return false, fmt.Errorf("store: do-not-call lookup: %w", closedErr(err))
	}
	return on, nil
}

// AddOptOut puts o.Number on the do-not-call list of o.Business. It returns
// only after the entry is committed to disk. Adding a number that is already
// on the business's list succeeds and keeps the first entry. An empty Reason
// is stored as "opt_out"; a zero At as now.
func (s *SQLite) AddOptOut(ctx context.Context, o agent.OptOut) error {
	o.Number = canonicalNumber(o.Number)
	o.Business = strings.TrimSpace(o.Business)
	if o.Number == "" || o.Business == "" {
		return fmt.Errorf("%w: an opt-out needs a number and a business", ErrInvalid)
	}
	return addOptOut(ctx, s.db, o, s.now())
}

// execer is what addOptOut needs of a *sql.DB or *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func addOptOut(ctx context.Context, db execer, o agent.OptOut, now time.Time) error {
	if o.Reason == "" {
		o.Reason = "opt_out"
	}
	if o.At.IsZero() {
		o.At = now
	}
	_, err := db.ExecContext(ctx, `INSERT INTO dnc (business, number, campaign, reason, utterance, call_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (business, number) WHERE removed_at IS NULL DO NOTHING`,
		o.Business, o.Number, o.Campaign, o.Reason, o.Utterance, o.CallID, formatTime(o.At))
	if err != nil {
		return fmt.Errorf("store: add opt-out: %w", closedErr(err))
	}
	return nil
}

// RemoveDNC takes number off the do-not-call list of business (for example
// after the callee gave fresh written consent). reason is required and is
// kept, with the time, in the audit trail (DNCRemovals).
func (s *SQLite) RemoveDNC(ctx context.Context, business, number, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ErrReasonRequired
	}
	number = canonicalNumber(number)
	at := formatTime(s.now())
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: remove do-not-call entry: %w", closedErr(err))
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `UPDATE dnc SET removed_at = ?, removed_reason = ?
		WHERE business = ? AND number = ? AND removed_at IS NULL RETURNING id`,
		at, reason, business, number).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: no do-not-call entry for %s in that scope", ErrNotFound, phone.Mask(number))
	}
	if err != nil {
		return fmt.Errorf("store: remove do-not-call entry: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO dnc_removals (dnc_id, business, number, reason, removed_at)
		VALUES (?, ?, ?, ?, ?)`, id, business, number, reason, at); err != nil {
		return fmt.Errorf("store: audit do-not-call removal: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: remove do-not-call entry: %w", err)
	}
	return nil
}

// ListDNC returns the active do-not-call entries of business, oldest first;
// an empty business lists every scope (for export).
func (s *SQLite) ListDNC(ctx context.Context, business string) ([]agent.OptOut, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT number, business, campaign, reason, utterance, call_id, created_at
		FROM dnc WHERE removed_at IS NULL AND (? = '' OR business = ?) ORDER BY created_at, id`, business, business)
	if err != nil {
		return nil, fmt.Errorf("store: list do-not-call: %w", closedErr(err))
	}
	defer rows.Close()
	var out []agent.OptOut
	for rows.Next() {
		var o agent.OptOut
		if err := rows.Scan(&o.Number, &o.Business, &o.Campaign, &o.Reason, &o.Utterance, &o.CallID, nullTime{&o.At}); err != nil {
			return nil, fmt.Errorf("store: list do-not-call: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list do-not-call: %w", err)
	}
	return out, nil
}

// DNCRemoval is one audited removal from the do-not-call list.
type DNCRemoval struct {
	// Entry is the removed entry as it was added.
	Entry     agent.OptOut
	Reason    string
	RemovedAt time.Time
}

// DNCRemovals returns the audit trail of removals for business (every scope
// when empty), oldest first.
func (s *SQLite) DNCRemovals(ctx context.Context, business string) ([]DNCRemoval, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT d.number, d.business, d.campaign, d.reason, d.utterance, d.call_id,
		d.created_at, r.reason, r.removed_at
		FROM dnc_removals r JOIN dnc d ON d.id = r.dnc_id
		WHERE (? = '' OR r.business = ?) ORDER BY r.removed_at, r.id`, business, business)
	if err != nil {
		return nil, fmt.Errorf("store: list do-not-call removals: %w", closedErr(err))
	}
	defer rows.Close()
	var out []DNCRemoval
	for rows.Next() {
		var r DNCRemoval
		e := &r.Entry
		if err := rows.Scan(&e.Number, &e.Business, &e.Campaign, &e.Reason, &e.Utterance, &e.CallID,
			nullTime{&e.At}, &r.Reason, nullTime{&r.RemovedAt}); err != nil {
			return nil, fmt.Errorf("store: list do-not-call removals: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list do-not-call removals: %w", err)
	}
	return out, nil
}

// isE164 reports whether n has the E.164 shape: a plus, a non-zero digit and
// 6 to 14 more digits.
func isE164(n string) bool {
	if len(n) < 8 || len(n) > 16 || n[0] != '+' || n[1] == '0' {
		return false
	}
	for i := 1; i < len(n); i++ {
		if n[i] < '0' || n[i] > '9' {
			return false
		}
	}
	return true
}
