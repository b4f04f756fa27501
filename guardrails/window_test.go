package guardrails

import (
	"math/rand/v2"
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
			if p.Region == RegionFlorida {
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

func TestRegionForNumber(t *testing.T) {
	for _, tc := range []struct{ n, want string }{
		{"+13055550100", RegionFlorida}, {"+19045550100", RegionFlorida}, {"+14105550100", RegionMaryland},
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
