package storetest

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
	"candor/agent/store"
	"candor/guardrails"
	"candor/prompts"
)

// Adapter is one store under test: the shared contract (store.Queue) and
// the adapter's own ways to load it and to read the rows behind its answers.
type Adapter struct {
	Queue store.Queue
	// Enqueue queues a job, due at due, for each contact of cs that campaign
	// has not queued before, and returns how many it queued.
	Enqueue func(ctx context.Context, campaign string, cs []contacts.Contact, due time.Time) (int, error)
	// SaveCallback records the callback rec asks for.
	SaveCallback func(ctx context.Context, rec *agent.CallRecord) error
	// ImportConsent stores consent records; ImportRegistry adds numbers to
	// the AllBusinesses list and records the extract's date.
	ImportConsent  func(ctx context.Context, cs []store.Consent) error
	ImportRegistry func(ctx context.Context, source string, date time.Time, numbers []string) error
	// Attempts lists campaign's attempts, oldest first; JobCounts counts its
	// jobs by state; Skipped counts its refused claims by reason.
	Attempts  func(ctx context.Context, campaign string) ([]store.Attempt, error)
	JobCounts func(ctx context.Context, campaign string) (map[string]int, error)
	Skipped   func(ctx context.Context, campaign string) (map[string]int, error)
	// WriteLegacy stores a do-not-call entry and a consent record under
	// business exactly as given, as candor did before business ids; Rekey
	// runs the adapter's migration that keys existing rows by the id.
	WriteLegacy func(ctx context.Context, business, dncNumber, consentNumber string, at time.Time) error
	Rekey       func(ctx context.Context) error
	// SaveCall and Call, for an adapter that keeps evidence records (nil:
	// none), store and read one.
	SaveCall func(ctx context.Context, rec *agent.CallRecord) error
	Call     func(ctx context.Context, id string) (*agent.CallRecord, error)
}

// Run checks a store adapter against the contract of store.Queue. open
// returns a fresh, empty store for each subtest.
func Run(t *testing.T, open func(t *testing.T) Adapter) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, a Adapter)
	}{
		{"DNCScope", testDNCScope},
		{"AddOptOutValidation", testAddOptOutValidation},
		{"ClaimDialChecks", testClaimDialChecks},
		{"ClaimDialCaps", testClaimDialCaps},
		{"ClaimDialConcurrent", testClaimDialConcurrent},
		{"ClaimDialOptOutRace", testClaimDialOptOutRace},
		{"ClaimMaxInFlight", testClaimMaxInFlight},
		{"DialQueue", testDialQueue},
		{"ReleaseJob", testReleaseJob},
		{"SettleAttempt", testSettleAttempt},
		{"Callbacks", testCallbacks},
		{"BusinessKeys", testBusinessKeys},
		{"RegistryFutureIgnored", testRegistryFutureIgnored},
		{"MigrationKeysBusinesses", testMigrationKeysBusinesses},
		{"LeaseRenewal", testLeaseRenewal},
		{"ReconcileExpired", testReconcileExpired},
		{"ReconcileSettled", testReconcileSettled},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open(t)) })
	}
}

// Numbers in New York, Florida and Berlin.
const (
	NYNumber = "+12125550101"
	FLNumber = "+13055550102"
	// BerlinNumber is a valid number in Berlin (Europe/Berlin).
	BerlinNumber = "+4930901820"
)

// InWindow is 10:00 in New York.
var InWindow = time.Date(2025, 7, 1, 14, 0, 0, 0, time.UTC)

// ClaimRequest is a claim by Acme's campaign survey-1 for number at at,
// with the default window and caps of 3 a day, 10 a month, a minute apart.
func ClaimRequest(number string, at time.Time) store.ClaimRequest {
	return store.ClaimRequest{Business: "Acme", Campaign: "survey-1", Number: number, Now: at,
		Window: guardrails.DefaultWindowPolicy(), Caps: guardrails.CapPolicy{PerDay: 3, Per30Days: 10, MinGap: time.Minute}}
}

func optOut(business, number string) agent.OptOut {
	return agent.OptOut{Number: number, Business: business, Campaign: "survey-1", Reason: "opt_out",
		Utterance: "stop calling me", CallID: "call-1", At: time.Date(2025, 6, 1, 9, 30, 0, 123456789, time.UTC)}
}

func testDNCScope(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	const biz, other = "Business A", "Business B"
	if err := s.AddOptOut(ctx, optOut(biz, "+14155550134")); err != nil {
		t.Fatal(err)
	}
	o := optOut(store.AllBusinesses, "+12125550101")
	o.Reason = "registry"
	if err := s.AddOptOut(ctx, o); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		business, number string
		want             bool
	}{
		{biz, "+14155550134", true},
		{biz, "+1 (415) 555-0134", true}, // looked up in canonical form
		{other, "+14155550134", false},
		{"", "+14155550134", false},
		{biz, "+14155550135", false},
		{other, "+12125550101", true}, // registry entries block every business
		{"Business C", "+12125550101", true},
	} {
		got, err := s.IsOnDNC(ctx, tt.business, tt.number)
		if err != nil || got != tt.want {
			t.Errorf("IsOnDNC(%q, %q): got %v (%v), want %v", tt.business, tt.number, got, err, tt.want)
		}
	}
}

