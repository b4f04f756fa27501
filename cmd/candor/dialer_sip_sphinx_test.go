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
	"candor/agent/phone"
	"candor/agent/store"
	"candor/prompts"
)

// numbersInHours returns three numbers of one time zone where it is now
// between 10:00 and 18:00, so that a run with the real clock is inside the
// calling window.
func numbersInHours(t *testing.T) []string {
	t.Helper()
	for _, prefix := range []string{"+1212555", "+4420794601", "+813123401", "+612912301", "+8621612301",
		"+9133234501", "+5511323401", "+1808555", "+331426801", "+1310555"} {
		zones := phone.TimeZones(prefix + "0141")
		if len(zones) != 1 {
			continue
		}
		loc, err := time.LoadLocation(zones[0])
		if err != nil {
			continue
		}
		if h := time.Now().In(loc).Hour(); h >= 10 && h < 18 {
			return []string{prefix + "0141", prefix + "0142", prefix + "0143"}
		}
	}
	t.Fatal("no candidate time zone is between 10:00 and 18:00 now")
	return nil
}

// TestCampaignRunSIPTrunk: `candor campaign run --trunk NAME --trunks FILE`
// dials a campaign's contacts over a SIP trunk (a sipp UAS on 127.0.0.1
// that answers, stays silent and hangs up after 3 s) with the real voice:
// the number on the do-not-call list is skipped with its reason, the two
// others are dialled once each, and their calls are stored.
func TestCampaignRunSIPTrunk(t *testing.T) {
	sippBin := needSippAndEspeak(t)
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	nums := numbersInHours(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "candor.db")
	csv := writeDialerFile(t, dir, "contacts.csv", "phone,name\n"+nums[0]+",Ann\n"+nums[1]+",Bo\n"+nums[2]+",Cy\n")
	if code, out, errs := runDialerCLI(t, db, "dnc", "add", nums[2], "--business", camp.Business.RegisteredName); code != 0 {
		t.Fatalf("dnc add: exit %d\n%s\n%s", code, out, errs)
	}

	sf := filepath.Join(dir, "uas.xml")
	if err := os.WriteFile(sf, []byte(loadScenario), 0o600); err != nil {
		t.Fatal(err)
	}
	uas := startSippUAS(t, sippBin, dir, sf, "-m", "2", "-d", "3000")

	trunks := writeDialerFile(t, dir, "trunks.json", fmt.Sprintf(`{"trunks": [{"name": "lab", "host": "127.0.0.1",
	  "port": %d, "caller_id": "+15550100"}]}`, uas.port))
	code, out, errs := runDialerCLI(t, db, "campaign", "run", "service-followup-en", "--contacts", csv,
		"--trunk", "lab", "--trunks", trunks, "--local-ip", "127.0.0.1", "--concurrency", "2")
	if code != 0 {
		t.Fatalf("campaign run: exit %d\nstdout %s\nstderr %s\nsipp %s", code, out, errs, uas.out)
	}
	uas.check(t, "fewer than 2 calls?")
	for _, n := range nums {
		if strings.Contains(out+errs, strings.TrimPrefix(n, "+")) {
			t.Errorf("output shows the number %s", phone.Mask(n))
		}
	}

	st, err := store.OpenSQLite(context.Background(), db)
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
