package loadtest

import (
	"context"
	"os/exec"
	"testing"
	"time"
)

// TestBenchSIPSmoke: three calls to a real sipp on 127.0.0.1 complete (sipp's
// BYE after the hold), their RTP comes back, and the figures are printed.
func TestBenchSIPSmoke(t *testing.T) {
	if _, err := exec.LookPath("sipp"); err != nil {
		t.Skip("sipp not installed (Debian package sip-tester)")
	}
	r, err := SIP(context.Background(), SIPConfig{Calls: 3, Hold: 1500 * time.Millisecond, Ramp: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Connected != 3 || r.Completed != 3 || !r.SippOK {
		t.Fatalf("got %d connected, %d completed, sipp ok %v (%v); want 3, 3, true", r.Connected, r.Completed, r.SippOK, r.Failures)
	}
	// 1.5 s of paced audio is 75 packets a call; the line sends until the
	// BYE is handled, so a few more may go out, never a burst of many more.
	if r.Packets < 3*60 || r.Packets > 3*110 {
		t.Errorf("RTP packets sent: got %d, want about %d", r.Packets, 3*75)
	}
	if r.Echoed == 0 || r.Echoed > uint64(r.Packets) {
		t.Errorf("echoed packets: got %d, want between 1 and %d", r.Echoed, r.Packets)
	}
	if r.P50 > r.P99 || r.P99 > r.Max {
		t.Errorf("percentiles out of order: p50 %v p99 %v max %v", r.P50, r.P99, r.Max)
	}
}

func TestLastLines(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"a\nb\nc\n", 2, "b\nc\n"},
		{"a\nb\nc", 2, "b\nc"},
		{"a", 3, "a"},
		{"", 1, ""},
	}
	for _, tc := range tests {
		if got := lastLines(tc.in, tc.n); got != tc.want {
			t.Errorf("lastLines(%q, %d): got %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
