package postgres

import (
	"context"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/store"
	"candor/agent/store/storetest"
)

// TestRekeyBusinesses writes rows keyed by the registered name as typed (as
// candor did before business ids), reopens the database and checks that
// every row is keyed by the id, once.
func TestRekeyBusinesses(t *testing.T) {
	ctx := context.Background()
	url := storetest.Database(t, storetest.StartPostgres(t))
	p, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	const reg, id = "Brightwater Plumbing Services LLC", "brightwater-plumbing-services-llc"
	for _, q := range []string{
		`INSERT INTO dnc (business, number, reason, created_at, seq) VALUES ('` + reg + `', '+12125550111', 'opt_out', now(), 1)`,
		`INSERT INTO dnc (business, number, reason, created_at, seq) VALUES ('brightwater plumbing services llc', '+12125550111', 'manual', now(), 2)`,
		`INSERT INTO dnc (business, number, reason, created_at, seq) VALUES ('` + reg + `', '+12125550112', 'opt_out', now(), 3)`,
		`INSERT INTO consent (business, number, text, given_at, source) VALUES ('` + reg + `', '+12125550114', 'yes', '2025-06-01', 'form')`,
		`INSERT INTO consent (business, number, text, given_at, source) VALUES ('BRIGHTWATER PLUMBING SERVICES LLC', '+12125550114', 'yes', '2025-06-01', 'form')`,
		`INSERT INTO attempts (business, campaign, number, at, seq) VALUES ('` + reg + `', 'c', '+12125550115', now(), 4)`,
		`DELETE FROM candor_meta`,
	} {
		if _, err := p.pool.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	p.Close()
	for range 2 { // the second open finds the work done
		if p, err = Open(ctx, url); err != nil {
			t.Fatal(err)
		}
		p.Close()
	}
	p, err = Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, tt := range []struct {
		q    string
		want int
	}{
		{`SELECT count(*) FROM dnc WHERE business = '` + id + `' AND removed_at IS NULL`, 2},
		{`SELECT count(*) FROM dnc WHERE business <> '` + id + `'`, 0},
		{`SELECT count(*) FROM dnc WHERE removed_at IS NOT NULL`, 1},
		{`SELECT count(*) FROM consent WHERE business = '` + id + `'`, 1},
		{`SELECT count(*) FROM consent`, 1},
		{`SELECT count(*) FROM attempts WHERE business = '` + id + `'`, 1},
	} {
		var got int
		if err := p.pool.QueryRow(ctx, tt.q).Scan(&got); err != nil || got != tt.want {
			t.Errorf("%s: got %d (%v), want %d", tt.q, got, err, tt.want)
		}
	}
	r := storetest.ClaimRequest("+12125550112", storetest.InWindow)
	r.Business = id
	if c, err := p.ClaimDial(ctx, r); err != nil || c.OK || c.Reason != store.SkipDNC {
		t.Errorf("claim of an opt-out stored under the registered name: got %+v, %v; want refused %q", c, err, store.SkipDNC)
	}
}

// TestDataCommands checks the methods behind the data commands' --postgres:
// registry import and export, contacts import and the report's shared facts.
func TestDataCommands(t *testing.T) {
	ctx := context.Background()
	p, err := Open(ctx, storetest.Database(t, storetest.StartPostgres(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if n, err := p.ImportRegistry(ctx, "national", time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC), []string{"+12125550131", "+12125550132", "+12125550131"}); err != nil || n != 2 {
		t.Fatalf("ImportRegistry: got %d, %v; want 2 new", n, err)
	}
	if err := p.AddOptOut(ctx, agent.OptOut{Business: "Acme Heating Co.", Number: "+12125550133", Reason: "manual"}); err != nil {
		t.Fatal(err)
	}
	all, err := p.ListDNC(ctx, "")
	if err != nil || len(all) != 3 {
		t.Fatalf("ListDNC(every scope): got %d entries, %v; want 3", len(all), err)
	}
	acme, err := p.ListDNC(ctx, "ACME HEATING CO")
	if err != nil || len(acme) != 1 || acme[0].Business != "acme-heating-co" || acme[0].Number != "+12125550133" {
		t.Fatalf("ListDNC(acme): got %+v, %v; want the one entry keyed acme-heating-co", acme, err)
	}
	cs := []contacts.Contact{{Line: 2, Phone: "+12125550141"}, {Line: 3, Phone: "+12125550142"}}
	if n, err := p.ImportContacts(ctx, "survey-1", cs); err != nil || n != 2 {
		t.Fatalf("ImportContacts: got %d, %v; want 2", n, err)
	}
	if _, err := p.ImportContacts(ctx, "survey-1", []contacts.Contact{{Line: 2, Phone: "212 555 0141"}}); err == nil {
		t.Error("ImportContacts of a number not in E.164: got no error")
	}
	req := storetest.ClaimRequest("+12125550131", storetest.InWindow)
	if _, err := p.ClaimDial(ctx, req); err != nil {
		t.Fatal(err)
	}
	c, err := p.ClaimDial(ctx, storetest.ClaimRequest("+12125550141", storetest.InWindow))
	if err != nil || !c.OK {
		t.Fatalf("claim: got %+v, %v", c, err)
	}
	if err := p.SetAttemptOutcome(ctx, c.AttemptID, string(agent.OutcomeOptOut), "call-1"); err != nil {
		t.Fatal(err)
	}
	f, err := p.SharedFacts(ctx, "survey-1")
	if err != nil {
		t.Fatal(err)
	}
	// The calls are each machine's evidence records, never the shared
	// database's: report.MergeFacts joins them.
	if f.Campaign != "survey-1" || f.Contacts != 2 || f.Attempts != 1 || f.Skipped[store.SkipRegistry] != 1 || len(f.Skipped) != 1 ||
		f.Calls == nil || len(f.Calls) != 0 || f.Sandbox {
		t.Errorf("SharedFacts: got %+v, want 2 contacts, 1 attempt, 1 skipped on the registry and no calls", f)
	}
}
