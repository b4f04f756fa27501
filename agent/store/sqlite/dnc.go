package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"candor/agent"
	"candor/agent/phone"
	"candor/agent/store"
)

// IsOnDNC reports whether number is on the do-not-call list of business, or
// on the list for AllBusinesses.
func (s *Store) IsOnDNC(ctx context.Context, business, number string) (bool, error) {
	var on bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM dnc
		WHERE number = ? AND business IN (?, ?) AND removed_at IS NULL)`,
		store.CanonicalNumber(number), store.BusinessKey(business), store.AllBusinesses).Scan(&on)
	if err != nil {
		return false, fmt.Errorf("store: do-not-call lookup: %w", closedErr(err))
	}
	return on, nil
}

// AddOptOut puts o.Number on the do-not-call list of o.Business. It returns
// only after the entry is committed to disk. Adding a number that is already
// on the business's list succeeds and keeps the first entry. An empty Reason
// is stored as "opt_out"; a zero At as now.
func (s *Store) AddOptOut(ctx context.Context, o agent.OptOut) error {
	o.Number = store.CanonicalNumber(o.Number)
	o.Business = store.BusinessKey(o.Business)
	if o.Number == "" || o.Business == "" {
		return fmt.Errorf("%w: an opt-out needs a number and a business", store.ErrInvalid)
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
func (s *Store) RemoveDNC(ctx context.Context, business, number, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return store.ErrReasonRequired
	}
	number, business = store.CanonicalNumber(number), store.BusinessKey(business)
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
		return fmt.Errorf("%w: no do-not-call entry for %s in that scope", store.ErrNotFound, phone.Mask(number))
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
func (s *Store) ListDNC(ctx context.Context, business string) ([]agent.OptOut, error) {
	business = store.BusinessKey(business)
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

// DNCRemovals returns the audit trail of removals for business (every scope
// when empty), oldest first.
func (s *Store) DNCRemovals(ctx context.Context, business string) ([]store.DNCRemoval, error) {
	business = store.BusinessKey(business)
	rows, err := s.db.QueryContext(ctx, `SELECT d.number, d.business, d.campaign, d.reason, d.utterance, d.call_id,
		d.created_at, r.reason, r.removed_at
		FROM dnc_removals r JOIN dnc d ON d.id = r.dnc_id
		WHERE (? = '' OR r.business = ?) ORDER BY r.removed_at, r.id`, business, business)
	if err != nil {
		return nil, fmt.Errorf("store: list do-not-call removals: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.DNCRemoval
	for rows.Next() {
		var r store.DNCRemoval
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

// ImportConsent stores cs in one transaction and returns how many were new;
// a record already stored (same business, number and time) is kept. Every
// record must be complete: one that is not fails the import, nothing written.
func (s *Store) ImportConsent(ctx context.Context, cs []store.Consent) (int, error) {
	for i, c := range cs {
		if err := c.Check(i); err != nil {
			return 0, err
		}
	}
	now := formatTime(s.now())
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: import consent: %w", closedErr(err))
	}
	defer tx.Rollback()
	added := 0
	for _, c := range cs {
		res, err := tx.ExecContext(ctx, `INSERT INTO consent (business, number, text, given_at, source, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			store.BusinessKey(c.Business), c.Number, c.Text, formatTime(c.At), c.Source, now)
		if err != nil {
			return 0, fmt.Errorf("store: import consent: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: import consent: %w", err)
	}
	return added, nil
}

// ImportRegistry adds numbers (E.164) to the do-not-call list of every
// business (AllBusinesses) and records the extract (source, date) in one
// transaction; the newest extract date decides registry freshness. It returns
// how many numbers were new to the list.
func (s *Store) ImportRegistry(ctx context.Context, source string, date time.Time, numbers []string) (int, error) {
	source = strings.TrimSpace(source)
	if source == "" || date.IsZero() {
		return 0, fmt.Errorf("%w: a registry import needs a source and an extract date", store.ErrInvalid)
	}
	nowT := s.now()
	now := formatTime(nowT)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: import registry: %w", closedErr(err))
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO dnc (business, number, campaign, reason, utterance, call_id, created_at)
		VALUES (?, ?, '', 'registry', ?, '', ?) ON CONFLICT (business, number) WHERE removed_at IS NULL DO NOTHING`)
	if err != nil {
		return 0, fmt.Errorf("store: import registry: %w", err)
	}
	defer stmt.Close()
	note := "registry " + source + " " + date.Format(time.DateOnly)
	added := 0
	for _, n := range numbers {
		n = store.CanonicalNumber(n)
		if n == "" {
			continue
		}
		res, err := stmt.ExecContext(ctx, store.AllBusinesses, n, note, now)
		if err != nil {
			return 0, fmt.Errorf("store: import registry: %w", err)
		}
		if k, _ := res.RowsAffected(); k > 0 {
			added++
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO dnc_registry_imports (source, extract_date, entries, imported_at) VALUES (?, ?, ?, ?)`,
		source, date.Format(time.DateOnly), len(numbers), now); err != nil {
		return 0, fmt.Errorf("store: import registry: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: import registry: %w", err)
	}
	return added, nil
}