func testAddOptOutValidation(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	for _, o := range []agent.OptOut{{Business: "Acme"}, {Number: "+14155550134"}, {Number: " ", Business: "Acme"}, {Number: "+14155550134", Business: "  "}} {
		if err := s.AddOptOut(ctx, o); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("AddOptOut(%+v): got %v, want ErrInvalid", o, err)
		}
	}
	// Adding twice succeeds; a number libphonenumber rejects is still recorded.
	for _, n := range []string{"+14155550134", "+14155550134", "+1 415 555"} {
		if err := s.AddOptOut(ctx, optOut("Acme", n)); err != nil {
			t.Fatalf("AddOptOut(%q): %v", n, err)
		}
		if on, err := s.IsOnDNC(ctx, "Acme", n); err != nil || !on {
			t.Errorf("IsOnDNC(%q) after AddOptOut: got %v, %v; want true", n, on, err)
		}
	}
	if _, err := s.ClaimDial(ctx, store.ClaimRequest{Business: "Acme", Number: NYNumber, Now: InWindow}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("ClaimDial without a campaign: got %v, want ErrInvalid", err)
	}
}

func testClaimDialChecks(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	if err := s.AddOptOut(ctx, optOut("Acme", "+12125550111")); err != nil {
		t.Fatal(err)
	}
	if err := s.AddOptOut(ctx, optOut("Other Co", "+12125550112")); err != nil {
		t.Fatal(err)
	}
	if err := a.ImportRegistry(ctx, "us-dnc", time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC), []string{"+12125550113"}); err != nil {
		t.Fatal(err)
	}
	if err := a.ImportConsent(ctx, []store.Consent{{Business: "Acme", Number: "+12125550114", Text: "yes, call me about offers", At: InWindow.Add(-48 * time.Hour), Source: "web form"}}); err != nil {
		t.Fatal(err)
	}
	mkt := func(r store.ClaimRequest) store.ClaimRequest { r.Marketing = true; return r }
	zoned := func(number string, zones ...string) store.ClaimRequest {
		r := ClaimRequest(number, InWindow)
		r.Zones = zones
		return r
	}
	zonedAt := func(number string, at time.Time, zones ...string) store.ClaimRequest {
		r := ClaimRequest(number, at)
		r.Zones = zones
		return r
	}
	tests := []struct {
		name   string
		req    store.ClaimRequest
		ok     bool
		reason string
		next   time.Time
	}{
		{"plain", ClaimRequest(NYNumber, InWindow), true, "", time.Time{}},
		{"business opt-out", ClaimRequest("+12125550111", InWindow), false, store.SkipDNC, time.Time{}},
		{"other business's opt-out", ClaimRequest("+12125550112", InWindow), true, "", time.Time{}},
		{"registry", ClaimRequest("+12125550113", InWindow), false, store.SkipRegistry, time.Time{}},
		{"before 08:00 in New York", ClaimRequest("+12125550115", time.Date(2025, 7, 1, 11, 0, 0, 0, time.UTC)), false, store.SkipOutsideWindow, time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)},
		{"Florida after 20:00", ClaimRequest(FLNumber, time.Date(2025, 7, 2, 0, 30, 0, 0, time.UTC)), false, store.SkipOutsideWindow, time.Date(2025, 7, 2, 12, 0, 0, 0, time.UTC)},
		{"stated zone wins", zoned("+12125550116", "America/Los_Angeles"), false, store.SkipOutsideWindow, time.Date(2025, 7, 1, 15, 0, 0, 0, time.UTC)}, // 07:00 there
		{"unknown zone", zoned("+12125550117", "Nowhere/Else"), false, store.SkipNoWindow, time.Time{}},
		// A stated zone never widens the number's own window: 21:17 in New
		// York is 15:17 in Honolulu; both must be open (14:00 New York).
		{"stated zone cannot widen (New York as Honolulu)", zonedAt("+12125550119", time.Date(2025, 7, 2, 1, 17, 0, 0, time.UTC), "Pacific/Honolulu"),
			false, store.SkipOutsideWindow, time.Date(2025, 7, 2, 18, 0, 0, 0, time.UTC)},
		// 03:17 in Berlin is 09:17 in Shanghai: Berlin opens at 08:00 CEST.
		{"stated zone cannot widen (Berlin as Shanghai)", zonedAt(BerlinNumber, time.Date(2025, 7, 1, 1, 17, 0, 0, time.UTC), "Asia/Shanghai"),
			false, store.SkipOutsideWindow, time.Date(2025, 7, 1, 6, 0, 0, 0, time.UTC)},
		{"marketing without consent", mkt(ClaimRequest("+12125550118", InWindow)), false, store.SkipNoConsent, time.Time{}},
		{"marketing, registry too old", mkt(ClaimRequest("+12125550114", time.Date(2025, 7, 17, 14, 0, 0, 0, time.UTC))), false, store.SkipRegistryStale, time.Time{}},
		{"marketing with consent", mkt(ClaimRequest("+12125550114", InWindow)), true, "", time.Time{}},
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
	skipped, err := a.Skipped(ctx, "survey-1")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{store.SkipDNC: 1, store.SkipRegistry: 1, store.SkipOutsideWindow: 5, store.SkipNoWindow: 1, store.SkipNoConsent: 1, store.SkipRegistryStale: 1}
	for k, v := range want {
		if skipped[k] != v {
			t.Errorf("skipped[%s] = %d, want %d (all: %v)", k, skipped[k], v, skipped)
		}
	}
	atts, err := a.Attempts(ctx, "survey-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 3 {
		t.Errorf("got %d attempts, want 3", len(atts))
	}
}

