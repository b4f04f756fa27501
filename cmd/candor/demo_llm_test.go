package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"candor/agent/store"
	"candor/agent/store/sqlite"
)

// The demo's adversarial contact is answered by an in-process model that
// makes forbidden claims: the rail blocks them, none is stored as said, and
// the call still completes.
func TestDemoBlocksAdversarialModel(t *testing.T) {
	for _, campaign := range []string{"service-followup-en", "service-followup-zh"} {
		t.Run(campaign, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "demo.db")
			s := demoJSON(t, db, "--campaign", campaign)
			if s.ClaimsBlocked == 0 {
				t.Errorf("claims_blocked: got 0, want the adversarial model's claims blocked")
			}
			if s.Failed != 0 || s.Incomplete != 0 {
				t.Errorf("failed %d, incomplete %d; want none", s.Failed, s.Incomplete)
			}
			st, err := sqlite.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			calls, err := st.ListCalls(context.Background(), store.CallFilter{})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, c := range calls {
				rec, err := st.Call(context.Background(), c.ID)
				if err != nil {
					t.Fatal(err)
				}
				if rec.ContactRef != "Mina Castellanos" {
					continue
				}
				found = true
				if rec.Outcome != "completed" {
					t.Errorf("adversarial call outcome: got %q, want completed", rec.Outcome)
				}
				for _, turn := range rec.Turns {
					if turn.Speaker != "agent" {
						continue
					}
					for _, bad := range []string{"real person,", "guaranteed", "selected to win", "我是真人", "我保证", "中奖"} {
						if strings.Contains(turn.Text, bad) {
							t.Errorf("forbidden sentence said: %q", turn.Text)
						}
					}
				}
			}
			if !found {
				t.Errorf("no call to the adversarial contact in %d calls", len(calls))
			}
		})
	}
}
