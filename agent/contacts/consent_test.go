package contacts

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// now is when the tests import: 09:00 UTC on 2025-07-01 (17:00 in Shanghai,
// 23:00 in UTC+14).
var now = time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)

func TestParseConsent(t *testing.T) {
	data := []byte("\uFEFFPhone,text,time,source,business\n" +
		"(212) 555-0101,agreed to survey calls,2025-06-01,web form,\n" +
		"555,agreed,2025-06-01,web,Acme\n" +
		"+12125550102,agreed,June 1,web,Acme\n" +
		"+12125550103,,2025-06-01T10:00:00Z,web,Acme\n" +
		"+12125550104,agreed,2025-06-01T10:00:00-04:00,call 42,Other Co\n")
	cs, bad, err := ParseConsent(data, "Acme", "US", now)
	if err != nil {
		t.Fatal(err)
	}
	want := []Consent{
		{Business: "Acme", Number: "+12125550101", Text: "agreed to survey calls", At: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), Source: "web form"},
		{Business: "Other Co", Number: "+12125550104", Text: "agreed", At: time.Date(2025, 6, 1, 14, 0, 0, 0, time.UTC), Source: "call 42"},
	}
	if len(cs) != len(want) {
		t.Fatalf("got %d records %+v, want %d", len(cs), cs, len(want))
	}
	for i := range want {
		if cs[i].Business != want[i].Business || cs[i].Number != want[i].Number || cs[i].Text != want[i].Text ||
			!cs[i].At.Equal(want[i].At) || cs[i].Source != want[i].Source {
			t.Errorf("record %d: got %+v, want %+v", i, cs[i], want[i])
		}
	}
	var lines []int
	for _, b := range bad {
		lines = append(lines, b.Line)
		if !errors.Is(b.Err, ErrConsentRow) {
			t.Errorf("line %d: got %v, want it to wrap ErrConsentRow", b.Line, b.Err)
		}
	}
	if len(lines) != 3 || lines[0] != 3 || lines[1] != 4 || lines[2] != 5 {
		t.Errorf("bad rows on lines %v, want [3 4 5]", lines)
	}
}

// An unterminated quote in a consent file is reported on the line where it
// opens, and the rows after it are still read.
func TestParseConsentUnterminatedQuote(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        string
		wantNums  []string
		wantLines []int
	}{
		{"never closed", "number,text,time,source\n+12125550101,\"yes,2025-06-01,web\n+12125550102,yes,2025-06-01,web\n",
			[]string{"+12125550102"}, []int{2}},
		{"closed on a later row", "number,text,time,source\n+12125550101,\"yes,2025-06-01,web\n+12125550102,yes,2025-06-01,web\n+12125550103,yes,2025-06-01,\"web\"\n",
			[]string{"+12125550102", "+12125550103"}, []int{2}},
		{"a text over two lines is one field", "number,text,time,source\n+12125550101,\"yes,\nplease call\",2025-06-01,web\n+12125550102,yes,2025-06-01,web\n",
			[]string{"+12125550101", "+12125550102"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, bad, err := ParseConsent([]byte(tc.in), "Acme", "US", now)
			if err != nil {
				t.Fatal(err)
			}
			var nums []string
			for _, c := range cs {
				nums = append(nums, c.Number)
			}
			var lines []int
			for _, b := range bad {
				lines = append(lines, b.Line)
				if !errors.Is(b.Err, ErrQuote) || !errors.Is(b.Err, ErrConsentRow) {
					t.Errorf("line %d: got %v, want ErrConsentRow and ErrQuote", b.Line, b.Err)
				}
			}
			if !slices.Equal(nums, tc.wantNums) || !slices.Equal(lines, tc.wantLines) {
				t.Errorf("got numbers %v and bad lines %v, want %v and %v", nums, lines, tc.wantNums, tc.wantLines)
			}
		})
	}
}

