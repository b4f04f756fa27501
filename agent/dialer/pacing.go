package dialer

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Abandonment defaults (COMPLIANCE.md: at most 3% of answered calls per 30
// days per campaign).
const (
	DefaultAbandonCap    = 0.03
	DefaultAbandonSlow   = 0.02
	DefaultAbandonFloor  = 100
	AbandonmentPeriod    = 30 * 24 * time.Hour
	defaultPaceRecompute = time.Minute
)

// AbandonmentSource counts a campaign's answered and abandoned calls since a
// time; *sqlite.Store is one.
type AbandonmentSource interface {
	Abandonment(ctx context.Context, campaign string, since time.Time) (answered, abandoned int, err error)
}

// TrunkLimits bounds the calls in flight on each named trunk across every
// runner of the process that shares it. A trunk without a limit is unbounded.
type TrunkLimits struct {
	freed  notifier
	mu     sync.Mutex
	limit  map[string]int
	active map[string]int
}

// NewTrunkLimits returns limits from trunk name to the most calls at once.
func NewTrunkLimits(limits map[string]int) (*TrunkLimits, error) {
	t := &TrunkLimits{limit: map[string]int{}, active: map[string]int{}}
	for name, n := range limits {
		if name == "" || n < 1 {
			return nil, fmt.Errorf("%w: trunk %q limit %d", ErrConfig, name, n)
		}
		t.limit[name] = n
	}
	return t, nil
}

// TrunkLimit is the limit of n calls at once on trunk name, for one
// trunk's flag: nil (no limit) when n is 0.
func TrunkLimit(name string, n int) (*TrunkLimits, error) {
	if n == 0 {
		return nil, nil
	}
	return NewTrunkLimits(map[string]int{name: n})
}

func (t *TrunkLimits) tryAcquire(name string) bool {
	if t == nil || name == "" {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if l, ok := t.limit[name]; ok && t.active[name] >= l {
		return false
	}
	t.active[name]++
	return true
}

func (t *TrunkLimits) release(name string) {
	if t == nil || name == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.active[name] > 0 {
		t.active[name]--
	}
	t.freed.broadcast()
}

func (t *TrunkLimits) wait() <-chan struct{} {
	if t == nil {
		return nil
	}
	return t.freed.wait()
}

// notifier wakes every waiter when something changed.
type notifier struct {
	mu sync.Mutex
	ch chan struct{}
}

func (n *notifier) wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch == nil {
		n.ch = make(chan struct{})
	}
	return n.ch
}

func (n *notifier) broadcast() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch != nil {
		close(n.ch)
		n.ch = nil
	}
}

// Active returns the calls in flight on trunk name.
func (t *TrunkLimits) Active(name string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.active[name]
}

// paceLimit is how many calls may be in flight given the campaign's limit and
// its abandonment rate: the full limit below slow, fewer and fewer from slow
// up to the cap (at least 1), none at the cap. The rate's denominator is at
// least floor answered calls, so that the first few calls of a campaign
// cannot swing it.
func paceLimit(limit, answered, abandoned, floor int, slow, capRate float64) (int, float64) {
	rate := float64(abandoned) / float64(max(answered, floor, 1))
	switch {
	case rate >= capRate:
		return 0, rate
	case rate < slow:
		return limit, rate
	}
	n := int(float64(limit)*(capRate-rate)/(capRate-slow) + 1e-9)
	return max(n, 1), rate
}

// limit returns how many calls may be in flight now (0: stop dialling).
func (r *Runner) limit(ctx context.Context) (int, error) {
	limit := r.cfg.Workers
	if r.cfg.MaxConcurrentCampaign > 0 {
		limit = min(limit, r.cfg.MaxConcurrentCampaign)
	}
	if r.cfg.Pace == nil {
		return limit, nil
	}
	now := r.cfg.Clock.Now()
	r.paceMu.Lock()
	defer r.paceMu.Unlock()
	if r.paceAt.IsZero() || now.Sub(r.paceAt) >= r.cfg.PaceEvery || r.paceSettled > 0 {
		answered, abandoned, err := r.cfg.Pace.Abandonment(ctx, r.cfg.Campaign.Name, now.Add(-AbandonmentPeriod))
		if err != nil {
			return 0, err
		}
		r.paceAt, r.paceSettled = now, 0
		r.paceAnswered, r.paceAbandoned = answered, abandoned
	}
	n, rate := paceLimit(limit, r.paceAnswered, r.paceAbandoned, r.cfg.AbandonFloor, r.cfg.AbandonSlow, r.cfg.AbandonCap)
	r.count(func(s *Stats) {
		s.AbandonmentRate, s.Limit = rate, n
	})
	return n, nil
}

// acquire waits for a call slot (campaign limit, pacing, trunk limit) until
// a call of this runner or of the trunk ends: it does not sleep on the
// clock. It returns ErrAbandonmentCap once the campaign reached its
// abandonment cap.
func (r *Runner) acquire(ctx context.Context) error {
	for {
		mine, trunk := r.freed.wait(), r.cfg.Trunks.wait()
		n, err := r.limit(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrAbandonmentCap
		}
		r.mu.Lock()
		ok := r.active < n && r.cfg.Trunks.tryAcquire(r.cfg.Trunk)
		if ok {
			r.active++
			r.stats.PeakConcurrent = max(r.stats.PeakConcurrent, r.active)
		}
		r.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-mine:
		case <-trunk:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (r *Runner) releaseSlot(settled bool) {
	if settled {
		r.paceMu.Lock()
		r.paceSettled++
		r.paceMu.Unlock()
	}
	r.mu.Lock()
	r.active--
	r.mu.Unlock()
	r.cfg.Trunks.release(r.cfg.Trunk)
	r.freed.broadcast()
}
