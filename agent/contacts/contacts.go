// Package contacts reads a campaign's contact list from CSV: it finds the
// recognised columns by name, normalises every phone number to E.164,
// validates stated time zones, and reports the rows it cannot import with
// their physical line numbers, so that a user can fix the file and try again.
// A row that cannot be imported never stops the rest of the file.
package contacts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"candor/agent/phone"
)

// MaxInput is the largest contact file Parse accepts, in bytes.
const MaxInput = 64 << 20

// inputLimit is MaxInput, lowered by tests.
var inputLimit = MaxInput

// maxRaw bounds BadRow.Raw, so that a runaway quoted field is not copied whole.
const maxRaw = 256

// Contact is one person to call.
type Contact struct {
	// Line is the physical line of the file where the row starts (1 is the header, if it comes first).
	Line int
	// Phone is the number in E.164 form.
	Phone string
	Name  string
	// TimeZone is the IANA zone stated in the file; empty when the file has
	// none, in which case the dialer derives it from the number.
	TimeZone string
	// ConsentRef points to the contact's consent record, if any.
	ConsentRef string
	// Fields holds every other column by its normalised header name (for
	// example "persona"); nil when the file has no other columns.
	Fields map[string]string
}

// BadRow is a row that was not imported.
type BadRow struct {
	Line int
	// Raw is the row's text as found in the file (cut at 256 bytes). It holds
	// personal data: show it to the importing user, never log it.
	Raw string
	Err error
}

// Result is what Parse found.
type Result struct {
	// Header is the normalised column names, in file order.
	Header   []string
	Contacts []Contact
	Bad      []BadRow
}

// Column roles; any other header goes to Contact.Fields.
const (
	rolePhone = "phone"
	roleName  = "name"
	roleTZ    = "time_zone"
	roleConst = "consent_ref"
)

var aliases = map[string]string{
	"phone": rolePhone, "number": rolePhone, "phone_number": rolePhone, "tel": rolePhone,
	"name":      roleName,
	"time_zone": roleTZ, "timezone": roleTZ, "tz": roleTZ,
	"consent_ref": roleConst, "consent": roleConst,
}

// Parse reads a CSV contact list. The first non-blank row is the header; it
// must name a phone column (phone, number, phone_number or tel) and may name
// name, time_zone (timezone, tz) and consent_ref (consent) columns, in any
// order and case; other columns are kept in Contact.Fields. Numbers without a
// country code are read in defaultRegion ("US", "GB", "CN"...).
//
// Parse accepts a UTF-8 byte order mark, CRLF or LF line endings, quoted
// fields (with commas and line breaks inside) and comma, semicolon or tab
// delimiters (guessed from the header). Blank lines are skipped. Rows with the
// wrong number of fields, CSV syntax errors, missing or invalid numbers,
// unknown time zones and numbers seen on an earlier line are returned in
// Result.Bad with their line numbers. The error is non-nil only when the file
// as a whole cannot be used.
func Parse(r io.Reader, defaultRegion string) (*Result, error) {
	if err := phone.CheckRegion(defaultRegion); err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(inputLimit)+1))
	if err != nil {
		return nil, fmt.Errorf("contacts: read: %w", err)
	}
	if len(data) > inputLimit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, inputLimit)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))

	rr := newRecordReader(data, guessDelimiter(data))

	p := &parser{region: defaultRegion, seen: map[string]int{}, zones: map[string]error{}}
	if err := p.readHeader(rr); err != nil {
		return nil, err
	}
	res := &Result{Header: p.header}
	for {
		rec, line, raw, err := rr.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, ErrQuote) {
			res.Bad = append(res.Bad, BadRow{Line: line, Raw: rawText(raw), Err: fmt.Errorf("%w: %w", ErrSyntax, err)})
			continue
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) || len(raw) == 0 {
				return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
			}
			res.Bad = append(res.Bad, BadRow{Line: pe.StartLine, Raw: rawText(raw), Err: fmt.Errorf("%w: %w", ErrSyntax, pe.Err)})
			continue
		}
		if blank(rec) {
			continue
		}
		c, err := p.row(rec, line)
		if err != nil {
			res.Bad = append(res.Bad, BadRow{Line: line, Raw: rawText(raw), Err: err})
			continue
		}
		res.Contacts = append(res.Contacts, c)
	}
	return res, nil
}

type parser struct {
	region string
	header []string
	roles  map[string]int // role -> column index
	extra  []int          // columns that go to Fields
	seen   map[string]int // E.164 -> first line
	zones  map[string]error
}

