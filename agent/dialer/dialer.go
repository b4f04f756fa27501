// Package dialer runs campaigns: it queues a job per contact, and for each
// job that comes due claims the dial through the store (do-not-call list,
// registry, calling window, attempt caps and consent, checked in the same
// transaction that records the attempt), places the call through a Caller
// (agent.Controller), records the outcome, retries busy and unanswered calls
// with backoff inside the callee's window, and queues the callbacks callees
// asked for at their time, moved into the window. Time comes from a Clock,
// so a test can run a simulated week in seconds.
//
// The queue is the store's dial_jobs table with leases, not River. A
// worker renews the lease of every call it has in progress; a worker that
// dies leaves jobs that are leased again when their lease ends, and claims
// that the next look at the queue (ReconcileExpired) turns into interrupted
// calls, counted as attempts, with their evidence records completed.
//
// The dialer's inputs come from files: contact lists, consent records and
// national registry extracts (ImportContacts, ImportConsent,
// ImportRegistry, EnqueueContacts), each read and checked before its store
// is written.
package dialer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/store"
	"candor/guardrails"
	"candor/prompts"
)

// Clock is the runner's time source.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx ends.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits d or until ctx ends.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Caller places one call; *agent.Controller is one.
type Caller interface {
	Call(ctx context.Context, req agent.CallRequest) (*agent.CallRecord, error)
}

var _ Caller = (*agent.Controller)(nil)

// Store is what the runner needs of the store.
type Store interface {
	ClaimDial(ctx context.Context, r store.ClaimRequest) (store.Claim, error)
	SetAttemptOutcome(ctx context.Context, attemptID int64, outcome, callID string) error
	SettleAttempt(ctx context.Context, attemptID int64, outcome, callID string, jobID int64, due time.Time, result string) error
	EnqueueCampaign(ctx context.Context, campaign string, due time.Time) (int, error)
	EnqueueCallback(ctx context.Context, cb store.Callback, due time.Time) (bool, error)
	LeaseJob(ctx context.Context, campaign, worker string, now time.Time, lease time.Duration) (store.Job, bool, error)
	RescheduleJob(ctx context.Context, id int64, due time.Time, result string) error
	FinishJob(ctx context.Context, id int64, result string) error
	ReleaseJob(ctx context.Context, id int64, due time.Time) error
	NextDue(ctx context.Context, campaign string) (time.Time, bool, error)
	PendingCallbacks(ctx context.Context, campaign string, before time.Time) ([]store.Callback, error)
	CompleteCallback(ctx context.Context, callID string) error
	RenewLease(ctx context.Context, jobID, attemptID int64, worker string, until time.Time) error
	ReconcileExpired(ctx context.Context, campaign string, now time.Time) ([]store.Attempt, error)
}

// Evidence completes, in the store that keeps a worker's evidence records,
// the calls of attempts the shared store reconciled as interrupted
// (*sqlite.Store is one).
type Evidence interface {
	RecordInterrupted(ctx context.Context, attempts []store.Attempt) error
}

var _ Store = store.Queue(nil)

