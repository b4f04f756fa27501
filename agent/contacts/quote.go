package contacts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// ErrQuote: a quote opens a field and is never closed, or is closed only
// after lines that look like rows of their own (a continuation line holding
// the delimiter and a run of 7 or more digits, a phone number). Such a
// quote is taken for an unterminated one: the error names the line and
// column where it opens, and the lines after it are read as rows of their
// own instead of being swallowed into the field. A quoted note that runs
// over lines of plain text is still one field.
var ErrQuote = errors.New("unterminated quote")

// recordReader reads CSV records from data like csv.Reader, with line
// numbers counted in the whole of data, and refuses records with a quoted
// field spanning lines (ErrQuote).
type recordReader struct {
	data  []byte
	comma rune
	pos   int // offset in data where cr starts
	line0 int // lines of data before pos
	cr    *csv.Reader
}

func newRecordReader(data []byte, comma rune) *recordReader {
	r := &recordReader{data: data, comma: comma}
	r.restart(0)
	return r
}

// restart reads on from offset pos, the start of a line.
func (r *recordReader) restart(pos int) {
	r.line0 += bytes.Count(r.data[r.pos:pos], []byte{'\n'})
	r.pos = pos
	r.cr = csv.NewReader(bytes.NewReader(r.data[pos:]))
	r.cr.Comma = r.comma
	r.cr.FieldsPerRecord = -1 // counts are checked by the callers, per row
}

// read returns the next record, the line it starts on and its raw text; at
// the end of data it returns io.EOF. A syntax error is a *csv.ParseError
// with lines counted in data. A record with an unterminated quote gives an error wrapping ErrQuote, the line of the quote and
// that line's raw text; reading resumes on the line after it.
func (r *recordReader) read() (rec []string, line int, raw []byte, err error) {
	start := r.pos + int(r.cr.InputOffset())
	rec, err = r.cr.Read()
	end := r.pos + int(r.cr.InputOffset())
	if errors.Is(err, io.EOF) {
		return nil, 0, nil, io.EOF
	}
	raw = r.data[start:end]
	var pe *csv.ParseError
	if err != nil && !errors.As(err, &pe) {
		return nil, 0, raw, err
	}
	if q := openQuote(raw, r.comma); q >= 0 {
		at := start + q
		qline := r.line0 + 1 + bytes.Count(r.data[r.pos:at], []byte{'\n'})
		lineStart := bytes.LastIndexByte(r.data[:at], '\n') + 1
		col := utf8.RuneCount(r.data[lineStart:at]) + 1
		lineEnd := len(r.data)
		if i := bytes.IndexByte(r.data[at:], '\n'); i >= 0 {
			lineEnd = at + i + 1
		}
		r.restart(lineEnd)
		return nil, qline, r.data[lineStart:lineEnd],
			fmt.Errorf("%w: the quote at line %d, column %d is not closed on its line", ErrQuote, qline, col)
	}
	if pe != nil {
		pe.StartLine += r.line0
		pe.Line += r.line0
		return nil, pe.StartLine, raw, pe
	}
	line, _ = r.cr.FieldPos(0)
	return rec, line + r.line0, raw, nil
}

// openQuote returns the offset in raw of the opening quote of the first
// quoted field that is never closed or swallows rows (see ErrQuote); -1
// when there is none.
func openQuote(raw []byte, comma rune) int {
	sep := []byte(string(comma))
	fieldStart := true
	for i := 0; i < len(raw); {
		if fieldStart && raw[i] == '"' {
			j := i + 1
			for ; j < len(raw); j++ {
				if raw[j] == '"' {
					if j+1 < len(raw) && raw[j+1] == '"' {
						j++
						continue
					}
					break
				}
			}
			if j >= len(raw) || swallowsRows(raw[i+1:j], sep) {
				return i
			}
			i, fieldStart = j+1, false
			continue
		}
		switch {
		case bytes.HasPrefix(raw[i:], sep):
			i, fieldStart = i+len(sep), true
		case raw[i] == '\n':
			i, fieldStart = i+1, true
		default:
			i, fieldStart = i+1, false
		}
	}
	return -1
}

// swallowsRows reports whether a quoted field's text has a continuation line
// that looks like a row: the delimiter and a run of 7 or more digits.
func swallowsRows(field, sep []byte) bool {
	lines := bytes.Split(field, []byte{'\n'})
	for _, l := range lines[1:] {
		if !bytes.Contains(l, sep) {
			continue
		}
		run := 0
		for _, c := range l {
			if c >= '0' && c <= '9' {
				if run++; run >= 7 {
					return true
				}
			} else if c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' {
				run = 0
			}
		}
	}
	return false
}
