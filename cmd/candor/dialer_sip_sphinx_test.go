//go:build sphinx

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/loadtest"
	"candor/agent/phone"
	"candor/agent/store"
	"candor/agent/store/sqlite"
	"candor/prompts"
)

// TestCampaignRunSIPTrunk: `candor campaign run --trunk NAME --trunks FILE`,
// and `candor serve --workers` with the same flags, dial a campaign's
// contacts over a SIP trunk (a sipp UAS on 127.0.0.1 that answers, stays
// silent and hangs up after 3 s) with the real voice: the number on the
// do-not-call list is skipped with its reason, the two others are dialled
// once each, and their calls are stored.
func TestCampaignRunSIPTrunk(t *testing.T) {
	sippBin := needSippAndEspeak(t)
	for _, mode := range []string{"campaign run", "serve"} {
		t.Run(mode, func(t *testing.T) { campaignOverSIP(t, sippBin, mode) })
	}
}

// runServeUntilDone runs `candor serve` with args until its workers finished
// the campaign, then stops it.
func runServeUntilDone(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	errb := &syncBuffer{}
	res := make(chan int, 1)
	go func() {
		res <- run(ctx, append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), &out, errb)
	}()
	deadline := time.After(90 * time.Second)
	for !strings.Contains(errb.String(), " done: ") {
		select {
		case code := <-res:
			return code, out.String(), errb.String()
		case <-deadline:
			cancel()
			<-res
			t.Fatalf("serve: the campaign was not done after 90 s: %s", errb.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	return <-res, out.String(), errb.String()
}

func campaignOverSIP(t *testing.T, sippBin, mode string) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	nums, zones := numbersOpenNow(t, time.Now(), 3, 141) // numbers whose own zone is open: the run keeps the real clock
	dir := t.TempDir()
	db := filepath.Join(dir, "candor.db")
	csv := writeDialerFile(t, dir, "contacts.csv", fmt.Sprintf("phone,name,tz\n%[1]s,Ann,%[4]s\n%[2]s,Bo,%[4]s\n%[3]s,Cy,%[4]s\n",
		nums[0], nums[1], nums[2], zones[0]))
	if code, out, errs := runDialerCLI(t, db, "dnc", "add", nums[2], "--business", camp.Business.RegisteredName); code != 0 {
		t.Fatalf("dnc add: exit %d\n%s\n%s", code, out, errs)
	}

	sf := filepath.Join(dir, "uas.xml")
	if err := os.WriteFile(sf, []byte(loadtest.SippScenario), 0o600); err != nil {
		t.Fatal(err)
	}
	uas := startSippUAS(t, sippBin, dir, sf, "-m", "2", "-d", "3000")

	trunks := writeDialerFile(t, dir, "trunks.json", fmt.Sprintf(`{"trunks": [{"name": "lab", "host": "127.0.0.1",
	  "port": %d, "caller_id": "+15550100"}]}`, uas.port))
	carrier := []string{"--contacts", csv, "--trunk", "lab", "--trunks", trunks, "--local-ip", "127.0.0.1"}
	var code int
	var out, errs string
	if mode == "serve" {
		code, out, errs = runServeUntilDone(t, db, append([]string{"--workers", "2", "--campaign", "service-followup-en"}, carrier...)...)
	} else {
		code, out, errs = runDialerCLI(t, db, append([]string{"campaign", "run", "service-followup-en", "--concurrency", "2"}, carrier...)...)
	}
	if code != 0 {
		t.Fatalf("%s: exit %d\nstdout %s\nstderr %s\nsipp %s", mode, code, out, errs, uas.out)
	}
	uas.check(t, "fewer than 2 calls?")
	for _, n := range nums {
		if strings.Contains(out+errs, strings.TrimPrefix(n, "+")) {
			t.Errorf("output shows the number %s", phone.Mask(n))
		}
	}

	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	attempts, err := st.Attempts(context.Background(), camp.Name)
	if err != nil {
		t.Fatal(err)
	}
	dialled := map[string]int{}
	for _, a := range attempts {
		dialled[a.Number]++
	}
	if len(attempts) != 2 || dialled[nums[0]] != 1 || dialled[nums[1]] != 1 {
		t.Errorf("got attempts %v, want one each for the two numbers not on the list", dialled)
	}
	skipped, err := st.SkippedByReason(context.Background(), camp.Name)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || skipped[store.SkipDNC] != 1 {
		t.Errorf("got skipped %v, want the listed number, once, as dnc", skipped)
	}
	calls, err := st.ListCalls(context.Background(), store.CallFilter{Campaign: camp.Name})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 2 {
		t.Fatalf("got %d stored calls, want 2", len(calls))
	}
	for _, c := range calls {
		if c.Outcome != agent.OutcomeHungUp || c.Turns == 0 {
			t.Errorf("call %s: got outcome %s with %d turns, want hung_up after the disclosure started", c.ID, c.Outcome, c.Turns)
		}
	}
}
