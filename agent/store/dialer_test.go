package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/guardrails"
)

const (
	nyNumber = "+12125550101"
	flNumber = "+13055550102"
)

// inWindow is 10:00 in New York.
var inWindow = time.Date(2025, 7, 1, 14, 0, 0, 0, time.UTC)

func claimReq(number string, at time.Time) ClaimRequest {
	return ClaimRequest{Business: "Acme", Campaign: "survey-1", Number: number, Now: at,
		Window: guardrails.DefaultWindowPolicy(), Caps: guardrails.CapPolicy{PerDay: 3, Per30Days: 10, MinGap: time.Minute}}
}

func TestClaimDialChecks(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if err := s.AddOptOut(ctx, testOptOut("Acme", "+12125550111")); err != nil {
		t.Fatal(err)
	}
	if err := s.AddOptOut(ctx, testOptOut("Other Co", "+12125550112")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportRegistry(ctx, "us-dnc", time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC), []string{"+12125550113"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportConsent(ctx, []Consent{{Business: "Acme", Number: "+12125550114", Text: "yes, call me about offers", At: inWindow.Add(-48 * time.Hour), Source: "web form"}}); err != nil {
		t.Fatal(err)
	}
	mkt := func(r ClaimRequest) ClaimRequest { r.Marketing = true; return r }
	tests := []struct {
		name   string
		req    ClaimRequest
		ok     bool
		reason string
		next   time.Time
	}{
		{"plain", claimReq(nyNumber, inWindow), true, "", time.Time{}},
		{"business opt-out", claimReq("+12125550111", inWindow), false, SkipDNC, time.Time{}},
		{"other business's opt-out", claimReq("+12125550112", inWindow), true, "", time.Time{}},
		{"registry", claimReq("+12125550113", inWindow), false, SkipRegistry, time.Time{}},
		{"before 08:00 in New York", claimReq("+12125550115", time.Date(2025, 7, 1, 11, 0, 0, 0, time.UTC)), false, SkipOutsideWindow, time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)},
		{"Florida after 20:00", claimReq(flNumber, time.Date(2025, 7, 2, 0, 30, 0, 0, time.UTC)), false, SkipOutsideWindow, time.Date(2025, 7, 2, 12, 0, 0, 0, time.UTC)},
		{"stated zone wins", func() ClaimRequest {
			r := claimReq("+12125550116", inWindow) // 07:00 in Los Angeles
			r.Zones = []string{"America/Los_Angeles"}
			return r
		}(), false, SkipOutsideWindow, time.Date(2025, 7, 1, 15, 0, 0, 0, time.UTC)},
		{"unknown zone", func() ClaimRequest {
			r := claimReq("+12125550117", inWindow)
			r.Zones = []string{"Nowhere/Else"}
			return r
		}(), false, SkipNoWindow, time.Time{}},
		{"marketing without consent", mkt(claimReq("+12125550118", inWindow)), false, SkipNoConsent, time.Time{}},
		{"marketing, registry too old", mkt(claimReq("+12125550114", time.Date(2025, 7, 17, 14, 0, 0, 0, time.UTC))), false, SkipRegistryStale, time.Time{}},
		{"marketing with consent", mkt(claimReq("+12125550114", inWindow)), true, "", time.Time{}},
	}
	for _, tc := range tests {
		c, err := s.ClaimDial(ctx, tc.req)
		if err != nil {
			t.Fatalf("%s: ClaimDial: %v", tc.name, err)
		}
		if c.OK != tc.ok || c.Reason != tc.reason || !c.Next.Equal(tc.next) || (c.OK && c.AttemptID == 0) {
			t.Errorf("%s: claim = %+v; want ok %v, reason %q, next %s", tc.name, c, tc.ok, tc.reason, tc.next)
		}
	}
	skipped, err := s.SkippedByReason(ctx, "survey-1")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{SkipDNC: 1, SkipRegistry: 1, SkipOutsideWindow: 3, SkipNoWindow: 1, SkipNoConsent: 1, SkipRegistryStale: 1}
	for k, v := range want {
		if skipped[k] != v {
			t.Errorf("skipped[%s] = %d, want %d (all: %v)", k, skipped[k], v, skipped)
		}
	}
	atts, err := s.Attempts(ctx, "survey-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 3 {
		t.Errorf("got %d attempts, want 3", len(atts))
	}
}

func TestClaimDialCaps(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	at := inWindow
	var oks int
	for i := range 5 {
		c, err := s.ClaimDial(ctx, claimReq(nyNumber, at))
		if err != nil {
			t.Fatal(err)
		}
		if c.OK {
			oks++
			if err := s.SetAttemptOutcome(ctx, c.AttemptID, string(agent.OutcomeNoAnswer), fmt.Sprint("call-", i)); err != nil {
				t.Fatal(err)
			}
		} else if c.Reason != guardrails.CapReasonDay || !c.Next.Equal(inWindow.Add(24*time.Hour)) {
			t.Errorf("claim %d = %+v, want cap_24h until %s", i, c, inWindow.Add(24*time.Hour))
		}
		at = at.Add(time.Hour)
	}
	if oks != 3 {
		t.Errorf("got %d claims in a day, want 3", oks)
	}
	// The gap ends after 20:00 in Florida: next moves into the window.
	fl := claimReq(flNumber, time.Date(2025, 7, 1, 23, 0, 0, 0, time.UTC)) // 19:00 EDT
	fl.Caps = guardrails.CapPolicy{PerDay: 3, Per30Days: 10, MinGap: 2 * time.Hour}
	if c, err := s.ClaimDial(ctx, fl); err != nil || !c.OK {
		t.Fatalf("first Florida claim = %+v, %v; want ok", c, err)
	}
	fl.Now = fl.Now.Add(30 * time.Minute)
	c, err := s.ClaimDial(ctx, fl)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 7, 2, 12, 0, 0, 0, time.UTC); c.OK || c.Reason != guardrails.CapReasonMinGap || !c.Next.Equal(want) {
		t.Errorf("second Florida claim = %+v, want refused (min_gap) until %s (08:00 local, not 21:00)", c, want)
	}
}