// Config configures a Runner. Zero values take the defaults.
type Config struct {
	Campaign *prompts.Campaign
	Window   guardrails.WindowPolicy // default guardrails.DefaultWindowPolicy()
	Caps     guardrails.CapPolicy    // zero fields: guardrails defaults
	// Backoff is the wait before retry n (1-based) of a busy or unanswered
	// call; the last entry repeats. Default 2 h, 4 h, 24 h.
	Backoff []time.Duration
	// MaxTries is the most dials of one job (default 3); the caps bound
	// dials per number whatever this says.
	MaxTries int
	// Workers is how many calls run at once (default 1).
	Workers int
	// Worker names this process in leases (default "worker").
	Worker string
	// Lease is how long a job stays with a worker before another may take it
	// (default 15 min). While a call runs the worker renews it every third
	// of a lease, so only a worker that stopped loses its calls; their
	// claims are then reconciled into interrupted calls.
	Lease time.Duration
	// Evidence, when set, is where the calls of claims reconciled as
	// interrupted are completed, for a store (Postgres) that keeps no
	// evidence records itself.
	Evidence Evidence
	// Poll is the longest wait between looks at the queue (default 1 s).
	Poll  time.Duration
	Clock Clock // default SystemClock
	// MaxConcurrentCampaign bounds the campaign's calls in flight: in this
	// process, and across every worker of the shared store (counted in the
	// claim's transaction). 0: Workers.
	MaxConcurrentCampaign int
	// Trunk names the line this runner dials through; Trunks, shared by the
	// runners of a process, bounds the calls in flight on each trunk.
	Trunk  string
	Trunks *TrunkLimits
	// Pace is where the campaign's abandonment is counted (default: the
	// store, when it can). Below AbandonSlow (default 2%) of answered calls
	// over 30 days the runner dials at its full concurrency, between it and
	// AbandonCap (default 3%) with fewer calls at once, at AbandonCap not at
	// all (Run returns ErrAbandonmentCap). The rate's denominator is at least
	// AbandonFloor (default 100) answered calls.
	Pace         AbandonmentSource
	AbandonSlow  float64
	AbandonCap   float64
	AbandonFloor int
	// PaceEvery is the longest time between two looks at the abandonment
	// rate (default 1 min; also after every call).
	PaceEvery time.Duration
	// Progress, when set, is called after every job with the totals so far.
	Progress func(Stats)
}

// Stats counts what a run did.
type Stats struct {
	Dialled   int
	Completed int
	OptedOut  int
	Refused   int
	Callbacks int
	NoAnswer  int // no answer and busy
	Failed    int
	Other     int
	// Skipped counts claims refused, by reason (store.Skip... and cap reasons).
	Skipped map[string]int
	// PeakConcurrent is the most calls this runner had in flight at once;
	// Limit the calls allowed at once when last paced; AbandonmentRate the
	// rate pacing last saw.
	PeakConcurrent  int
	Limit           int
	AbandonmentRate float64
	// Interrupted counts claims this runner reconciled as interrupted calls
	// (a worker stopped during them); LeasesLost the running calls whose
	// lease could not be kept (another worker may have taken the job).
	Interrupted int
	LeasesLost  int
	// Remaining is the number of live jobs when the stats were taken (-1: unknown).
	Remaining int
}

// Runner runs one campaign.
type Runner struct {
	cfg    Config
	store  Store
	caller Caller

	mu     sync.Mutex
	stats  Stats
	active int
	freed  notifier

	reconcileMu sync.Mutex
	reconciled  time.Time

	paceMu                      sync.Mutex
	paceAt                      time.Time
	paceSettled                 int
	paceAnswered, paceAbandoned int
}

