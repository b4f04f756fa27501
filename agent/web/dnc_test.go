package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/store"
)

// TestDNCExportBusiness: ?business= takes the business's id, display name
// or registered name in any case (resolved to its id, as the command line
// does) or * for the registry's scope; an unknown business is a 400 listing
// the known ones, never an empty export.
func TestDNCExportBusiness(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, o := range []agent.OptOut{
		{Number: "+12125550101", Business: "brightwater-plumbing-services-llc", Reason: "manual", At: at},
		{Number: "+12125550102", Business: store.AllBusinesses, Reason: "registry", At: at},
	} {
		if err := a.st.AddOptOut(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	ada := a.login("ada", adminPW)
	for _, tt := range []struct {
		business string
		status   int
		want     []string // numbers, or the error's words
	}{
		{"", http.StatusOK, []string{"+12125550101", "+12125550102"}},
		{"brightwater plumbing", http.StatusOK, []string{"+12125550101"}},
		{"BRIGHTWATER PLUMBING SERVICES LLC", http.StatusOK, []string{"+12125550101"}},
		{"brightwater-plumbing-services-llc", http.StatusOK, []string{"+12125550101"}},
		{" * ", http.StatusOK, []string{"+12125550102"}},
		{"Brightwater", http.StatusBadRequest, []string{`unknown business "Brightwater"`, `brightwater-plumbing-services-llc ("Brightwater Plumbing", "Brightwater Plumbing Services LLC")`}},
	} {
		for _, path := range []string{"/dnc.json", "/api/dnc", "/dnc.csv"} {
			code, body, _ := a.get(ada, path+"?business="+url.QueryEscape(tt.business))
			if code != tt.status {
				t.Errorf("GET %s?business=%q: got %d %s, want %d", path, tt.business, code, body, tt.status)
				continue
			}
			if tt.status != http.StatusOK {
				var e struct{ Error string }
				if err := json.Unmarshal([]byte(body), &e); err != nil {
					t.Errorf("GET %s?business=%q: got %q (%v), want a JSON error", path, tt.business, body, err)
				}
				for _, w := range tt.want {
					if !contains(e.Error, w) {
						t.Errorf("GET %s?business=%q: error %q lacks %q", path, tt.business, e.Error, w)
					}
				}
				continue
			}
			if path == "/dnc.csv" {
				for _, w := range tt.want {
					if !contains(body, w) {
						t.Errorf("GET %s?business=%q: got %q, want %s in it", path, tt.business, body, w)
					}
				}
				continue
			}
			var rows []dncEntry
			if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows) != len(tt.want) {
				t.Errorf("GET %s?business=%q: got %q (%v), want %v", path, tt.business, body, err, tt.want)
				continue
			}
			for i, w := range tt.want {
				if rows[i].Number != w {
					t.Errorf("GET %s?business=%q: row %d is %s, want %s", path, tt.business, i, rows[i].Number, w)
				}
			}
		}
	}
	// Only the exports that ran are audited, under the business id.
	log, err := a.st.AuditLog(ctx, 100)
	if err != nil || len(log) != 15 {
		t.Fatalf("audit log: got %d entries, %v; want 15 (5 exports by 3 paths)", len(log), err)
	}
	if log[len(log)-4].Subject != "brightwater-plumbing-services-llc" {
		t.Errorf("audit subject of an export by display name: got %q, want the business id", log[len(log)-4].Subject)
	}
}
