package phone

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"

	"candor/guardrails"
)

// TestStateTableAreaCodes checks the state table's area codes against
// libphonenumber's geocoding data: every area code the data places in a
// state of the table maps to that state's region, and every code the table
// lists is placed there (or, for codes newer than the data, nowhere).
func TestStateTableAreaCodes(t *testing.T) {
	states := map[string]string{
		"Alabama": guardrails.RegionAlabama, "Florida": guardrails.RegionFlorida, "Louisiana": guardrails.RegionLouisiana,
		"Maryland": guardrails.RegionMaryland, "Mississippi": guardrails.RegionMississippi, "Oklahoma": guardrails.RegionOklahoma,
		"Rhode Island": guardrails.RegionRhodeIsland, "Utah": guardrails.RegionUtah,
		"AL": guardrails.RegionAlabama, "FL": guardrails.RegionFlorida, "LA": guardrails.RegionLouisiana, "MD": guardrails.RegionMaryland,
		"MS": guardrails.RegionMississippi, "OK": guardrails.RegionOklahoma, "RI": guardrails.RegionRhodeIsland, "UT": guardrails.RegionUtah,
	}
	for ac := 200; ac <= 999; ac++ {
		num := fmt.Sprintf("+1%d5550100", ac)
		n, err := phonenumbers.Parse(num, "ZZ")
		if err != nil {
			continue
		}
		geo := ""
		if phonenumbers.IsValidNumber(n) && phonenumbers.GetRegionCodeForNumber(n) == "US" {
			geo, _ = phonenumbers.GetGeocodingForNumber(n, "en")
		}
		state := geo
		if i := strings.LastIndex(geo, ", "); i >= 0 {
			state = geo[i+2:]
		}
		want := states[state]
		got := guardrails.RegionForNumber(num)
		if got != want && !(geo == "" && got != "") {
			t.Errorf("area code %d (geocoded %q): got region %q, want %q", ac, geo, got, want)
		}
	}
}
