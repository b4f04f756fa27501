package guardrails

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWindowAllowed(t *testing.T) {
	std := DefaultWindowPolicy()
	noSun := DefaultWindowPolicy()
	noSun.NoSunday = true
	hol := DefaultWindowPolicy()
	hol.Holidays = []Date{{2025, time.December, 25}}
	tests := []struct {
		name   string
		p      WindowPolicy
		region string
		at     string
		zones  []string
		ok     bool
		next   string // "" means zero
	}{
		{"hawaii 08:00 opens", std, "", "2025-07-01T18:00:00Z", []string{"Pacific/Honolulu"}, true, "2025-07-01T18:00:00Z"},
		{"hawaii 07:59", std, "", "2025-07-01T17:59:00Z", []string{"Pacific/Honolulu"}, false, "2025-07-01T18:00:00Z"},
		{"hawaii no DST in winter", std, "", "2025-01-15T17:59:00Z", []string{"Pacific/Honolulu"}, false, "2025-01-15T18:00:00Z"},
		{"arizona summer 07:59", std, "", "2025-07-01T14:59:00Z", []string{"America/Phoenix"}, false, "2025-07-01T15:00:00Z"},
		{"arizona winter same offset", std, "", "2025-01-15T14:59:00Z", []string{"America/Phoenix"}, false, "2025-01-15T15:00:00Z"},
		{"arizona 21:00 closed", std, "", "2025-07-02T04:00:00Z", []string{"America/Phoenix"}, false, "2025-07-02T15:00:00Z"},
		{"arizona 20:59:59 open", std, "", "2025-07-02T03:59:59Z", []string{"America/Phoenix"}, true, "2025-07-02T03:59:59Z"},
		{"florida 20:30 closed", std, RegionFlorida, "2025-07-01T00:30:00Z", []string{"America/New_York"}, false, "2025-07-01T12:00:00Z"},
		{"new york 20:30 open", std, "", "2025-07-01T00:30:00Z", []string{"America/New_York"}, true, "2025-07-01T00:30:00Z"},
		{"maryland 20:00 closed", std, RegionMaryland, "2025-07-01T00:00:00Z", []string{"America/New_York"}, false, "2025-07-01T12:00:00Z"},
		{"florida panhandle central", std, RegionFlorida, "2025-07-01T00:59:00Z", []string{"America/Chicago"}, true, "2025-07-01T00:59:00Z"},
		{"new york before spring forward", std, "", "2025-03-08T12:30:00Z", []string{"America/New_York"}, false, "2025-03-08T13:00:00Z"},
		{"new york after spring forward", std, "", "2025-03-09T12:30:00Z", []string{"America/New_York"}, true, "2025-03-09T12:30:00Z"},
		{"new york spring forward night", std, "", "2025-03-09T02:00:00Z", []string{"America/New_York"}, false, "2025-03-09T12:00:00Z"},
		{"new york before fall back", std, "", "2025-11-01T12:30:00Z", []string{"America/New_York"}, true, "2025-11-01T12:30:00Z"},
		{"new york after fall back", std, "", "2025-11-02T12:30:00Z", []string{"America/New_York"}, false, "2025-11-02T13:00:00Z"},
		{"shanghai 08:00", std, "", "2025-07-01T00:00:00Z", []string{"Asia/Shanghai"}, true, "2025-07-01T00:00:00Z"},
		{"shanghai 21:00", std, "", "2025-07-01T13:00:00Z", []string{"Asia/Shanghai"}, false, "2025-07-02T00:00:00Z"},
		{"new york and los angeles", std, "", "2025-07-01T12:30:00Z", []string{"America/New_York", "America/Los_Angeles"}, false, "2025-07-01T15:00:00Z"},
		{"new york and los angeles late", std, "", "2025-07-02T01:00:00Z", []string{"America/New_York", "America/Los_Angeles"}, false, "2025-07-02T15:00:00Z"},
		{"hawaii and shanghai", std, "", "2025-07-01T08:00:00Z", []string{"Pacific/Honolulu", "Asia/Shanghai"}, false, "2025-07-02T00:00:00Z"},
		{"no sunday", noSun, "", "2025-07-06T01:30:00Z", []string{"America/New_York"}, false, "2025-07-07T12:00:00Z"},
		{"sunday allowed by default", std, "", "2025-07-06T15:00:00Z", []string{"America/New_York"}, true, "2025-07-06T15:00:00Z"},
		{"holiday", hol, "", "2025-12-25T15:00:00Z", []string{"America/New_York"}, false, "2025-12-26T13:00:00Z"},
		{"unknown zone", std, "", "2025-07-01T15:00:00Z", []string{"Mars/Olympus"}, false, ""},
		{"one unknown zone of two", std, "", "2025-07-01T15:00:00Z", []string{"America/New_York", "Nowhere/X"}, false, ""},
		{"no zones", std, "", "2025-07-01T15:00:00Z", nil, false, ""},
		{"local is not a callee zone", std, "", "2025-07-01T15:00:00Z", []string{"Local"}, false, ""},
		{"disjoint windows", WindowPolicy{Default: Window{Start: 9 * time.Hour, End: 10 * time.Hour}}, "", "2025-07-01T15:00:00Z", []string{"America/New_York", "Asia/Shanghai"}, false, ""},
		{"invalid policy", WindowPolicy{Default: Window{Start: 10 * time.Hour, End: 9 * time.Hour}}, "", "2025-07-01T15:00:00Z", []string{"America/New_York"}, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, next := tc.p.For(tc.region).Allowed(utc(tc.at), tc.zones)
			want := time.Time{}
			if tc.next != "" {
				want = utc(tc.next)
			}
			if ok != tc.ok || !next.Equal(want) {
				t.Errorf("Allowed(%s, %v) = %v, %s; want %v, %s", tc.at, tc.zones, ok, next.UTC().Format(time.RFC3339), tc.ok, want.Format(time.RFC3339))
			}
		})
	}
}

