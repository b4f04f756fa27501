// Package metrics serves candor's Prometheus metrics through the Prometheus
// client library (its registry, histogram buckets and exposition, with the
// Go runtime and process collectors): calls by campaign and outcome, answered
// calls, the campaign rates, numbers not dialled by reason, guardrail
// interventions by category, a voice-to-voice latency histogram and the
// calls in progress. The figures are report.Compute's, read from the store
// at scrape time (the dashboard and `candor report` show the same); the
// number of active calls comes from an in-process Gauge.
package metrics

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"candor/agent/report"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
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

// Snapshot is what one scrape reads from the store: every production
// campaign's figures (report.Compute, as the dashboard and `candor report`
// show them) and the calls in progress.
type Snapshot struct {
	Campaigns   []report.Campaign
	ActiveCalls int64
}

// The metric families; names, help and labels are the exposition's contract.
var (
	callsDesc = prometheus.NewDesc("candor_calls_total",
		"Calls placed, by campaign and outcome (sandbox calls never counted; numbers not dialled are in candor_skipped_numbers_total).",
		[]string{"campaign", "outcome"}, nil)
	answeredDesc = prometheus.NewDesc("candor_answered_calls_total",
		"Calls placed that were answered, by campaign (the denominator of candor_campaign_rate).", []string{"campaign"}, nil)
	rateDesc = prometheus.NewDesc("candor_campaign_rate",
		"Shares of answered calls by campaign and rate: opt_out, refusal, completion, disclosure_complete, abandoned (definitions: candor report).",
		[]string{"campaign", "rate"}, nil)
	skippedDesc = prometheus.NewDesc("candor_skipped_numbers_total",
		"Numbers the dialer did not dial, by campaign and reason.", []string{"campaign", "reason"}, nil)
	eventsDesc = prometheus.NewDesc("candor_guardrail_events_total",
		"Guardrail events by kind (blocked, intent, opt_out, dtmf, disclosed).", []string{"kind"}, nil)
	blockedDesc = prometheus.NewDesc("candor_guardrail_interventions_total",
		"Agent sentences the output rail blocked, by category.", []string{"category"}, nil)
	activeOpts = prometheus.GaugeOpts{Name: "candor_active_calls", Help: "Calls in progress in this process."}
)

func voiceToVoice() prometheus.Histogram {
	return prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "candor_voice_to_voice_seconds",
		Help:    "Time from the callee's end of speech to the agent's first audio, per timed turn (turns not timed are left out).",
		Buckets: DefaultBuckets,
	})
}

// snapshotCollector exposes the figures of one Snapshot.
type snapshotCollector struct{ s Snapshot }

var _ prometheus.Collector = (*snapshotCollector)(nil)

func (c *snapshotCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{callsDesc, answeredDesc, rateDesc, skippedDesc, eventsDesc, blockedDesc, voiceToVoice().Desc()} {
		ch <- d
	}
}

// label makes a stored string a valid label value (the client library
// panics on invalid UTF-8; a campaign name comes from the command line).
func label(v string) string { return strings.ToValidUTF8(v, "\uFFFD") }

func (c *snapshotCollector) Collect(ch chan<- prometheus.Metric) {
	events, blocked := map[string]int{}, map[string]int{}
	h := voiceToVoice()
	for _, camp := range c.s.Campaigns {
		for o, n := range camp.ByOutcome {
			ch <- prometheus.MustNewConstMetric(callsDesc, prometheus.CounterValue, float64(n), label(camp.Campaign), label(o))
		}
		ch <- prometheus.MustNewConstMetric(answeredDesc, prometheus.CounterValue, float64(camp.Answered), label(camp.Campaign))
		for _, r := range camp.Rates {
			ch <- prometheus.MustNewConstMetric(rateDesc, prometheus.GaugeValue, r.Value, label(camp.Campaign), r.Key)
		}
		for reason, n := range camp.Skipped {
			ch <- prometheus.MustNewConstMetric(skippedDesc, prometheus.CounterValue, float64(n), label(camp.Campaign), label(reason))
		}
		for k, n := range camp.Events {
			events[k] += n
		}
		for k, n := range camp.Interventions {
			blocked[k] += n
		}
		for _, ms := range camp.LatenciesMS {
			if v := ms / 1000; !math.IsNaN(v) && !math.IsInf(v, 0) && v > 0 {
				h.Observe(v)
			}
		}
	}
	for desc, m := range map[*prometheus.Desc]map[string]int{eventsDesc: events, blockedDesc: blocked} {
		for l, n := range m {
			ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, float64(n), label(l))
		}
	}
	ch <- h
}

// Write renders s in the text exposition format, families and labels sorted.
func Write(w io.Writer, s Snapshot) error {
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(&snapshotCollector{s: s})
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

// Handler serves /metrics: the store's counts, read at each scrape, with
// the calls in progress (Active) and the Go runtime and process collectors.
type Handler struct {
	// Source holds the campaigns (the store); nil serves no campaign figures.
	Source report.Source
	Active *Gauge

	once    sync.Once
	process *prometheus.Registry // Go runtime, process, active calls
}

func (h *Handler) init() {
	h.process = prometheus.NewRegistry()
	h.process.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	h.process.MustRegister(prometheus.NewGaugeFunc(activeOpts, func() float64 {
		if h.Active == nil {
			return 0
		}
		return float64(h.Active.Value())
	}))
}

// ServeHTTP serves GET and HEAD with the exposition, in the format the
// scraper negotiates (the text format by default). A store failure is a 500
// with no body details (they go nowhere: the scraper records the failure).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h.once.Do(h.init)
	var snap Snapshot
	if h.Source != nil {
		var err error
		if snap.Campaigns, err = report.LoadAll(r.Context(), h.Source); err != nil {
			http.Error(w, "metrics unavailable", http.StatusInternalServerError)
			return
		}
	}
	calls := prometheus.NewRegistry()
	calls.MustRegister(&snapshotCollector{s: snap})
	w.Header().Set("Cache-Control", "no-store")
	promhttp.HandlerFor(prometheus.Gatherers{h.process, calls}, promhttp.HandlerOpts{ErrorHandling: promhttp.HTTPErrorOnError}).ServeHTTP(w, r)
}
