package dialer_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/dialer"
	"candor/agent/report"
	"candor/agent/store"
	"candor/agent/store/sqlite"
	"candor/guardrails"
	"candor/prompts"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestPlanGolden: the dial plan of contacts across the US zones and
// states, Berlin and Shanghai at a fixed Sunday morning (13:30 UTC), for a
// survey and for a marketing campaign, matches testdata/plan.golden; the
// plan writes nothing.
func TestPlanGolden(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const business = "Acme Services LLC"
	at := time.Date(2025, 7, 6, 13, 30, 0, 0, time.UTC)
	if err := st.AddOptOut(ctx, agent.OptOut{Number: "+12125550110", Business: business, Reason: "manual", At: at.Add(-48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// Three attempts on Saturday, inside the window: the cap is reached.
	for i := range 3 {
		c, err := st.ClaimDial(ctx, store.ClaimRequest{Business: business, Campaign: "earlier", Number: "+12125550111",
			Now: at.Add(time.Duration(-20+2*i) * time.Hour), Caps: guardrails.DefaultCaps()})
		if err != nil || !c.OK {
			t.Fatalf("seed attempt %d: %+v, %v", i, c, err)
		}
	}
	if _, err := st.ImportRegistry(ctx, "us-dnc", at.AddDate(0, 0, -3), []string{"+13125550102"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportConsent(ctx, []store.Consent{{Business: business, Number: "+12125550101", Text: "yes", At: at.AddDate(0, -1, 0), Source: "web form"}}); err != nil {
		t.Fatal(err)
	}
	cs, err := dialer.ReadContacts(dialer.FileImport{File: filepath.Join("testdata", "plan_contacts.csv")})
	if err != nil {
		t.Fatal(err)
	}
	before, err := st.Attempts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, marketing := range []bool{false, true} {
		camp := &prompts.Campaign{Name: "plan", Marketing: marketing, Business: prompts.Business{RegisteredName: business, DisplayName: "Acme"}}
		lines, err := dialer.Plan(ctx, dialer.Config{Campaign: camp}, st.DialFacts(), cs, at)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != len(cs) {
			t.Fatalf("got %d plan lines, want %d", len(lines), len(cs))
		}
		out.WriteString("marketing: " + map[bool]string{false: "no", true: "yes"}[marketing] + " at " + at.Format(time.RFC3339) + "\n")
		if err := report.Plan(&out, lines, false); err != nil {
			t.Fatal(err)
		}
		out.WriteString("\n")
	}
	golden := filepath.Join("testdata", "plan.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("plan:\n%s\nwant (%s):\n%s", out.String(), golden, want)
	}
	after, err := st.Attempts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	skipped, err := st.SkippedByReason(ctx, "plan")
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) || len(skipped) != 0 {
		t.Errorf("the plan wrote: %d attempts before, %d after; skipped %v; want no change", len(before), len(after), skipped)
	}
}