func testClaimDialCaps(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	at := InWindow
	var oks int
	for i := range 5 {
		c, err := s.ClaimDial(ctx, ClaimRequest(NYNumber, at))
		if err != nil {
			t.Fatal(err)
		}
		if c.OK {
			oks++
			if err := s.SetAttemptOutcome(ctx, c.AttemptID, string(agent.OutcomeNoAnswer), fmt.Sprint("call-", i)); err != nil {
				t.Fatal(err)
			}
		} else if c.Reason != guardrails.CapReasonDay || !c.Next.Equal(InWindow.Add(24*time.Hour)) {
			t.Errorf("claim %d = %+v, want cap_24h until %s", i, c, InWindow.Add(24*time.Hour))
		}
		at = at.Add(time.Hour)
	}
	if oks != 3 {
		t.Errorf("got %d claims in a day, want 3", oks)
	}
	if err := s.SetAttemptOutcome(ctx, 999999, "completed", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetAttemptOutcome(unknown attempt): got %v, want ErrNotFound", err)
	}
	// The gap ends after 20:00 in Florida: next moves into the window.
	fl := ClaimRequest(FLNumber, time.Date(2025, 7, 1, 23, 0, 0, 0, time.UTC)) // 19:00 EDT
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

// testClaimDialConcurrent: many workers claiming one number at once never
// exceed the cap.
func testClaimDialConcurrent(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	var ok atomic.Int32
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := ClaimRequest(NYNumber, InWindow.Add(time.Duration(i)*time.Second))
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
	atts, err := a.Attempts(ctx, "survey-1")
	if err != nil || len(atts) != int(ok.Load()) {
		t.Errorf("got %d attempt rows (%v), want %d", len(atts), err, ok.Load())
	}
}

// testClaimDialOptOutRace: an opt-out acknowledged before a claim starts is
// always seen by that claim, whichever goroutine the scheduler favours.
func testClaimDialOptOutRace(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	var seq atomic.Int64
	var before, after int
	for i := range 150 {
		number := fmt.Sprintf("+1212555%04d", 1000+i)
		var ackSeq, claimSeq int64
		var claim store.Claim
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := s.AddOptOut(ctx, optOut("Acme", number)); err != nil {
				t.Error(err)
			}
			ackSeq = seq.Add(1)
		}()
		go func() {
			defer wg.Done()
			// Jitter, so that claims land before, during and after the opt-out.
			time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
			claimSeq = seq.Add(1)
			c, err := s.ClaimDial(ctx, ClaimRequest(number, InWindow))
			if err != nil {
				t.Error(err)
			}
			claim = c
		}()
		wg.Wait()
		if claimSeq > ackSeq {
			after++
			if claim.OK || claim.Reason != store.SkipDNC {
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

// testClaimMaxInFlight: with MaxInFlight 2, a third claim while two calls
// are in flight is refused as busy (nothing recorded as skipped); a settled
// call or a claim older than the lease frees a slot.
func testClaimMaxInFlight(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	at := time.Date(2025, 11, 4, 15, 0, 0, 0, time.UTC) // 10:00 in New York
	claim := func(num string, now time.Time) store.Claim {
		t.Helper()
		r := ClaimRequest(num, now)
		r.MaxInFlight, r.Lease = 2, 10*time.Minute
		c, err := s.ClaimDial(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := claim("+12125550001", at)
	second := claim("+12125550002", at)
	if !first.OK || !second.OK {
		t.Fatalf("first two claims: %+v %+v, want both OK", first, second)
	}
	if c := claim("+12125550003", at); c.OK || c.Reason != store.SkipBusy || !c.Next.Equal(at.Add(store.BusyRetry)) {
		t.Errorf("third claim: %+v, want busy, next %v", c, at.Add(store.BusyRetry))
	}
	skipped, err := a.Skipped(ctx, "survey-1")
	if err != nil || len(skipped) != 0 {
		t.Errorf("skipped %v (%v), want none recorded for a busy campaign", skipped, err)
	}
	if err := s.SetAttemptOutcome(ctx, first.AttemptID, "completed", "c1"); err != nil {
		t.Fatal(err)
	}
	if c := claim("+12125550003", at.Add(time.Second)); !c.OK {
		t.Errorf("claim after a call ended: %+v, want OK", c)
	}
	if c := claim("+12125550004", at.Add(2*time.Second)); c.OK {
		t.Errorf("claim with two in flight: %+v, want busy", c)
	}
	// The second and third claims are older than the lease: their workers are gone.
	if c := claim("+12125550004", at.Add(11*time.Minute)); !c.OK {
		t.Errorf("claim once the lease ran out: %+v, want OK", c)
	}
}

func testDialQueue(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	cs := []contacts.Contact{{Phone: NYNumber, Name: "A"}, {Phone: FLNumber, Name: "B", TimeZone: "America/New_York"}}
	t0 := InWindow
	if n, err := a.Enqueue(ctx, "survey-1", cs, t0); err != nil || n != 2 {
		t.Fatalf("Enqueue = %d, %v; want 2", n, err)
	}
	// A re-import corrects the second contact's zone: its pending job dials
	// with the corrected one.
	cs[1].TimeZone = "America/Chicago"
	if n, err := a.Enqueue(ctx, "survey-1", cs, t0); err != nil || n != 0 {
		t.Errorf("second Enqueue = %d, %v; want 0 (one job per contact)", n, err)
	}
	if _, ok, _ := s.LeaseJob(ctx, "survey-1", "w1", t0.Add(-time.Second), time.Minute); ok {
		t.Errorf("leased a job before it was due")
	}
	j1, ok, err := s.LeaseJob(ctx, "survey-1", "w1", t0, time.Minute)
	if err != nil || !ok || j1.Number != NYNumber || j1.Tries != 1 || j1.Kind != store.JobContact || j1.ContactRef != "A" {
		t.Fatalf("LeaseJob = %+v, %v, %v; want the first contact", j1, ok, err)
	}
	j2, ok, _ := s.LeaseJob(ctx, "survey-1", "w2", t0, time.Minute)
	if !ok || j2.Number != FLNumber || j2.TimeZone != "America/Chicago" {
		t.Fatalf("second lease = %+v, want the second contact with its re-imported zone", j2)
	}
	if _, ok, _ := s.LeaseJob(ctx, "survey-1", "w3", t0, time.Minute); ok {
		t.Errorf("leased a job that is already leased")
	}
	if next, ok, err := s.NextDue(ctx, "survey-1"); err != nil || !ok || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("NextDue with both leased = %s, %v, %v; want the lease end %s", next, ok, err, t0.Add(time.Minute))
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
	if err := s.FinishJob(ctx, j1b.ID, "completed"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("finishing twice: err = %v, want ErrNotFound", err)
	}
	if err := s.RescheduleJob(ctx, j1b.ID, t0, "again"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rescheduling a finished job: err = %v, want ErrNotFound", err)
	}
	if next, ok, err := s.NextDue(ctx, "survey-1"); err != nil || !ok || !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("NextDue = %s, %v, %v; want %s", next, ok, err, t0.Add(time.Hour))
	}
	// A callback for a contact with a live job waits; one for a finished contact is queued once.
	cb := store.Callback{CallID: "c1", Campaign: "survey-1", Business: "Acme", Number: NYNumber}
	if ok, err := s.EnqueueCallback(ctx, cb, t0.Add(2*time.Hour)); err != nil || !ok {
		t.Errorf("EnqueueCallback = %v, %v; want queued", ok, err)
	}
	if ok, _ := s.EnqueueCallback(ctx, cb, t0.Add(2*time.Hour)); ok {
		t.Errorf("callback queued twice")
	}
	cb2 := store.Callback{CallID: "c2", Campaign: "survey-1", Business: "Acme", Number: FLNumber}
	if ok, _ := s.EnqueueCallback(ctx, cb2, t0); ok {
		t.Errorf("callback queued beside a live job for the same number")
	}
	counts, err := a.JobCounts(ctx, "survey-1")
	if err != nil || counts["pending"] != 2 || counts["done"] != 1 {
		t.Errorf("JobCounts = %v (%v), want 2 pending, 1 done", counts, err)
	}
	// The callback job keeps the contact's name.
	j, ok, err := s.LeaseJob(ctx, "survey-1", "w1", t0.Add(3*time.Hour), time.Minute)
	if err != nil || !ok || j.Number != FLNumber {
		t.Fatalf("lease at +3h = %+v, %v, %v; want the rescheduled contact first", j, ok, err)
	}
	j, ok, err = s.LeaseJob(ctx, "survey-1", "w1", t0.Add(3*time.Hour), time.Minute)
	if err != nil || !ok || j.Kind != store.JobCallback || j.CallbackID != "c1" || j.ContactRef != "A" {
		t.Errorf("lease of the callback = %+v, %v, %v; want kind callback, callback c1, contact A", j, ok, err)
	}
	if _, ok, _ := s.NextDue(ctx, "other"); ok {
		t.Errorf("NextDue of a campaign without jobs: ok, want none")
	}
}

// testReleaseJob: a job given back undialled keeps its try count.
func testReleaseJob(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	if _, err := a.Enqueue(ctx, "survey-1", []contacts.Contact{{Phone: NYNumber}}, InWindow); err != nil {
		t.Fatal(err)
	}
	j, ok, err := s.LeaseJob(ctx, "survey-1", "w", InWindow, time.Minute)
	if err != nil || !ok || j.Tries != 1 {
		t.Fatalf("LeaseJob = %+v, %v, %v; want the job with 1 try", j, ok, err)
	}
	later := InWindow.Add(store.BusyRetry)
	if err := s.ReleaseJob(ctx, j.ID, later); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LeaseJob(ctx, "survey-1", "w", InWindow, time.Minute); ok {
		t.Errorf("leased a released job before its new due time")
	}
	j2, ok, err := s.LeaseJob(ctx, "survey-1", "w", later, time.Minute)
	if err != nil || !ok || j2.ID != j.ID || j2.Tries != 1 || !j2.Due.Equal(later) {
		t.Errorf("lease after release = %+v, %v, %v; want job %d due %s, still 1 try", j2, ok, err, j.ID, later)
	}
	if err := s.FinishJob(ctx, j.ID, "completed"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseJob(ctx, j.ID, later); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("releasing a finished job: err = %v, want ErrNotFound", err)
	}
}

func testSettleAttempt(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	cs := []contacts.Contact{{Phone: NYNumber, Name: "A"}, {Phone: FLNumber, Name: "B"}}
	t0 := InWindow
	if _, err := a.Enqueue(ctx, "survey-1", cs, t0); err != nil {
		t.Fatal(err)
	}
	settle := func(number string, due time.Time, outcome string) store.Job {
		t.Helper()
		j, ok, err := s.LeaseJob(ctx, "survey-1", "w", t0, time.Minute)
		if err != nil || !ok || j.Number != number {
			t.Fatalf("LeaseJob = %+v, %v, %v; want %s", j, ok, err, number)
		}
		c, err := s.ClaimDial(ctx, ClaimRequest(number, t0))
		if err != nil || !c.OK {
			t.Fatalf("ClaimDial = %+v, %v", c, err)
		}
		if err := s.SettleAttempt(ctx, c.AttemptID, outcome, "call-"+outcome, j.ID, due, outcome); err != nil {
			t.Fatalf("SettleAttempt: %v", err)
		}
		return j
	}
	j1 := settle(NYNumber, time.Time{}, "completed")
	settle(FLNumber, t0.Add(time.Hour), "busy")
	counts, err := a.JobCounts(ctx, "survey-1")
	if err != nil || counts["done"] != 1 || counts["pending"] != 1 || counts["running"] != 0 {
		t.Errorf("JobCounts = %v (%v), want 1 done, 1 pending", counts, err)
	}
	if next, ok, _ := s.NextDue(ctx, "survey-1"); !ok || !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("NextDue = %s, %v; want the busy job an hour on", next, ok)
	}
	as, err := a.Attempts(ctx, "survey-1")
	if err != nil || len(as) != 2 || as[0].Outcome != "completed" || as[0].CallID != "call-completed" || as[1].Outcome != "busy" {
		t.Errorf("attempts %+v (%v), want completed then busy with their call IDs", as, err)
	}
	// Settling against a finished job still records the attempt.
	c, _ := s.ClaimDial(ctx, ClaimRequest(NYNumber, t0.Add(2*time.Hour)))
	if err := s.SettleAttempt(ctx, c.AttemptID, "completed", "x", j1.ID, time.Time{}, "again"); err != nil {
		t.Errorf("settling a finished job: %v, want nil", err)
	}
	if err := s.SettleAttempt(ctx, 999, "completed", "x", j1.ID, time.Time{}, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown attempt: err = %v, want ErrNotFound", err)
	}
}

func testCallbacks(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	due := InWindow.Add(24 * time.Hour)
	for i, at := range []time.Time{due.Add(time.Hour), due} {
		rec := &agent.CallRecord{ID: fmt.Sprint("cb-", i), Campaign: "survey-1", Business: "Acme", Number: "+1 (212) 555-0101",
			Outcome: agent.OutcomeCallback, CallbackAt: at, CallbackText: "call me tomorrow"}
		if err := a.SaveCallback(ctx, rec); err != nil {
			t.Fatalf("SaveCallback: %v", err)
		}
	}
	cbs, err := s.PendingCallbacks(ctx, "survey-1", time.Time{})
	if err != nil || len(cbs) != 2 {
		t.Fatalf("PendingCallbacks: got %+v (%v), want two", cbs, err)
	}
	if c := cbs[0]; c.CallID != "cb-1" || !c.At.Equal(due) || c.Number != NYNumber || c.Business != "Acme" || c.Text != "call me tomorrow" {
		t.Errorf("first pending callback = %+v, want cb-1 due %s for %s (canonical number)", c, due, NYNumber)
	}
	if got, _ := s.PendingCallbacks(ctx, "survey-1", due); len(got) != 0 {
		t.Errorf("PendingCallbacks before either is due: got %+v, want none", got)
	}
	if got, _ := s.PendingCallbacks(ctx, "survey-1", due.Add(time.Minute)); len(got) != 1 || got[0].CallID != "cb-1" {
		t.Errorf("PendingCallbacks just after the first is due: got %+v, want cb-1", got)
	}
	if got, _ := s.PendingCallbacks(ctx, "other", time.Time{}); len(got) != 0 {
		t.Errorf("PendingCallbacks of another campaign: got %+v, want none", got)
	}
	if err := s.CompleteCallback(ctx, "cb-1"); err != nil {
		t.Fatalf("CompleteCallback: %v", err)
	}
	if got, _ := s.PendingCallbacks(ctx, "survey-1", time.Time{}); len(got) != 1 || got[0].CallID != "cb-0" {
		t.Errorf("PendingCallbacks after completing cb-1: got %+v, want cb-0", got)
	}
	if err := s.CompleteCallback(ctx, "cb-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CompleteCallback twice: got %v, want ErrNotFound", err)
	}
}

// testBusinessKeys checks that every business scope is keyed by the business
// id: an opt-out added under the business's display name (resolved as
// `candor dnc add --business` does) or its registered name in any case is
// honoured by the next claim of the campaign, and consent given under the
// registered name counts for its marketing claims.
func testBusinessKeys(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	id := camp.Business.Key()
	claim := func(number string) store.ClaimRequest {
		r := ClaimRequest(number, InWindow)
		r.Business, r.Campaign = id, camp.Name
		return r
	}
	b, err := prompts.ResolveBusiness([]*prompts.Campaign{camp}, "brightwater plumbing") // the display name, lower case
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddOptOut(ctx, optOut(b.Key(), "+12125550121")); err != nil {
		t.Fatal(err)
	}
	if err := s.AddOptOut(ctx, optOut("BRIGHTWATER PLUMBING SERVICES LLC", "+12125550122")); err != nil {
		t.Fatal(err)
	}
	if err := a.ImportConsent(ctx, []store.Consent{{Business: camp.Business.RegisteredName, Number: "+12125550123",
		Text: "yes", At: InWindow.Add(-time.Hour), Source: "web form"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.ImportRegistry(ctx, "us-dnc", InWindow.Add(-24*time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	mkt := claim("+12125550123")
	mkt.Marketing = true
	for _, tt := range []struct {
		name   string
		req    store.ClaimRequest
		ok     bool
		reason string
	}{
		{"opt-out by display name", claim("+12125550121"), false, store.SkipDNC},
		{"opt-out by upper-case registered name", claim("+12125550122"), false, store.SkipDNC},
		{"claim by registered name", func() store.ClaimRequest {
			r := claim("+12125550121")
			r.Business = camp.Business.RegisteredName
			return r
		}(), false, store.SkipDNC},
		{"consent under the registered name", mkt, true, ""},
		{"another number", claim(NYNumber), true, ""},
	} {
		c, err := s.ClaimDial(ctx, tt.req)
		if err != nil || c.OK != tt.ok || c.Reason != tt.reason {
			t.Errorf("%s: got %+v, %v; want ok %v, reason %q", tt.name, c, err, tt.ok, tt.reason)
		}
	}
	for _, name := range []string{id, camp.Business.RegisteredName, "brightwater plumbing services llc"} {
		if on, err := s.IsOnDNC(ctx, name, "+12125550121"); err != nil || !on {
			t.Errorf("IsOnDNC(%q): got %v, %v; want true", name, on, err)
		}
	}
	if _, err := prompts.ResolveBusiness([]*prompts.Campaign{camp}, "Brightwater"); !errors.Is(err, prompts.ErrUnknownBusiness) {
		t.Errorf("ResolveBusiness(unknown): got %v, want ErrUnknownBusiness", err)
	}
	atts, err := a.Attempts(ctx, camp.Name)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range atts {
		if at.Business != id {
			t.Errorf("attempt %d keyed %q, want %q", at.ID, at.Business, id)
		}
	}
}

// testRegistryFutureIgnored: a registry extract dated in the future does not
// make the registry fresh for a marketing claim.
func testRegistryFutureIgnored(t *testing.T, a Adapter) {
	ctx := context.Background()
	if err := a.ImportConsent(ctx, []store.Consent{{Business: "Acme", Number: NYNumber, Text: "yes", At: InWindow.Add(-time.Hour), Source: "web"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.ImportRegistry(ctx, "us-dnc", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), nil); err != nil {
		t.Fatal(err)
	}
	r := ClaimRequest(NYNumber, InWindow)
	r.Marketing = true
	if c, err := a.Queue.ClaimDial(ctx, r); err != nil || c.OK || c.Reason != store.SkipRegistryStale {
		t.Errorf("marketing claim with only an extract dated 2099: got %+v, %v; want refused %q", c, err, store.SkipRegistryStale)
	}
	if err := a.ImportRegistry(ctx, "us-dnc", InWindow.Add(-24*time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	if c, err := a.Queue.ClaimDial(ctx, r); err != nil || !c.OK {
		t.Errorf("marketing claim with yesterday's extract too: got %+v, %v; want ok", c, err)
	}
}

// testMigrationKeysBusinesses: rows written before business ids, under the
// registered name as typed (in two spellings, one a duplicate of the other
// once keyed), are keyed by the business id after the migration, so that
// the old opt-outs and consent still decide the campaign's claims.
func testMigrationKeysBusinesses(t *testing.T, a Adapter) {
	ctx := context.Background()
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	at := InWindow.Add(-48 * time.Hour)
	for _, w := range []struct{ business, dnc, consent string }{
		{camp.Business.RegisteredName, "+12125550131", "+12125550133"},
		{"brightwater plumbing services llc", "+12125550131", "+12125550133"}, // the same rows once keyed
		{"BRIGHTWATER PLUMBING SERVICES LLC", "+12125550132", "+12125550134"},
	} {
		if err := a.WriteLegacy(ctx, w.business, w.dnc, w.consent, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Rekey(ctx); err != nil {
		t.Fatalf("migration: %v", err)
	}
	if err := a.ImportRegistry(ctx, "us-dnc", InWindow.Add(-24*time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		number    string
		marketing bool
		ok        bool
		reason    string
	}{
		{"+12125550131", false, false, store.SkipDNC},
		{"+12125550132", false, false, store.SkipDNC},
		{"+12125550133", true, true, ""},
		{"+12125550134", true, true, ""},
		{"+12125550135", true, false, store.SkipNoConsent},
	} {
		r := ClaimRequest(tt.number, InWindow)
		r.Business, r.Campaign, r.Marketing = camp.Business.Key(), camp.Name, tt.marketing
		c, err := a.Queue.ClaimDial(ctx, r)
		if err != nil || c.OK != tt.ok || c.Reason != tt.reason {
			t.Errorf("claim of %s after the migration: got %+v, %v; want ok %v, reason %q", tt.number, c, err, tt.ok, tt.reason)
		}
	}
	for _, name := range []string{camp.Business.Key(), camp.Business.RegisteredName} {
		if on, err := a.Queue.IsOnDNC(ctx, name, "+12125550132"); err != nil || !on {
			t.Errorf("IsOnDNC(%q) after the migration: got %v, %v; want true", name, on, err)
		}
	}
}

// claimJob leases campaign survey-1's next job to worker at at and claims
// its dial with call id callID and the given lease.
func claimJob(t *testing.T, a Adapter, worker, callID string, at time.Time, lease time.Duration) (store.Job, store.Claim) {
	t.Helper()
	ctx := context.Background()
	j, ok, err := a.Queue.LeaseJob(ctx, "survey-1", worker, at, lease)
	if err != nil || !ok {
		t.Fatalf("LeaseJob(%s) = %+v, %v, %v; want a job", worker, j, ok, err)
	}
	r := ClaimRequest(j.Number, at)
	r.Worker, r.Lease, r.CallID, r.JobID = worker, lease, callID, j.ID
	c, err := a.Queue.ClaimDial(ctx, r)
	if err != nil || !c.OK {
		t.Fatalf("ClaimDial(%s) = %+v, %v; want ok", worker, c, err)
	}
	return j, c
}

// testLeaseRenewal: a call whose lease is renewed is never taken over, and
// only the worker holding a job can renew it.
func testLeaseRenewal(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	if _, err := a.Enqueue(ctx, "survey-1", []contacts.Contact{{Phone: NYNumber, Name: "A"}}, InWindow); err != nil {
		t.Fatal(err)
	}
	const lease = time.Minute
	j, c := claimJob(t, a, "w1", "call-long", InWindow, lease)
	// The call runs ten leases long, renewed every third of one.
	for at := InWindow.Add(lease / 3); at.Before(InWindow.Add(10 * lease)); at = at.Add(lease / 3) {
		if err := s.RenewLease(ctx, j.ID, c.AttemptID, "w1", at.Add(lease)); err != nil {
			t.Fatalf("RenewLease at %s: %v", at, err)
		}
		if got, ok, err := s.LeaseJob(ctx, "survey-1", "w2", at.Add(lease/6), lease); err != nil || ok {
			t.Fatalf("LeaseJob by w2 at %s during a renewed call = %+v, %v, %v; want none", at.Add(lease/6), got, ok, err)
		}
		if got, err := s.ReconcileExpired(ctx, "survey-1", at.Add(lease/6)); err != nil || len(got) != 0 {
			t.Fatalf("ReconcileExpired at %s during a renewed call = %+v, %v; want none", at.Add(lease/6), got, err)
		}
	}
	if err := s.RenewLease(ctx, j.ID, c.AttemptID, "w2", InWindow.Add(time.Hour)); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("RenewLease by a worker not holding the job: got %v, want ErrLeaseLost", err)
	}
	if err := s.RenewLease(ctx, 999999, 0, "w1", InWindow.Add(time.Hour)); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("RenewLease of an unknown job: got %v, want ErrLeaseLost", err)
	}
	// The renewed attempt is still in flight for MaxInFlight long after
	// its first lease would have run out.
	r := ClaimRequest("+12125550150", InWindow.Add(9*lease))
	r.MaxInFlight = 1
	if got, err := s.ClaimDial(ctx, r); err != nil || got.OK || got.Reason != store.SkipBusy {
		t.Errorf("claim beside the one renewed call with MaxInFlight 1 = %+v, %v; want %s", got, err, store.SkipBusy)
	}
	if err := s.SettleAttempt(ctx, c.AttemptID, string(agent.OutcomeCompleted), "call-long", j.ID, time.Time{}, "completed"); err != nil {
		t.Fatal(err)
	}
	if err := s.RenewLease(ctx, j.ID, c.AttemptID, "w1", InWindow.Add(time.Hour)); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("RenewLease of a finished job: got %v, want ErrLeaseLost", err)
	}
}

// testReconcileExpired: a claim whose lease ran out (its worker was killed)
// becomes an interrupted attempt, once, still counted for the caps; an
// adapter with evidence records completes the call's record or writes one.
func testReconcileExpired(t *testing.T, a Adapter) {
	ctx := context.Background()
	s := a.Queue
	cs := []contacts.Contact{{Phone: NYNumber, Name: "A"}, {Phone: "+12125550160", Name: "B"}}
	if _, err := a.Enqueue(ctx, "survey-1", cs, InWindow); err != nil {
		t.Fatal(err)
	}
	const lease = time.Minute
	if a.SaveCall != nil {
		// The first call's record was saved in progress before dialling;
		// the second worker died before saving any.
		rec := &agent.CallRecord{ID: "call-saved", Campaign: "survey-1", Business: "Acme", Number: NYNumber,
			StartedAt: InWindow, Outcome: agent.OutcomeInProgress}
		if err := a.SaveCall(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	j1, c1 := claimJob(t, a, "w1", "call-saved", InWindow, lease)
	_, c2 := claimJob(t, a, "w1", "call-unsaved", InWindow, lease)
	if got, err := s.ReconcileExpired(ctx, "survey-1", InWindow.Add(lease-time.Second)); err != nil || len(got) != 0 {
		t.Errorf("ReconcileExpired before the lease ran out = %+v, %v; want none", got, err)
	}
	got, err := s.ReconcileExpired(ctx, "survey-1", InWindow.Add(lease))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int64]store.Attempt{}
	for _, at := range got {
		ids[at.ID] = at
	}
	if len(got) != 2 || ids[c1.AttemptID].CallID != "call-saved" || ids[c1.AttemptID].JobID != j1.ID ||
		ids[c2.AttemptID].CallID != "call-unsaved" || ids[c1.AttemptID].Outcome != store.AttemptInterrupted {
		t.Fatalf("ReconcileExpired = %+v; want both attempts, interrupted, with their call and job ids", got)
	}
	if again, err := s.ReconcileExpired(ctx, "survey-1", InWindow.Add(time.Hour)); err != nil || len(again) != 0 {
		t.Errorf("second ReconcileExpired = %+v, %v; want none (reconciled once)", again, err)
	}
	atts, err := a.Attempts(ctx, "survey-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range atts {
		if at.Outcome != store.AttemptInterrupted {
			t.Errorf("attempt %d: outcome %q, want %q", at.ID, at.Outcome, store.AttemptInterrupted)
		}
	}
	// Interrupted attempts count for the caps: two more claims for the
	// number, then cap_24h.
	r := ClaimRequest(NYNumber, InWindow.Add(2*time.Minute))
	for i := range 3 {
		c, err := s.ClaimDial(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if want := i < 2; c.OK != want {
			t.Errorf("claim %d after the interrupted one: ok %v (%s), want %v", i, c.OK, c.Reason, want)
		}
		r.Now = r.Now.Add(2 * time.Minute)
	}
	// The job of the killed worker is leased again.
	if j, ok, err := s.LeaseJob(ctx, "survey-1", "w2", InWindow.Add(lease), lease); err != nil || !ok || j.Tries != 2 {
		t.Errorf("LeaseJob after the lease ran out = %+v, %v, %v; want a job on its second try", j, ok, err)
	}
	if a.Call == nil {
		return
	}
	for _, id := range []string{"call-saved", "call-unsaved"} {
		rec, err := a.Call(ctx, id)
		if err != nil {
			t.Errorf("call %s after reconciling: %v; want a record", id, err)
			continue
		}
		if rec.Outcome != agent.OutcomeInterrupted || rec.EndReason != agent.EndInterrupted || rec.Number != NYNumber && rec.Number != "+12125550160" ||
			!rec.StartedAt.Equal(InWindow) {
			t.Errorf("call %s = outcome %q, end %q, number %s, started %s; want interrupted, %s, started %s",
				id, rec.Outcome, rec.EndReason, rec.Number, rec.StartedAt, agent.EndInterrupted, InWindow)
		}
	}
}

// testReconcileSettled: a worker killed after saving how its call ended,
// before settling it: the attempt takes the call's outcome and the job is
// done, so the callee is not called again; an unanswered one is retried.
// Only for an adapter that keeps evidence records.
func testReconcileSettled(t *testing.T, a Adapter) {
	if a.SaveCall == nil {
		t.Skip("the adapter keeps no evidence records")
	}
	ctx := context.Background()
	s := a.Queue
	const lease = time.Minute
	later := InWindow.Add(time.Hour)
	more := []contacts.Contact{{Phone: "+12125550161", Name: "C"}, {Phone: "+12125550162", Name: "D"}}
	if _, err := a.Enqueue(ctx, "survey-1", more, later); err != nil {
		t.Fatal(err)
	}
	for i, o := range []agent.Outcome{agent.OutcomeCompleted, agent.OutcomeNoAnswer} {
		id := fmt.Sprint("call-ended-", i)
		rec := &agent.CallRecord{ID: id, Campaign: "survey-1", Business: "Acme", Number: more[i].Phone,
			StartedAt: later, EndedAt: later.Add(time.Minute), Outcome: o}
		if err := a.SaveCall(ctx, rec); err != nil {
			t.Fatal(err)
		}
		claimJob(t, a, "w1", id, later, lease)
	}
	got, err := s.ReconcileExpired(ctx, "survey-1", later.Add(lease))
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]string{}
	for _, at := range got {
		outcomes[at.CallID] = at.Outcome
	}
	if len(got) != 2 || outcomes["call-ended-0"] != string(agent.OutcomeCompleted) || outcomes["call-ended-1"] != string(agent.OutcomeNoAnswer) {
		t.Errorf("ReconcileExpired of settled-but-unsettled calls = %+v; want completed and no_answer", got)
	}
	counts, err := a.JobCounts(ctx, "survey-1")
	if err != nil {
		t.Fatal(err)
	}
	if counts["done"] != 1 {
		t.Errorf("JobCounts after reconciling = %v; want the completed call's job done", counts)
	}
	if j, ok, err := s.LeaseJob(ctx, "survey-1", "w2", later.Add(lease), lease); err != nil || !ok || j.Number != more[1].Phone {
		t.Errorf("LeaseJob after reconciling = %+v, %v, %v; want the unanswered call's job again", j, ok, err)
	}
}
