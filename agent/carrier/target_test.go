package carrier

import (
	"strings"
	"testing"

	"candor/agent/phone"
)

func TestCallTarget(t *testing.T) {
	tests := []struct {
		to             string
		sipOK          bool
		number, target string
		wantErr        bool
	}{
		{"+12125550123", true, "+12125550123", "+12125550123", false},
		{"(212) 555-0123", false, "+12125550123", "+12125550123", false},
		{"sip:+12125550123@pbx.example.com:5080", true, "+12125550123", "sip:+12125550123@pbx.example.com:5080", false},
		{"SIP:2125550123;user=phone@pbx", true, "+12125550123", "sip:2125550123;user=phone@pbx", false},
		{"sip:+12125550123@pbx", false, "", "", true},
		{"sip:alice@pbx", true, "", "", true},
		{"sip:@pbx", true, "", "", true},
		{"sip:+12125550123", true, "", "", true},
		{"not a number", true, "", "", true},
	}
	for _, tc := range tests {
		n, tg, err := Target(tc.to, "US", tc.sipOK)
		if (err != nil) != tc.wantErr || n != tc.number || tg != tc.target {
			t.Errorf("Target(%q, %v): got %q, %q, %v; want %q, %q, error %v", tc.to, tc.sipOK, n, tg, err, tc.number, tc.target, tc.wantErr)
		}
	}
}

// FuzzTarget: any --to gives an error or an E.164 number that the target
// carries (itself, or a SIP URI's user part), never a panic.
func FuzzTarget(f *testing.F) {
	for _, s := range []string{"+12125550123", "sip:+12125550123@pbx", "SIP:2125550123;user=phone@pbx", "sip:@", "sip:"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, to string, sipOK bool) {
		n, tg, err := Target(to, "US", sipOK)
		if err != nil {
			return
		}
		if _, perr := phone.Normalize(n, "US"); perr != nil {
			t.Fatalf("Target(%q): number %q is not a valid number: %v", to, n, perr)
		}
		if !strings.HasPrefix(tg, "sip:") && tg != n {
			t.Fatalf("Target(%q): got target %q for number %q, want the number", to, tg, n)
		}
		if strings.HasPrefix(tg, "sip:") && !sipOK {
			t.Fatalf("Target(%q): got SIP target %q without sipOK", to, tg)
		}
	})
}