// TestClaimDialConcurrent: many workers claiming one number at once never
// exceed the cap.
func TestClaimDialConcurrent(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	var ok atomic.Int32
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := claimReq(nyNumber, inWindow.Add(time.Duration(i)*time.Second))
			r.Caps.MinGap = time.Nanosecond
			c, err := s.ClaimDial(ctx, r)
			if err != nil {
				t.Error(err)
				return
			}
			if c.OK {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	// Which claims win depends on commit order (a claim sees a later-timed
	// attempt as too recent), but never more than the cap.
	if got := ok.Load(); got < 1 || got > 3 {
		t.Errorf("got %d concurrent claims, want 1 to 3 (the daily cap)", got)
	}
	atts, err := s.Attempts(ctx, "survey-1")
	if err != nil || len(atts) != int(ok.Load()) {
		t.Errorf("got %d attempt rows (%v), want %d", len(atts), err, ok.Load())
	}
}

// TestClaimDialOptOutRace: an opt-out acknowledged before a claim starts is
// always seen by that claim, whichever goroutine the scheduler favours.
func TestClaimDialOptOutRace(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	var seq atomic.Int64
	var before, after int
	for i := range 150 {
		number := fmt.Sprintf("+1212555%04d", 1000+i)
		var ackSeq, claimSeq int64
		var claim Claim
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := s.AddOptOut(ctx, testOptOut("Acme", number)); err != nil {
				t.Error(err)
			}
			ackSeq = seq.Add(1)
		}()
		go func() {
			defer wg.Done()
			// Jitter, so that claims land before, during and after the opt-out.
			time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
			claimSeq = seq.Add(1)
			c, err := s.ClaimDial(ctx, claimReq(number, inWindow))
			if err != nil {
				t.Error(err)
			}
			claim = c
		}()
		wg.Wait()
		if claimSeq > ackSeq {
			after++
			if claim.OK || claim.Reason != SkipDNC {
				t.Fatalf("%d: claim started after the opt-out was acknowledged = %+v, want refused (dnc)", i, claim)
			}
		} else {
			before++
		}
	}
	t.Logf("claims after the acknowledgement: %d, racing it: %d", after, before)
	if after == 0 {
		t.Errorf("no claim ran after an acknowledged opt-out; the race was not exercised")
	}
}

