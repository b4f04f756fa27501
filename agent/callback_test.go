package agent_test

import (
	"testing"
	"time"

	"candor/agent"
)

// TestCallbackLocalDay: "tomorrow morning" is read in the callee's day (the
// stated zone, else the number's own), not the server's UTC day.
func TestCallbackLocalDay(t *testing.T) {
	now := time.Date(2025, 7, 1, 20, 0, 0, 0, time.UTC) // 04:00 on 2 July in Shanghai, 16:00 on 1 July in New York
	for _, tc := range []struct {
		name, number, stated, said string
		want                       time.Time
	}{
		{"Shanghai number", "+8613812345678", "", "call me back tomorrow morning", time.Date(2025, 7, 3, 2, 0, 0, 0, time.UTC)},
		{"New York number", "+12125550101", "", "call me back tomorrow morning", time.Date(2025, 7, 2, 14, 0, 0, 0, time.UTC)},
		{"Berlin number", "+4930901820", "", "tomorrow", time.Date(2025, 7, 2, 8, 0, 0, 0, time.UTC)},
		{"stated zone", "+12125550101", "America/Los_Angeles", "tomorrow morning", time.Date(2025, 7, 2, 17, 0, 0, 0, time.UTC)},
		{"bad stated zone: the number's", "+12125550101", "Nowhere/Else", "tomorrow morning", time.Date(2025, 7, 2, 14, 0, 0, 0, time.UTC)},
		{"unknown number: UTC", "+999", "", "tomorrow morning", time.Date(2025, 7, 2, 10, 0, 0, 0, time.UTC)},
	} {
		got := agent.CallbackTime(tc.said, now.In(agent.CalleeLocation(tc.number, tc.stated)))
		if !got.Equal(tc.want) {
			t.Errorf("%s: got %s, want %s", tc.name, got.UTC(), tc.want)
		}
	}
}
