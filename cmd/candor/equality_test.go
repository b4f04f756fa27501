package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/metrics"
	"candor/agent/report"
	"candor/agent/store"
	"candor/agent/store/sqlite"
	"candor/agent/web"
	"candor/guardrails"
)

// seedEquality adds to seedReport's campaign what once made the three views
// disagree: sandbox calls under the production name, an opt-out during the
// disclosure (its one turn not timed), an interrupted call, and a number
// found on the do-not-call list at dial time.
func seedEquality(t *testing.T, path string) {
	t.Helper()
	seedReport(t, path)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const camp, biz = "survey-x", "Acme Ltd"
	t0 := time.Date(2025, 7, 2, 15, 0, 0, 0, time.UTC)
	recs := []*agent.CallRecord{
		{ID: "disc-optout", Outcome: agent.OutcomeOptOut, OptOut: true, AnsweredAt: t0, DisclosureStart: t0.Add(300 * time.Millisecond),
			LatenciesMS: []int64{0}, Events: []guardrails.Event{{Kind: guardrails.EventOptOut, Intent: guardrails.IntentOptOut}}},
		{ID: "interrupted", Outcome: agent.OutcomeHungUp, AnsweredAt: t0, DisclosureStart: t0.Add(time.Second), DisclosureComplete: true,
			LatenciesMS: []int64{640}, Turns: []agent.Turn{{Index: 0, Speaker: "agent", Text: "Was it", Interrupted: true}}},
		{ID: "dnc-at-dial", Outcome: agent.OutcomeSkippedDNC, EndReason: agent.EndDNC},
		// A worker died during this one (its claim reconciled), and one is still running.
		{ID: "worker-died", Outcome: report.OutcomeInterrupted, AnsweredAt: t0, DisclosureStart: t0.Add(time.Second), DisclosureComplete: true},
		{ID: "running", Outcome: report.OutcomeInProgress, AnsweredAt: t0, DisclosureStart: t0.Add(time.Second)},
	}
	for i := range 5 {
		o := []agent.Outcome{agent.OutcomeOptOut, agent.OutcomeRefused, agent.OutcomeCompleted}[i%3]
		recs = append(recs, &agent.CallRecord{ID: fmt.Sprint("sandbox-", i), Sandbox: true, Outcome: o, OptOut: o != agent.OutcomeCompleted,
			AnsweredAt: t0, DisclosureStart: t0, LatenciesMS: []int64{5},
			Answers: []agent.SurveyAnswer{{QuestionID: "resolved", Value: "sandbox"}}})
	}
	for i, r := range recs {
		r.Campaign, r.Business, r.Number, r.StartedAt = camp, biz, fmt.Sprintf("+1646555%04d", i), t0
		if err := db.SaveCall(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// The server stopped during a call: its attempt stays counted, marked interrupted.
	claim, err := db.ClaimDial(ctx, store.ClaimRequest{Business: biz, Campaign: camp, Number: "+16465559999", Now: t0,
		Window: guardrails.DefaultWindowPolicy()})
	if err != nil || !claim.OK {
		t.Fatalf("claim: %+v, %v", claim, err)
	}
	if err := db.SetAttemptOutcome(ctx, claim.AttemptID, "interrupted", "interrupted"); err != nil {
		t.Fatal(err)
	}
}

var (
	tileRE  = regexp.MustCompile(`<div class="tile" title="([^"]*)"><b>([^<]*)</b><span>([^<]*)</span></div>`)
	labelRE = regexp.MustCompile(`class="label">([^<]*)</text>\s*<rect[^>]*>.*?</rect>\s*<text[^>]*class="value">(\d+) `)
)

// TestFiguresAgree: the dashboard, `candor report` and /metrics show the
// same figures of one database.
func TestFiguresAgree(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	seedEquality(t, path)
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"--db", path, "user", "add", "--role", "admin", "ada"}, strings.NewReader("ada-password-1\n"), &out, &errb); code != 0 {
		t.Fatalf("user add = %d: %s", code, errb.String())
	}

	// candor report
	code, js, errs := runDialerCLI(t, path, "report", "survey-x", "--format", "json")
	if code != 0 {
		t.Fatalf("report = %d: %s", code, errs)
	}
	var rep report.Campaign
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}

	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// /metrics
	mts := httptest.NewServer(&metrics.Handler{Source: st})
	defer mts.Close()
	resp, err := http.Get(mts.URL)
	if err != nil {
		t.Fatal(err)
	}
	mb, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	metric := func(name string, labels ...string) float64 {
		t.Helper()
		sel := name + `{campaign="survey-x"`
		for i := 0; i+1 < len(labels); i += 2 {
			sel += fmt.Sprintf(`,%s=%q`, labels[i], labels[i+1])
		}
		sel += "} "
		for line := range strings.Lines(string(mb)) {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), sel); ok {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatal(err)
				}
				return f
			}
		}
		return 0
	}

	// the dashboard
	srv, err := web.New(web.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	wts := httptest.NewServer(srv)
	defer wts.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	page := func(p string) string {
		t.Helper()
		resp, err := c.Get(wts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page("/login"))
	if csrf == nil {
		t.Fatal("no csrf on the login page")
	}
	if _, err := c.PostForm(wts.URL+"/login", url.Values{"csrf": {csrf[1]}, "name": {"ada"}, "password": {"ada-password-1"}}); err != nil {
		t.Fatal(err)
	}
	dash := page("/campaigns/survey-x")
	tiles := map[string]string{}
	titles := map[string]string{}
	for _, m := range tileRE.FindAllStringSubmatch(dash, -1) {
		tiles[m[3]], titles[m[3]] = m[2], m[1]
	}
	bars := map[string]int{}
	for _, m := range labelRE.FindAllStringSubmatch(dash, -1) {
		n, _ := strconv.Atoi(m[2])
		bars[m[1]] += n
	}
	if len(tiles) == 0 || len(bars) == 0 {
		t.Fatalf("no tiles or bars in the dashboard:\n%s", dash)
	}

	optOut := rep.Rate(report.RateOptOut)
	t.Logf("opt-out rate: web tile %s, web chart opted_out %d of %d answered, candor report %s (%d of %d), /metrics %v",
		tiles["opt-out rate"], bars["opted_out"], rep.Answered, report.Pct(optOut.Value), optOut.Count, optOut.Of,
		metric("candor_campaign_rate", "rate", "opt_out"))
	t.Logf("calls %d (web %s, metrics sum of candor_calls_total), answered %d (metrics %v), refusals %d, interrupted %d, in progress %d, skipped %v",
		rep.Calls, tiles["calls"], rep.Answered, metric("candor_answered_calls_total"), rep.Refusals, rep.Interrupted, rep.InProgress, rep.Skipped)
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		// The acceptance figures: sandbox calls, refusals, the disclosure opt-out and the interruption.
		{"report calls", rep.Calls, 9},
		{"report answered", rep.Answered, 8},
		{"report opt-outs", rep.OptOuts, 2},
		{"report refusals", rep.Refusals, 1},
		{"report interrupted", rep.Interrupted, 1},
		{"report in progress", rep.InProgress, 1},
		{"report opt-out rate", report.Pct(optOut.Value), "25.0%"},
		{"report skipped dnc", rep.Skipped[store.SkipDNC], 2},
		{"report timed turns", rep.Latency.N, 1},
		{"report attempts", rep.Attempts, 7},

		{"web calls tile", tiles["calls"], strconv.Itoa(rep.Calls)},
		{"web interrupted tile", tiles["interrupted"], strconv.Itoa(rep.Interrupted)},
		{"web in progress tile", tiles["in progress"], strconv.Itoa(rep.InProgress)},
		{"web interrupted chart", bars["interrupted"], rep.Interrupted},
		{"web answered tile", tiles["answered"], strconv.Itoa(rep.Answered)},
		{"web opt-out rate tile", tiles["opt-out rate"], report.Pct(optOut.Value)},
		{"web refusal rate tile", tiles["refusal rate"], report.Pct(rep.Rate(report.RateRefusal).Value)},
		{"web disclosure rate tile", tiles["disclosure rate"], report.Pct(rep.Rate(report.RateDisclosure).Value)},
		{"web opt-out chart", bars["opted_out"], rep.OptOuts},
		{"web refused chart", bars["refused"], rep.Refusals},
		{"web skipped dnc chart", bars["dnc"], rep.Skipped[store.SkipDNC]},
		{"web opt-out tile says its definition", strings.HasPrefix(titles["opt-out rate"], optOut.Definition), true},
		{"web latency tile", tiles["voice-to-voice p50"], fmt.Sprintf("%.0f ms", rep.Latency.P50)},

		{"metrics opt-out rate", metric("candor_campaign_rate", "rate", "opt_out"), optOut.Value},
		{"metrics opted_out calls", int(metric("candor_calls_total", "outcome", "opted_out")), rep.OptOuts},
		{"metrics refused calls", int(metric("candor_calls_total", "outcome", "refused")), rep.Refusals},
		{"metrics interrupted calls", int(metric("candor_calls_total", "outcome", "interrupted")), rep.Interrupted},
		{"metrics no in-progress outcome", strings.Contains(string(mb), `outcome="in_progress"`), false},
		{"metrics answered", int(metric("candor_answered_calls_total")), rep.Answered},
		{"metrics skipped dnc", int(metric("candor_skipped_numbers_total", "reason", "dnc")), rep.Skipped[store.SkipDNC]},
		{"metrics skipped window", int(metric("candor_skipped_numbers_total", "reason", "outside_window")), rep.Skipped[store.SkipOutsideWindow]},
		{"metrics timed turns", strings.Contains(string(mb), "candor_voice_to_voice_seconds_count 1\n"), true},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	sum := 0
	for o, n := range rep.ByOutcome {
		sum += n
		if m := int(metric("candor_calls_total", "outcome", o)); m != n || bars[o] != n {
			t.Errorf("outcome %s: report %d, metrics %d, web chart %d; want all equal", o, n, m, bars[o])
		}
	}
	if sum != rep.Calls {
		t.Errorf("outcomes sum to %d, want the %d calls", sum, rep.Calls)
	}
	if strings.Contains(dash, ">sandbox</text>") {
		t.Errorf("the dashboard shows a sandbox answer among the campaign's")
	}
}