// TestWindowNextIsEarliest checks, by stepping through time, that next is
// allowed and that no earlier moment is.
func TestWindowNextIsEarliest(t *testing.T) {
	zoneSets := [][]string{
		{"Pacific/Honolulu"}, {"America/Phoenix"}, {"America/New_York"}, {"Asia/Shanghai"},
		{"America/New_York", "America/Chicago"}, {"America/Denver", "America/Phoenix"},
		{"Pacific/Honolulu", "America/Anchorage"}, {"Europe/London", "America/New_York"},
	}
	regions := []string{"", RegionFlorida}
	r := rand.New(rand.NewPCG(1, 2))
	base := utc("2025-03-01T00:00:00Z")
	for i := range 60 {
		p := DefaultWindowPolicy().For(regions[i%2])
		p.NoSunday = i%3 == 0
		zones := zoneSets[r.IntN(len(zoneSets))]
		start := base.Add(time.Duration(r.Int64N(int64(300 * 24 * time.Hour)))).Truncate(time.Minute)
		ok, next := p.Allowed(start, zones)
		if next.IsZero() || next.Before(start) {
			t.Fatalf("Allowed(%s, %v) next = %s, want a time at or after it", start, zones, next)
		}
		if ok != next.Equal(start) {
			t.Errorf("Allowed(%s, %v) ok = %v with next %s, want ok exactly when next is now", start, zones, ok, next)
		}
		if ok2, _ := p.Allowed(next, zones); !ok2 {
			t.Errorf("next %s for %v is not itself allowed", next, zones)
		}
		for m := start; m.Before(next); m = m.Add(5 * time.Minute) {
			if ok, _ := p.Allowed(m, zones); ok {
				t.Errorf("%s allowed for %v, before next %s", m, zones, next)
				break
			}
		}
		// Every zone shows an allowed local time at next.
		for _, z := range zones {
			loc, _ := time.LoadLocation(z)
			h := next.In(loc).Hour()
			limit := 21
			if slices.Contains(p.Areas, RegionFlorida) {
				limit = 20
			}
			if h < 8 || h >= limit {
				t.Errorf("next %s is %02d:xx in %s, want inside 08-%d", next, h, z, limit)
			}
			if p.NoSunday && next.In(loc).Weekday() == time.Sunday {
				t.Errorf("next %s is a Sunday in %s with NoSunday", next, z)
			}
		}
	}
}

