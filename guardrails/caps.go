package guardrails

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrCaps: an attempt-cap policy is malformed.
var ErrCaps = errors.New("guardrails: invalid attempt caps")

// Reasons CapPolicy.Check gives for refusing an attempt.
const (
	CapReasonDay    = "cap_24h"
	CapReasonMonth  = "cap_30d"
	CapReasonMinGap = "min_gap"
)

// Default caps (COMPLIANCE.md): at most 3 calls per rolling 24 h per number
// per business (Florida, Oklahoma, Maryland), at most 3 artificial-voice calls
// per rolling 30 days for non-marketing calls (TRACED Act exemptions), and a
// minimum gap between attempts.
const (
	DefaultPerDay    = 3
	DefaultPer30Days = 3
	DefaultMinGap    = time.Hour
)

// CapPolicy bounds how often one number is called by one business. Caps are
// always on: a zero field takes its default; a larger number is a
// configuration choice, there is no "unlimited".
type CapPolicy struct {
	PerDay    int           // attempts per rolling 24 h
	Per30Days int           // attempts per rolling 30 days
	MinGap    time.Duration // least time between two attempts
}

// DefaultCaps returns the default caps.
func DefaultCaps() CapPolicy {
	return CapPolicy{PerDay: DefaultPerDay, Per30Days: DefaultPer30Days, MinGap: DefaultMinGap}
}

// Validate reports negative caps.
func (p CapPolicy) Validate() error {
	if p.PerDay < 0 || p.Per30Days < 0 || p.MinGap < 0 {
		return fmt.Errorf("%w: per day %d, per 30 days %d, gap %v (want >= 0; 0 is the default)", ErrCaps, p.PerDay, p.Per30Days, p.MinGap)
	}
	return nil
}

func (p CapPolicy) withDefaults() CapPolicy {
	if p.PerDay == 0 {
		p.PerDay = DefaultPerDay
	}
	if p.Per30Days == 0 {
		p.Per30Days = DefaultPer30Days
	}
	if p.MinGap == 0 {
		p.MinGap = DefaultMinGap
	}
	return p
}

const (
	day   = 24 * time.Hour
	month = 30 * day
)

// Check decides whether one more attempt may start at now, given the start
// times of the previous attempts to the same number by the same business
// (any order; older than 30 days may be included or not). When ok is false,
// reason names the cap that holds longest and next is the earliest moment
// at which every cap allows an attempt (assuming no other attempt is made meanwhile).
// An invalid policy refuses with reason "invalid_caps" and a zero next.
func (p CapPolicy) Check(now time.Time, previous []time.Time) (ok bool, next time.Time, reason string) {
	if p.Validate() != nil {
		return false, time.Time{}, "invalid_caps"
	}
	p = p.withDefaults()
	next = now
	// The reason is the cap that holds longest: the one next waits for
	// (three calls in a day that are also the month's three are cap_30d).
	consider := func(t time.Time, r string) {
		if t.After(next) {
			next, reason = t, r
		}
	}
	// Attempts in the last 30 days (and any recorded in the future), newest first.
	recent := make([]time.Time, 0, len(previous))
	for _, t := range previous {
		if t.After(now.Add(-month)) {
			recent = append(recent, t)
		}
	}
	slices.SortFunc(recent, func(a, b time.Time) int { return b.Compare(a) })
	if len(recent) > 0 {
		consider(recent[0].Add(p.MinGap), CapReasonMinGap)
	}
	// Rolling windows: with k attempts allowed per span, the (k)th newest
	// attempt must have left the span.
	for _, c := range []struct {
		n      int
		span   time.Duration
		reason string
	}{{p.PerDay, day, CapReasonDay}, {p.Per30Days, month, CapReasonMonth}} {
		if len(recent) >= c.n {
			consider(recent[c.n-1].Add(c.span), c.reason)
		}
	}
	if reason != "" {
		return false, next, reason
	}
	return true, now, ""
}
