package dialer

import "time"

// OffsetClock is the real clock shifted to start at a chosen moment (a
// simulated campaign run "at 10:00" whatever the hour).
type OffsetClock struct {
	SystemClock
	off time.Duration
}

// NewOffsetClock is the real clock shifted so that now reads at.
func NewOffsetClock(at time.Time) OffsetClock { return OffsetClock{off: time.Until(at)} }

// Now is the shifted time.
func (c OffsetClock) Now() time.Time { return time.Now().Add(c.off) }

// NextMorning is the next 10:00 after now in the IANA zone (now itself when
// the zone is unknown).
func NextMorning(now time.Time, zone string) time.Time {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return now
	}
	l := now.In(loc)
	t := time.Date(l.Year(), l.Month(), l.Day(), 10, 0, 0, 0, loc)
	if t.Before(now) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}
