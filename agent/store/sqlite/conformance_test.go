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
			SaveCall:  s.SaveCall,
			Call:      s.Call,
		}
	})
}