func TestImportConsentAndRegistry(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	good := Consent{Business: "Acme", Number: nyNumber, Text: "ok", At: inWindow, Source: "form"}
	bad := good
	bad.Number = "555"
	if _, err := s.ImportConsent(ctx, []Consent{good, bad}); !errors.Is(err, ErrInvalid) {
		t.Errorf("import with a bad record: err = %v, want ErrInvalid", err)
	}
	if n, err := s.ImportConsent(ctx, []Consent{good, good}); err != nil || n != 1 {
		t.Errorf("import = %d, %v; want 1 new (nothing from the failed import)", n, err)
	}
	if n, err := s.ImportRegistry(ctx, "us", inWindow, []string{nyNumber, nyNumber, flNumber}); err != nil || n != 2 {
		t.Errorf("ImportRegistry = %d, %v; want 2", n, err)
	}
	on, err := s.IsOnDNC(ctx, "Anyone", flNumber)
	if err != nil || !on {
		t.Errorf("IsOnDNC after registry import = %v, %v; want true", on, err)
	}
}

func TestDialQueue(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	cs := []contacts.Contact{{Phone: nyNumber, Name: "A"}, {Phone: flNumber, Name: "B", TimeZone: "America/New_York"}}
	if _, err := s.ImportContacts(ctx, "survey-1", cs); err != nil {
		t.Fatal(err)
	}
	t0 := inWindow
	if n, err := s.EnqueueCampaign(ctx, "survey-1", t0); err != nil || n != 2 {
		t.Fatalf("EnqueueCampaign = %d, %v; want 2", n, err)
	}
	if n, err := s.EnqueueCampaign(ctx, "survey-1", t0); err != nil || n != 0 {
		t.Errorf("second EnqueueCampaign = %d, %v; want 0 (one job per contact)", n, err)
	}
	if _, ok, _ := s.LeaseJob(ctx, "survey-1", "w1", t0.Add(-time.Second), time.Minute); ok {
		t.Errorf("leased a job before it was due")
	}
	j1, ok, err := s.LeaseJob(ctx, "survey-1", "w1", t0, time.Minute)
	if err != nil || !ok || j1.Number != nyNumber || j1.Tries != 1 {
		t.Fatalf("LeaseJob = %+v, %v, %v; want the first contact", j1, ok, err)
	}
	j2, ok, _ := s.LeaseJob(ctx, "survey-1", "w2", t0, time.Minute)
	if !ok || j2.Number != flNumber || j2.TimeZone != "America/New_York" {
		t.Fatalf("second lease = %+v, want the second contact with its zone", j2)
	}
	if _, ok, _ := s.LeaseJob(ctx, "survey-1", "w3", t0, time.Minute); ok {
		t.Errorf("leased a job that is already leased")
	}
	// w1 dies: its job is leased again when the lease runs out.
	j1b, ok, _ := s.LeaseJob(ctx, "survey-1", "w3", t0.Add(time.Minute), time.Minute)
	if !ok || j1b.ID != j1.ID || j1b.Tries != 2 {
		t.Errorf("lease after expiry = %+v, %v; want job %d again with 2 tries", j1b, ok, j1.ID)
	}
	if err := s.RescheduleJob(ctx, j2.ID, t0.Add(time.Hour), "busy"); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishJob(ctx, j1b.ID, "completed"); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishJob(ctx, j1b.ID, "completed"); !errors.Is(err, ErrNotFound) {
		t.Errorf("finishing twice: err = %v, want ErrNotFound", err)
	}
	if next, ok, err := s.NextDue(ctx, "survey-1"); err != nil || !ok || !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("NextDue = %s, %v, %v; want %s", next, ok, err, t0.Add(time.Hour))
	}
	// A callback for a contact with a live job waits; one for a finished contact is queued once.
	cb := Callback{CallID: "c1", Campaign: "survey-1", Business: "Acme", Number: nyNumber}
	if ok, err := s.EnqueueCallback(ctx, cb, t0.Add(2*time.Hour)); err != nil || !ok {
		t.Errorf("EnqueueCallback = %v, %v; want queued", ok, err)
	}
	if ok, _ := s.EnqueueCallback(ctx, cb, t0.Add(2*time.Hour)); ok {
		t.Errorf("callback queued twice")
	}
	cb2 := Callback{CallID: "c2", Campaign: "survey-1", Business: "Acme", Number: flNumber}
	if ok, _ := s.EnqueueCallback(ctx, cb2, t0); ok {
		t.Errorf("callback queued beside a live job for the same number")
	}
	counts, _ := s.JobCounts(ctx, "survey-1")
	if counts["pending"] != 2 || counts["done"] != 1 {
		t.Errorf("JobCounts = %v, want 2 pending, 1 done", counts)
	}
}

func BenchmarkClaimDial(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	at := inWindow
	i := 0
	for b.Loop() {
		r := claimReq(fmt.Sprintf("+1212555%04d", i%10000), at)
		if _, err := s.ClaimDial(ctx, r); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
