package guardrails

import "time"

// LegalHoliday reports whether d is a legal holiday in region (a key of
// the state table), for the states whose rules forbid calls on them
// (Louisiana, Rhode Island, Utah). The calendar is the US federal one (5
// U.S.C. 6103: New Year's Day, Martin Luther King Jr. Day, Washington's
// Birthday, Memorial Day, Juneteenth, Independence Day, Labor Day, Columbus
// Day, Veterans Day, Thanksgiving, Christmas), each on its date and on its
// observed weekday when it falls on a weekend, plus the state's own days
// named below. A state's statute may name more: the campaign's Holidays
// add them. Strictest wins: a day that might be a holiday is one.
func LegalHoliday(region string, d Date) bool {
	if federalHoliday(d) {
		return true
	}
	switch region {
	case RegionLouisiana:
		// Mardi Gras and Good Friday (La. R.S. 1:55).
		e := easter(d.Year)
		return d == e.add(-47) || d == e.add(-2)
	case RegionRhodeIsland:
		// Victory Day, the second Monday of August (R.I. Gen. Laws 25-1-1).
		return d == nthWeekday(d.Year, time.August, time.Monday, 2)
	case RegionUtah:
		// Pioneer Day, 24 July, and its observed day (Utah Code 63G-1-301).
		return fixedOrObserved(d, time.July, 24)
	}
	return false
}

func federalHoliday(d Date) bool {
	y := d.Year
	switch {
	case fixedOrObserved(d, time.January, 1), fixedOrObserved(d, time.June, 19), fixedOrObserved(d, time.July, 4),
		fixedOrObserved(d, time.November, 11), fixedOrObserved(d, time.December, 25):
		return true
	// New Year's Day of the next year observed on 31 December.
	case d.Month == time.December && d.Day == 31 && weekday(Date{y + 1, time.January, 1}) == time.Saturday:
		return true
	}
	for _, h := range []Date{
		nthWeekday(y, time.January, time.Monday, 3),    // Martin Luther King Jr. Day
		nthWeekday(y, time.February, time.Monday, 3),   // Washington's Birthday
		nthWeekday(y, time.May, time.Monday, -1),       // Memorial Day
		nthWeekday(y, time.September, time.Monday, 1),  // Labor Day
		nthWeekday(y, time.October, time.Monday, 2),    // Columbus Day
		nthWeekday(y, time.November, time.Thursday, 4), // Thanksgiving
	} {
		if d == h {
			return true
		}
	}
	return false
}

// fixedOrObserved reports whether d is month/day or the weekday it is
// observed on (Friday before a Saturday, Monday after a Sunday).
func fixedOrObserved(d Date, m time.Month, day int) bool {
	h := Date{d.Year, m, day}
	switch weekday(h) {
	case time.Saturday:
		return d == h || d == h.add(-1)
	case time.Sunday:
		return d == h || d == h.add(1)
	}
	return d == h
}

// nthWeekday is the nth wd of month (n = -1: the last).
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) Date {
	if n < 0 {
		last := time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC)
		back := (int(last.Weekday()) - int(wd) + 7) % 7
		return dateOf(last.AddDate(0, 0, -back))
	}
	first := time.Date(y, m, 1, 12, 0, 0, 0, time.UTC)
	fwd := (int(wd) - int(first.Weekday()) + 7) % 7
	return dateOf(first.AddDate(0, 0, fwd+7*(n-1)))
}

// easter is Easter Sunday of year y (Gregorian; the anonymous algorithm).
func easter(y int) Date {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{y, time.Month(month), day}
}

func (d Date) add(days int) Date {
	return dateOf(time.Date(d.Year, d.Month, d.Day+days, 12, 0, 0, 0, time.UTC))
}

func weekday(d Date) time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

func dateOf(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }
