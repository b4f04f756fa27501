package store

import "testing"

func TestCanonicalNumber(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"+14155550134", "+14155550134"},
		{" +1 (415) 555-0134 ", "+14155550134"},
		{"+44 20 7946 0958", "+442079460958"},
		{"+1 415 555", "+1 415 555"}, // not a valid number: kept as written, trimmed
		{"  ", ""},
	} {
		if got := CanonicalNumber(tt.in); got != tt.want {
			t.Errorf("CanonicalNumber(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCanonicalNumber: the stored form is a fixed point, so a number looked
// up in the form it was stored in finds itself.
func FuzzCanonicalNumber(f *testing.F) {
	for _, s := range []string{"+14155550134", "+1 (415) 555-0134", "0044 20 7946 0958", "+1 415 555", "", "+0123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, n string) {
		c := CanonicalNumber(n)
		if again := CanonicalNumber(c); again != c {
			t.Errorf("CanonicalNumber(%q) = %q, but CanonicalNumber(%q) = %q", n, c, c, again)
		}
	})
}
