package guardrails

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestCapsCheck(t *testing.T) {
	now := utc("2025-07-10T15:00:00Z")
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	h := time.Hour
	tests := []struct {
		name   string
		p      CapPolicy
		prev   []time.Time
		ok     bool
		next   time.Time
		reason string
	}{
		{"first call", CapPolicy{}, nil, true, now, ""},
		{"gap not yet", CapPolicy{}, []time.Time{ago(30 * time.Minute)}, false, now.Add(30 * time.Minute), CapReasonMinGap},
		{"gap passed", CapPolicy{}, []time.Time{ago(2 * h)}, true, now, ""},
		{"three in 24h", CapPolicy{Per30Days: 10}, []time.Time{ago(2 * h), ago(5 * h), ago(20 * h)}, false, ago(20 * h).Add(24 * h), CapReasonDay},
		{"three in 24h any order", CapPolicy{Per30Days: 10}, []time.Time{ago(20 * h), ago(2 * h), ago(5 * h)}, false, now.Add(4 * h), CapReasonDay},
		{"oldest left the day", CapPolicy{Per30Days: 10}, []time.Time{ago(2 * h), ago(5 * h), ago(25 * h)}, true, now, ""},
		{"30-day cap", CapPolicy{}, []time.Time{ago(2 * 24 * h), ago(10 * 24 * h), ago(29 * 24 * h)}, false, ago(29 * 24 * h).Add(30 * 24 * h), CapReasonMonth},
		{"30-day cap of 5", CapPolicy{Per30Days: 5}, []time.Time{ago(2 * 24 * h), ago(10 * 24 * h), ago(29 * 24 * h)}, true, now, ""},
		{"the month's three in one day: cap_30d", CapPolicy{}, []time.Time{ago(3 * h), ago(5 * h), ago(7 * h)}, false, ago(7 * h).Add(30 * 24 * h), CapReasonMonth},
		{"older than 30 days ignored", CapPolicy{}, []time.Time{ago(31 * 24 * h), ago(40 * 24 * h), ago(50 * 24 * h)}, true, now, ""},
		{"gap and day: later wins", CapPolicy{PerDay: 1, Per30Days: 10, MinGap: 2 * h}, []time.Time{ago(h)}, false, now.Add(23 * h), CapReasonDay}, // the reason is the cap next waits for
		{"future attempt counts", CapPolicy{}, []time.Time{now.Add(h)}, false, now.Add(2 * h), CapReasonMinGap},
		{"negative cap", CapPolicy{PerDay: -1}, nil, false, time.Time{}, "invalid_caps"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, next, reason := tc.p.Check(now, tc.prev)
			if ok != tc.ok || !next.Equal(tc.next) || reason != tc.reason {
				t.Errorf("Check = %v, %s, %q; want %v, %s, %q", ok, next, reason, tc.ok, tc.next, tc.reason)
			}
		})
	}
}

// TestCapsNeverExceeded places attempts greedily at the moments Check allows
// and counts them over every rolling span.
func TestCapsNeverExceeded(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, p := range []CapPolicy{{}, {PerDay: 2, Per30Days: 7, MinGap: 3 * time.Hour}, {PerDay: 5, Per30Days: 40, MinGap: time.Minute}} {
		now := utc("2025-01-01T00:00:00Z")
		var done []time.Time
		for range 200 {
			now = now.Add(time.Duration(r.Int64N(int64(6 * time.Hour))))
			ok, next, _ := p.Check(now, done)
			if !ok {
				if next.Before(now) || next.Equal(now) {
					t.Fatalf("refused at %s with next %s, want a later next", now, next)
				}
				if ok2, _, _ := p.Check(next, done); !ok2 {
					t.Fatalf("next %s is refused too", next)
				}
				now = next
			}
			done = append(done, now)
		}
		p = p.withDefaults()
		slices.SortFunc(done, func(a, b time.Time) int { return a.Compare(b) })
		for i, a := range done {
			inDay, inMonth := 0, 0
			for _, b := range done[i:] {
				if b.Sub(a) < 24*time.Hour {
					inDay++
				}
				if b.Sub(a) < 30*24*time.Hour {
					inMonth++
				}
			}
			if inDay > p.PerDay || inMonth > p.Per30Days {
				t.Fatalf("policy %+v: %d attempts in 24 h and %d in 30 days from %s, want at most %d and %d", p, inDay, inMonth, a, p.PerDay, p.Per30Days)
			}
			if i > 0 && a.Sub(done[i-1]) < p.MinGap {
				t.Fatalf("policy %+v: gap %v at %s, want at least %v", p, a.Sub(done[i-1]), a, p.MinGap)
			}
		}
	}
}

func BenchmarkCapsCheck(b *testing.B) {
	now := utc("2025-07-10T15:00:00Z")
	prev := []time.Time{now.Add(-2 * time.Hour), now.Add(-26 * time.Hour), now.Add(-300 * time.Hour)}
	p := DefaultCaps()
	for b.Loop() {
		p.Check(now, prev)
	}
}
