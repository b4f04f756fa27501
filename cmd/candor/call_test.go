package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/store"
	"candor/agent/telephony/twilio"
	"candor/prompts"
)

func TestCallRefusesDNC(t *testing.T) {
	var requests atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		http.Error(w, "must not be called", http.StatusTeapot)
	}))
	defer api.Close()
	db := filepath.Join(t.TempDir(), "candor.db")
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenSQLite(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	err = st.AddOptOut(context.Background(), agent.OptOut{Number: "+12125550123", Business: camp.Business.RegisteredName,
		Campaign: camp.Name, Reason: "manual", At: time.Now()})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	base := []string{"--campaign", "service-followup-en", "--api-base", api.URL, "--account-sid", "AC1",
		"--auth-token", "tok", "--from", "+15005550006", "--public-url", "https://candor.example", "--listen", "127.0.0.1:0"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"on the list", append([]string{"call", "--to", "+12125550123", "--twilio", "--json"}, base...), "do-not-call list"},
		{"on the list, national format", append([]string{"call", "--to", "(212) 555-0123", "--twilio"}, base...), "do-not-call list"},
		{"no carrier", append([]string{"call", "--to", "+12125550199"}, base...), "--twilio"},
		{"no number", append([]string{"call", "--twilio"}, base...), "--to"},
	}
	for _, tc := range tests {
		code, out, errOut := runDialerCLI(t, db, tc.args...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d stderr %q, want 1 and %q", tc.name, code, errOut, tc.want)
		}
		if out != "" {
			t.Errorf("%s: stdout %q, want nothing", tc.name, out)
		}
		if strings.Contains(errOut, "2125550123") {
			t.Errorf("%s: the raw number appears in the output: %q", tc.name, errOut)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the Calls API got %d requests, want 0 (nothing dialled)", n)
	}
}

func TestSummarizeCall(t *testing.T) {
	rec := &agent.CallRecord{ID: "c1", Number: "+12125550123", Outcome: agent.OutcomeNoAnswer, EndReason: agent.EndNotAnswered}
	busy := fmt.Errorf("%w: %w", agent.ErrNoAnswer, twilio.ErrBusy)
	tests := []struct {
		err  error
		want agent.Outcome
	}{
		{busy, agent.OutcomeBusy},
		{agent.ErrNoAnswer, agent.OutcomeNoAnswer},
		{errors.New("other"), agent.OutcomeNoAnswer},
	}
	for _, tc := range tests {
		s := summarizeCall(rec, tc.err)
		if s.Outcome != tc.want {
			t.Errorf("err %v: outcome %q, want %q", tc.err, s.Outcome, tc.want)
		}
		if strings.Contains(s.Number, "2125550123") || s.VoiceToVoiceMS == nil {
			t.Errorf("summary %+v: want a masked number and a non-nil latency list", s)
		}
	}
}
