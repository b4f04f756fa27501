package dialer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// regNow is when the registry tests import.
var regNow = time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)

func TestParseRegistry(t *testing.T) {
	in := "\uFEFFphone_number,state\n" +
		"(212) 555-0101,NY\n" +
		"\n# comment\n" +
		"garbage line\n" +
		"212-555-0101,NY\n" + // repeat
		"\"305 555 0102\",FL\r\n" +
		"12\n" +
		"\xff\xfe8085550103\n" +
		strings.Repeat("9", 5000) + "\n" +
		"+8613812345678"
	nums, bad, err := ParseRegistry(strings.NewReader(in), "US", regNow)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"+12125550101", "+13055550102", "+8613812345678"}; !slices.Equal(nums, want) {
		t.Errorf("numbers = %v, want %v", nums, want)
	}
	var lines []int
	for _, b := range bad {
		lines = append(lines, b.Line)
		if !errors.Is(b.Err, ErrRegistryLine) {
			t.Errorf("line %d: err %v, want ErrRegistryLine", b.Line, b.Err)
		}
	}
	if want := []int{5, 8, 9, 10}; !slices.Equal(lines, want) {
		t.Errorf("bad lines = %v, want %v", lines, want)
	}
	if _, _, err := ParseRegistry(strings.NewReader(""), "XX", regNow); !errors.Is(err, ErrRegistry) {
		t.Errorf("bad region: err = %v, want ErrRegistry", err)
	}
}

func FuzzParseRegistry(f *testing.F) {
	for _, s := range []string{"2125550101,2099-01-01\n", "2125550101,2025-06-01T10:00:00Z\n", "2125550101\n", "phone\n+13055550102\n", "a,b\n\"x\",212 555 0101\n", "\xff\n", "#\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		nums, bad, err := ParseRegistry(strings.NewReader(s), "US", regNow)
		if errors.Is(err, ErrRegistryFuture) {
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("ParseRegistry: %v names no line", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("ParseRegistry: %v", err)
		}
		lines := strings.Count(s, "\n") + 1
		for _, n := range nums {
			if !strings.HasPrefix(n, "+") {
				t.Errorf("number %q is not E.164", n)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || b.Line > lines {
				t.Errorf("bad line %d outside 1..%d", b.Line, lines)
			}
		}
	})
}

// TestParseRegistryFuture: a line dated in the future refuses the whole
// extract, naming the line; dates up to today anywhere pass.
func TestParseRegistryFuture(t *testing.T) {
	for _, tt := range []struct {
		in   string
		line int // 0: accepted
	}{
		{"phone,added\n2125550101,2025-06-30\n2125550102,2025-07-01\n", 0},
		{"phone,added\n2125550101,2025-06-30\n2125550102,2099-01-01\n", 3},
		{"2125550101|2025-07-01T09:30:00Z\n", 1},
		{"2125550101;2025-07-01T09:03:00Z\n", 0},     // within the clock skew
		{"# extract of 2099-01-01\n2125550101\n", 0}, // comments are not read
		{"2125550101,2025-7-1\n", 0},                 // not a date: ignored
	} {
		nums, _, err := ParseRegistry(strings.NewReader(tt.in), "US", regNow)
		switch {
		case tt.line == 0 && err != nil:
			t.Errorf("%q: got %v, want it accepted", tt.in, err)
		case tt.line > 0 && (!errors.Is(err, ErrRegistryFuture) || !strings.Contains(err.Error(), fmt.Sprintf("line %d:", tt.line)) || nums != nil):
			t.Errorf("%q: got %v (%d numbers), want ErrRegistryFuture naming line %d", tt.in, err, len(nums), tt.line)
		}
	}
}
