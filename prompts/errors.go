package prompts

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors.
var (
	// ErrUnknownExample is returned by Example for a name that is not embedded.
	ErrUnknownExample = errors.New("unknown example campaign")
	// ErrNotFound is returned by ResolveFS (and NotFound) when the argument
	// is neither an embedded example nor an existing file.
	ErrNotFound = errors.New("no such example campaign or file")
	// ErrTooLarge is returned for a campaign file over MaxFileSize.
	ErrTooLarge = errors.New("campaign file too large")
	// ErrVoicemailNoOptOut: a voicemail message does not say how to opt out.
	ErrVoicemailNoOptOut = errors.New("does not say how to opt out")
	// ErrConfirmOptOut: lines.confirm_opt_out is not a yes/no question in the
	// campaign's language asking whether to stop calling.
	ErrConfirmOptOut = errors.New("not a yes/no question about stopping the calls")
	// ErrBusinessID: business.id is not in normal form (see BusinessID).
	ErrBusinessID = errors.New("not a business id")
	// ErrUnknownBusiness: a business named on the command line is none of
	// the known campaigns' businesses (ResolveBusiness).
	ErrUnknownBusiness = errors.New("unknown business")
	// ErrAmbiguousBusiness: a name matches the businesses of several ids.
	ErrAmbiguousBusiness = errors.New("ambiguous business")
	// ErrOptOutPlacement: the disclosure lacks the opt-out instruction or
	// does not say it directly after the identification sentence.
	ErrOptOutPlacement = errors.New("opt-out instruction not directly after the identification")
)

// Error is one problem found in a campaign file. Line and Col are 1-based and
// point at the offending value; they are 0 for problems of the whole file
// (empty, too large).
type Error struct {
	File  string
	Line  int
	Col   int
	Field string // dotted path: "lines.safe_fallback", "survey[2].type"; empty for syntax errors
	Msg   string
	// Err is an underlying sentinel, when there is one (for errors.Is), such as
	// guardrails.ErrDisclosureNoAI.
	Err error
}

// Error renders "file:line:col: field: message", leaving out the parts that
// are unknown (a YAML syntax error has a line but no column; a file-level
// problem has neither).
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying sentinel, if any.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is every problem found in one campaign file, sorted by position.
type ErrorList []*Error

// Error renders one problem per line.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap lets errors.Is and errors.As look at every entry.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// sort orders the list by line, column, field and message.
func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		return a.Msg < b.Msg
	})
}
