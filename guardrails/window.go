package guardrails

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// ErrWindow: a calling-window policy is malformed.
var ErrWindow = errors.New("guardrails: invalid calling window")

// Window is a daily calling window in the callee's local wall-clock time:
// calls may start at Start or later and before End. Both are offsets from
// local midnight as read on the wall clock (8*time.Hour is 08:00 even on a
// day when the clocks change).
type Window struct {
	Start, End time.Duration
	// NoSunday forbids calls on Sundays.
	NoSunday bool
}

// Default calling window: US 47 CFR 64.1200(c)(1), 08:00-21:00 local time.
var DefaultWindow = Window{Start: 8 * time.Hour, End: 21 * time.Hour}

// Region keys of the stricter-window table. The dialer derives them from the
// number (RegionForNumber) or from the contact's stated address.
const (
	RegionFlorida  = "US-FL"
	RegionMaryland = "US-MD"
)

// StricterWindows are the state rules stricter than the federal window
// (COMPLIANCE.md, "When and how often"): Florida Stat. 501.616 and the
// Maryland Stop the Spam Calls Act allow 08:00-20:00 only.
func StricterWindows() map[string]Window {
	return map[string]Window{
		RegionFlorida:  {Start: 8 * time.Hour, End: 20 * time.Hour},
		RegionMaryland: {Start: 8 * time.Hour, End: 20 * time.Hour},
	}
}

// Date is a civil date (a holiday), compared in the callee's local time.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("%w: date %q: want YYYY-MM-DD", ErrWindow, s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// WindowPolicy decides when a number may be called.
type WindowPolicy struct {
	// Default applies where no region rule does; the zero Window means DefaultWindow.
	Default Window
	// Regions holds stricter windows by region key ("US-FL"); a region
	// window never widens Default: the intersection applies.
	Regions map[string]Window
	// NoSunday forbids Sunday calls everywhere.
	NoSunday bool
	// Holidays are local dates with no calls.
	Holidays []Date
	// Region selects the entry of Regions that applies (set by For).
	Region string
}

// DefaultWindowPolicy is the federal window with the state table.
func DefaultWindowPolicy() WindowPolicy {
	return WindowPolicy{Default: DefaultWindow, Regions: StricterWindows()}
}

// For returns p narrowed to the callee's region (a key of Regions, or "").
func (p WindowPolicy) For(region string) WindowPolicy {
	p.Region = region
	return p
}

// Validate reports a malformed policy.
func (p WindowPolicy) Validate() error {
	check := func(name string, w Window) error {
		if w == (Window{}) {
			return nil
		}
		if w.Start < 0 || w.End > 24*time.Hour || w.Start >= w.End {
			return fmt.Errorf("%w: %s window %v-%v (want 0 <= start < end <= 24h)", ErrWindow, name, w.Start, w.End)
		}
		return nil
	}
	if err := check("default", p.Default); err != nil {
		return err
	}
	for k, w := range p.Regions {
		if w == (Window{}) {
			return fmt.Errorf("%w: region %q has an empty window", ErrWindow, k)
		}
		if err := check("region "+k, w); err != nil {
			return err
		}
	}
	return nil
}

// effective is the window that applies: Default (or DefaultWindow)
// intersected with the region's window.
func (p WindowPolicy) effective() Window {
	w := p.Default
	if w == (Window{}) {
		w = DefaultWindow
	}
	w.NoSunday = w.NoSunday || p.NoSunday
	if r, ok := p.Regions[p.Region]; ok && p.Region != "" {
		w.Start = max(w.Start, r.Start)
		w.End = min(w.End, r.End)
		w.NoSunday = w.NoSunday || r.NoSunday
	}
	return w
}

// maxSearchDays bounds the search for the next allowed moment.
const maxSearchDays = 60

