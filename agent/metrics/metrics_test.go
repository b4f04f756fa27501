package metrics_test

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/metrics"
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
	h := metrics.NewHistogram([]float64{0.5, 1, 2})
	for _, v := range []float64{0.2, 0.5, 0.7, 1.9, 4, -1} {
		h.Observe(v)
	}
	s := metrics.Snapshot{
		CallsByOutcome:    map[string]int64{"completed": 3, "opted_out": 1, "voicemail": 2},
		EventsByKind:      map[string]int64{"blocked": 2, "disclosed": 5},
		BlockedByCategory: map[string]int64{"claims_human": 1, `we"ird\` + "\n": 1},
		VoiceToVoice:      h,
		ActiveCalls:       4,
	}
	var b bytes.Buffer
	if err := metrics.Write(&b, s); err != nil {
		t.Fatal(err)
	}
	golden(t, "write.golden", b.String())
}

func TestHistogram(t *testing.T) {
	h := metrics.NewHistogram([]float64{1, 2})
	for _, v := range []float64{0.5, 1, 1.5, 3, -2} {
		h.Observe(v)
	}
	if h.Count() != 4 || h.Counts[0] != 2 || h.Counts[1] != 1 || h.Over != 1 || h.Sum != 6 {
		t.Errorf("got %+v count %d, want counts [2 1], over 1, sum 6, count 4", h, h.Count())
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
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var active metrics.Gauge
	done := active.Start()
	defer done()
	srv := httptest.NewServer(&metrics.Handler{DB: db, Active: &active})
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != metrics.ContentType {
		t.Fatalf("got %d %q, want 200 %q", resp.StatusCode, resp.Header.Get("Content-Type"), metrics.ContentType)
	}
	golden(t, "store.golden", string(body))

	resp, err = http.Post(srv.URL+"/metrics", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: got %d, want 405", resp.StatusCode)
	}

	db.Close()
	resp, err = http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("closed store: got %d, want 500", resp.StatusCode)
	}
}

func BenchmarkWrite(b *testing.B) {
	h := metrics.NewHistogram(metrics.DefaultBuckets)
	for i := range 1000 {
		h.Observe(float64(i) / 300)
	}
	s := metrics.Snapshot{CallsByOutcome: map[string]int64{"completed": 10, "voicemail": 3}, VoiceToVoice: h}
	for b.Loop() {
		_ = metrics.Write(io.Discard, s)
	}
}
