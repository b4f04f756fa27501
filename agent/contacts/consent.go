package contacts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"candor/agent/phone"
)

// Consent is one person's recorded agreement to be called.
type Consent struct {
	// Line is the physical line of the file where the record starts.
	Line     int
	Business string
	Number   string // E.164
	Text     string // what the person agreed to
	At       time.Time
	Source   string // where it was given (web form, call ID...)
}

// ConsentSkew is how far after now a consent time may lie (the clocks of the
// systems that recorded it disagree a little); a later one is in the future.
const ConsentSkew = 5 * time.Minute

// latestZone is the zone whose calendar is furthest ahead (UTC+14).
var latestZone = time.FixedZone("UTC+14", 14*3600)

// FutureDate reports whether the calendar date of d (its year, month and
// day as written) is later than today in every zone at now: a date nobody
// on Earth has reached yet.
func FutureDate(d, now time.Time) bool {
	y, m, dd := now.In(latestZone).Date()
	ty, tm, td := d.Date()
	return time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC).After(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC))
}

// ParseConsent reads consent CSV with a header naming the columns number (or
// phone), text, time (RFC 3339 or YYYY-MM-DD), source and optionally
// business (default: business). Rows that cannot be used come back in bad,
// with their line numbers, wrapping ErrConsentRow; a row dated in the future
// at now (a time after now+ConsentSkew, or a date no zone has reached) also
// wraps ErrFutureDate: consent nobody has given yet must not let a number be
// dialled.
func ParseConsent(data []byte, business, region string, now time.Time) ([]Consent, []BadRow, error) {
	r := newRecordReader(bytes.TrimPrefix(data, []byte("\uFEFF")), ',')
	head, _, _, err := r.read()
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "phone" {
			h = "number"
		}
		col[h] = i
	}
	for _, need := range []string{"number", "text", "time", "source"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("header lacks a %q column", need)
		}
	}
	if _, ok := col["business"]; !ok && strings.TrimSpace(business) == "" {
		return nil, nil, fmt.Errorf("no business column: give --business")
	}
	var out []Consent
	var bad []BadRow
	for {
		rec, line, _, err := r.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, ErrQuote) {
			bad = append(bad, BadRow{Line: line, Err: fmt.Errorf("%w: %w", ErrConsentRow, err)})
			continue
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, BadRow{Line: pe.StartLine, Err: fmt.Errorf("%w: %w", ErrConsentRow, pe.Err)})
				continue
			}
			return nil, nil, err
		}
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := Consent{Line: line, Business: get("business"), Text: get("text"), Source: get("source")}
		if c.Business == "" {
			c.Business = business
		}
		if c.Number, err = phone.Normalize(get("number"), region); err != nil {
			bad = append(bad, BadRow{Line: line, Err: fmt.Errorf("%w: number: %w", ErrConsentRow, err)})
			continue
		}
		ts := get("time")
		future := false
		if c.At, err = time.Parse(time.RFC3339, ts); err == nil {
			future = c.At.After(now.Add(ConsentSkew))
		} else if c.At, err = time.Parse(time.DateOnly, ts); err == nil {
			future = FutureDate(c.At, now)
		} else {
			bad = append(bad, BadRow{Line: line, Err: fmt.Errorf("%w: time %q: want RFC 3339 or YYYY-MM-DD", ErrConsentRow, ts)})
			continue
		}
		if future {
			bad = append(bad, BadRow{Line: line, Err: fmt.Errorf("%w: time %q: %w", ErrConsentRow, ts, ErrFutureDate)})
			continue
		}
		if c.Text == "" || c.Source == "" || c.Business == "" {
			bad = append(bad, BadRow{Line: line, Err: fmt.Errorf("%w: text, source and business are required", ErrConsentRow)})
			continue
		}
		out = append(out, c)
	}
	return out, bad, nil
}

// CheckUTF8 refuses a file that is not UTF-8 (a Latin-1 export, say), naming
// its first bad line: importing it would store mangled names, so nothing is
// imported.
func CheckUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			return fmt.Errorf("line %d: %w (Latin-1 or another legacy encoding?): save the file as UTF-8; nothing imported", i+1, ErrNotUTF8)
		}
	}
	return fmt.Errorf("%w; nothing imported", ErrNotUTF8)
}