// Allowed reports whether a call may start at t: t must fall inside the
// window in every one of zones (IANA names; a number with several zones must
// satisfy all of them). next is the earliest moment at or after t when a call
// is allowed (t itself when allowed). Unknown zones, no zones, an invalid
// policy or zones whose windows never overlap give (false, zero time): the
// number must not be called.
func (p WindowPolicy) Allowed(t time.Time, zoneNames []string) (bool, time.Time) {
	if len(zoneNames) == 0 || p.Validate() != nil {
		return false, time.Time{}
	}
	locs := make([]*time.Location, 0, len(zoneNames))
	for _, z := range zoneNames {
		if z == "" || strings.EqualFold(z, "local") {
			return false, time.Time{}
		}
		loc, err := loadZone(z)
		if err != nil {
			return false, time.Time{}
		}
		locs = append(locs, loc)
	}
	w := p.effective()
	if w.Start >= w.End {
		return false, time.Time{}
	}
	limit := t.Add(maxSearchDays * 24 * time.Hour)
	cur := t
	for !cur.After(limit) {
		latest := cur
		for _, loc := range locs {
			n, ok := p.nextOpen(w, cur, loc)
			if !ok {
				return false, time.Time{}
			}
			if n.After(latest) {
				latest = n
			}
		}
		if latest.Equal(cur) {
			return cur.Equal(t), cur
		}
		cur = latest
	}
	return false, time.Time{}
}

// zones caches loaded locations (time.LoadLocation reads the zone database
// on every call); failures are not cached.
var zones sync.Map // string -> *time.Location

func loadZone(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, l)
	return l, nil
}

// nextOpen is the earliest moment at or after t inside w in loc.
func (p WindowPolicy) nextOpen(w Window, t time.Time, loc *time.Location) (time.Time, bool) {
	lt := t.In(loc)
	for day := 0; day <= 14; day++ {
		y, m, d := lt.Date()
		date := time.Date(y, m, d+day, 0, 0, 0, 0, loc)
		if !p.dayAllowed(w, date) {
			continue
		}
		start := wallClock(date, w.Start, loc)
		end := wallClock(date, w.End, loc)
		if day == 0 {
			if lt.Before(start) {
				return start, true
			}
			if lt.Before(end) {
				return t, true
			}
			continue
		}
		return start, true
	}
	return time.Time{}, false
}

// wallClock is the moment the local wall clock of date's day shows off
// (from midnight). Offsets inside a DST gap move forward, as time.Date does.
func wallClock(date time.Time, off time.Duration, loc *time.Location) time.Time {
	y, m, d := date.Date()
	h := int(off / time.Hour)
	mi := int(off % time.Hour / time.Minute)
	s := int(off % time.Minute / time.Second)
	return time.Date(y, m, d, h, mi, s, 0, loc)
}

func (p WindowPolicy) dayAllowed(w Window, date time.Time) bool {
	if w.NoSunday && date.Weekday() == time.Sunday {
		return false
	}
	y, m, d := date.Date()
	for _, h := range p.Holidays {
		if h.Year == y && h.Month == m && h.Day == d {
			return false
		}
	}
	return true
}

// floridaAreaCodes and marylandAreaCodes are the NANP area codes of the
// states with stricter windows.
var (
	floridaAreaCodes  = []string{"239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "689", "727", "728", "754", "772", "786", "813", "850", "863", "904", "941", "954"}
	marylandAreaCodes = []string{"227", "240", "301", "410", "443", "667"}
)

// RegionForNumber returns the region key of the stricter-window table that
// an E.164 number's area code belongs to ("US-FL", "US-MD"), or "" when none
// applies. A ported or mobile number may live elsewhere; the contact's stated
// region, when known, should take precedence.
func RegionForNumber(e164 string) string {
	if len(e164) < 5 || !strings.HasPrefix(e164, "+1") {
		return ""
	}
	ac := e164[2:5]
	for _, c := range floridaAreaCodes {
		if c == ac {
			return RegionFlorida
		}
	}
	for _, c := range marylandAreaCodes {
		if c == ac {
			return RegionMaryland
		}
	}
	return ""
}
