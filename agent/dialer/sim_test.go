package dialer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/phone"
	"candor/agent/store"
	"candor/agent/store/sqlite"
	"candor/guardrails"
	"candor/prompts"
)

var errHorizon = errors.New("simulation horizon reached")

// fakeClock is a virtual clock: Sleep advances it at once. It refuses to
// pass its horizon.
type fakeClock struct {
	mu      sync.Mutex
	t       time.Time
	horizon time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.horizon.IsZero() && c.t.Add(d).After(c.horizon) {
		return errHorizon
	}
	c.t = c.t.Add(d)
	return ctx.Err()
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// dial is one call the fake caller placed.
type dial struct {
	number   string
	at       time.Time
	outcome  agent.Outcome
	callback time.Time // requested callback time, if any
}

// fakeCaller plays scripted callees and saves each call's record the way
// agent.Controller does (so opt-outs and callbacks reach the store).
type fakeCaller struct {
	t        *testing.T
	st       *sqlite.Store
	clock    *fakeClock
	business string
	personas map[string]string
	zone     map[string]string // stated zones

	mu    sync.Mutex
	dials []dial
	count map[string]int
}

func (f *fakeCaller) Call(ctx context.Context, req agent.CallRequest) (*agent.CallRecord, error) {
	if on, err := f.st.IsOnDNC(ctx, f.business, req.Number); err != nil || on {
		f.t.Errorf("dialled %s while it is on the do-not-call list (err %v)", phone.Mask(req.Number), err)
	}
	now := f.clock.Now()
	f.mu.Lock()
	f.count[req.Number]++
	n := f.count[req.Number]
	f.mu.Unlock()
	rec := &agent.CallRecord{ID: agent.NewCallID(), Campaign: req.Campaign.Name, Business: f.business,
		Number: req.Number, StartedAt: now}
	switch p := f.personas[req.Number]; {
	case p == "no_answer":
		rec.Outcome = agent.OutcomeNoAnswer
	case p == "busy_twice" && n <= 2:
		rec.Outcome = agent.OutcomeBusy
	case p == "opt_out":
		rec.Outcome, rec.OptOut, rec.OptOutAt, rec.OptOutUtterance = agent.OutcomeOptOut, true, now.Add(time.Minute), "stop calling me"
	case p == "callback" && n == 1:
		// "Call me tomorrow at six in the morning": outside every window.
		zs := f.zones(req.Number)
		loc, _ := time.LoadLocation(zs[0])
		l := now.In(loc)
		rec.Outcome, rec.CallbackText = agent.OutcomeCallback, "call me tomorrow at six"
		rec.CallbackAt = time.Date(l.Year(), l.Month(), l.Day()+1, 6, 0, 0, 0, loc)
	case p == "callback_evening" && n == 1:
		// "Call me back at half past eight tonight": inside New York's
		// federal window, outside Florida's.
		loc, _ := time.LoadLocation("America/New_York")
		l := now.In(loc)
		rec.Outcome, rec.CallbackText = agent.OutcomeCallback, "call me at eight thirty tonight"
		rec.CallbackAt = time.Date(l.Year(), l.Month(), l.Day(), 20, 30, 0, 0, loc)
		if !rec.CallbackAt.After(now) {
			rec.CallbackAt = rec.CallbackAt.AddDate(0, 0, 1)
		}
	default:
		rec.Outcome = agent.OutcomeCompleted
	}
	f.clock.advance(3 * time.Minute) // the call's length
	rec.EndedAt = f.clock.Now()
	if err := f.st.SaveCall(ctx, rec); err != nil {
		return rec, err
	}
	f.mu.Lock()
	f.dials = append(f.dials, dial{req.Number, now, rec.Outcome, rec.CallbackAt})
	f.mu.Unlock()
	if rec.Outcome == agent.OutcomeNoAnswer {
		return rec, agent.ErrNoAnswer
	}
	return rec, nil
}

func (f *fakeCaller) zones(number string) []string {
	if z := f.zone[number]; z != "" {
		return []string{z}
	}
	return phone.TimeZones(number)
}

// simContacts spread over US zones (Hawaii, Arizona, Florida, New York,
// Chicago, Alaska with two zones) and China.
var simContacts = []struct{ number, persona, zone string }{
	{"+18085550101", "cooperative", ""},
	{"+18085550102", "no_answer", ""},
	{"+16025550101", "busy_twice", ""},
	{"+16025550102", "callback", ""},
	{"+13055550101", "cooperative", ""},
	{"+13055550102", "callback_evening", ""},
	{"+19045550101", "no_answer", ""},
	{"+12125550101", "opt_out", ""},
	{"+12125550102", "no_answer", ""},
	{"+12125550103", "cooperative", "Asia/Shanghai"}, // lives in China, US number
	{"+13125550101", "cooperative", ""},
	{"+8613812345678", "cooperative", ""},
	{"+8613812345679", "no_answer", ""},
	{"+8618912345678", "callback", ""},
	{"+19075550101", "no_answer", ""},   // Alaska: Anchorage and Adak
	{"+12135550101", "cooperative", ""}, // opted out before the campaign
}

func simCampaign() *prompts.Campaign {
	return &prompts.Campaign{Name: "week-sim", Business: prompts.Business{RegisteredName: "Acme Services LLC", DisplayName: "Acme"}}
}

// TestSimulatedWeek runs a campaign for a simulated week on a fake clock and
// checks the dial log against the rules independently of the code that
// enforced them.
func TestSimulatedWeek(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sim.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	camp := simCampaign()
	var cs []contacts.Contact
	f := &fakeCaller{t: t, st: st, business: camp.Business.RegisteredName, personas: map[string]string{},
		zone: map[string]string{}, count: map[string]int{}}
	for i, c := range simContacts {
		cs = append(cs, contacts.Contact{Line: i + 2, Phone: c.number, Name: fmt.Sprint("contact ", i), TimeZone: c.zone})
		f.personas[c.number], f.zone[c.number] = c.persona, c.zone
	}
	if _, err := st.ImportContacts(ctx, camp.Name, cs); err != nil {
		t.Fatal(err)
	}
	if err := st.AddOptOut(ctx, agent.OptOut{Number: "+12135550101", Business: camp.Business.RegisteredName, Reason: "manual"}); err != nil {
		t.Fatal(err)
	}
	// Saturday 1 November 2025, 03:00 UTC: night in the Americas, 11:00 in
	// Shanghai; US clocks fall back on Sunday 2 November.
	start := time.Date(2025, 11, 1, 3, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start, horizon: start.Add(7 * 24 * time.Hour)}
	f.clock = clock
	r, err := New(Config{Campaign: camp, Clock: clock, Poll: 24 * time.Hour, MaxTries: 5,
		Backoff: []time.Duration{2 * time.Hour, 5 * time.Hour, 20 * time.Hour}}, st, f)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := r.Run(ctx)
	if !errors.Is(err, errHorizon) {
		t.Fatalf("Run: %v, want the horizon reached (capped numbers wait 30 days)", err)
	}
	t.Logf("stats: %+v; %d dials", stats, len(f.dials))

	byNumber := map[string][]dial{}
	for _, d := range f.dials {
		byNumber[d.number] = append(byNumber[d.number], d)
	}
	// 1. Every dial inside the window of every zone of the number.
	for _, d := range f.dials {
		end := 21
		if guardrails.RegionForNumber(d.number) != "" {
			end = 20
		}
		for _, z := range f.zones(d.number) {
			loc, err := time.LoadLocation(z)
			if err != nil {
				t.Fatal(err)
			}
			if h := d.at.In(loc).Hour(); h < 8 || h >= end {
				t.Errorf("%s dialled at %s = %s in %s, want 08:00-%d:00", d.number, d.at.Format(time.RFC3339), d.at.In(loc).Format("Mon 15:04"), z, end)
			}
		}
	}
	// 2. Caps: at most 3 in any 24 h and in any 30 days, an hour apart.
	for n, ds := range byNumber {
		for i := range ds {
			inDay := 0
			for _, e := range ds[i:] {
				if e.at.Sub(ds[i].at) < 24*time.Hour {
					inDay++
				}
			}
			if inDay > 3 {
				t.Errorf("%s: %d dials in 24 h from %s, want at most 3", n, inDay, ds[i].at)
			}
			if i > 0 && ds[i].at.Sub(ds[i-1].at) < time.Hour {
				t.Errorf("%s: dials %v apart, want at least 1 h", n, ds[i].at.Sub(ds[i-1].at))
			}
		}
		if len(ds) > 3 {
			t.Errorf("%s: %d dials in the week, want at most 3 (30-day cap)", n, len(ds))
		}
	}
	// 3. Callbacks: the next dial is at or after the requested time, and as
	// soon as the window allows (within the hour of its opening).
	callbacks := 0
	for n, ds := range byNumber {
		for i, d := range ds {
			if d.callback.IsZero() {
				continue
			}
			callbacks++
			if i+1 >= len(ds) {
				t.Errorf("%s: callback requested for %s never made", n, d.callback)
				continue
			}
			next := ds[i+1].at
			_, open := guardrails.DefaultWindowPolicy().For(guardrails.RegionForNumber(n)).Allowed(d.callback, f.zones(n))
			if next.Before(d.callback) || next.Before(open) || next.Sub(open) > time.Hour {
				t.Errorf("%s: callback asked for %s (window opens %s) made at %s", n, d.callback, open, next)
			}
		}
	}
	if callbacks != 3 {
		t.Errorf("got %d callbacks requested, want 3", callbacks)
	}
	// 4. Opt-outs: nothing after the opt-out; the pre-opted number never.
	if ds := byNumber["+12125550101"]; len(ds) != 1 || ds[0].outcome != agent.OutcomeOptOut {
		t.Errorf("opt-out number dialled %d times (%v), want once", len(ds), ds)
	}
	if ds := byNumber["+12135550101"]; len(ds) != 0 {
		t.Errorf("number on the do-not-call list dialled %d times, want 0", len(ds))
	}
	// 5. Everything but the unanswered numbers (waiting for the 30-day cap) finished.
	for _, c := range simContacts {
		ds := byNumber[c.number]
		switch c.persona {
		case "cooperative", "busy_twice", "callback", "callback_evening":
			if c.number == "+12135550101" {
				continue
			}
			if len(ds) == 0 || ds[len(ds)-1].outcome != agent.OutcomeCompleted {
				t.Errorf("%s (%s): dials %v, want the last one completed", c.number, c.persona, ds)
			}
		case "no_answer":
			if len(ds) != 3 {
				t.Errorf("%s (no answer): %d dials, want 3 (the 30-day cap)", c.number, len(ds))
			}
		}
	}
	counts, err := st.JobCounts(ctx, camp.Name)
	if err != nil {
		t.Fatal(err)
	}
	if counts["pending"] != 5 || counts["running"] != 0 {
		t.Errorf("jobs %v, want the 5 unanswered numbers pending", counts)
	}
	if stats.Skipped[store.SkipDNC] != 1 {
		t.Errorf("skipped %v, want one do-not-call skip", stats.Skipped)
	}
	atts, err := st.Attempts(ctx, camp.Name)
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != len(f.dials) {
		t.Errorf("got %d attempt rows, want %d (one per dial)", len(atts), len(f.dials))
	}
	if !slices.IsSortedFunc(f.dials, func(a, b dial) int { return a.at.Compare(b.at) }) {
		t.Errorf("dials out of time order")
	}
}
