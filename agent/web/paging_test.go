package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"candor/agent"
	"candor/guardrails"
)

// TestListPaging: the call list pages on the server (no cap), keeps its
// filters across pages, filters by sandbox and guardrail event kind, names
// the kinds on each row, and answers bad parameters with 400.
func TestListPaging(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	t0 := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	for i := range 120 {
		rec := &agent.CallRecord{ID: fmt.Sprintf("ab%014x", i), Campaign: "paged", Business: "B", Number: "+14155550100",
			StartedAt: t0.Add(time.Duration(i) * time.Minute), Outcome: agent.OutcomeCompleted, Sandbox: i%4 == 0,
			Turns: []agent.Turn{}, Answers: []agent.SurveyAnswer{}, Events: []guardrails.Event{}}
		if i%10 == 0 {
			rec.Events = []guardrails.Event{{Kind: guardrails.EventIntent, Intent: "opt_out"}, {Kind: guardrails.EventOptOut}}
		}
		if err := a.st.SaveCall(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	c := a.login("rita", reviewerPW)
	rows := regexp.MustCompile(`<tr>\s*<td data-label="Started">`)
	for _, tc := range []struct {
		query      string
		status     int
		rows       int
		count, has string
	}{
		{"?campaign=paged", 200, 50, "Calls 1–50 of 120", `href="/calls?campaign=paged&amp;page=2"`},
		{"?campaign=paged&page=3", 200, 20, "Calls 101–120 of 120", `href="/calls?campaign=paged&amp;page=2"`},
		{"?campaign=paged&page=9", 200, 0, "120 calls", ""},
		{"?campaign=paged&sandbox=yes", 200, 30, "Calls 1–30 of 30", ""},
		{"?campaign=paged&sandbox=no", 200, 50, "Calls 1–50 of 90", ""},
		{"?campaign=paged&kind=opt_out", 200, 12, "Calls 1–12 of 12", "1 intent: opt out"},
		{"?campaign=paged&kind=blocked", 200, 0, "0 calls", ""},
		{"?page=0", 400, 0, "", "page must be a whole number"},
		{"?page=x", 400, 0, "", "page must be a whole number"},
		{"?sandbox=maybe", 400, 0, "", "sandbox must be yes or no"},
		{"?kind=nope", 400, 0, "", "unknown guardrail event kind"},
	} {
		code, body, _ := a.get(c, "/calls"+tc.query)
		if code != tc.status {
			t.Errorf("%s: got status %d, want %d", tc.query, code, tc.status)
			continue
		}
		if code != http.StatusOK {
			if !contains(body, tc.has) {
				t.Errorf("%s: page lacks %q", tc.query, tc.has)
			}
			continue
		}
		if got := len(rows.FindAllString(body, -1)); got != tc.rows {
			t.Errorf("%s: got %d rows, want %d", tc.query, got, tc.rows)
		}
		if !contains(body, tc.count) {
			t.Errorf("%s: page lacks the count %q", tc.query, tc.count)
		}
		if tc.has != "" && !contains(body, tc.has) {
			t.Errorf("%s: page lacks %q", tc.query, tc.has)
		}
	}
	// The API says how many match and names the kinds.
	code, body, h := a.get(c, "/api/calls?campaign=paged&kind=opt_out")
	if code != http.StatusOK || h.Get("X-Total-Count") != "12" || h.Get("Link") != "" || !contains(body, `"event_kinds"`) || !contains(body, `"intent": 1`) {
		t.Errorf("api: got %d, total %q, link %q, body %.200s; want 200, 12, none, event kinds", code, h.Get("X-Total-Count"), h.Get("Link"), body)
	}
	if code, _, _ := a.get(c, "/api/calls?page=-1"); code != http.StatusBadRequest {
		t.Errorf("api page=-1: got %d, want 400", code)
	}
}
