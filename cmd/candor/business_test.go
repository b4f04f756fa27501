package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/agent/report"
	"candor/agent/store"
	"candor/agent/store/postgres"
	"candor/agent/store/storetest"
	"candor/guardrails"
	"candor/prompts"
)

// backend is one store the data commands run on: the local SQLite file, or
// a real PostgreSQL server (the test is skipped, saying why, when none is
// installed).
type backend struct {
	flags []string // what the commands are given to use it
	queue func(t *testing.T) store.Queue
}

var backendNames = []string{"sqlite", "postgres"}

// openBackend prepares the named backend for a test whose local database is db.
func openBackend(t *testing.T, name, db string) backend {
	if name == "sqlite" {
		return backend{queue: func(t *testing.T) store.Queue { return openStore(t, db) }}
	}
	url := storetest.Database(t, storetest.StartPostgres(t))
	return backend{flags: []string{"--postgres", url}, queue: func(t *testing.T) store.Queue {
		p, err := postgres.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		return p
	}}
}

// TestBusinessScopeCLI (issue 14, item 1), on SQLite and Postgres: `dnc add`
// by the business's display name in lower case is honoured by the next dial
// decision (the claim refuses the number); an unknown business is refused
// with the known ones listed and nothing stored; a campaign file's business
// becomes known with --campaign.
func TestBusinessScopeCLI(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range backendNames {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "c.db")
			b := openBackend(t, name, db)
			cli := func(args ...string) (int, string, string) { return runDialerCLI(t, db, append(args, b.flags...)...) }
			if code, out, errs := cli("dnc", "add", "212 555 0101", "--business", "brightwater plumbing"); code != 0 || !strings.Contains(out, "brightwater-plumbing-services-llc") {
				t.Fatalf("dnc add by display name: got %d, %q, %q; want it added under the business id", code, out, errs)
			}
			code, out, errs := cli("dnc", "add", "212 555 0102", "--business", "Brightwater")
			if code != 1 || out != "" || !strings.Contains(errs, `unknown business "Brightwater"`) ||
				!strings.Contains(errs, `brightwater-plumbing-services-llc ("Brightwater Plumbing", "Brightwater Plumbing Services LLC")`) {
				t.Errorf("dnc add of an unknown business: got %d, %q, %q; want status 1 listing the known businesses", code, out, errs)
			}
			code, out, _ = cli("dnc", "export", "--format", "json")
			var rows []struct{ Number, Business string }
			if err := json.Unmarshal([]byte(out), &rows); code != 0 || err != nil || len(rows) != 1 || rows[0].Business != camp.Business.Key() {
				t.Errorf("dnc export: got %d, %q (%v); want the one entry, keyed %s", code, out, err, camp.Business.Key())
			}
			q := b.queue(t)
			for _, tt := range []struct {
				number string
				ok     bool
				reason string
			}{{"+12125550101", false, store.SkipDNC}, {"+12125550102", true, ""}} {
				c, err := q.ClaimDial(context.Background(), store.ClaimRequest{Business: camp.Business.Key(), Campaign: camp.Name,
					Number: tt.number, Now: storetest.InWindow, Window: guardrails.DefaultWindowPolicy(), Caps: guardrails.CapPolicy{PerDay: 3}})
				if err != nil || c.OK != tt.ok || c.Reason != tt.reason {
					t.Errorf("claim of %s: got %+v, %v; want ok %v, reason %q", tt.number, c, err, tt.ok, tt.reason)
				}
			}
			// A campaign file's business is known once the file is given.
			good := filepath.Join("..", "..", "prompts", "testdata", "good", "minimal.yaml")
			if code, _, errs := cli("dnc", "add", "212 555 0103", "--business", "ACME HEATING"); code != 1 || !strings.Contains(errs, "unknown business") {
				t.Errorf("dnc add for a file's business without the file: got %d, %q; want refused", code, errs)
			}
			if code, out, errs := cli("dnc", "add", "212 555 0103", "--business", "ACME HEATING", "--campaign", good); code != 0 || !strings.Contains(out, "acme-heating-co") {
				t.Errorf("dnc add with --campaign: got %d, %q, %q; want it added for acme-heating-co", code, out, errs)
			}
		})
	}
}

