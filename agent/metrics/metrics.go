// Package metrics writes candor's Prometheus metrics in the text exposition
// format (version 0.0.4), by hand: calls by outcome, guardrail interventions
// by category, a voice-to-voice latency histogram and the calls in progress.
// Counts come from the stored evidence records at scrape time; the number of
// active calls comes from an in-process Gauge.
package metrics

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

// ContentType is the exposition format's media type.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// DefaultBuckets are the voice-to-voice histogram's upper bounds, in seconds.
var DefaultBuckets = []float64{0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10}

// Gauge counts things in progress (active calls). Safe for concurrent use.
type Gauge struct{ n atomic.Int64 }

// Start counts one more and returns the func that counts it done (idempotent).
func (g *Gauge) Start() (done func()) {
	g.n.Add(1)
	var once atomic.Bool
	return func() {
		if once.CompareAndSwap(false, true) {
			g.n.Add(-1)
		}
	}
}

// Value returns the current count.
func (g *Gauge) Value() int64 { return g.n.Load() }

// Histogram is a cumulative histogram of observations.
type Histogram struct {
	Bounds []float64 // upper bounds, ascending (+Inf is implied)
	Counts []uint64  // Counts[i]: observations <= Bounds[i]; not cumulative
	Over   uint64    // observations above the last bound
	Sum    float64
}

// NewHistogram returns an empty histogram with bounds (ascending).
func NewHistogram(bounds []float64) *Histogram {
	return &Histogram{Bounds: bounds, Counts: make([]uint64, len(bounds))}
}

// Observe adds one value; NaN and negative values are ignored.
func (h *Histogram) Observe(v float64) {
	if math.IsNaN(v) || v < 0 || math.IsInf(v, 0) {
		return
	}
	h.Sum += v
	i := sort.SearchFloat64s(h.Bounds, v)
	if i == len(h.Bounds) {
		h.Over++
		return
	}
	h.Counts[i]++
}

// Count is the number of observations.
func (h *Histogram) Count() uint64 {
	n := h.Over
	for _, c := range h.Counts {
		n += c
	}
	return n
}

// Snapshot is everything one scrape exposes.
type Snapshot struct {
	CallsByOutcome    map[string]int64
	EventsByKind      map[string]int64
	BlockedByCategory map[string]int64
	VoiceToVoice      *Histogram // seconds
	ActiveCalls       int64
}

// Write renders s in the text exposition format, families and labels sorted.
func Write(w io.Writer, s Snapshot) error {
	b := bufio.NewWriter(w)
	counter := func(name, help, label string, m map[string]int64) {
		fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s counter\n", name, help, name)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(b, "%s{%s=\"%s\"} %d\n", name, label, escape(k), m[k])
		}
	}
	counter("candor_calls_total", "Calls by outcome (stored evidence records, sandbox calls excluded).", "outcome", s.CallsByOutcome)
	counter("candor_guardrail_events_total", "Guardrail events by kind (blocked, intent, opt_out, dtmf, disclosed).", "kind", s.EventsByKind)
	counter("candor_guardrail_interventions_total", "Agent sentences the output rail blocked, by category.", "category", s.BlockedByCategory)
	fmt.Fprintf(b, "# HELP candor_active_calls Calls in progress in this process.\n# TYPE candor_active_calls gauge\ncandor_active_calls %d\n", s.ActiveCalls)
	h := s.VoiceToVoice
	if h == nil {
		h = NewHistogram(DefaultBuckets)
	}
	const hn = "candor_voice_to_voice_seconds"
	fmt.Fprintf(b, "# HELP %s Time from the callee's end of speech to the agent's first audio, per turn.\n# TYPE %s histogram\n", hn, hn)
	var cum uint64
	for i, ub := range h.Bounds {
		cum += h.Counts[i]
		fmt.Fprintf(b, "%s_bucket{le=\"%s\"} %d\n", hn, formatFloat(ub), cum)
	}
	cum += h.Over
	fmt.Fprintf(b, "%s_bucket{le=\"+Inf\"} %d\n%s_sum %s\n%s_count %d\n", hn, cum, hn, formatFloat(h.Sum), hn, cum)
	return b.Flush()
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// escape escapes a label value: backslash, double quote and newline.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// Querier is what the store source needs of a database (*sql.DB has it).
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// FromCalls fills s's counts and histogram from the calls table of candor's
// store (SQLite or Postgres schema): one pass over the non-sandbox calls.
func FromCalls(ctx context.Context, db Querier, s *Snapshot) error {
	s.CallsByOutcome = map[string]int64{}
	s.EventsByKind = map[string]int64{}
	s.BlockedByCategory = map[string]int64{}
	s.VoiceToVoice = NewHistogram(DefaultBuckets)
	rows, err := db.QueryContext(ctx, `SELECT outcome, events, latencies_ms FROM calls WHERE sandbox = 0`)
	if err != nil {
		return fmt.Errorf("metrics: read calls: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var outcome, events, lat string
		if err := rows.Scan(&outcome, &events, &lat); err != nil {
			return fmt.Errorf("metrics: read calls: %w", err)
		}
		if outcome == "" {
			outcome = "unknown"
		}
		s.CallsByOutcome[outcome]++
		var evs []struct {
			Kind     string `json:"kind"`
			Category string `json:"category"`
		}
		if json.Unmarshal([]byte(events), &evs) == nil {
			for _, e := range evs {
				s.EventsByKind[e.Kind]++
				if e.Kind == "blocked" {
					c := e.Category
					if c == "" {
						c = "unknown"
					}
					s.BlockedByCategory[c]++
				}
			}
		}
		var ms []float64
		if json.Unmarshal([]byte(lat), &ms) == nil {
			for _, v := range ms {
				s.VoiceToVoice.Observe(v / 1000)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("metrics: read calls: %w", err)
	}
	return nil
}

// Handler serves /metrics: the store's counts at scrape time plus Active.
type Handler struct {
	DB     Querier
	Active *Gauge
}

// ServeHTTP writes the exposition; a store failure is a 500 with no body
// details (they go nowhere: the scraper records the failure).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var s Snapshot
	if h.DB != nil {
		if err := FromCalls(r.Context(), h.DB, &s); err != nil {
			http.Error(w, "metrics unavailable", http.StatusInternalServerError)
			return
		}
	}
	if h.Active != nil {
		s.ActiveCalls = h.Active.Value()
	}
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("Cache-Control", "no-store")
	_ = Write(w, s)
}
