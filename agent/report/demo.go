package report

import (
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"
	"time"

	"candor/agent"
	"candor/guardrails"
)

// Demo is what `candor demo --json` prints.
type Demo struct {
	Campaign         string                  `json:"campaign"`
	Contacts         int                     `json:"contacts"`
	BadRows          int                     `json:"bad_rows"`
	Dialed           int                     `json:"dialed"`
	SkippedDNC       int                     `json:"skipped_dnc"`
	Completed        int                     `json:"completed"`
	OptOuts          int                     `json:"opt_outs"`
	Refusals         int                     `json:"refusals"`
	Callbacks        int                     `json:"callbacks"`
	HungUp           int                     `json:"hung_up"`
	NoAnswer         int                     `json:"no_answer"`
	Failed           int                     `json:"failed"`
	Incomplete       int                     `json:"incomplete"`
	DisclosuresFull  int                     `json:"disclosures_played"`
	ClaimsBlocked    int                     `json:"claims_blocked"`
	Interventions    map[string]int          `json:"interventions"`
	AnswersCollected int                     `json:"answers_collected"`
	Mode             string                  `json:"mode"`
	BargeIns         int                     `json:"barge_ins"`
	VoiceToVoiceMS   *Percentiles            `json:"voice_to_voice_ms,omitempty"`
	StagesMS         map[string]*Percentiles `json:"latency_stages_ms,omitempty"`
	latency          []agent.TurnLatency
	Database         string `json:"database"`
	ElapsedMS        int64  `json:"elapsed_ms"`
}

// Add counts one call.
func (s *Demo) Add(rec *agent.CallRecord) {
	if rec.Outcome == agent.OutcomeSkippedDNC {
		s.SkippedDNC++
		return
	}
	s.Dialed++
	switch rec.Outcome {
	case agent.OutcomeCompleted:
		s.Completed++
	case agent.OutcomeOptOut:
		s.OptOuts++
	case agent.OutcomeRefused:
		s.Refusals++
	case agent.OutcomeCallback:
		s.Callbacks++
	case agent.OutcomeHungUp:
		s.HungUp++
	case agent.OutcomeNoAnswer:
		s.NoAnswer++
	case agent.OutcomeIncomplete:
		s.Incomplete++
	default:
		s.Failed++
	}
	if rec.DisclosureComplete {
		s.DisclosuresFull++
	}
	for _, ev := range rec.Events {
		switch ev.Kind {
		case guardrails.EventBlocked:
			s.ClaimsBlocked++
			s.Interventions[string(ev.Category)]++
		case guardrails.EventIntent:
			s.Interventions[string(ev.Intent)]++
		}
	}
	s.AnswersCollected += len(rec.Answers)
	s.BargeIns += rec.BargeIns
	s.latency = append(s.latency, rec.Latency...)
}

// Percentiles summarises a set of latencies.
type Percentiles struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// PercentilesOf summarises xs (sorted in place); nil for none.
func PercentilesOf(xs []float64) *Percentiles {
	if len(xs) == 0 {
		return nil
	}
	sort.Float64s(xs)
	at := func(q float64) float64 { return xs[min(int(q*float64(len(xs))), len(xs)-1)] }
	return &Percentiles{N: len(xs), P50: at(0.5), P95: at(0.95)}
}

// Finish fills the voice-to-voice figures (audio mode only: in text mode
// there is no audio to time).
func (s *Demo) Finish() {
	if s.Mode != "audio" || len(s.latency) == 0 {
		return
	}
	pick := func(f func(agent.TurnLatency) float64) *Percentiles {
		xs := make([]float64, len(s.latency))
		for i, l := range s.latency {
			xs[i] = f(l)
		}
		return PercentilesOf(xs)
	}
	s.VoiceToVoiceMS = pick(func(l agent.TurnLatency) float64 { return l.VoiceToVoice })
	s.StagesMS = map[string]*Percentiles{
		"endpointing": pick(func(l agent.TurnLatency) float64 { return l.Endpointing }),
		"recognizer":  pick(func(l agent.TurnLatency) float64 { return l.Recognizer }),
		"responder":   pick(func(l agent.TurnLatency) float64 { return l.Responder }),
		"synthesizer": pick(func(l agent.TurnLatency) float64 { return l.Synthesizer }),
		"overhead":    pick(func(l agent.TurnLatency) float64 { return l.Overhead }),
	}
}

// WriteTable prints the summary as a table.
func (s *Demo) WriteTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "campaign\t%s\n", s.Campaign)
	rows := []struct {
		k string
		v int
	}{
		{"contacts", s.Contacts}, {"dialed", s.Dialed}, {"skipped (do-not-call)", s.SkippedDNC},
		{"completed surveys", s.Completed}, {"opt-outs", s.OptOuts}, {"refusals", s.Refusals},
		{"callbacks requested", s.Callbacks}, {"hung up", s.HungUp}, {"no answer", s.NoAnswer},
		{"incomplete", s.Incomplete}, {"failed", s.Failed}, {"disclosures played in full", s.DisclosuresFull},
		{"claims blocked", s.ClaimsBlocked}, {"survey answers", s.AnswersCollected},
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\n", r.k, r.v)
	}
	fmt.Fprintf(tw, "barge-ins\t%d\n", s.BargeIns)
	if v := s.VoiceToVoiceMS; v != nil {
		fmt.Fprintf(tw, "voice-to-voice (ms)\tp50 %.0f  p95 %.0f  (%d turns)\n", v.P50, v.P95, v.N)
		for _, k := range []string{"endpointing", "recognizer", "responder", "synthesizer", "overhead"} {
			if p := s.StagesMS[k]; p != nil {
				fmt.Fprintf(tw, "  %s\tp50 %.1f  p95 %.1f\n", k, p.P50, p.P95)
			}
		}
	}
	fmt.Fprintf(tw, "database\t%s\n", s.Database)
	tw.Flush()
}

// Progress shows a demo's live line on a terminal, or a line per 25% elsewhere.
type Progress struct {
	w      io.Writer
	total  int
	n      int
	tty    bool
	start  time.Time
	marked int
}

// NewProgress shows the progress of total calls on w.
func NewProgress(w io.Writer, total int) *Progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &Progress{w: w, total: total, tty: tty, start: time.Now()}
}

func (p *Progress) line(s *Demo) string {
	return fmt.Sprintf("calls %d/%d  completed %d  opted out %d  refused %d  callbacks %d  skipped (dnc) %d  %.1fs",
		p.n, p.total, s.Completed, s.OptOuts, s.Refusals, s.Callbacks, s.SkippedDNC, time.Since(p.start).Seconds())
}

// Update counts one more call.
func (p *Progress) Update(s *Demo) {
	p.n++
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", p.line(s))
		return
	}
	if p.total > 0 && p.n*4/p.total > p.marked {
		p.marked = p.n * 4 / p.total
		fmt.Fprintln(p.w, p.line(s))
	}
}

// Done ends the live line.
func (p *Progress) Done(s *Demo) {
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s\n", p.line(s))
	}
}
