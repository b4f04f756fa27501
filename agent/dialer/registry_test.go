package dialer

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

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
	nums, bad, err := ParseRegistry(strings.NewReader(in), "US")
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
	if _, _, err := ParseRegistry(strings.NewReader(""), "XX"); !errors.Is(err, ErrRegistry) {
		t.Errorf("bad region: err = %v, want ErrRegistry", err)
	}
}

func FuzzParseRegistry(f *testing.F) {
	for _, s := range []string{"2125550101\n", "phone\n+13055550102\n", "a,b\n\"x\",212 555 0101\n", "\xff\n", "#\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		nums, bad, err := ParseRegistry(strings.NewReader(s), "US")
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
