package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"candor/agent/contacts"
	"candor/agent/report"
	"candor/agent/store"
	"candor/agent/store/postgres"
	"candor/agent/store/sqlite"
	"candor/agent/store/storetest"
	"candor/guardrails"
)

// TestReportOverPostgres: `candor report --postgres` computes its figures
// as every other report does (report.Compute over report.MergeFacts of the
// shared database's counts and this machine's calls): the contacts,
// attempts and skipped numbers are every worker's, the calls, answers,
// rates and latency this machine's evidence records, its sandbox calls
// left out.
func TestReportOverPostgres(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "c.db")
	seedEquality(t, db)
	url := storetest.Database(t, storetest.StartPostgres(t))
	pg, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	const camp = "survey-x"
	cs := []contacts.Contact{{Line: 2, Phone: "+16465550001"}, {Line: 3, Phone: "+16465550002"}, {Line: 4, Phone: "+16465550003"}}
	if _, err := pg.ImportContacts(ctx, camp, cs); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"+16465550001", "+16465550002"} {
		r := storetest.ClaimRequest(n, storetest.InWindow)
		r.Campaign, r.Caps = camp, guardrails.CapPolicy{PerDay: 3}
		if c, err := pg.ClaimDial(ctx, r); err != nil || !c.OK {
			t.Fatalf("claim of %s: got %+v, %v", n, c, err)
		}
	}
	code, out, errs := runDialerCLI(t, db, "report", camp, "--format", "json", "--postgres", url)
	if code != 0 {
		t.Fatalf("report --postgres: got %d, %q", code, errs)
	}
	shared, err := pg.SharedFacts(ctx, camp)
	if err != nil {
		t.Fatal(err)
	}
	lst, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer lst.Close()
	local, err := lst.CampaignFacts(ctx, camp, false)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := report.JSON(&want, report.Compute(report.MergeFacts(shared, local))); err != nil {
		t.Fatal(err)
	}
	if out != want.String() {
		t.Errorf("report --postgres:\n%s\nwant report.Compute of the merged facts:\n%s", out, want.String())
	}
	var got, mine report.Campaign
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	mine = report.Compute(local)
	if got.Contacts != 3 || got.Attempts != 2 || got.Calls != mine.Calls || got.Answered != mine.Answered ||
		got.OptOuts != mine.OptOuts || got.Skipped[store.SkipDNC] != 1 || len(got.Questions) != len(mine.Questions) || got.Latency == nil {
		t.Errorf("report --postgres: got %d contacts, %d attempts, %d calls, %d answered, %d opt-outs, skipped %v; want 3, 2 (shared) and %d, %d, %d (local), one dnc skip (a local call record)",
			got.Contacts, got.Attempts, got.Calls, got.Answered, got.OptOuts, got.Skipped, mine.Calls, mine.Answered, mine.OptOuts)
	}
	// Without this machine's evidence records, the shared counts alone.
	none := filepath.Join(t.TempDir(), "none.db")
	code, out, errs = runDialerCLI(t, none, "report", camp, "--format", "json", "--postgres", url)
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || got.Contacts != 3 || got.Calls != 0 || got.Answered != 0 {
		t.Errorf("report --postgres without local records: got %d, %q, %q; want 3 contacts, no calls", code, out, errs)
	}
	if _, err := os.Stat(none); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("report --postgres without local records: %s: got %v, want it not created", none, err)
	}
}
