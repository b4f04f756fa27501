package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/dialer"
	"candor/agent/store"
	"candor/prompts"
)

// leaseQueue is a dialer queue whose LeaseJob hands out one job.
type leaseQueue struct {
	dialer.Store
	leased chan time.Time
}

func (q leaseQueue) LeaseJob(_ context.Context, _, _ string, now time.Time, _ time.Duration) (store.Job, bool, error) {
	q.leased <- now
	return store.Job{ID: 1}, true, nil
}

// TestWorkersPause: a paused queue leases nothing until resumed (then with
// the clock moved on by the pause), and gives up when its context ends.
func TestWorkersPause(t *testing.T) {
	w := NewWorkers(NewHub(), "c")
	q := w.Queue(leaseQueue{leased: make(chan time.Time, 1)}).(pausableQueue)
	inner := q.Store.(leaseQueue)
	if !w.SetPaused(true) || w.SetPaused(true) {
		t.Fatal("SetPaused(true) twice: got changed, changed; want changed, unchanged")
	}
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	done := make(chan error, 1)
	go func() { _, _, err := q.LeaseJob(context.Background(), "c", "w", t0, time.Minute); done <- err }()
	select {
	case <-inner.leased:
		t.Fatal("paused: got a lease, want none")
	case <-time.After(100 * time.Millisecond):
	}
	w.SetPaused(false)
	select {
	case at := <-inner.leased:
		if !at.After(t0) {
			t.Errorf("lease after the pause: got now %v, want after %v", at, t0)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("resumed: no lease after 2 s")
	}
	if err := <-done; err != nil {
		t.Errorf("resumed lease: got %v, want nil", err)
	}
	w.SetPaused(true)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { _, _, err := q.LeaseJob(ctx, "c", "w", t0, time.Minute); done <- err }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("paused lease, context cancelled: got %v, want context.Canceled", err)
	}
}

type observingCaller struct{ w *Workers }

func (c observingCaller) Call(_ context.Context, req agent.CallRequest) (*agent.CallRecord, error) {
	c.w.Observe(agent.Observation{CallID: req.ID, Speaker: "agent", Text: "Hello"})
	if got := c.w.InFlight(); got != 1 {
		return nil, errors.New("not counted in flight")
	}
	return &agent.CallRecord{ID: req.ID, Outcome: agent.OutcomeCompleted}, nil
}

// TestWorkersLive: a worker call is announced to the live view under its
// record's id, with its turns, and ends there with its outcome.
func TestWorkersLive(t *testing.T) {
	hub := NewHub()
	w := NewWorkers(hub, "service-followup-en")
	_, ch, cancel := hub.Subscribe("", 0)
	defer cancel()
	rec, err := w.Caller(observingCaller{w}).Call(context.Background(), agent.CallRequest{Campaign: &prompts.Campaign{Name: "service-followup-en"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for range 3 {
		select {
		case ev := <-ch:
			if ev.CallID != rec.ID || ev.Campaign != "service-followup-en" || ev.Sandbox {
				t.Errorf("event %+v: want call %s of service-followup-en, not sandbox", ev, rec.ID)
			}
			got = append(got, ev.Kind+":"+ev.Text+ev.Outcome)
		case <-time.After(time.Second):
			t.Fatalf("got events %v, want 3", got)
		}
	}
	if want := []string{"start:", "agent:Hello", "end:completed"}; !equalStrings(got, want) {
		t.Errorf("live events: got %v, want %v", got, want)
	}
	if n := w.InFlight(); n != 0 {
		t.Errorf("in flight after the call: got %d, want 0", n)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPauseEndpoint: only admins pause and resume, only the campaign this
// server dials, each change audited once.
func TestPauseEndpoint(t *testing.T) {
	a := newTestApp(t)
	w := NewWorkers(a.srv.hub, "service-followup-en")
	a.srv.cfg.Workers = w
	post := func(c *http.Client, path string) int {
		t.Helper()
		_, body, _ := a.get(c, "/campaigns/service-followup-en")
		code, _ := a.post(c, path, url.Values{"csrf": {csrfOf(t, body)}})
		return code
	}
	ada, rita := a.login("ada", adminPW), a.login("rita", reviewerPW)
	_, page, _ := a.get(rita, "/campaigns/service-followup-en")
	if contains(page, `id="pause-toggle"`) {
		t.Error("reviewer's campaign page: got a pause button, want none")
	}
	for _, tc := range []struct {
		who    *http.Client
		path   string
		status int
		paused bool
	}{
		{rita, "/campaigns/service-followup-en/pause", http.StatusForbidden, false},
		{ada, "/campaigns/other/pause", http.StatusNotFound, false},
		{ada, "/campaigns/service-followup-en/pause", http.StatusSeeOther, true},
		{ada, "/campaigns/service-followup-en/pause", http.StatusSeeOther, true},
		{ada, "/campaigns/service-followup-en/resume", http.StatusSeeOther, false},
	} {
		if got := post(tc.who, tc.path); got != tc.status || w.Paused() != tc.paused {
			t.Errorf("POST %s: got %d, paused %v; want %d, %v", tc.path, got, w.Paused(), tc.status, tc.paused)
		}
	}
	log, err := a.st.AuditLog(context.Background(), 50)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		if e.Subject == "service-followup-en" {
			got = append(got, e.Actor+" "+e.Action)
		}
	}
	if len(got) != 2 {
		t.Errorf("audit log: got %v, want one campaign_pause and one campaign_resume by ada", got)
	}
}

// TestProgressView: the bar's parts add up to its width and the ETA says
// what is known.
func TestProgressView(t *testing.T) {
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		p      store.Progress
		paused bool
		eta    string
	}{
		{"empty", store.Progress{}, false, "nothing queued"},
		{"finished", store.Progress{Total: 3, Done: 2, Skipped: map[string]int{"dnc": 1}}, false, "finished"},
		{"waiting only", store.Progress{Total: 3, Done: 2, Waiting: 1}, false, "nothing due now; the rest waits for its time"},
		{"paused", store.Progress{Total: 4, Done: 2, Queued: 2, FirstAt: now.Add(-time.Minute), LastAt: now}, true, "paused"},
		{"no pace yet", store.Progress{Total: 4, Queued: 3, InFlight: 1}, false, "not known yet"},
		{"paced", store.Progress{Total: 10, Done: 4, Queued: 4, InFlight: 1, Waiting: 1, FirstAt: now.Add(-2 * time.Minute), LastAt: now}, false,
			"about 3 min (then 1 waiting for their time)"},
	} {
		w := NewWorkers(NewHub(), "c")
		w.SetPaused(tc.paused)
		v := newProgressView("c", tc.p, now, w)
		if v.ETA != tc.eta {
			t.Errorf("%s: got ETA %q, want %q", tc.name, v.ETA, tc.eta)
		}
		width := 0
		for _, s := range v.Segments {
			width += s.W
		}
		if want := map[bool]int{true: barWidth, false: 0}[tc.p.Total > 0]; width != want {
			t.Errorf("%s: got segments %d wide, want %d", tc.name, width, want)
		}
	}
}
