package web

import (
	"sync"
	"time"
)

// limiter locks a key out after limit failures inside window. Each lockout
// lasts twice the one before (window, 2×window, 4×window … at most
// maxLock); a key quiet for maxLock starts afresh, and a success clears it.
// The login keys are an account with the client's address, and an account
// alone with a higher limit (see Server.login): never an address alone,
// which anyone behind the same address could hold locked for everyone.
type limiter struct {
	limit   int
	window  time.Duration
	maxLock time.Duration

	mu   sync.Mutex
	keys map[string]*keyState
}

type keyState struct {
	fails   []time.Time // inside the window, oldest first
	until   time.Time   // locked out before this
	strikes int         // lockouts so far
	last    time.Time   // the latest failure
}

func newLimiter(limit int, window time.Duration) *limiter {
	return &limiter{limit: limit, window: window, maxLock: 32 * window, keys: map[string]*keyState{}}
}

// state returns key's state at now, forgetting what has aged out; nil when
// nothing is left. Callers hold mu.
func (l *limiter) state(key string, now time.Time) *keyState {
	k := l.keys[key]
	if k == nil {
		return nil
	}
	i := 0
	for i < len(k.fails) && !k.fails[i].After(now.Add(-l.window)) {
		i++
	}
	k.fails = k.fails[i:]
	unlocked := !now.Before(k.until)
	if unlocked && (now.Sub(k.last) >= l.maxLock || k.strikes == 0 && len(k.fails) == 0) {
		delete(l.keys, key)
		return nil
	}
	return k
}

// blocked reports whether any of keys is locked out, and for how long.
func (l *limiter) blocked(now time.Time, keys ...string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, key := range keys {
		if k := l.state(key, now); k != nil && now.Before(k.until) {
			wait = max(wait, k.until.Sub(now))
		}
	}
	return wait > 0, wait
}

// fail records one failure under each key, locking out those at the limit.
func (l *limiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.keys) > 100_000 { // bound memory under a flood of distinct keys
		for key := range l.keys {
			l.state(key, now)
		}
	}
	for _, key := range keys {
		k := l.state(key, now)
		if k == nil {
			k = &keyState{}
			l.keys[key] = k
		}
		k.fails, k.last = append(k.fails, now), now
		if len(k.fails) >= l.limit {
			lock := min(l.window<<min(k.strikes, 30), l.maxLock)
			k.strikes++
			k.until, k.fails = now.Add(lock), nil
		}
	}
}

// succeed clears keys.
func (l *limiter) succeed(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, key := range keys {
		delete(l.keys, key)
	}
}
