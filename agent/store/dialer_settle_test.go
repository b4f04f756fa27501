package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"candor/agent/contacts"
)

func TestSettleAttempt(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	cs := []contacts.Contact{{Phone: nyNumber, Name: "A"}, {Phone: flNumber, Name: "B"}}
	if _, err := s.ImportContacts(ctx, "survey-1", cs); err != nil {
		t.Fatal(err)
	}
	t0 := inWindow
	if _, err := s.EnqueueCampaign(ctx, "survey-1", t0); err != nil {
		t.Fatal(err)
	}
	settle := func(number string, due time.Time, outcome string) Job {
		t.Helper()
		j, ok, err := s.LeaseJob(ctx, "survey-1", "w", t0, time.Minute)
		if err != nil || !ok || j.Number != number {
			t.Fatalf("LeaseJob = %+v, %v, %v; want %s", j, ok, err, number)
		}
		c, err := s.ClaimDial(ctx, claimReq(number, t0))
		if err != nil || !c.OK {
			t.Fatalf("ClaimDial = %+v, %v", c, err)
		}
		if err := s.SettleAttempt(ctx, c.AttemptID, outcome, "call-"+outcome, j.ID, due, outcome); err != nil {
			t.Fatalf("SettleAttempt: %v", err)
		}
		return j
	}
	j1 := settle(nyNumber, time.Time{}, "completed")
	settle(flNumber, t0.Add(time.Hour), "busy")
	counts, _ := s.JobCounts(ctx, "survey-1")
	if counts["done"] != 1 || counts["pending"] != 1 || counts["running"] != 0 {
		t.Errorf("JobCounts = %v, want 1 done, 1 pending", counts)
	}
	if next, ok, _ := s.NextDue(ctx, "survey-1"); !ok || !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("NextDue = %s, %v; want the busy job an hour on", next, ok)
	}
	as, _ := s.Attempts(ctx, "survey-1")
	if len(as) != 2 || as[0].Outcome != "completed" || as[0].CallID != "call-completed" || as[1].Outcome != "busy" {
		t.Errorf("attempts %+v, want completed then busy with their call IDs", as)
	}
	// Settling against a finished job still records the attempt.
	c, _ := s.ClaimDial(ctx, claimReq(nyNumber, t0.Add(2*time.Hour)))
	if err := s.SettleAttempt(ctx, c.AttemptID, "completed", "x", j1.ID, time.Time{}, "again"); err != nil {
		t.Errorf("settling a finished job: %v, want nil", err)
	}
	if err := s.SettleAttempt(ctx, 999, "completed", "x", j1.ID, time.Time{}, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown attempt: err = %v, want ErrNotFound", err)
	}
}
