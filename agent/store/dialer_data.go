package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"candor/agent/phone"
)

// Consent is one consent record.
type Consent struct {
	Business string
	Number   string // E.164
	Text     string // what the person agreed to
	At       time.Time
	Source   string // where it was given (web form, call ID...)
}

// ImportConsent stores cs in one transaction and returns how many were new;
// a record already stored (same business, number and time) is kept. Every
// record must be complete: one that is not fails the import, nothing written.
func (s *SQLite) ImportConsent(ctx context.Context, cs []Consent) (int, error) {
	for i, c := range cs {
		if strings.TrimSpace(c.Business) == "" || strings.TrimSpace(c.Text) == "" || strings.TrimSpace(c.Source) == "" || c.At.IsZero() {
			return 0, fmt.Errorf("%w: consent record %d needs a business, text, time and source", ErrInvalid, i)
		}
		if e, err := phone.Normalize(c.Number, ""); err != nil || e != c.Number {
			return 0, fmt.Errorf("%w: consent record %d: phone %s is not E.164", ErrInvalid, i, phone.Mask(c.Number))
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
			strings.TrimSpace(c.Business), c.Number, c.Text, formatTime(c.At), c.Source, now)
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
func (s *SQLite) ImportRegistry(ctx context.Context, source string, date time.Time, numbers []string) (int, error) {
	source = strings.TrimSpace(source)
	if source == "" || date.IsZero() {
		return 0, fmt.Errorf("%w: a registry import needs a source and an extract date", ErrInvalid)
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
		n = canonicalNumber(n)
		if n == "" {
			continue
		}
		res, err := stmt.ExecContext(ctx, AllBusinesses, n, note, now)
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