// New returns a runner for cfg.Campaign.
func New(cfg Config, st Store, caller Caller) (*Runner, error) {
	if cfg.Campaign == nil || cfg.Campaign.Name == "" || cfg.Campaign.Business.RegisteredName == "" {
		return nil, fmt.Errorf("%w: a campaign with a name and a business is required", ErrConfig)
	}
	if st == nil || caller == nil {
		return nil, fmt.Errorf("%w: a store and a caller are required", ErrConfig)
	}
	var err error
	if cfg.Window, err = windowPolicy(cfg.Window, cfg.Caps); err != nil {
		return nil, err
	}
	if len(cfg.Backoff) == 0 {
		cfg.Backoff = []time.Duration{2 * time.Hour, 4 * time.Hour, 24 * time.Hour}
	}
	for _, b := range cfg.Backoff {
		if b <= 0 {
			return nil, fmt.Errorf("%w: backoff %v", ErrConfig, b)
		}
	}
	if cfg.MaxTries <= 0 {
		cfg.MaxTries = 3
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	if cfg.Worker == "" {
		cfg.Worker = "worker"
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 15 * time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.MaxConcurrentCampaign < 0 {
		return nil, fmt.Errorf("%w: max concurrent calls %d", ErrConfig, cfg.MaxConcurrentCampaign)
	}
	if cfg.Pace == nil {
		cfg.Pace, _ = st.(AbandonmentSource)
	}
	if cfg.AbandonCap == 0 {
		cfg.AbandonCap = DefaultAbandonCap
	}
	if cfg.AbandonSlow == 0 {
		cfg.AbandonSlow = DefaultAbandonSlow
	}
	if cfg.AbandonCap <= 0 || cfg.AbandonCap > 1 || cfg.AbandonSlow < 0 || cfg.AbandonSlow >= cfg.AbandonCap {
		return nil, fmt.Errorf("%w: abandonment slow %.3f and cap %.3f: want 0 <= slow < cap <= 1", ErrConfig, cfg.AbandonSlow, cfg.AbandonCap)
	}
	if cfg.AbandonFloor <= 0 {
		cfg.AbandonFloor = DefaultAbandonFloor
	}
	if cfg.PaceEvery <= 0 {
		cfg.PaceEvery = defaultPaceRecompute
	}

	return &Runner{cfg: cfg, store: st, caller: caller, stats: Stats{Skipped: map[string]int{}, Remaining: -1}}, nil
}

// windowPolicy is w with the defaults filled in (the federal window and
// the state table), checked together with the caps.
func windowPolicy(w guardrails.WindowPolicy, caps guardrails.CapPolicy) (guardrails.WindowPolicy, error) {
	if w.Default == (guardrails.Window{}) && w.Regions == nil {
		d := guardrails.DefaultWindowPolicy()
		d.NoSunday, d.Holidays = w.NoSunday, w.Holidays
		w = d
	}
	if err := w.Validate(); err != nil {
		return w, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if err := caps.Validate(); err != nil {
		return w, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return w, nil
}

// claimRequest is the claim of a dial of number (the contact's stated zone
// tz) at now, by worker, under cfg: what the runner claims and what the
// dial plan decides on.
func claimRequest(cfg Config, number, tz, worker string, now time.Time) store.ClaimRequest {
	camp := cfg.Campaign
	var zones []string
	if tz != "" {
		zones = []string{tz}
	}
	return store.ClaimRequest{
		Business: camp.Business.Key(), Campaign: camp.Name, Number: number, Zones: zones,
		Marketing: camp.Marketing, Now: now, Window: cfg.Window, Caps: cfg.Caps, Worker: worker,
		MaxInFlight: cfg.MaxConcurrentCampaign, Lease: cfg.Lease,
	}
}

// Stats returns the totals so far.
func (r *Runner) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.stats
	s.Skipped = make(map[string]int, len(r.stats.Skipped))
	for k, v := range r.stats.Skipped {
		s.Skipped[k] = v
	}
	return s
}

// Run queues every contact of the campaign that has no job yet and works the
// queue until no live job remains or ctx ends.
func (r *Runner) Run(ctx context.Context) (Stats, error) {
	if _, err := r.store.EnqueueCampaign(ctx, r.cfg.Campaign.Name, r.cfg.Clock.Now()); err != nil {
		return r.Stats(), err
	}
	if err := r.reconcile(ctx, true); err != nil {
		return r.Stats(), err
	}
	errs := make(chan error, r.cfg.Workers)
	var wg sync.WaitGroup
	for i := range r.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- r.work(ctx, fmt.Sprintf("%s-%d", r.cfg.Worker, i))
		}()
	}
	wg.Wait()
	close(errs)
	all := drain(errs)
	if ctx.Err() == nil {
		// Claims whose lease ran out while the workers finished.
		if err := r.reconcile(ctx, true); err != nil {
			all = append(all, err)
		}
	}
	return r.Stats(), errors.Join(all...)
}

func drain(errs <-chan error) []error {
	var all []error
	for err := range errs {
		if err != nil {
			all = append(all, err)
		}
	}
	return all
}

func (r *Runner) work(ctx context.Context, worker string) error {
	name := r.cfg.Campaign.Name
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		now := r.cfg.Clock.Now()
		if err := r.queueCallbacks(ctx); err != nil {
			return err
		}
		if err := r.reconcile(ctx, false); err != nil {
			return err
		}
		if err := r.acquire(ctx); err != nil {
			return err
		}
		now = r.cfg.Clock.Now()
		job, ok, err := r.store.LeaseJob(ctx, name, worker, now, r.cfg.Lease)
		if err != nil {
			r.releaseSlot(false)
			return err
		}
		if ok {
			settled, err := r.handle(ctx, job, worker, now)
			r.releaseSlot(settled)
			if err != nil {
				return err
			}
			continue
		}
		r.releaseSlot(false)
		next, live, err := r.store.NextDue(ctx, name)
		if err != nil {
			return err
		}
		if !live {
			// Callbacks saved by the last calls may still need queueing.
			cbs, err := r.store.PendingCallbacks(ctx, name, time.Time{})
			if err != nil {
				return err
			}
			if len(cbs) == 0 {
				return nil
			}
			if err := r.queueCallbacks(ctx); err != nil {
				return err
			}
			if _, live, _ := r.store.NextDue(ctx, name); !live {
				return nil // callbacks for numbers the campaign cannot reach
			}
			continue
		}
		wait := min(max(next.Sub(now), time.Millisecond), r.cfg.Poll)
		if err := r.cfg.Clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// reconcile turns the campaign's claims whose lease ran out (a worker that
// stopped mid-call) into interrupted calls, at most once a poll interval
// unless now is set.
func (r *Runner) reconcile(ctx context.Context, now bool) error {
	r.reconcileMu.Lock()
	defer r.reconcileMu.Unlock()
	t := r.cfg.Clock.Now()
	if !now && t.Sub(r.reconciled) < r.cfg.Poll {
		return nil
	}
	r.reconciled = t
	as, err := r.store.ReconcileExpired(ctx, r.cfg.Campaign.Name, t)
	if err != nil {
		return err
	}
	if len(as) > 0 {
		n := 0
		for _, a := range as {
			if a.Outcome == store.AttemptInterrupted {
				n++
			}
		}
		r.count(func(s *Stats) { s.Interrupted += n })
		if r.cfg.Evidence != nil {
			return r.cfg.Evidence.RecordInterrupted(ctx, as)
		}
	}
	return nil
}

// renew keeps the lease of a running call's job and attempt, renewing it
// every third of a lease until the returned stop is called. A renewal that
// fails is tried again at the next tick; once the job is lost
// (store.ErrLeaseLost) renewing stops. The ticks are real time (a call
// lasts real time; testing/synctest fakes it), the lease's end is read on
// the runner's Clock: a virtual clock whose Sleep jumps ahead would turn a
// Clock-timed loop into a busy one.
func (r *Runner) renew(ctx context.Context, jobID, attemptID int64, worker string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	tick := time.NewTicker(max(r.cfg.Lease/3, time.Millisecond))
	go func() {
		defer close(done)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			err := r.store.RenewLease(ctx, jobID, attemptID, worker, r.cfg.Clock.Now().Add(r.cfg.Lease))
			if errors.Is(err, store.ErrLeaseLost) {
				r.count(func(s *Stats) { s.LeasesLost++ })
				return
			}
		}
	}()
	return func() { cancel(); <-done }
}

// queueCallbacks queues every pending callback of the campaign at its time,
// moved into the callee's window.
func (r *Runner) queueCallbacks(ctx context.Context) error {
	cbs, err := r.store.PendingCallbacks(ctx, r.cfg.Campaign.Name, time.Time{})
	if err != nil {
		return err
	}
	for _, cb := range cbs {
		due := cb.At
		if now := r.cfg.Clock.Now(); due.Before(now) {
			due = now
		}
		if _, next := r.window(cb.Number).Allowed(due, r.zones(cb.Number, "")); !next.IsZero() {
			due = next
		}
		if _, err := r.store.EnqueueCallback(ctx, cb, due); err != nil {
			return err
		}
	}
	return nil
}

func (r *Runner) window(number string) guardrails.WindowPolicy {
	return r.cfg.Window.For(guardrails.RegionForNumber(number))
}

// zones are the zones whose windows all apply to number: its own and the
// contact's stated one (store.CalleeZones).
func (r *Runner) zones(number, stated string) []string {
	return store.CalleeZones(number, stated)
}

// handle works one leased job; settled reports whether a call was placed.
func (r *Runner) handle(ctx context.Context, job store.Job, worker string, now time.Time) (settled bool, err error) {
	camp := r.cfg.Campaign
	if job.Tries > 1 {
		// Perhaps taken over from a worker that stopped: its claim, whose
		// lease ended with the job's, becomes an interrupted call first.
		if err := r.reconcile(ctx, true); err != nil {
			return false, err
		}
	}
	callID := agent.NewCallID()
	req := claimRequest(r.cfg, job.Number, job.TimeZone, worker, now)
	req.CallID, req.JobID = callID, job.ID
	claim, err := r.store.ClaimDial(ctx, req)
	if err != nil {
		return false, err
	}
	if claim.Reason == store.SkipBusy {
		// Other workers hold the campaign's call slots: give the job back untried.
		return false, r.store.ReleaseJob(ctx, job.ID, claim.Next)
	}
	if !claim.OK {
		r.count(func(s *Stats) { s.Skipped[claim.Reason]++ })
		if !claim.Next.IsZero() {
			return false, r.store.RescheduleJob(ctx, job.ID, claim.Next, "waiting: "+claim.Reason)
		}
		if job.Kind == store.JobCallback {
			r.completeCallback(ctx, job.CallbackID)
		}
		return false, r.finish(ctx, job.ID, "skipped: "+claim.Reason)
	}
	stopRenew := r.renew(ctx, job.ID, claim.AttemptID, worker)
	rec, callErr := r.caller.Call(ctx, agent.CallRequest{Campaign: camp, Number: job.Number, ContactRef: job.ContactRef,
		ID: callID, TimeZone: job.TimeZone})
	stopRenew()
	outcome, callID := agent.OutcomeFailed, ""
	if rec != nil {
		outcome, callID = rec.Outcome, rec.ID
	}
	if callErr != nil && ctx.Err() != nil {
		// Stopped mid-call: the claim's lease ends now, so the next
		// reconciliation (this runner's restart, or another worker's) makes
		// it an interrupted attempt, still counted, and completes the call's
		// record, which the stopped call may not have saved.
		_ = r.store.RenewLease(context.WithoutCancel(ctx), job.ID, claim.AttemptID, worker, r.cfg.Clock.Now())
		return true, ctx.Err()
	}
	if job.Kind == store.JobCallback {
		r.completeCallback(ctx, job.CallbackID)
	}
	r.count(func(s *Stats) {
		if outcome != agent.OutcomeSkippedDNC {
			s.Dialled++
		}
		switch outcome {
		case agent.OutcomeCompleted:
			s.Completed++
		case agent.OutcomeOptOut:
			s.OptedOut++
		case agent.OutcomeRefused:
			s.Refused++
		case agent.OutcomeCallback:
			s.Callbacks++
		case agent.OutcomeNoAnswer, agent.OutcomeBusy:
			s.NoAnswer++
		case agent.OutcomeFailed:
			s.Failed++
		case agent.OutcomeSkippedDNC:
			s.Skipped[store.SkipDNC]++
		default:
			s.Other++
		}
	})
	// The attempt's outcome and the job's next state are written together.
	var due time.Time
	result := string(outcome)
	switch outcome {
	case agent.OutcomeNoAnswer, agent.OutcomeBusy, agent.OutcomeFailed:
		if job.Tries >= r.cfg.MaxTries {
			result = "gave up: " + string(outcome)
			break
		}
		due = now.Add(r.backoff(job.Tries))
		if _, next := r.window(job.Number).Allowed(due, r.zones(job.Number, job.TimeZone)); !next.IsZero() {
			due = next
		}
	}
	return true, r.store.SettleAttempt(ctx, claim.AttemptID, string(outcome), callID, job.ID, due, result)
}

func (r *Runner) backoff(tries int) time.Duration {
	i := min(max(tries-1, 0), len(r.cfg.Backoff)-1)
	return r.cfg.Backoff[i]
}

func (r *Runner) completeCallback(ctx context.Context, id string) {
	if id == "" {
		return
	}
	// On failure the callback stays pending, but its job is done, so it is
	// not queued again.
	_ = r.store.CompleteCallback(ctx, id)
}

func (r *Runner) finish(ctx context.Context, id int64, result string) error {
	err := r.store.FinishJob(ctx, id, result)
	if errors.Is(err, store.ErrNotFound) {
		return nil // another worker took over after our lease ran out
	}
	return err
}

func (r *Runner) count(f func(*Stats)) {
	r.mu.Lock()
	f(&r.stats)
	r.mu.Unlock()
	if r.cfg.Progress != nil {
		r.cfg.Progress(r.Stats())
	}
}
