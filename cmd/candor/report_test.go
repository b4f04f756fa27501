package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/store"
	"candor/agent/store/sqlite"
	"candor/guardrails"
)

// seedReport stores a small campaign with known figures: 6 calls (5
// answered: 2 completed, 1 opt-out, 1 refusal, 1 hang-up whose disclosure
// started 3 s after the answer; 1 unanswered), one disclosure cut short, and
// two numbers skipped (do-not-call, outside the window).
func seedReport(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const camp, biz = "survey-x", "Acme Ltd"
	var cs []contacts.Contact
	for i := range 8 {
		cs = append(cs, contacts.Contact{Phone: fmt.Sprintf("+1212555%04d", i), Name: fmt.Sprint("C", i)})
	}
	if _, err := db.ImportContacts(ctx, camp, cs); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2025, 7, 1, 15, 0, 0, 0, time.UTC) // 11:00 in New York
	type call struct {
		outcome   agent.Outcome
		answered  bool
		discDelay time.Duration
		complete  bool
		q1, q2    string
		optOut    bool
	}
	calls := []call{
		{agent.OutcomeCompleted, true, 500 * time.Millisecond, true, "yes", "5", false},
		{agent.OutcomeCompleted, true, time.Second, true, "yes", "4", false},
		{agent.OutcomeOptOut, true, 200 * time.Millisecond, true, "no", "", true},
		{agent.OutcomeRefused, true, 300 * time.Millisecond, false, "", "", true},
		{agent.OutcomeHungUp, true, 3 * time.Second, true, "", "", false},
		{agent.OutcomeNoAnswer, false, 0, false, "", "", false},
	}
	for i, c := range calls {
		at := t0.Add(time.Duration(i) * time.Minute)
		num := cs[i].Phone
		claim, err := db.ClaimDial(ctx, store.ClaimRequest{Business: biz, Campaign: camp, Number: num, Now: at,
			Window: guardrails.DefaultWindowPolicy()})
		if err != nil || !claim.OK {
			t.Fatalf("claim %d: %+v, %v", i, claim, err)
		}
		rec := &agent.CallRecord{ID: fmt.Sprint("call-", i), Campaign: camp, Business: biz, Number: num,
			StartedAt: at, EndedAt: at.Add(time.Minute), Outcome: c.outcome, OptOut: c.optOut, OptOutAt: at.Add(30 * time.Second)}
		if c.answered {
			rec.AnsweredAt = at.Add(5 * time.Second)
			rec.DisclosureStart = rec.AnsweredAt.Add(c.discDelay)
			rec.DisclosureEnd = rec.DisclosureStart.Add(4 * time.Second)
			rec.DisclosureComplete = c.complete
		}
		if c.q1 != "" {
			rec.Answers = append(rec.Answers, agent.SurveyAnswer{QuestionID: "resolved", Value: c.q1})
		}
		if c.q2 != "" {
			rec.Answers = append(rec.Answers, agent.SurveyAnswer{QuestionID: "rating", Value: c.q2})
		}
		if err := db.SaveCall(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAttemptOutcome(ctx, claim.AttemptID, string(c.outcome), rec.ID); err != nil {
			t.Fatal(err)
		}
	}
	// The opt-out's number is refused next time; a call at 23:00 in New York is outside the window.
	for _, r := range []store.ClaimRequest{
		{Business: biz, Campaign: camp, Number: cs[2].Phone, Now: t0.Add(time.Hour)},
		{Business: biz, Campaign: camp, Number: cs[6].Phone, Now: t0.Add(12 * time.Hour)},
	} {
		r.Window = guardrails.DefaultWindowPolicy()
		if c, err := db.ClaimDial(ctx, r); err != nil || c.OK {
			t.Fatalf("claim %+v = %+v, %v; want refused", r, c, err)
		}
	}
}

func TestReportGolden(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	seedReport(t, db)
	for _, format := range []string{"table", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, errs := runDialerCLI(t, db, "report", "survey-x", "--format", format)
			if code != 0 {
				t.Fatalf("report = %d, %q", code, errs)
			}
			golden := filepath.Join("testdata", "report", "report."+format)
			if *updateGuard {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if out != string(want) {
				t.Errorf("report --format %s:\n%s\nwant (%s):\n%s", format, out, golden, want)
			}
		})
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	seedReport(t, db)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"no campaign", []string{"report"}},
		{"unknown campaign", []string{"report", "nope"}},
		{"bad format", []string{"report", "survey-x", "--format", "xml"}},
	} {
		if code, _, _ := runDialerCLI(t, db, tc.args...); code == 0 {
			t.Errorf("%s: status 0, want failure", tc.name)
		}
	}
}