// TestStateTable: every row of the state table (COMPLIANCE.md) holds, on
// its own and together with the others (strictest wins).
func TestStateTable(t *testing.T) {
	std := DefaultWindowPolicy()
	ny, chi, den := []string{"America/New_York"}, []string{"America/Chicago"}, []string{"America/Denver"}
	tests := []struct {
		name    string
		regions []string
		at      string
		zones   []string
		ok      bool
		next    string
	}{
		{"oklahoma 20:30 closed", []string{RegionOklahoma}, "2025-07-02T01:30:00Z", chi, false, "2025-07-02T13:00:00Z"},
		{"oklahoma 19:59 open", []string{RegionOklahoma}, "2025-07-02T00:59:00Z", chi, true, "2025-07-02T00:59:00Z"},
		{"alabama sunday", []string{RegionAlabama}, "2025-07-06T15:00:00Z", chi, false, "2025-07-07T13:00:00Z"},
		{"alabama on a federal holiday", []string{RegionAlabama}, "2025-07-04T15:00:00Z", chi, true, "2025-07-04T15:00:00Z"},
		{"mississippi sunday", []string{RegionMississippi}, "2025-07-06T15:00:00Z", chi, false, "2025-07-07T13:00:00Z"},
		{"mississippi saturday 20:30", []string{RegionMississippi}, "2025-07-06T01:30:00Z", chi, true, "2025-07-06T01:30:00Z"},
		{"louisiana sunday", []string{RegionLouisiana}, "2025-07-06T15:00:00Z", chi, false, "2025-07-07T13:00:00Z"},
		{"louisiana mardi gras", []string{RegionLouisiana}, "2025-03-04T16:00:00Z", chi, false, "2025-03-05T14:00:00Z"},
		{"louisiana thanksgiving", []string{RegionLouisiana}, "2025-11-27T16:00:00Z", chi, false, "2025-11-28T14:00:00Z"},
		{"utah pioneer day", []string{RegionUtah}, "2025-07-24T16:00:00Z", den, false, "2025-07-25T14:00:00Z"},
		{"utah independence day observed friday", []string{RegionUtah}, "2026-07-03T16:00:00Z", den, false, "2026-07-06T14:00:00Z"}, // Sat 4th, Sun 5th
		{"rhode island weekday 08:30", []string{RegionRhodeIsland}, "2025-07-01T12:30:00Z", ny, false, "2025-07-01T13:00:00Z"},
		{"rhode island weekday 18:00", []string{RegionRhodeIsland}, "2025-07-01T22:00:00Z", ny, false, "2025-07-02T13:00:00Z"},
		{"rhode island saturday 09:30", []string{RegionRhodeIsland}, "2025-07-05T13:30:00Z", ny, false, "2025-07-05T14:00:00Z"},
		{"rhode island saturday 17:00 to monday", []string{RegionRhodeIsland}, "2025-07-05T21:00:00Z", ny, false, "2025-07-07T13:00:00Z"},
		{"rhode island victory day", []string{RegionRhodeIsland}, "2025-08-11T15:00:00Z", ny, false, "2025-08-12T13:00:00Z"},
		{"rhode island friday before a holiday weekend", []string{RegionRhodeIsland}, "2025-07-03T20:00:00Z", ny, true, "2025-07-03T20:00:00Z"},
		// Two regions (area code and a stated address): both apply.
		{"florida and rhode island", []string{RegionFlorida, RegionRhodeIsland}, "2025-07-05T21:30:00Z", ny, false, "2025-07-07T13:00:00Z"}, // Saturday 17:30
		{"unknown region adds nothing", []string{"US-XX"}, "2025-07-01T00:30:00Z", ny, true, "2025-07-01T00:30:00Z"},
	}
	for _, tc := range tests {
		ok, next := std.For(tc.regions...).Allowed(utc(tc.at), tc.zones)
		want := time.Time{}
		if tc.next != "" {
			want = utc(tc.next)
		}
		if ok != tc.ok || !next.Equal(want) {
			t.Errorf("%s: got %v, %s; want %v, %s", tc.name, ok, next.UTC().Format(time.RFC3339), tc.ok, tc.next)
		}
	}
	// No region row is wider than the federal window.
	for r, w := range StricterWindows() {
		if w.Start < DefaultWindow.Start || w.End > DefaultWindow.End || w.SatEnd != 0 && (w.SatStart < DefaultWindow.Start || w.SatEnd > DefaultWindow.End) {
			t.Errorf("%s: window %v-%v (Saturday %v-%v) is wider than the federal %v-%v", r, w.Start, w.End, w.SatStart, w.SatEnd, DefaultWindow.Start, DefaultWindow.End)
		}
	}
}

