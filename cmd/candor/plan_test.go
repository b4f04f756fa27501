package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCampaignPlan: `campaign plan` at a fixed --at on a contact list across
// the US zones and states, Berlin and Shanghai prints each contact's dial
// decision (golden file testdata/plan.golden), as JSON lines with --json,
// and writes nothing.
func TestCampaignPlan(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "plan.db")
	contacts := filepath.Join("..", "..", "agent", "dialer", "testdata", "plan_contacts.csv")
	if code, _, errs := runDialerCLI(t, db, "dnc", "add", "+12125550110", "--business", "Brightwater Plumbing Services LLC"); code != 0 {
		t.Fatalf("dnc add: %s", errs)
	}
	args := []string{"campaign", "plan", "service-followup-en", "--contacts", contacts, "--at", "2025-07-06T13:30:00Z"}
	code, out, errs := runDialerCLI(t, db, args...)
	if code != 0 {
		t.Fatalf("campaign plan: exit %d\n%s", code, errs)
	}
	golden := filepath.Join("testdata", "plan.golden")
	if *updateGuard {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if out != string(want) {
		t.Errorf("campaign plan:\n%s\nwant (%s):\n%s", out, golden, want)
	}
	code, out, errs = runDialerCLI(t, db, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("campaign plan --json: exit %d\n%s", code, errs)
	}
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if len(rows) != 14 {
		t.Fatalf("got %d JSON lines, want 14:\n%s", len(rows), out)
	}
	var first struct {
		Line   int    `json:"line"`
		Name   string `json:"name"`
		Dial   bool   `json:"dial"`
		Reason string `json:"reason"`
	}
	if err := json.Unmarshal([]byte(rows[len(rows)-2]), &first); err != nil || first.Line != 14 || first.Dial || first.Reason != "dnc" {
		t.Errorf("JSON line %q: got %+v (%v), want line 14 not dialled for dnc", rows[len(rows)-2], first, err)
	}
	conn := openRaw(t, db)
	var attempts, skipped int
	conn.QueryRow(`SELECT count(*) FROM attempts`).Scan(&attempts)
	conn.QueryRow(`SELECT count(*) FROM skipped`).Scan(&skipped)
	if attempts != 0 || skipped != 0 {
		t.Errorf("the plan wrote %d attempts and %d skipped rows, want none", attempts, skipped)
	}
	if code, _, errs := runDialerCLI(t, db, "campaign", "plan", "service-followup-en", "--at", "tomorrow"); code != 2 || !strings.Contains(errs, "-at") {
		t.Errorf("a bad --at: exit %d, %q; want 2 naming the flag", code, errs)
	}
}
