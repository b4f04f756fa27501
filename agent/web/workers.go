package web

import (
	"context"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/carrier"
	"candor/agent/dialer"
	"candor/agent/store"
)

// Workers connects the dialer workers a server runs itself (`candor serve
// --workers`) to its web app: their calls appear in the live view, and an
// admin may pause and resume their campaign. Pausing lets the calls in
// flight end; no new job is taken until resumed. The pause lasts while the
// process runs. Give it to carrier.Dial as its Watch and to Config.Workers.
type Workers struct {
	campaign string
	hub      *Hub
	observe  agent.Observer

	mu       sync.Mutex
	paused   bool
	wake     chan struct{} // closed on resume
	inFlight int
}

var _ carrier.Watch = (*Workers)(nil)

// NewWorkers returns the watch of campaign's workers, publishing to hub.
func NewWorkers(hub *Hub, campaign string) *Workers {
	return &Workers{campaign: campaign, hub: hub, observe: hub.Observer(campaign, false), wake: make(chan struct{})}
}

// Campaign is the campaign the workers dial.
func (w *Workers) Campaign() string { return w.campaign }

// Observe publishes a call's turn or guardrail event.
func (w *Workers) Observe(o agent.Observation) { w.observe(o) }

// Caller wraps next so that each call is announced to the live view as it
// is dialled and ends there with its outcome.
func (w *Workers) Caller(next dialer.Caller) dialer.Caller { return liveCaller{w: w, next: next} }

// Queue wraps next so that no job is leased while the workers are paused.
func (w *Workers) Queue(next dialer.Store) dialer.Store { return pausableQueue{Store: next, w: w} }

// Paused reports whether the workers are paused.
func (w *Workers) Paused() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.paused
}

// InFlight is the number of calls the workers are placing now.
func (w *Workers) InFlight() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.inFlight
}

// SetPaused pauses or resumes the workers; it reports whether that changed anything.
func (w *Workers) SetPaused(p bool) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.paused == p {
		return false
	}
	w.paused = p
	if !p {
		close(w.wake)
		w.wake = make(chan struct{})
	}
	return true
}

// wait blocks while the workers are paused and returns how long it waited.
func (w *Workers) wait(ctx context.Context) (time.Duration, error) {
	w.mu.Lock()
	paused, wake := w.paused, w.wake
	w.mu.Unlock()
	if !paused {
		return 0, nil
	}
	start := time.Now()
	select {
	case <-wake:
		return time.Since(start), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

type liveCaller struct {
	w    *Workers
	next dialer.Caller
}

func (c liveCaller) Call(ctx context.Context, req agent.CallRequest) (*agent.CallRecord, error) {
	if req.ID == "" {
		req.ID = agent.NewCallID()
	}
	c.w.mu.Lock()
	c.w.inFlight++
	c.w.mu.Unlock()
	c.w.hub.Start(req.ID, c.w.campaign, false)
	rec, err := c.next.Call(ctx, req)
	outcome := agent.OutcomeFailed
	if rec != nil {
		outcome = rec.Outcome
	}
	c.w.hub.End(req.ID, outcome)
	c.w.mu.Lock()
	c.w.inFlight--
	c.w.mu.Unlock()
	return rec, err
}

// pausableQueue is a dialer queue whose LeaseJob waits while paused.
type pausableQueue struct {
	dialer.Store
	w *Workers
}

func (q pausableQueue) LeaseJob(ctx context.Context, campaign, worker string, now time.Time, lease time.Duration) (store.Job, bool, error) {
	waited, err := q.w.wait(ctx)
	if err != nil {
		return store.Job{}, false, err
	}
	return q.Store.LeaseJob(ctx, campaign, worker, now.Add(waited), lease)
}
