package phone

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, raw, region string
		want              string
		wantErr           []error // every one must match with errors.Is
	}{
		{"US national formatted", "(415) 555-0134", "US", "+14155550134", nil},
		{"US with country code", "+1 212 240 1850", "", "+12122401850", nil},
		{"US with 1 prefix and dots", "1.206.240.1899", "US", "+12062401899", nil},
		{"US lower-case region", "415-555-0134", "us", "+14155550134", nil},
		{"US tel: URI", "tel:+14155550134", "", "+14155550134", nil},
		{"China mobile international", "+86 138 1234 5678", "", "+8613812345678", nil},
		{"China mobile national", "138-1234-5678", "CN", "+8613812345678", nil},
		{"China mobile with 00 from CN", "0086 13812345678", "CN", "+8613812345678", nil},
		{"China full-width digits", "１３８１２３４５６７８", "CN", "+8613812345678", nil},
		{"UK London national", "020 7946 0000", "GB", "+442079460000", nil},
		{"UK mobile international", "+44 7911 123456", "US", "+447911123456", nil},
		{"UK drama range is invalid", "+44 7700 900123", "", "", []error{ErrInvalid}},
		{"empty", "", "US", "", []error{ErrEmpty}},
		{"blank", "  \t ", "US", "", []error{ErrEmpty}},
		{"garbage punctuation", "--()--", "US", "", []error{ErrInvalid}},
		{"garbage symbols", "#!@$%", "US", "", []error{ErrInvalid, ErrCharacters}},
		{"letters", "call me maybe", "US", "", []error{ErrInvalid, ErrCharacters}},
		{"vanity letters", "1-800-FLOWERS", "US", "", []error{ErrInvalid, ErrCharacters}},
		{"too short", "555-01", "US", "", []error{ErrInvalid}},
		{"too short international", "+1 415", "", "", []error{ErrInvalid, ErrTooShort}},
		{"one digit", "5", "US", "", []error{ErrInvalid}},
		{"too long", "+1 415 555 0134 0134 0134", "", "", []error{ErrInvalid, ErrTooLong}},
		{"way too long", strings.Repeat("1", 200), "US", "", []error{ErrInvalid, ErrTooLong}},
		{"no country code, no region", "415 555 0134", "", "", []error{ErrInvalid, ErrCountryCode}},
		{"unknown country code", "+999 1234 5678", "", "", []error{ErrInvalid}},
		{"unknown default region", "4155550134", "XX", "", []error{ErrRegion}},
		{"extension x", "+1 415 555 0134 x12", "", "", []error{ErrInvalid, ErrExtension}},
		{"extension ext.", "415-555-0134 ext. 7", "US", "", []error{ErrInvalid, ErrExtension}},
		{"US unassigned area code", "+1 123 456 7890", "", "", []error{ErrInvalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.raw, tt.region)
			if got != tt.want {
				t.Errorf("Normalize(%q, %q) = %q, want %q", tt.raw, tt.region, got, tt.want)
			}
			if len(tt.wantErr) == 0 && err != nil {
				t.Errorf("Normalize(%q, %q) error = %v, want nil", tt.raw, tt.region, err)
			}
			for _, want := range tt.wantErr {
				if !errors.Is(err, want) {
					t.Errorf("Normalize(%q, %q) error = %v, want one wrapping %v", tt.raw, tt.region, err, want)
				}
			}
			if err != nil && countDigits(tt.raw) > 4 && strings.Contains(err.Error(), tt.raw) {
				t.Errorf("error %q contains the raw number", err)
			}
		})
	}
}

func TestEmptyIsNotInvalid(t *testing.T) {
	_, err := Normalize("", "US")
	if errors.Is(err, ErrInvalid) {
		t.Errorf("got %v wrapping ErrInvalid, want ErrEmpty alone", err)
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+14155550134", "+1415•••0134"},
		{"+8613812345678", "+86138••••5678"},
		{"+442079460000", "+44207•••0000"},
		{"+447911123456", "+44791•••3456"},
		{"+35312345678", "+3531•••5678"}, // Ireland: 8-digit national number, 3 stay hidden
		{"+6421234567", "+642•••4567"},   // NZ: 8-digit national number
		{"", "•••"},
		{"garbage", "•••"},
		{"4155550134", "•••34"}, // not E.164: only the last two digits survive
		{"+1 415 555 0134", "•••34"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumberLogsMasked(t *testing.T) {
	const raw = "+14155550134"
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("dialling", "to", Number(raw))
	if strings.Contains(buf.String(), raw) || strings.Contains(buf.String(), "5550134") {
		t.Errorf("log line %q contains the raw number", buf.String())
	}
	if !strings.Contains(buf.String(), Mask(raw)) {
		t.Errorf("log line %q, want it to contain %q", buf.String(), Mask(raw))
	}
	if got := fmt.Sprintf("%v %s", Number(raw), Number(raw)); strings.Contains(got, raw) {
		t.Errorf("fmt output %q contains the raw number", got)
	}
}

func TestTimeZones(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"+12122401850", []string{"America/New_York"}},
		{"+18082401850", []string{"Pacific/Honolulu"}},
		{"+16022401850", []string{"America/Phoenix"}},
		{"+8613812345678", []string{"Asia/Shanghai"}},
		{"+447700900123", nil}, // invalid: not every zone of the UK
		{"+1415", nil},
		{"4155550134", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := TimeZones(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("TimeZones(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"(415) 555-0134", "+8613812345678", "020 7946 0000", "", "abc", "+1 415 555 0134 x12",
		"1-800-FLOWERS", "0086 13812345678", "１３８１２３４５６７８", "++1", "+", "tel:", "+999999999999999999",
		"\x00\xff", "+1 (((415))) 555-0134", "+44 (0) 20 7946 0000",
	} {
		for _, r := range []string{"US", "CN", "GB", ""} {
			f.Add(s, r)
		}
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		got, err := Normalize(raw, region)
		if err != nil {
			if got != "" {
				t.Fatalf("Normalize(%q, %q) = %q with error %v, want empty result", raw, region, got, err)
			}
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrRegion) {
				t.Fatalf("Normalize(%q, %q) error %v wraps no sentinel", raw, region, err)
			}
			return
		}
		if !strings.HasPrefix(got, "+") || len(got) < 8 || len(got) > 16 || countDigits(got) != len(got)-1 {
			t.Fatalf("Normalize(%q, %q) = %q, want E.164", raw, region, got)
		}
		again, err := Normalize(got, "")
		if err != nil || again != got {
			t.Fatalf("Normalize(%q) = %q, %v; want it unchanged", got, again, err)
		}
		m := Mask(got)
		if strings.Contains(m, got[1:]) || !utf8.ValidString(m) || !strings.HasSuffix(m, got[len(got)-4:]) {
			t.Fatalf("Mask(%q) = %q, want a masked number ending in its last 4 digits", got, m)
		}
		_ = TimeZones(got)
	})
}

func BenchmarkNormalize(b *testing.B) {
	for b.Loop() {
		if _, err := Normalize("(415) 555-0134", "US"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMask(b *testing.B) {
	for b.Loop() {
		_ = Mask("+14155550134")
	}
}

func TestCheckRegion(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{{"", true}, {"US", true}, {"cn", true}, {" GB ", true}, {"XX", false}, {"USA", false}, {"ZZ", false}} {
		err := CheckRegion(tt.in)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrRegion)) {
			t.Errorf("CheckRegion(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
	}
}
