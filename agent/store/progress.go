package store

import "time"

// Progress is where a campaign's dial queue stands: every job (a contact or
// a callback) is in exactly one of Queued, Waiting, Later, InFlight, Done
// or Skipped.
type Progress struct {
	Total int
	// Queued jobs are due now; Waiting ones wait for the callee's calling
	// window to open; Later ones are retries or callbacks due later.
	Queued, Waiting, Later int
	// InFlight jobs are leased by a worker (a call is being placed).
	InFlight int
	// Done jobs ended with a call; Skipped ones were never dialled, by reason.
	Done    int
	Skipped map[string]int
	// FirstAt is the first attempt's time and LastAt the last settled job's
	// (zero when none): the run's pace so far.
	FirstAt, LastAt time.Time
}

// Finished is the jobs that will not be dialled again.
func (p Progress) Finished() int {
	n := p.Done
	for _, k := range p.Skipped {
		n += k
	}
	return n
}
