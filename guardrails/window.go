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
	// SatStart and SatEnd, when SatEnd is set, replace Start and End on
	// Saturdays (Rhode Island: 10:00-17:00).
	SatStart, SatEnd time.Duration
	// NoSunday forbids calls on Sundays.
	NoSunday bool
	// NoHolidays forbids calls on the legal holidays of the region the
	// window belongs to (LegalHoliday).
	NoHolidays bool
}

// Default calling window: US 47 CFR 64.1200(c)(1), 08:00-21:00 local time.
var DefaultWindow = Window{Start: 8 * time.Hour, End: 21 * time.Hour}

// Region keys of the state table. The dialer derives them from the
// number's area code (RegionForNumber).
const (
	RegionAlabama     = "US-AL"
	RegionFlorida     = "US-FL"
	RegionLouisiana   = "US-LA"
	RegionMaryland    = "US-MD"
	RegionMississippi = "US-MS"
	RegionOklahoma    = "US-OK"
	RegionRhodeIsland = "US-RI"
	RegionUtah        = "US-UT"
)

// StricterWindows is the state table: the state rules stricter than the
// federal window, applied to every campaign by default (strictest wins).
// Each row's source is COMPLIANCE.md, "When and how often", which asks that
// every row be verified against its statute before it is relied on. The
// federal window (64.1200(c)(1), 08:00-21:00) bounds each row: a region
// never widens it.
func StricterWindows() map[string]Window {
	const h = time.Hour
	return map[string]Window{
		// Florida Telephone Solicitation Act, Fla. Stat. 501.059 (and
		// 501.616): 08:00-20:00; 3 calls per 24 h (the default caps).
		RegionFlorida: {Start: 8 * h, End: 20 * h},
		// Oklahoma Telephone Solicitation Act of 2022: 08:00-20:00; 3 per 24 h.
		RegionOklahoma: {Start: 8 * h, End: 20 * h},
		// Maryland Stop the Spam Calls Act of 2023: 08:00-20:00; 3 per 24 h.
		RegionMaryland: {Start: 8 * h, End: 20 * h},
		// Alabama and Mississippi telephone solicitation statutes: no Sunday calls.
		RegionAlabama:     {Start: 8 * h, End: 21 * h, NoSunday: true},
		RegionMississippi: {Start: 8 * h, End: 21 * h, NoSunday: true},
		// Louisiana and Utah: no Sunday calls, none on legal holidays.
		RegionLouisiana: {Start: 8 * h, End: 21 * h, NoSunday: true, NoHolidays: true},
		RegionUtah:      {Start: 8 * h, End: 21 * h, NoSunday: true, NoHolidays: true},
		// Rhode Island (R.I. Gen. Laws 5-61): weekdays 09:00-18:00,
		// Saturdays 10:00-17:00, no Sundays, no legal holidays.
		RegionRhodeIsland: {Start: 9 * h, End: 18 * h, SatStart: 10 * h, SatEnd: 17 * h, NoSunday: true, NoHolidays: true},
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
	// Areas select the entries of Regions that apply, all of them (set by
	// For): the state of the number's area code, and any the contact's
	// address names.
	Areas []string
}

// DefaultWindowPolicy is the federal window with the state table.
func DefaultWindowPolicy() WindowPolicy {
	return WindowPolicy{Default: DefaultWindow, Regions: StricterWindows()}
}

// For returns p narrowed to the callee's regions (keys of Regions; ""
// and unknown keys add nothing): every one of them applies.
func (p WindowPolicy) For(regions ...string) WindowPolicy {
	p.Areas = nil
	for _, r := range regions {
		if r != "" {
			p.Areas = append(p.Areas, r)
		}
	}
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
		if w.SatEnd != 0 && (w.SatStart < 0 || w.SatEnd > 24*time.Hour || w.SatStart >= w.SatEnd) {
			return fmt.Errorf("%w: %s Saturday window %v-%v (want 0 <= start < end <= 24h)", ErrWindow, name, w.SatStart, w.SatEnd)
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

// span is a part of a local day, from start to before end.
type span struct{ start, end time.Duration }

func (a span) and(b span) span { return span{max(a.start, b.start), min(a.end, b.end)} }

// effWindow is the window that applies to one callee: every rule of the
// default and of each of the callee's regions at once.
type effWindow struct {
	week, sat span
	noSunday  bool
	// calendars are the regions whose legal holidays have no calls.
	calendars []string
}

// effective is the window that applies: Default (or DefaultWindow)
// intersected with the windows of the callee's regions.
func (p WindowPolicy) effective() effWindow {
	d := p.Default
	if d == (Window{}) {
		d = DefaultWindow
	}
	ws := []Window{d}
	regions := []string{""}
	for _, a := range p.Areas {
		if r, ok := p.Regions[a]; ok {
			ws, regions = append(ws, r), append(regions, a)
		}
	}
	e := effWindow{week: span{0, 24 * time.Hour}, sat: span{0, 24 * time.Hour}, noSunday: p.NoSunday}
	for i, w := range ws {
		week := span{w.Start, w.End}
		sat := week
		if w.SatEnd != 0 {
			sat = span{w.SatStart, w.SatEnd}
		}
		e.week, e.sat = e.week.and(week), e.sat.and(sat)
		e.noSunday = e.noSunday || w.NoSunday
		if w.NoHolidays && regions[i] != "" {
			e.calendars = append(e.calendars, regions[i])
		}
	}
	return e
}

// day is the span of date's weekday, ok false when no call is allowed that day.
func (p WindowPolicy) day(w effWindow, date time.Time) (span, bool) {
	sp := w.week
	switch date.Weekday() {
	case time.Sunday:
		if w.noSunday {
			return span{}, false
		}
	case time.Saturday:
		sp = w.sat
	}
	y, m, d := date.Date()
	for _, h := range p.Holidays {
		if h.Year == y && h.Month == m && h.Day == d {
			return span{}, false
		}
	}
	for _, c := range w.calendars {
		if LegalHoliday(c, Date{y, m, d}) {
			return span{}, false
		}
	}
	return sp, sp.start < sp.end
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
	if w.week.start >= w.week.end {
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
func (p WindowPolicy) nextOpen(w effWindow, t time.Time, loc *time.Location) (time.Time, bool) {
	lt := t.In(loc)
	for day := 0; day <= 14; day++ {
		y, m, d := lt.Date()
		date := time.Date(y, m, d+day, 0, 0, 0, 0, loc)
		sp, ok := p.day(w, date)
		if !ok {
			continue
		}
		start := wallClock(date, sp.start, loc)
		end := wallClock(date, sp.end, loc)
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

// areaCodes are the NANP area codes of the states of the state table.
var areaCodes = map[string][]string{
	RegionAlabama:     {"205", "251", "256", "334", "483", "659", "938"},
	RegionFlorida:     {"239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "689", "727", "728", "754", "772", "786", "813", "850", "863", "904", "941", "954"},
	RegionLouisiana:   {"225", "318", "337", "457", "504", "985"},
	RegionMaryland:    {"227", "240", "301", "410", "443", "667"},
	RegionMississippi: {"228", "601", "662", "769"},
	RegionOklahoma:    {"405", "539", "572", "580", "918"},
	RegionRhodeIsland: {"401"},
	RegionUtah:        {"385", "435", "801"},
}

// regionByAreaCode inverts areaCodes.
var regionByAreaCode = func() map[string]string {
	m := map[string]string{}
	for r, codes := range areaCodes {
		for _, c := range codes {
			m[c] = r
		}
	}
	return m
}()

// RegionForNumber returns the region key of the state table that an E.164
// number's area code belongs to ("US-FL"), or "" when none applies. A
// ported or mobile number may live elsewhere: a region the contact states
// applies as well (WindowPolicy.For takes both).
func RegionForNumber(e164 string) string {
	if len(e164) < 5 || !strings.HasPrefix(e164, "+1") {
		return ""
	}
	return regionByAreaCode[e164[2:5]]
}
