package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"candor/agent/contacts"
	"candor/agent/phone"
	"candor/agent/store"
)

// ImportContacts adds cs to campaign's contact list in one transaction and
// returns how many were new. A contact whose number the campaign already has
// is updated in place (name, zone, consent reference, fields), and so is its
// job when one is queued or running. Every phone
// must be E.164; one that is not fails the whole import, with nothing written.
func (s *Store) ImportContacts(ctx context.Context, campaign string, cs []contacts.Contact) (int, error) {
	campaign = strings.TrimSpace(campaign)
	if campaign == "" {
		return 0, fmt.Errorf("%w: contacts need a campaign", store.ErrInvalid)
	}
	type row struct {
		c      contacts.Contact
		fields string
	}
	rows := make([]row, len(cs))
	for i, c := range cs {
		if e164, err := phone.Normalize(c.Phone, ""); err != nil || e164 != c.Phone {
			return 0, fmt.Errorf("%w: contact %d (line %d): phone %s is not E.164", store.ErrInvalid, i, c.Line, phone.Mask(c.Phone))
		}
		f, err := json.Marshal(c.Fields)
		if err != nil {
			return 0, fmt.Errorf("store: encode contact fields: %w", err)
		}
		rows[i] = row{c, string(f)}
	}
	now := formatTime(s.now())
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: import contacts: %w", closedErr(err))
	}
	defer tx.Rollback()
	added := 0
	for _, r := range rows {
		c := r.c
		res, err := tx.ExecContext(ctx, `INSERT INTO contacts (campaign, phone, name, tz, consent_ref, persona, fields, source_line, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign, phone) DO NOTHING`,
			campaign, c.Phone, c.Name, c.TimeZone, c.ConsentRef, c.Fields["persona"], r.fields, c.Line, now, now)
		if err != nil {
			return 0, fmt.Errorf("store: import contacts: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET name = ?, tz = ?, consent_ref = ?, persona = ?, fields = ?,
			source_line = ?, updated_at = ? WHERE campaign = ? AND phone = ?`,
			c.Name, c.TimeZone, c.ConsentRef, c.Fields["persona"], r.fields, c.Line, now, campaign, c.Phone); err != nil {
			return 0, fmt.Errorf("store: import contacts: %w", err)
		}
		// A job not yet done dials with what the contact says now (a
		// corrected zone above all).
		if _, err := tx.ExecContext(ctx, `UPDATE dial_jobs SET tz = ?, contact_ref = ?, updated_at = ?
			WHERE campaign = ? AND number = ? AND state <> 'done'`, c.TimeZone, c.Name, now, campaign, c.Phone); err != nil {
			return 0, fmt.Errorf("store: import contacts: update queued job: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: import contacts: %w", err)
	}
	return added, nil
}

// Contacts returns campaign's contact list in the order it was first imported.
// Fields is nil for contacts imported without other columns.
func (s *Store) Contacts(ctx context.Context, campaign string) ([]contacts.Contact, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT phone, name, tz, consent_ref, fields, source_line
		FROM contacts WHERE campaign = ? ORDER BY id`, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: list contacts: %w", closedErr(err))
	}
	defer rows.Close()
	var out []contacts.Contact
	for rows.Next() {
		var c contacts.Contact
		var fields string
		if err := rows.Scan(&c.Phone, &c.Name, &c.TimeZone, &c.ConsentRef, &fields, &c.Line); err != nil {
			return nil, fmt.Errorf("store: list contacts: %w", err)
		}
		if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
			return nil, fmt.Errorf("store: contact fields: %w", err)
		}
		if len(c.Fields) == 0 {
			c.Fields = nil
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list contacts: %w", err)
	}
	return out, nil
}
