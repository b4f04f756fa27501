package sqlite

import (
	"context"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/report"
	"candor/agent/store"
)

// TestEvidenceOfSharedCampaign: a worker of a campaign shared through
// Postgres keeps its records here; the calls of claims reconciled there are
// completed here (RecordInterrupted), and on start the worker interrupts
// the calls it left in progress (InterruptInProgress).
func TestEvidenceOfSharedCampaign(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	at := time.Date(2025, 7, 1, 14, 0, 0, 0, time.UTC)
	save := func(id string, o agent.Outcome, started time.Time) {
		t.Helper()
		if err := s.SaveCall(ctx, &agent.CallRecord{ID: id, Campaign: "c", Business: "Acme", Number: "+12125550101", StartedAt: started, Outcome: o}); err != nil {
			t.Fatal(err)
		}
	}
	save("mine-old", agent.OutcomeInProgress, at)
	save("mine-done", agent.OutcomeCompleted, at)
	save("mine-new", agent.OutcomeInProgress, at.Add(time.Hour))
	if n, err := s.InterruptInProgress(ctx, "c", at.Add(time.Minute)); err != nil || n != 1 {
		t.Errorf("InterruptInProgress = %d, %v; want 1", n, err)
	}
	err := s.RecordInterrupted(ctx, []store.Attempt{
		{ID: 7, Business: "Acme", Campaign: "c", Number: "+12125550102", At: at, CallID: "elsewhere"},
		{ID: 8, Business: "Acme", Campaign: "c", Number: "+12125550101", At: at, CallID: "mine-done"},
		{ID: 9, Business: "Acme", Campaign: "c", Number: "+12125550103", At: at},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   string
		want agent.Outcome
	}{
		{"mine-old", agent.OutcomeInterrupted},
		{"mine-done", agent.OutcomeCompleted}, // a record with its real end is kept
		{"mine-new", agent.OutcomeInProgress}, // started after the worker did: running
		{"elsewhere", agent.OutcomeInterrupted},
		{"attempt-9", agent.OutcomeInterrupted},
	} {
		rec, err := s.Call(ctx, tc.id)
		if err != nil {
			t.Errorf("call %s: %v", tc.id, err)
			continue
		}
		if rec.Outcome != tc.want {
			t.Errorf("call %s: got outcome %q, want %q", tc.id, rec.Outcome, tc.want)
		}
	}
}

// TestReportCountsRecovery: the figures of the campaign's facts count
// interrupted and in-progress calls, the retries queued and the callbacks
// asked for.
func TestReportCountsRecovery(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	at := time.Date(2025, 7, 1, 14, 0, 0, 0, time.UTC)
	cs := []contacts.Contact{{Phone: "+12125550101", Name: "a"}, {Phone: "+12125550102", Name: "b"}, {Phone: "+12125550103", Name: "c"}}
	if _, err := s.ImportContacts(ctx, "c", cs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueCampaign(ctx, "c", at); err != nil {
		t.Fatal(err)
	}
	// a: no answer, retried later; b: interrupted; c: in progress, asked for a callback on an earlier call.
	j, _, err := s.LeaseJob(ctx, "c", "w", at, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RescheduleJob(ctx, j.ID, at.Add(2*time.Hour), "no_answer"); err != nil {
		t.Fatal(err)
	}
	for _, rec := range []*agent.CallRecord{
		{ID: "x1", Campaign: "c", Business: "Acme", Number: "+12125550102", StartedAt: at, Outcome: agent.OutcomeInterrupted},
		{ID: "x2", Campaign: "c", Business: "Acme", Number: "+12125550103", StartedAt: at, Outcome: agent.OutcomeInProgress},
		{ID: "x3", Campaign: "c", Business: "Acme", Number: "+12125550103", StartedAt: at, EndedAt: at, Outcome: agent.OutcomeCallback,
			CallbackAt: at.Add(24 * time.Hour), CallbackText: "tomorrow"},
	} {
		if err := s.SaveCall(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	f, err := s.CampaignFacts(ctx, "c", false)
	if err != nil {
		t.Fatal(err)
	}
	r := report.Compute(f)
	got := [4]int{r.Interrupted, r.InProgress, r.PendingRetries, r.PendingCallbacks}
	if want := [4]int{1, 1, 1, 1}; got != want {
		t.Errorf("interrupted, in progress, pending retries, pending callbacks: got %v, want %v", got, want)
	}
}