func TestLegalHoliday(t *testing.T) {
	for _, tc := range []struct {
		region string
		d      Date
		want   bool
	}{
		{"", Date{2025, time.January, 1}, true},
		{"", Date{2025, time.January, 20}, true},  // Martin Luther King Jr. Day
		{"", Date{2025, time.February, 17}, true}, // Washington's Birthday
		{"", Date{2025, time.May, 26}, true},      // Memorial Day
		{"", Date{2025, time.June, 19}, true},
		{"", Date{2025, time.September, 1}, true},  // Labor Day
		{"", Date{2025, time.October, 13}, true},   // Columbus Day
		{"", Date{2025, time.November, 27}, true},  // Thanksgiving
		{"", Date{2021, time.December, 31}, true},  // New Year's Day 2022 (a Saturday) observed
		{"", Date{2026, time.July, 3}, true},       // Independence Day (a Saturday) observed
		{"", Date{2027, time.December, 24}, true},  // Christmas (a Saturday) observed on Friday
		{"", Date{2027, time.December, 27}, false}, // ... not on the Monday after
		{"", Date{2025, time.November, 26}, false}, // the day before Thanksgiving
		{"", Date{2025, time.July, 24}, false},
		{RegionUtah, Date{2025, time.July, 24}, true},
		{RegionLouisiana, Date{2025, time.March, 4}, true},  // Mardi Gras (Easter 20 April)
		{RegionLouisiana, Date{2025, time.April, 18}, true}, // Good Friday
		{RegionLouisiana, Date{2024, time.February, 13}, true},
		{RegionLouisiana, Date{2025, time.March, 5}, false},
		{RegionRhodeIsland, Date{2025, time.August, 11}, true}, // Victory Day
		{RegionRhodeIsland, Date{2025, time.August, 4}, false},
	} {
		if got := LegalHoliday(tc.region, tc.d); got != tc.want {
			t.Errorf("LegalHoliday(%q, %s): got %v, want %v", tc.region, tc.d, got, tc.want)
		}
	}
}

func TestRegionForNumber(t *testing.T) {
	for _, tc := range []struct{ n, want string }{
		{"+13055550100", RegionFlorida}, {"+19045550100", RegionFlorida}, {"+14105550100", RegionMaryland},
		{"+14055550100", RegionOklahoma}, {"+14015550100", RegionRhodeIsland}, {"+18015550100", RegionUtah},
		{"+15045550100", RegionLouisiana}, {"+16015550100", RegionMississippi}, {"+12055550100", RegionAlabama},
		{"+12125550100", ""}, {"+8613812345678", ""}, {"+1", ""}, {"", ""}, {"+4413055501000", ""},
	} {
		if got := RegionForNumber(tc.n); got != tc.want {
			t.Errorf("RegionForNumber(%q) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	d, err := ParseDate(" 2025-12-25 ")
	if err != nil || d != (Date{2025, time.December, 25}) {
		t.Errorf("ParseDate = %v, %v; want 2025-12-25", d, err)
	}
	for _, bad := range []string{"", "2025-13-01", "25-12-2025", "2025-02-30"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) err = nil, want an error", bad)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-12-25", "", "2025-02-29", "9999-99-99", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Errorf("ParseDate(%q) = %v; round trip gave %v, %v", s, d, again, err)
		}
	})
}

func BenchmarkWindowAllowed(b *testing.B) {
	p := DefaultWindowPolicy().For(RegionFlorida)
	at := utc("2025-07-02T03:00:00Z")
	zones := []string{"America/New_York", "America/Chicago"}
	for b.Loop() {
		p.Allowed(at, zones)
	}
}
