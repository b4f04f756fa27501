package dialer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"candor/agent/contacts"
	"candor/agent/phone"
)

// MaxRegistryLine is the longest registry line read; longer lines are bad lines.
const MaxRegistryLine = 4096

// BadLine is a registry line that holds no usable number.
type BadLine struct {
	Line int
	Err  error
}

// ParseRegistry reads a national do-not-call registry extract: one number a
// line, or CSV whose first field holding digits is the number (a header row
// and blank or # comment lines are skipped). Numbers without a country code
// are read in region ("US"). It returns the numbers in E.164 without
// repeats, and the lines it could not use; err is non-nil only when the input
// cannot be read, or when a line is dated in the future at now (a field
// after the number holding a YYYY-MM-DD date or RFC 3339 time no zone has
// reached): that error wraps ErrRegistryFuture, names the line, and the
// whole extract is refused, since it cannot be trusted for freshness.
func ParseRegistry(r io.Reader, region string, now time.Time) (numbers []string, bad []BadLine, err error) {
	if err := phone.CheckRegion(region); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrRegistry, err)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	seen := map[string]bool{}
	for line := 1; ; line++ {
		text, tooLong, rerr := readLine(br)
		if rerr != nil && rerr != io.EOF {
			return nil, nil, fmt.Errorf("%w: line %d: %w", ErrRegistry, line, rerr)
		}
		if rerr == io.EOF && text == nil && !tooLong {
			break
		}
		if tooLong {
			bad = append(bad, BadLine{line, fmt.Errorf("%w: line longer than %d bytes", ErrRegistryLine, MaxRegistryLine)})
		} else if d, future := registryDate(text, now); future {
			return nil, nil, fmt.Errorf("%w: line %d: %s: nothing imported", ErrRegistryFuture, line, d)
		} else if n, ok, lerr := registryNumber(text, line, region); lerr != nil {
			bad = append(bad, BadLine{line, lerr})
		} else if ok && !seen[n] {
			seen[n] = true
			numbers = append(numbers, n)
		}
		if rerr == io.EOF {
			break
		}
	}
	return numbers, bad, nil
}

// readLine reads one line without its end; tooLong reports a line cut at
// MaxRegistryLine (the rest is discarded).
func readLine(br *bufio.Reader) (text []byte, tooLong bool, err error) {
	var buf []byte
	for {
		part, isPrefix, err := br.ReadLine()
		if err != nil {
			if buf != nil || tooLong {
				return buf, tooLong, nil
			}
			return nil, false, err
		}
		if !tooLong {
			buf = append(buf, part...)
			if len(buf) > MaxRegistryLine {
				buf, tooLong = nil, true
			}
		}
		if buf == nil && !tooLong {
			buf = []byte{}
		}
		if !isPrefix {
			return buf, tooLong, nil
		}
	}
}

// registryFields splits a registry line into its fields.
func registryFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\t' || r == '|' })
}

// registryDate finds a field of the line holding a date (YYYY-MM-DD) or
// time (RFC 3339) in the future at now; it returns that field.
func registryDate(text []byte, now time.Time) (string, bool) {
	if !bytes.ContainsAny(text, "-") {
		return "", false // no date: the common, fast case
	}
	for _, f := range registryFields(string(text)) {
		f = strings.Trim(strings.TrimSpace(f), `"`)
		if d, err := time.Parse(time.DateOnly, f); err == nil && contacts.FutureDate(d, now) {
			return f, true
		}
		if t, err := time.Parse(time.RFC3339, f); err == nil && t.After(now.Add(contacts.ConsentSkew)) {
			return f, true
		}
	}
	return "", false
}

func registryNumber(text []byte, line int, region string) (string, bool, error) {
	if line == 1 {
		text = bytes.TrimPrefix(text, []byte("\uFEFF"))
	}
	s := strings.TrimSpace(string(text))
	if s == "" || strings.HasPrefix(s, "#") {
		return "", false, nil
	}
	if !utf8.ValidString(s) {
		return "", false, fmt.Errorf("%w: not UTF-8 text", ErrRegistryLine)
	}
	field := ""
	for _, f := range registryFields(s) {
		f = strings.Trim(strings.TrimSpace(f), `"`)
		if strings.ContainsAny(f, "0123456789") {
			field = f
			break
		}
	}
	if field == "" {
		if line == 1 {
			return "", false, nil // a header
		}
		return "", false, fmt.Errorf("%w: no number on the line", ErrRegistryLine)
	}
	n, err := phone.Normalize(field, region)
	if err != nil {
		return "", false, fmt.Errorf("%w: %w", ErrRegistryLine, err)
	}
	return n, true, nil
}