// TestDialHonoursDisplayNameOptOut (SQLite): the dialer itself, not only
// the claim, skips a number opted out by the business's display name.
func TestDialHonoursDisplayNameOptOut(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	csvFile := writeDialerFile(t, dir, "c.csv", "phone,name,persona\n2125550101,Ann,cooperative\n2125550102,Bob,cooperative\n")
	if code, _, errs := runDialerCLI(t, db, "dnc", "add", "2125550102", "--business", "BRIGHTWATER PLUMBING"); code != 0 {
		t.Fatalf("dnc add: %s", errs)
	}
	if code, out, errs := runDialerCLI(t, db, "dial", "service-followup-en", "--contacts", csvFile, "--demo-any-hour", "--speed", "400"); code != 0 {
		t.Fatalf("dial = %d, %q, %q", code, out, errs)
	}
	s := openStore(t, db)
	as, err := s.Attempts(t.Context(), "service-followup-en")
	if err != nil || len(as) != 1 || as[0].Number != "+12125550101" {
		t.Errorf("attempts: got %+v, %v; want only +12125550101 dialled", as, err)
	}
	if sk, err := s.SkippedByReason(t.Context(), "service-followup-en"); err != nil || sk[store.SkipDNC] != 1 {
		t.Errorf("skipped: got %v, %v; want one %q", sk, err, store.SkipDNC)
	}
}

// TestDataCommandsParity (issue 14, items 4 and 6): every data command takes
// --postgres and reports the same lines as on SQLite; registry extracts and
// consent dated in the future are refused naming the line.
func TestDataCommandsParity(t *testing.T) {
	dir := t.TempDir()
	future := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	consent := writeDialerFile(t, dir, "consent.csv", "number,text,time,source,business\n"+
		"2125550101,yes,2025-05-01,web,Brightwater Plumbing\n"+
		"2125550102,yes,"+future+",web,Brightwater Plumbing\n"+ // line 3: in the future
		"2125550103,yes,2025-05-01,web,Nobody Inc\n"+ // line 4: unknown business
		"xx,yes,2025-05-01,web,Brightwater Plumbing\n") // line 5: bad number
	registry := writeDialerFile(t, dir, "reg.csv", "phone,added\n2125550111,2025-05-01\nnot a number,2025-05-01\n")
	futureReg := writeDialerFile(t, dir, "future.csv", "phone,added\n2125550111,2025-05-01\n2125550112,"+future+"\n")
	contacts := writeDialerFile(t, dir, "c.csv", "phone,name\n2125550121,Ann\n555,Bob\n2125550122,Cy\n")
	type result struct {
		code     int
		out, err string
	}
	runs := map[string][]result{}
	for _, name := range backendNames {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "c.db")
			b := openBackend(t, name, db)
			cli := func(args ...string) result {
				code, out, errs := runDialerCLI(t, db, append(args, b.flags...)...)
				return result{code, out, errs}
			}
			var rs []result
			for _, args := range [][]string{
				{"consent", "import", consent},
				{"dnc", "import", "--registry", registry, "--date", "2025-06-01"},
				{"dnc", "import", "--registry", futureReg, "--date", "2025-06-01"},
				{"dnc", "import", "--registry", registry, "--date", future},
				{"contacts", "import", "survey-p", contacts},
				{"dnc", "export"},
				{"report", "survey-p", "--format", "json"},
			} {
				rs = append(rs, cli(args...))
			}
			runs[name] = rs
			for i, want := range []struct {
				code int
				errs []string
			}{
				{1, []string{consent + ":3: bad consent row: time \"" + future + "\": dated in the future", consent + ":4: bad consent row: unknown business \"Nobody Inc\"", consent + ":5: "}},
				{0, []string{registry + ":3: "}},
				{1, []string{futureReg + ": dialer: registry extract dated in the future: line 3: " + future + ": nothing imported"}},
				{1, []string{"extract date " + future + ": nothing imported"}},
				{1, []string{contacts + ":3: "}},
				{0, nil},
				{0, nil},
			} {
				r := rs[i]
				if r.code != want.code {
					t.Errorf("run %d: got status %d (%q, %q), want %d", i, r.code, r.out, r.err, want.code)
				}
				for _, w := range want.errs {
					if !strings.Contains(r.err, w) {
						t.Errorf("run %d: stderr %q lacks %q", i, r.err, w)
					}
				}
			}
			if !strings.Contains(rs[0].out, "imported 1 consent records") || !strings.Contains(rs[4].out, "imported 2 contacts") {
				t.Errorf("imports: got %q and %q, want 1 consent record and 2 contacts", rs[0].out, rs[4].out)
			}
			if lines := strings.Count(strings.TrimSpace(rs[5].out), "\n"); lines != 1 {
				t.Errorf("dnc export: got %q, want the header and the one registry number", rs[5].out)
			}
			var rep report.Campaign
			if err := json.Unmarshal([]byte(rs[6].out), &rep); err != nil || rep.Contacts != 2 {
				t.Errorf("report: got %q (%v), want 2 contacts", rs[6].out, err)
			}
		})
	}
	if sq, pg := runs["sqlite"], runs["postgres"]; len(sq) > 0 && len(pg) > 0 {
		for i := range sq {
			if fmt.Sprint(sq[i].code, sq[i].err) != fmt.Sprint(pg[i].code, pg[i].err) {
				t.Errorf("run %d: SQLite %d %q, Postgres %d %q; want the same status and lines", i, sq[i].code, sq[i].err, pg[i].code, pg[i].err)
			}
		}
	}
}
