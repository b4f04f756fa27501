package store

import (
	"context"
	"testing"
	"time"
)

// TestClaimMaxInFlight: with MaxInFlight 2, a third claim while two calls
// are in flight is refused as busy (nothing recorded as skipped); a settled
// call or a claim older than the lease frees a slot.
func TestClaimMaxInFlight(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	at := time.Date(2025, 11, 4, 15, 0, 0, 0, time.UTC) // 10:00 in New York
	claim := func(num string, now time.Time) Claim {
		t.Helper()
		r := claimReq(num, now)
		r.MaxInFlight, r.Lease = 2, 10*time.Minute
		c, err := s.ClaimDial(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a := claim("+12125550001", at)
	b := claim("+12125550002", at)
	if !a.OK || !b.OK {
		t.Fatalf("first two claims: %+v %+v, want both OK", a, b)
	}
	if c := claim("+12125550003", at); c.OK || c.Reason != SkipBusy || !c.Next.Equal(at.Add(BusyRetry)) {
		t.Errorf("third claim: %+v, want busy, next %v", c, at.Add(BusyRetry))
	}
	skipped, err := s.SkippedByReason(ctx, "survey-1")
	if err != nil || len(skipped) != 0 {
		t.Errorf("skipped %v (%v), want none recorded for a busy campaign", skipped, err)
	}
	if err := s.SetAttemptOutcome(ctx, a.AttemptID, "completed", "c1"); err != nil {
		t.Fatal(err)
	}
	if c := claim("+12125550003", at.Add(time.Second)); !c.OK {
		t.Errorf("claim after a call ended: %+v, want OK", c)
	}
	if c := claim("+12125550004", at.Add(2*time.Second)); c.OK {
		t.Errorf("claim with two in flight: %+v, want busy", c)
	}
	// b and the third claim are older than the lease: their workers are gone.
	if c := claim("+12125550004", at.Add(11*time.Minute)); !c.OK {
		t.Errorf("claim once the lease ran out: %+v, want OK", c)
	}
}
