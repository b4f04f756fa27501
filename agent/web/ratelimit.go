package web

import (
	"sync"
	"time"
)

// limiter counts failures per key in a sliding window: a key with limit
// failures inside the window is refused until the oldest one ages out.
type limiter struct {
	limit  int
	window time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time
}

func newLimiter(limit int, window time.Duration) *limiter {
	return &limiter{limit: limit, window: window, fails: map[string][]time.Time{}}
}

// prune drops failures older than the window; callers hold mu.
func (l *limiter) prune(key string, now time.Time) []time.Time {
	fs := l.fails[key]
	i := 0
	for i < len(fs) && !fs[i].After(now.Add(-l.window)) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = fs
	return fs
}

// blocked reports whether any of keys is over its limit, and for how long.
func (l *limiter) blocked(now time.Time, keys ...string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if fs := l.prune(k, now); len(fs) >= l.limit {
			return true, fs[0].Add(l.window).Sub(now)
		}
	}
	return false, 0
}

// fail records one failure under each key.
func (l *limiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) > 100_000 { // bound memory under a flood of distinct keys
		for k := range l.fails {
			l.prune(k, now)
		}
	}
	for _, k := range keys {
		l.fails[k] = append(l.prune(k, now), now)
	}
}
