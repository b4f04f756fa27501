package dialer

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/store/sqlite"
	"candor/guardrails"
	"candor/prompts"
)

// longCaller's calls last d (bubble time), each saving its record the way
// agent.Controller does: in progress first, complete at the end.
type longCaller struct {
	st *sqlite.Store
	d  time.Duration

	mu    sync.Mutex
	calls map[string]int
}

func (c *longCaller) Call(ctx context.Context, req agent.CallRequest) (*agent.CallRecord, error) {
	c.mu.Lock()
	c.calls[req.Number]++
	c.mu.Unlock()
	rec := &agent.CallRecord{ID: req.ID, Campaign: req.Campaign.Name, Business: req.Campaign.Business.RegisteredName,
		Number: req.Number, StartedAt: time.Now(), Outcome: agent.OutcomeInProgress}
	if err := c.st.SaveCall(ctx, rec); err != nil {
		return nil, err
	}
	select {
	case <-time.After(c.d):
	case <-ctx.Done():
		return rec, ctx.Err()
	}
	rec.AnsweredAt, rec.EndedAt, rec.Outcome, rec.EndReason = rec.StartedAt, time.Now(), agent.OutcomeCompleted, agent.EndCompleted
	return rec, c.st.SaveCall(ctx, rec)
}

// TestLongCallNotTakenOver: two workers share a campaign whose call lasts
// five leases. The worker on the call renews its lease, so the other, idle
// and polling, never takes the job over nor reconciles the claim, and the
// number is dialled once.
func TestLongCallNotTakenOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lease.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		camp := &prompts.Campaign{Name: "long", Business: prompts.Business{RegisteredName: "Acme Services LLC", DisplayName: "Acme"}}
		// One contact: one worker calls, the other keeps looking at the queue.
		nums := []string{"+12125550101"}
		if _, err := st.ImportContacts(ctx, camp.Name, []contacts.Contact{{Line: 2, Phone: nums[0], Name: "a"}}); err != nil {
			t.Fatal(err)
		}
		const lease = time.Minute
		caller := &longCaller{st: st, d: 5 * lease, calls: map[string]int{}}
		ny, _ := time.LoadLocation("America/New_York")
		clock := NewOffsetClock(time.Date(2025, 11, 4, 10, 0, 0, 0, ny)) // a Tuesday morning in New York
		var wg sync.WaitGroup
		stats := make([]Stats, 2)
		errs := make([]error, 2)
		for i, w := range []string{"a", "b"} {
			r, err := New(Config{Campaign: camp, Clock: clock, Lease: lease, Poll: time.Second, Worker: w}, st, caller)
			if err != nil {
				t.Fatal(err)
			}
			wg.Go(func() { stats[i], errs[i] = r.Run(ctx) })
		}
		wg.Wait()
		for i := range stats {
			if errs[i] != nil {
				t.Errorf("worker %d: %v", i, errs[i])
			}
			if stats[i].Interrupted != 0 || stats[i].LeasesLost != 0 {
				t.Errorf("worker %d: %d claims reconciled as interrupted, %d leases lost; want 0 and 0", i, stats[i].Interrupted, stats[i].LeasesLost)
			}
		}
		for _, n := range nums {
			if got := caller.calls[n]; got != 1 {
				t.Errorf("%s: got %d calls, want 1 (a call five leases long is never taken over)", n, got)
			}
		}
		atts, err := st.Attempts(ctx, camp.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(atts) != len(nums) {
			t.Errorf("got %d attempts, want %d", len(atts), len(nums))
		}
		for _, a := range atts {
			if a.Outcome != string(agent.OutcomeCompleted) {
				t.Errorf("attempt %d: outcome %q, want completed", a.ID, a.Outcome)
			}
			rec, err := st.Call(ctx, a.CallID)
			if err != nil || rec.Outcome != agent.OutcomeCompleted {
				t.Errorf("attempt %d: call record %v (%v), want completed", a.ID, rec, err)
			}
		}
	})
}

// TestStoppedCallReconciledOnRestart: a runner stopped during a call
// (SIGTERM: its context ends) leaves the call's record in progress; its
// claim's lease ends at once, so the runner started next reconciles it into
// an interrupted attempt and call before dialling again.
func TestStoppedCallReconciledOnRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "stop.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		camp := &prompts.Campaign{Name: "stop", Business: prompts.Business{RegisteredName: "Acme Services LLC", DisplayName: "Acme"}}
		if _, err := st.ImportContacts(ctx, camp.Name, []contacts.Contact{{Line: 2, Phone: "+12125550101", Name: "a"}}); err != nil {
			t.Fatal(err)
		}
		const lease = time.Minute
		ny, _ := time.LoadLocation("America/New_York")
		clock := NewOffsetClock(time.Date(2025, 11, 4, 10, 0, 0, 0, ny))
		caller := &longCaller{st: st, d: 5 * lease, calls: map[string]int{}}
		cfg := Config{Campaign: camp, Clock: clock, Lease: lease, Poll: time.Second, Caps: guardrails.CapPolicy{MinGap: time.Minute}}
		first, err := New(cfg, st, caller)
		if err != nil {
			t.Fatal(err)
		}
		runCtx, stop := context.WithCancel(ctx)
		time.AfterFunc(2*lease, stop) // mid-call
		if _, err := first.Run(runCtx); err == nil {
			t.Fatal("the stopped run returned no error")
		}
		caller.d = time.Second // the next call is short
		second, err := New(cfg, st, caller)
		if err != nil {
			t.Fatal(err)
		}
		stats, err := second.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Interrupted != 1 {
			t.Errorf("restart reconciled %d claims, want 1", stats.Interrupted)
		}
		atts, err := st.Attempts(ctx, camp.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(atts) != 2 || atts[0].Outcome != "interrupted" || atts[1].Outcome != string(agent.OutcomeCompleted) {
			t.Fatalf("attempts = %+v; want the interrupted one, then the completed redial", atts)
		}
		if rec, err := st.Call(ctx, atts[0].CallID); err != nil || rec.Outcome != agent.OutcomeInterrupted {
			t.Errorf("stopped call's record: %v (%v), want interrupted", rec, err)
		}
	})
}
