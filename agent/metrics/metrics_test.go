package metrics_test

import (
	"bytes"
	"context"
	"flag"
	"io"
	"math"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/metrics"
	"candor/agent/report"
	"candor/agent/store"
	"candor/agent/store/sqlite"
	"candor/guardrails"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./agent/metrics -update)", err)
	}
	if got != string(want) {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestWriteGolden(t *testing.T) {
	c := report.Compute(store.CampaignFacts{Campaign: "survey", Skipped: map[string]int{"outside_window": 2}})
	c.ByOutcome = map[string]int{"completed": 3, "opted_out": 1, "voicemail": 2}
	c.Events = map[string]int{"blocked": 2, "disclosed": 5}
	c.Interventions = map[string]int{"claims_human": 1, `we"ird\` + "\n": 1}
	c.LatenciesMS = []float64{200, 500, 700, 1900, 4000, -1}
	s := metrics.Snapshot{Campaigns: []report.Campaign{c}, ActiveCalls: 4}
	var b bytes.Buffer
	if err := metrics.Write(&b, s); err != nil {
		t.Fatal(err)
	}
	golden(t, "write.golden", b.String())
}

// TestHistogram: the voice-to-voice histogram counts each latency in the
// first bucket whose bound it does not exceed, and leaves out what is not a
// measured duration (zero, negative, NaN, infinite).
func TestHistogram(t *testing.T) {
	var b bytes.Buffer
	s := metrics.Snapshot{Campaigns: []report.Campaign{{LatenciesMS: []float64{500, 1000, 1500, 3000, -2000, 0, math.NaN(), math.Inf(1)}}}}
	if err := metrics.Write(&b, s); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`candor_voice_to_voice_seconds_bucket{le="0.25"} 0`,
		`candor_voice_to_voice_seconds_bucket{le="0.5"} 1`,
		`candor_voice_to_voice_seconds_bucket{le="1"} 2`,
		`candor_voice_to_voice_seconds_bucket{le="1.5"} 3`,
		`candor_voice_to_voice_seconds_bucket{le="3"} 4`,
		`candor_voice_to_voice_seconds_bucket{le="+Inf"} 4`,
		`candor_voice_to_voice_seconds_sum 6`,
		`candor_voice_to_voice_seconds_count 4`,
	} {
		if !slices.Contains(strings.Split(b.String(), "\n"), want) {
			t.Errorf("got:\n%s\nwant a line %q", b.String(), want)
		}
	}
}

func TestGauge(t *testing.T) {
	var g metrics.Gauge
	d1, d2 := g.Start(), g.Start()
	if g.Value() != 2 {
		t.Errorf("got %d, want 2", g.Value())
	}
	d1()
	d1()
	if g.Value() != 1 {
		t.Errorf("got %d after a double done, want 1", g.Value())
	}
	d2()
	if g.Value() != 0 {
		t.Errorf("got %d, want 0", g.Value())
	}
}

// The endpoint reads a real SQLite store at scrape time.
func TestHandlerFromStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "candor.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	calls := []agent.CallRecord{
		{ID: "a", Outcome: agent.OutcomeCompleted, EndReason: agent.EndCompleted, LatenciesMS: []int64{400, 900},
			Events: []guardrails.Event{{Kind: guardrails.EventDisclose}, {Kind: guardrails.EventBlocked, Category: guardrails.CategoryClaimsHuman}}},
		{ID: "b", Outcome: agent.OutcomeVoicemail, EndReason: agent.EndVoicemailLeft, LatenciesMS: []int64{2500}},
		{ID: "c", Outcome: agent.OutcomeVoicemail, EndReason: agent.EndVoicemailHangup},
		{ID: "d", Outcome: agent.OutcomeCompleted, Sandbox: true, LatenciesMS: []int64{100}},
	}
	for i := range calls {
		c := &calls[i]
		c.Campaign, c.Business, c.Number, c.StartedAt, c.EndedAt = "test", "Acme", "+12125550199", at, at
		if err := st.SaveCall(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	var active metrics.Gauge
	done := active.Start()
	defer done()
	srv := httptest.NewServer(&metrics.Handler{Source: st, Active: &active})
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	ct := resp.Header.Get("Content-Type")
	media, params, _ := mime.ParseMediaType(ct)
	wantMedia, wantParams, _ := mime.ParseMediaType(metrics.ContentType)
	if resp.StatusCode != 200 || media != wantMedia || params["version"] != wantParams["version"] {
		t.Fatalf("got %d %q, want 200 %q", resp.StatusCode, ct, metrics.ContentType)
	}
	golden(t, "store.golden", candorFamilies(string(body)))
	for _, want := range []string{"go_goroutines ", "go_memstats_alloc_bytes ", "process_cpu_seconds_total ", "process_resident_memory_bytes "} {
		if !strings.Contains(string(body), "\n"+want) {
			t.Errorf("got no %q from the Go runtime and process collectors in:\n%s", want, body)
		}
	}

	resp, err = http.Post(srv.URL+"/metrics", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: got %d, want 405", resp.StatusCode)
	}

	st.Close()
	resp, err = http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("closed store: got %d, want 500", resp.StatusCode)
	}
	if strings.Contains(string(body), "sql") || strings.Contains(string(body), "closed") {
		t.Errorf("closed store: body %q names the store's error, want no detail", body)
	}
}

// candorFamilies keeps the lines of candor's own metric families.
func candorFamilies(exposition string) string {
	var b strings.Builder
	for line := range strings.Lines(exposition) {
		f := strings.Fields(line)
		if len(f) > 0 && strings.HasPrefix(f[0], "candor_") || len(f) > 2 && f[0] == "#" && strings.HasPrefix(f[2], "candor_") {
			b.WriteString(line)
		}
	}
	return b.String()
}

func BenchmarkWrite(b *testing.B) {
	var lat []float64
	for i := range 1000 {
		lat = append(lat, float64(i)*3)
	}
	s := metrics.Snapshot{Campaigns: []report.Campaign{{Campaign: "c", ByOutcome: map[string]int{"completed": 10, "voicemail": 3}, LatenciesMS: lat}}}
	for b.Loop() {
		_ = metrics.Write(io.Discard, s)
	}
}

// Stored strings that are not UTF-8 do not break the exposition.
func TestWriteInvalidUTF8(t *testing.T) {
	s := metrics.Snapshot{Campaigns: []report.Campaign{{Campaign: "bad\xff", ByOutcome: map[string]int{"x\xfe": 1},
		Skipped: map[string]int{"\xff": 1}, Interventions: map[string]int{"\xfa": 1}}}}
	var b bytes.Buffer
	if err := metrics.Write(&b, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "candor_calls_total{campaign=\"bad\ufffd\",outcome=\"x\ufffd\"} 1") {
		t.Errorf("got:\n%s\nwant the names with U+FFFD", b.String())
	}
}