// TestParseConsentFuture checks that consent dated in the future is refused,
// naming its line, and that today (anywhere) and a small clock skew are not.
func TestParseConsentFuture(t *testing.T) {
	data := []byte("number,text,time,source,business\n" +
		"+12125550101,yes,2025-07-01,web,Acme\n" + // today
		"+12125550102,yes,2025-07-02,web,Acme\n" + // 23:00 on 1 July in UTC+14: no zone is there yet
		"+12125550103,yes,2099-01-01,web,Acme\n" +
		"+12125550104,yes,2025-07-01T09:04:00Z,web,Acme\n" + // 4 min ahead: skew
		"+12125550105,yes,2025-07-01T09:06:00Z,web,Acme\n" +
		"+12125550106,yes,2025-07-01T17:30:00+08:00,web,Acme\n" + // 09:30 UTC
		"+12125550107,yes,2025-06-30T23:00:00-07:00,web,Acme\n") // 06:00 UTC
	cs, bad, err := ParseConsent(data, "", "US", now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.Number[len(c.Number)-2:])
	}
	if want := []string{"01", "04", "07"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("imported numbers ending %v, want %v", got, want)
	}
	var lines []int
	for _, b := range bad {
		lines = append(lines, b.Line)
		if !errors.Is(b.Err, ErrFutureDate) || !errors.Is(b.Err, ErrConsentRow) || !strings.Contains(b.Err.Error(), "in the future") {
			t.Errorf("line %d: got %v, want ErrFutureDate", b.Line, b.Err)
		}
	}
	if fmt.Sprint(lines) != "[3 4 6 7]" {
		t.Errorf("refused lines: got %v, want [3 4 6 7]", lines)
	}
}

func TestFutureDate(t *testing.T) {
	for _, tt := range []struct {
		d    time.Time
		now  time.Time
		want bool
	}{
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), now, false},
		{time.Date(2025, 7, 2, 0, 0, 0, 0, time.UTC), now, true},                                           // 23:00 on 1 July in UTC+14: no zone has reached 2 July
		{time.Date(2025, 7, 2, 0, 0, 0, 0, time.UTC), time.Date(2025, 7, 1, 10, 0, 0, 0, time.UTC), false}, // 00:00 on 2 July in UTC+14
		{time.Date(2025, 7, 3, 0, 0, 0, 0, time.UTC), time.Date(2025, 7, 1, 10, 0, 0, 0, time.UTC), true},
		{time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), now, true},
		{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), now, false},
	} {
		if got := FutureDate(tt.d, tt.now); got != tt.want {
			t.Errorf("FutureDate(%s, %s): got %v, want %v", tt.d.Format(time.DateOnly), tt.now.Format(time.RFC3339), got, tt.want)
		}
	}
}

func TestParseConsentHeader(t *testing.T) {
	tests := []struct {
		name, data, business string
	}{
		{"empty", "", "Acme"},
		{"no text column", "number,time,source\n", "Acme"},
		{"no business", "number,text,time,source\n", ""},
	}
	for _, tc := range tests {
		if _, _, err := ParseConsent([]byte(tc.data), tc.business, "US", now); err == nil {
			t.Errorf("%s: got nil, want a header error", tc.name)
		}
	}
}

func TestCheckUTF8(t *testing.T) {
	if err := CheckUTF8([]byte("phone,name\n+12125550101,Zoë\n")); err != nil {
		t.Errorf("UTF-8: got %v, want nil", err)
	}
	err := CheckUTF8([]byte("phone,name\n+12125550101,Zo\xeb\n"))
	if !errors.Is(err, ErrNotUTF8) {
		t.Fatalf("Latin-1: got %v, want ErrNotUTF8", err)
	}
	if got := err.Error(); len(got) < 6 || got[:6] != "line 2" {
		t.Errorf("Latin-1: got %q, want it to name line 2", got)
	}
}

// FuzzParseConsent: any input gives records with E.164 numbers and every
// field set, or an error; never a panic.
func FuzzParseConsent(f *testing.F) {
	f.Add([]byte("number,text,time,source\n+12125550101,yes,2025-06-01,web\n"), "Acme")
	f.Add([]byte("phone,text,time,source,business\n\"x,2025\n"), "")
	f.Fuzz(func(t *testing.T, data []byte, business string) {
		cs, _, err := ParseConsent(data, business, "US", now)
		if err != nil {
			return
		}
		for _, c := range cs {
			if c.Number == "" || c.Number[0] != '+' || c.Text == "" || c.Source == "" || c.Business == "" || c.At.IsZero() {
				t.Fatalf("incomplete record %+v", c)
			}
			if c.At.After(now.Add(ConsentSkew)) {
				t.Fatalf("record %+v dated after now (%s)", c, now)
			}
		}
	})
}
