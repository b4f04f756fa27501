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
	Business string
	Number   string // E.164
	Text     string // what the person agreed to
	At       time.Time
	Source   string // where it was given (web form, call ID...)
}

// ParseConsent reads consent CSV with a header naming the columns number (or
// phone), text, time (RFC 3339 or YYYY-MM-DD), source and optionally
// business (default: business). Rows that cannot be used come back in bad,
// with their line numbers, wrapping ErrConsentRow.
func ParseConsent(data []byte, business, region string) ([]Consent, []BadRow, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	head, err := r.Read()
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
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, BadRow{Line: pe.StartLine, Err: fmt.Errorf("%w: %w", ErrConsentRow, pe.Err)})
				continue
			}
			return nil, nil, err
		}
		line, _ := r.FieldPos(0) // only a record read has positions
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := Consent{Business: get("business"), Text: get("text"), Source: get("source")}
		if c.Business == "" {
			c.Business = business
		}
		if c.Number, err = phone.Normalize(get("number"), region); err != nil {
			bad = append(bad, BadRow{Line: line, Err: fmt.Errorf("%w: number: %w", ErrConsentRow, err)})
			continue
		}
		ts := get("time")
		if c.At, err = time.Parse(time.RFC3339, ts); err != nil {
			if c.At, err = time.Parse(time.DateOnly, ts); err != nil {
				bad = append(bad, BadRow{Line: line, Err: fmt.Errorf("%w: time %q: want RFC 3339 or YYYY-MM-DD", ErrConsentRow, ts)})
				continue
			}
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
