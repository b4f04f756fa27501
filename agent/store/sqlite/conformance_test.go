package sqlite

import (
	"context"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/store"
	"candor/agent/store/storetest"
)

// TestConformance runs the shared store suite on a fresh database file per
// subtest.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Adapter {
		s, _ := openTest(t)
		return storetest.Adapter{
			Queue: s,
			Enqueue: func(ctx context.Context, campaign string, cs []contacts.Contact, due time.Time) (int, error) {
				if _, err := s.ImportContacts(ctx, campaign, cs); err != nil {
					return 0, err
				}
				return s.EnqueueCampaign(ctx, campaign, due)
			},
			SaveCallback: func(ctx context.Context, rec *agent.CallRecord) error { return s.SaveCall(ctx, rec) },
			ImportConsent: func(ctx context.Context, cs []store.Consent) error {
				_, err := s.ImportConsent(ctx, cs)
				return err
			},
			ImportRegistry: func(ctx context.Context, source string, date time.Time, numbers []string) error {
				_, err := s.ImportRegistry(ctx, source, date, numbers)
				return err
			},
			Attempts:  s.Attempts,
			JobCounts: s.JobCounts,
			Skipped:   s.SkippedByReason,
			WriteLegacy: func(ctx context.Context, business, dncNumber, consentNumber string, at time.Time) error {
				if _, err := s.db.ExecContext(ctx, `INSERT INTO dnc (business, number, reason, created_at) VALUES (?, ?, 'opt_out', ?)`,
					business, dncNumber, formatTime(at)); err != nil {
					return err
				}
				_, err := s.db.ExecContext(ctx, `INSERT INTO consent (business, number, text, given_at, source, created_at)
					VALUES (?, ?, 'yes', ?, 'web', ?)`, business, consentNumber, formatTime(at), formatTime(at))
				return err
			},
			Rekey: func(ctx context.Context) error {
				tx, err := s.db.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer tx.Rollback()
				if err := rekeyBusinesses(ctx, tx, s.now()); err != nil {
					return err
				}
				return tx.Commit()
			},
			SaveCall: s.SaveCall,
			Call:     s.Call,
		}
	})
}
