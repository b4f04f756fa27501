package report

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"candor/agent/dialer"
)

// DialProgress prints a dial run's live progress line.
type DialProgress struct {
	w     io.Writer
	total int
	start time.Time
	tty   bool

	mu   sync.Mutex
	last time.Time
}

// NewDialProgress shows the progress of total contacts, dialled since start, on w.
func NewDialProgress(w io.Writer, total int, start time.Time) *DialProgress {
	p := &DialProgress{w: w, total: total, start: start}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// DialLine is the progress line of s: total contacts, elapsed time so far.
func DialLine(s dialer.Stats, total int, elapsed time.Duration) string {
	var skipped []string
	keys := make([]string, 0, len(s.Skipped))
	for k := range s.Skipped {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		skipped = append(skipped, fmt.Sprintf("%s %d", k, s.Skipped[k]))
	}
	eta := "?"
	if done := s.Completed + s.OptedOut + s.Refused; done > 0 && total > done {
		eta = (elapsed / time.Duration(done) * time.Duration(total-done)).Round(time.Second).String()
	} else if total <= done {
		eta = "0s"
	}
	return fmt.Sprintf("dialled %d  completed %d  opted out %d  refused %d  callbacks %d  no answer %d  skipped [%s]  ETA %s",
		s.Dialled, s.Completed, s.OptedOut, s.Refused, s.Callbacks, s.NoAnswer, strings.Join(skipped, ", "), eta)
}

// Update shows s (at most once a second off a terminal).
func (p *DialProgress) Update(s dialer.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", DialLine(s, p.total, time.Since(p.start)))
		return
	}
	if time.Since(p.last) >= time.Second {
		p.last = time.Now()
		fmt.Fprintln(p.w, DialLine(s, p.total, time.Since(p.start)))
	}
}

// Done shows the final s.
func (p *DialProgress) Done(s dialer.Stats) {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintln(p.w, DialLine(s, p.total, time.Since(p.start)))
}