func (p *parser) readHeader(rr *recordReader) error {
	for {
		rec, _, _, err := rr.read()
		if errors.Is(err, io.EOF) {
			return ErrNoHeader
		}
		if err != nil {
			return fmt.Errorf("%w: header: %w", ErrMalformed, err)
		}
		if blank(rec) {
			continue
		}
		p.header = make([]string, len(rec))
		p.roles = map[string]int{}
		names := map[string]int{}
		for i, h := range rec {
			name := normaliseHeader(h)
			if name == "" {
				name = "column_" + strconv.Itoa(i+1)
			}
			p.header[i] = name
			if j, dup := names[name]; dup {
				return fmt.Errorf("%w: %q (columns %d and %d)", ErrDuplicateColumn, name, j+1, i+1)
			}
			names[name] = i
			role, ok := aliases[name]
			if !ok {
				p.extra = append(p.extra, i)
				continue
			}
			if j, dup := p.roles[role]; dup {
				return fmt.Errorf("%w: %q and %q both mean %s", ErrDuplicateColumn, p.header[j], name, role)
			}
			p.roles[role] = i
		}
		if _, ok := p.roles[rolePhone]; !ok {
			return fmt.Errorf("%w: header is %s", ErrNoPhoneColumn, describeHeader(rec))
		}
		return nil
	}
}

// describeHeader names a header row for an error message, unless it looks like
// a contact (a file without a header), whose number must not reach a log.
func describeHeader(rec []string) string {
	for _, h := range rec {
		if countDigits(h) >= 7 {
			return fmt.Sprintf("a row of %d fields that looks like a contact, not a header", len(rec))
		}
	}
	s := strconv.Quote(strings.Join(rec, ","))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

func (p *parser) row(rec []string, line int) (Contact, error) {
	if len(rec) != len(p.header) {
		return Contact{}, fmt.Errorf("%w: got %d, want %d", ErrColumnCount, len(rec), len(p.header))
	}
	e164, err := phone.Normalize(rec[p.roles[rolePhone]], p.region)
	if err != nil {
		return Contact{}, fmt.Errorf("%w: %w", ErrPhone, err)
	}
	if first, dup := p.seen[e164]; dup {
		return Contact{}, fmt.Errorf("%w: duplicate of line %d", ErrDuplicate, first)
	}
	c := Contact{Line: line, Phone: e164}
	if i, ok := p.roles[roleName]; ok {
		c.Name = strings.TrimSpace(rec[i])
	}
	if i, ok := p.roles[roleConst]; ok {
		c.ConsentRef = strings.TrimSpace(rec[i])
	}
	if i, ok := p.roles[roleTZ]; ok {
		c.TimeZone = strings.TrimSpace(rec[i])
		if err := p.checkZone(c.TimeZone); err != nil {
			return Contact{}, err
		}
	}
	if len(p.extra) > 0 {
		c.Fields = make(map[string]string, len(p.extra))
		for _, i := range p.extra {
			c.Fields[p.header[i]] = strings.TrimSpace(rec[i])
		}
	}
	p.seen[e164] = line
	return c, nil
}

// checkZone validates a stated IANA zone name ("" means none was stated).
func (p *parser) checkZone(tz string) error {
	if tz == "" {
		return nil
	}
	err, done := p.zones[tz]
	if !done {
		if strings.EqualFold(tz, "local") {
			err = fmt.Errorf("%w: %q is the server's zone, not the contact's", ErrTimeZone, tz)
		} else if _, lerr := time.LoadLocation(tz); lerr != nil {
			err = fmt.Errorf("%w: %q", ErrTimeZone, tz)
		}
		p.zones[tz] = err
	}
	return err
}

func normaliseHeader(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, h)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// guessDelimiter picks comma, semicolon or tab, whichever the first non-blank
// line holds most of; comma on a tie.
func guessDelimiter(data []byte) rune {
	var line []byte
	for rest := data; len(rest) > 0; {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimSpace(l)) > 0 {
			line = l
			break
		}
	}
	best, n := ',', bytes.Count(line, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if c := bytes.Count(line, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

// rawText is a row's text without the line breaks around it, cut to maxRaw bytes.
func rawText(b []byte) string {
	b = bytes.Trim(b, "\r\n")
	if len(b) > maxRaw {
		n := maxRaw
		for n > maxRaw-utf8.UTFMax && !utf8.RuneStart(b[n]) {
			n-- // do not cut a character in two
		}
		return string(b[:n]) + "..."
	}
	return string(b)
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}
