// Package phone normalises telephone numbers to E.164, masks them for logs and
// screens, and finds the time zones a number belongs to. It wraps
// github.com/nyaruka/phonenumbers (a Go port of libphonenumber) and accepts
// only numbers that library judges valid, not merely possible.
package phone

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// maxInput bounds the raw text Normalize looks at; no real number, however
// formatted, comes close.
const maxInput = 64

// Normalize parses raw (any common national or international format, e.g.
// "(415) 555-0134", "+44 20 7946 0000", "0086 138 1234 5678") and returns it in
// E.164 form ("+14155550134"). defaultRegion is the ISO 3166-1 alpha-2 region
// ("US", "GB", "CN") used for numbers written without a country code; it may be
// empty when every number carries one. Letters (vanity numbers), extensions and
// numbers that libphonenumber does not consider valid are rejected with an
// error wrapping ErrInvalid; blank input gives ErrEmpty.
func Normalize(raw, defaultRegion string) (string, error) {
	s := strings.TrimSpace(raw)
	s = strings.TrimPrefix(s, "tel:")
	if s == "" {
		return "", ErrEmpty
	}
	if err := CheckRegion(defaultRegion); err != nil {
		return "", err
	}
	region := strings.ToUpper(strings.TrimSpace(defaultRegion))
	if len(s) > maxInput {
		return "", fmt.Errorf("%w: %w", ErrInvalid, ErrTooLong)
	}
	if err := checkCharacters(s); err != nil {
		return "", err
	}
	if region == "" {
		region = "ZZ" // libphonenumber's "unknown region": only +CC numbers parse
	}
	n, err := phonenumbers.Parse(s, region)
	if err != nil {
		return "", parseError(err)
	}
	if n.GetExtension() != "" {
		return "", fmt.Errorf("%w: %w", ErrInvalid, ErrExtension)
	}
	if !phonenumbers.IsValidNumber(n) {
		switch phonenumbers.IsPossibleNumberWithReason(n) {
		case phonenumbers.TOO_SHORT:
			return "", fmt.Errorf("%w: %w", ErrInvalid, ErrTooShort)
		case phonenumbers.TOO_LONG:
			return "", fmt.Errorf("%w: %w", ErrInvalid, ErrTooLong)
		case phonenumbers.INVALID_COUNTRY_CODE:
			return "", fmt.Errorf("%w: %w", ErrInvalid, ErrCountryCode)
		}
		return "", fmt.Errorf("%w: not a valid number of its country", ErrInvalid)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// CheckRegion reports whether region is usable as Normalize's default region:
// empty, or an ISO 3166-1 alpha-2 code libphonenumber knows (any case). The
// error wraps ErrRegion.
func CheckRegion(region string) error {
	r := strings.ToUpper(strings.TrimSpace(region))
	if r != "" && !phonenumbers.GetSupportedRegions()[r] {
		return fmt.Errorf("%w %q", ErrRegion, r)
	}
	return nil
}

// checkCharacters rejects extensions and anything but digits, white space,
// the usual separators and a plus sign.
func checkCharacters(s string) error {
	if extensionLike(s) {
		return fmt.Errorf("%w: %w", ErrInvalid, ErrExtension)
	}
	for _, r := range s {
		if unicode.IsDigit(r) || unicode.IsSpace(r) || strings.ContainsRune(separators, r) {
			continue
		}
		return fmt.Errorf("%w: %w", ErrInvalid, ErrCharacters)
	}
	return nil
}

// separators are the non-digit characters a written number may contain,
// including full-width and typographic forms.
const separators = "+-().,/\u2010\u2011\u2012\u2013\u2014\u2212\u3000\uff0b\uff08\uff09\uff0d"

// extensionLike reports whether s looks like a number followed by an
// extension ("... x123", "... ext. 123", "...;ext=123").
func extensionLike(s string) bool {
	l := strings.ToLower(s)
	for _, marker := range []string{";ext=", "ext", "x"} {
		i := strings.LastIndex(l, marker)
		if i <= 0 {
			continue
		}
		head := l[:i]
		tail := strings.TrimSpace(strings.TrimLeft(l[i+len(marker):], " .:="))
		if tail == "" || countDigits(head) < 4 {
			continue
		}
		if strings.IndexFunc(tail, func(r rune) bool { return r < '0' || r > '9' }) < 0 {
			return true
		}
	}
	return false
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

func parseError(err error) error {
	switch {
	case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return fmt.Errorf("%w: %w", ErrInvalid, ErrTooShort)
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return fmt.Errorf("%w: %w", ErrInvalid, ErrTooLong)
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return fmt.Errorf("%w: %w", ErrInvalid, ErrCountryCode)
	}
	return fmt.Errorf("%w: not a number", ErrInvalid)
}

// TimeZones returns the IANA time zones a valid E.164 number belongs to (for
// example ["America/New_York"] for +1 212...). A number of a large country may
// map to several zones; the caller must then pick the strictest or ask the
// contact. An invalid or unparseable number gives nil rather than every zone
// of its country.
func TimeZones(e164 string) []string {
	if !strings.HasPrefix(e164, "+") || len(e164) > maxInput {
		return nil
	}
	n, err := phonenumbers.Parse(e164, "ZZ")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return nil
	}
	zones, err := phonenumbers.GetTimezonesForNumber(n)
	if err != nil {
		return nil
	}
	var out []string
	for _, z := range zones {
		if z != "" && z != phonenumbers.UNKNOWN_TIMEZONE {
			out = append(out, z)
		}
	}
	return out
}

// bullet replaces each hidden digit in Mask.
const bullet = "•"

// Mask hides the middle of a number for logs and screens: it keeps the
// country code, up to three leading digits of the national number (the area
// code in most plans) and the last four digits, so "+14155550134" becomes
// "+1415•••0134" and "+8613812345678" becomes "+86138••••5678". At least three
// digits are always hidden. Input that is not E.164 is masked too, keeping
// only its last two digits; Mask never returns its input unchanged when that
// input contains more than two digits.
func Mask(e164 string) string {
	var digits strings.Builder
	for _, r := range e164 {
		if r >= '0' && r <= '9' {
			digits.WriteRune(r)
		}
	}
	d := digits.String()
	if !strings.HasPrefix(e164, "+") || len(d) < 8 || len(d) > 15 || len(e164) != len(d)+1 {
		return maskLoose(d)
	}
	cc := countryCodeLen(d)
	national := d[cc:]
	const last, minHidden = 4, 3
	keepHead := min(3, len(national)-last-minHidden)
	if keepHead < 0 {
		keepHead = 0
	}
	keepTail := min(last, len(national)-minHidden)
	if keepTail < 0 {
		keepTail = 0
	}
	hidden := len(national) - keepHead - keepTail
	return "+" + d[:cc] + national[:keepHead] + strings.Repeat(bullet, hidden) + national[len(national)-keepTail:]
}

// countryCodeLen returns the length of the country calling code that digits
// start with (calling codes are prefix-free), or 1 for an unknown code: keep
// one digit and hide more rather than less.
func countryCodeLen(digits string) int {
	codes := phonenumbers.GetSupportedCallingCodes()
	for n := 1; n <= 3 && n < len(digits); n++ {
		if c, err := strconv.Atoi(digits[:n]); err == nil && codes[c] {
			return n
		}
	}
	return 1
}

// maskLoose masks text that is not a well-formed E.164 number.
func maskLoose(digits string) string {
	if len(digits) <= 4 {
		return strings.Repeat(bullet, 3)
	}
	return strings.Repeat(bullet, 3) + digits[len(digits)-2:]
}

// Number is an E.164 number that masks itself wherever it is logged or
// printed with fmt: pass phone.Number(n) to slog or fmt, and use string(n) only
// where the raw digits are needed (dialling, storage).
type Number string

// LogValue implements slog.LogValuer: the number is logged masked.
func (n Number) LogValue() slog.Value { return slog.StringValue(Mask(string(n))) }

// String returns the masked number, so %v and %s never print it raw.
func (n Number) String() string { return Mask(string(n)) }

var _ slog.LogValuer = Number("")
