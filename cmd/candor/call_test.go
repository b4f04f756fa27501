package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/store/sqlite"
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
	optOutListed(t, db)
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
		checkCallRefused(t, db, tc.name, tc.want, tc.args...)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the Calls API got %d requests, want 0 (nothing dialled)", n)
	}
}

// optOutListed puts +12125550123 on the example campaign's do-not-call list in db.
func optOutListed(t *testing.T, db string) {
	t.Helper()
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.AddOptOut(context.Background(), agent.OptOut{Number: "+12125550123", Business: camp.Business.RegisteredName,
		Campaign: camp.Name, Reason: "manual", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

// checkCallRefused runs the command args and wants it refused with exit 1,
// want on stderr, nothing on stdout and the listed number nowhere.
func checkCallRefused(t *testing.T, db, name, want string, args ...string) {
	t.Helper()
	code, out, errOut := runDialerCLI(t, db, args...)
	if code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("%s: exit %d stderr %q, want 1 and %q", name, code, errOut, want)
	}
	if out != "" {
		t.Errorf("%s: stdout %q, want nothing", name, out)
	}
	if strings.Contains(errOut, "2125550123") {
		t.Errorf("%s: the raw number appears in the output: %q", name, errOut)
	}
}

// TestCallTrunkRefusals: over a SIP trunk, a do-not-call number (E.164,
// national or inside a SIP URI) is refused before anything is sent, and bad
// carrier, trunk or target settings fail with clear messages.
func TestCallTrunkRefusals(t *testing.T) {
	trunkPC, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer trunkPC.Close()
	got := make(chan int, 1)
	go func() {
		buf := make([]byte, 2048)
		n := 0
		for {
			if _, _, err := trunkPC.ReadFrom(buf); err != nil {
				got <- n
				return
			}
			n++
		}
	}()
	dir := t.TempDir()
	db := filepath.Join(dir, "candor.db")
	optOutListed(t, db)
	port := trunkPC.LocalAddr().(*net.UDPAddr).Port
	trunks := writeDialerFile(t, dir, "trunks.json", fmt.Sprintf(
		`{"trunks":[{"name":"lab","host":"127.0.0.1","port":%d,"caller_id":"+15550100"}]}`, port))
	noCID := writeDialerFile(t, dir, "nocid.json", `{"trunks":[{"name":"lab","host":"127.0.0.1"}]}`)
	base := []string{"call", "--campaign", "service-followup-en", "--trunks", trunks, "--local-ip", "127.0.0.1"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"on the list", []string{"--trunk", "lab", "--to", "+12125550123", "--json"}, "do-not-call list"},
		{"on the list, national", []string{"--trunk", "lab", "--to", "(212) 555-0123"}, "do-not-call list"},
		{"on the list, SIP URI", []string{"--trunk", "lab", "--to", fmt.Sprintf("sip:+12125550123@127.0.0.1:%d", port)}, "do-not-call list"},
		{"SIP URI without a number", []string{"--trunk", "lab", "--to", "sip:alice@127.0.0.1"}, "phone number"},
		{"SIP URI over Twilio", []string{"--twilio", "--to", "sip:+12125550199@127.0.0.1"}, "needs --trunk"},
		{"unknown trunk", []string{"--trunk", "other", "--to", "+12125550199"}, "no such trunk"},
		{"both carriers", []string{"--trunk", "lab", "--twilio", "--to", "+12125550199"}, "exclude"},
		{"no caller ID", []string{"--trunk", "lab", "--trunks", noCID, "--to", "+12125550199"}, "no caller ID"},
	}
	for _, tc := range tests {
		checkCallRefused(t, db, tc.name, tc.want, append(append([]string{}, base...), tc.args...)...)
	}
	trunkPC.Close()
	if n := <-got; n != 0 {
		t.Errorf("the trunk got %d packets, want 0 (nothing dialled)", n)
	}
}
