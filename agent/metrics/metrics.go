// Package metrics serves candor's Prometheus metrics through the Prometheus
// client library (its registry, histogram buckets and exposition, with the
// Go runtime and process collectors): calls by outcome, guardrail
// interventions by category, a voice-to-voice latency histogram and the
// calls in progress. Counts come from the stored evidence records at scrape
// time; the number of active calls comes from an in-process Gauge.
package metrics

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// ContentType is the media type of the text exposition format (version
// 0.0.4) that Write produces and /metrics serves to scrapers that ask for
// nothing else (adding the name-escaping parameter it negotiated).
const ContentType = string(expfmt.FmtText)

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

// Snapshot is what one scrape reads from the store.
type Snapshot struct {
	CallsByOutcome    map[string]int64
	EventsByKind      map[string]int64
	BlockedByCategory map[string]int64
	// VoiceToVoice holds one latency per agent turn, in seconds; NaN,
	// infinite and negative values are left out of the histogram.
	VoiceToVoice []float64
	ActiveCalls  int64
}

// The metric families; names, help and labels are the exposition's contract.
var (
	callsDesc = prometheus.NewDesc("candor_calls_total",
		"Calls by outcome (stored evidence records, sandbox calls excluded).", []string{"outcome"}, nil)
	eventsDesc = prometheus.NewDesc("candor_guardrail_events_total",
		"Guardrail events by kind (blocked, intent, opt_out, dtmf, disclosed).", []string{"kind"}, nil)
	blockedDesc = prometheus.NewDesc("candor_guardrail_interventions_total",
		"Agent sentences the output rail blocked, by category.", []string{"category"}, nil)
	activeOpts = prometheus.GaugeOpts{Name: "candor_active_calls", Help: "Calls in progress in this process."}
)

func voiceToVoice() prometheus.Histogram {
	return prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "candor_voice_to_voice_seconds",
		Help:    "Time from the callee's end of speech to the agent's first audio, per turn.",
		Buckets: DefaultBuckets,
	})
}

// snapshotCollector exposes the counts and latencies of the Snapshot that
// read returns at each collection; a read error fails the gathering.
type snapshotCollector struct {
	read func() (Snapshot, error)
}

var _ prometheus.Collector = (*snapshotCollector)(nil)

func (c *snapshotCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- callsDesc
	ch <- eventsDesc
	ch <- blockedDesc
	ch <- voiceToVoice().Desc()
}

func (c *snapshotCollector) Collect(ch chan<- prometheus.Metric) {
	s, err := c.read()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(callsDesc, err)
		return
	}
	for desc, m := range map[*prometheus.Desc]map[string]int64{callsDesc: s.CallsByOutcome, eventsDesc: s.EventsByKind, blockedDesc: s.BlockedByCategory} {
		for label, n := range m {
			ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, float64(n), label)
		}
	}
	h := voiceToVoice()
	for _, v := range s.VoiceToVoice {
		if !math.IsNaN(v) && !math.IsInf(v, 0) && v >= 0 {
			h.Observe(v)
		}
	}
	ch <- h
}

// Write renders s in the text exposition format, families and labels sorted.
func Write(w io.Writer, s Snapshot) error {
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(&snapshotCollector{read: func() (Snapshot, error) { return s, nil }})
	reg.MustRegister(prometheus.NewGaugeFunc(activeOpts, func() float64 { return float64(s.ActiveCalls) }))
	mfs, err := reg.Gather()
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	enc := expfmt.NewEncoder(w, expfmt.FmtText)
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}
	return nil
}

// Querier is what the store source needs of a database (*sql.DB has it).
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// FromCalls fills s's counts and latencies from the calls table of candor's
// store (SQLite or Postgres schema): one pass over the non-sandbox calls.
func FromCalls(ctx context.Context, db Querier, s *Snapshot) error {
	s.CallsByOutcome = map[string]int64{}
	s.EventsByKind = map[string]int64{}
	s.BlockedByCategory = map[string]int64{}
	s.VoiceToVoice = nil
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
				s.VoiceToVoice = append(s.VoiceToVoice, v/1000)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("metrics: read calls: %w", err)
	}
	return nil
}

// errUnavailable is what a scraper is told when the store cannot be read;
// the cause stays in the process.
var errUnavailable = errors.New("metrics unavailable")

// Handler serves /metrics: the store's counts at scrape time, Active, and
// the Go runtime and process collectors, from one registry per Handler.
type Handler struct {
	DB     Querier
	Active *Gauge

	once sync.Once
	reg  *prometheus.Registry
	http http.Handler
}

// Registry returns the handler's registry, for other collectors to join.
func (h *Handler) Registry() *prometheus.Registry {
	h.once.Do(h.init)
	return h.reg
}

func (h *Handler) init() {
	h.reg = prometheus.NewRegistry()
	h.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	h.reg.MustRegister(prometheus.NewGaugeFunc(activeOpts, func() float64 {
		if h.Active == nil {
			return 0
		}
		return float64(h.Active.Value())
	}))
	h.reg.MustRegister(&snapshotCollector{read: h.read})
	// A store failure is a 500 whose body names no detail of it.
	gather := prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		mfs, err := h.reg.Gather()
		if err != nil {
			return nil, errUnavailable
		}
		return mfs, nil
	})
	h.http = promhttp.HandlerFor(gather, promhttp.HandlerOpts{ErrorHandling: promhttp.HTTPErrorOnError})
}

// read reads the store (nothing when DB is nil).
func (h *Handler) read() (Snapshot, error) {
	var s Snapshot
	if h.DB == nil {
		return s, nil
	}
	err := FromCalls(context.Background(), h.DB, &s)
	return s, err
}

// ServeHTTP serves GET and HEAD with the registry's exposition, in the
// format the scraper negotiates (the text format by default).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h.once.Do(h.init)
	w.Header().Set("Cache-Control", "no-store")
	h.http.ServeHTTP(w, r)
}
