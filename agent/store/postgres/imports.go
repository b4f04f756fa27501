package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/phone"
	"candor/agent/store"
)

// What the data commands (dnc import, add and export, consent import,
// contacts import, report) need of the shared database, with the same rules
// as the SQLite adapter.

// ImportConsent stores cs in one transaction and returns how many were new;
// a record already stored (same business, number and time) is kept. Every
// record must be complete (store.Consent.Check): one that is not fails the
// import, nothing written.
func (p *Store) ImportConsent(ctx context.Context, cs []store.Consent) (int, error) {
	for i, c := range cs {
		if err := c.Check(i); err != nil {
			return 0, err
		}
	}
	added := 0
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		for _, c := range cs {
			tag, err := tx.Exec(ctx, `INSERT INTO consent (business, number, text, given_at, source)
				SELECT $1::text, $2::text, $3, $4::timestamptz, $5
				WHERE NOT EXISTS (SELECT 1 FROM consent WHERE business = $1 AND number = $2 AND given_at = $4)`,
				store.BusinessKey(c.Business), c.Number, c.Text, c.At, c.Source)
			if err != nil {
				return err
			}
			added += int(tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: import consent: %w", err)
	}
	return added, nil
}

// registryChunk is how many numbers one INSERT of a registry import carries.
const registryChunk = 10000

// ImportRegistry adds numbers (E.164) to the do-not-call list of every
// business (AllBusinesses) and records the extract (source, date) in one
// transaction; it returns how many numbers were new to the list.
func (p *Store) ImportRegistry(ctx context.Context, source string, date time.Time, numbers []string) (int, error) {
	source = strings.TrimSpace(source)
	if source == "" || date.IsZero() {
		return 0, fmt.Errorf("%w: a registry import needs a source and an extract date", store.ErrInvalid)
	}
	now := p.now()
	canon := make([]string, 0, len(numbers))
	for _, n := range numbers {
		if n = store.CanonicalNumber(n); n != "" {
			canon = append(canon, n)
		}
	}
	note := "registry " + source + " " + date.Format(time.DateOnly)
	added := 0
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		for len(canon) > 0 {
			k := min(len(canon), registryChunk)
			tag, err := tx.Exec(ctx, `INSERT INTO dnc (business, number, campaign, reason, utterance, call_id, created_at, seq)
				SELECT $1, n, '', 'registry', $3, '', $4, nextval('dial_seq') FROM unnest($2::text[]) AS n
				ON CONFLICT (business, number) WHERE removed_at IS NULL DO NOTHING`,
				store.AllBusinesses, canon[:k], note, now)
			if err != nil {
				return err
			}
			added += int(tag.RowsAffected())
			canon = canon[k:]
		}
		_, err := tx.Exec(ctx, `INSERT INTO dnc_registry_imports (source, extract_date, entries, imported_at) VALUES ($1, $2, $3, $4)`,
			source, date.Format(time.DateOnly), len(numbers), now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: import registry: %w", err)
	}
	return added, nil
}

// ListDNC returns the active do-not-call entries of business, oldest first;
// an empty business lists every scope (for export).
func (p *Store) ListDNC(ctx context.Context, business string) ([]agent.OptOut, error) {
	business = store.BusinessKey(business)
	rows, err := p.pool.Query(ctx, `SELECT number, business, campaign, reason, utterance, call_id, created_at
		FROM dnc WHERE removed_at IS NULL AND ($1 = '' OR business = $1) ORDER BY created_at, id`, business)
	if err != nil {
		return nil, fmt.Errorf("store: list do-not-call: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (agent.OptOut, error) {
		var o agent.OptOut
		err := r.Scan(&o.Number, &o.Business, &o.Campaign, &o.Reason, &o.Utterance, &o.CallID, &o.At)
		o.At = o.At.UTC()
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: list do-not-call: %w", err)
	}
	return out, nil
}

// ImportContacts queues campaign's contacts cs, due now (see
// EnqueueContacts), and returns how many were new. Every phone must be
// E.164; one that is not fails the whole import, with nothing written.
func (p *Store) ImportContacts(ctx context.Context, campaign string, cs []contacts.Contact) (int, error) {
	campaign = strings.TrimSpace(campaign)
	if campaign == "" {
		return 0, fmt.Errorf("%w: contacts need a campaign", store.ErrInvalid)
	}
	for i, c := range cs {
		if e164, err := phone.Normalize(c.Phone, ""); err != nil || e164 != c.Phone {
			return 0, fmt.Errorf("%w: contact %d (line %d): phone %s is not E.164", store.ErrInvalid, i, c.Line, phone.Mask(c.Phone))
		}
	}
	return p.EnqueueContacts(ctx, campaign, cs, p.now())
}
