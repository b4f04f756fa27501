package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/phone"
	"candor/agent/report"
	"candor/agent/store"
	"candor/agent/store/sqlite"
)

// runCLI runs the command line in-process.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpAndVersion(t *testing.T) {
	cases := []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"help"}, 0, "Commands:"},
		{[]string{"version"}, 0, "candor "},
		{[]string{"demo", "-h"}, 0, "Usage: candor demo"},
		{[]string{"sandbox", "-h"}, 0, "Usage: candor sandbox"},
		{[]string{"help", "campaign"}, 0, "validate"},
		{[]string{"nonsense"}, 2, "unknown command"},
		{[]string{}, 2, "Usage: candor"},
	}
	for _, tc := range cases {
		code, out, errs := runCLI(t, "", tc.args...)
		if code != tc.wantCode || !strings.Contains(out+errs, tc.wantOut) {
			t.Errorf("candor %q: got code %d, output %q; want code %d and %q", tc.args, code, out+errs, tc.wantCode, tc.wantOut)
		}
	}
}

func TestCampaignValidate(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: x\nlanguage: fr\nbusines: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "", "campaign", "validate", "service-followup-en", "service-followup-zh", bad)
	if code != 1 {
		t.Errorf("exit code = %d, want 1 for a bad file", code)
	}
	for _, want := range []string{"ok: service-followup-en", "ok: service-followup-zh", " s)\n"} { // the disclosure's estimated length
		if !strings.Contains(out, want) {
			t.Errorf("stdout = %q, want %q", out, want)
		}
	}
	for _, want := range []string{bad + ":2:", "language", bad + ":3:", "busines"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr = %q, want it to name %q", errs, want)
		}
	}
	code, out, _ = runCLI(t, "", "campaign", "list")
	if code != 0 || !strings.Contains(out, "service-followup-en") || !strings.Contains(out, "service-followup-zh") {
		t.Errorf("campaign list: code %d, %q", code, out)
	}
}

func demoJSON(t *testing.T, db string, extra ...string) report.Demo {
	t.Helper()
	args := append([]string{"--db", db, "demo", "--json", "--speed", "200", "--text"}, extra...)
	code, out, errs := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, errs)
	}
	var s report.Demo
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("demo --json output is not JSON: %v\n%s", err, out)
	}
	if strings.Contains(errs, "+1") {
		t.Errorf("progress output shows a raw phone number: %q", errs)
	}
	return s
}

func TestDemoTwiceHonoursOptOuts(t *testing.T) {
	for _, campaign := range []string{"service-followup-en", "service-followup-zh"} {
		t.Run(campaign, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "demo.db")
			first := demoJSON(t, db, "--campaign", campaign)
			if first.Contacts < 20 {
				t.Errorf("contacts = %d, want >= 20", first.Contacts)
			}
			if first.SkippedDNC != 1 {
				t.Errorf("first run skipped_dnc = %d, want 1 (the pre-seeded contact)", first.SkippedDNC)
			}
			if first.Dialed+first.SkippedDNC != first.Contacts {
				t.Errorf("dialed %d + skipped %d != contacts %d", first.Dialed, first.SkippedDNC, first.Contacts)
			}
			if first.OptOuts < 2 || first.Refusals < 1 || first.Callbacks < 1 || first.Completed < 10 {
				t.Errorf("first run = %+v, want opt-outs, a refusal, a callback and completed surveys", first)
			}
			if first.DisclosuresFull < first.Dialed-first.OptOuts {
				t.Errorf("disclosures played %d, want at least every dialled call but opt-outs during it (%d)", first.DisclosuresFull, first.Dialed-first.OptOuts)
			}
			if first.Failed != 0 || first.Incomplete != 0 {
				t.Errorf("failed %d, incomplete %d; want none", first.Failed, first.Incomplete)
			}

			// Every number that opted out or refused is now listed, and the
			// second run dials none of them.
			st, err := sqlite.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			listed, err := st.ListDNC(context.Background(), "")
			st.Close()
			if err != nil {
				t.Fatal(err)
			}
			if want := 1 + first.OptOuts + first.Refusals; len(listed) != want {
				t.Errorf("do-not-call list has %d entries, want %d", len(listed), want)
			}
			second := demoJSON(t, db, "--campaign", campaign)
			if second.SkippedDNC != len(listed) {
				t.Errorf("second run skipped %d, want %d (every listed number)", second.SkippedDNC, len(listed))
			}
			if second.OptOuts != 0 || second.Refusals != 0 {
				t.Errorf("second run opt-outs %d, refusals %d; want 0: those callees were not dialled", second.OptOuts, second.Refusals)
			}
			if second.Dialed != first.Dialed-first.OptOuts-first.Refusals {
				t.Errorf("second run dialled %d, want %d", second.Dialed, first.Dialed-first.OptOuts-first.Refusals)
			}
		})
	}
}

func TestDemoContactsFileWithBadRows(t *testing.T) {
	dir := t.TempDir()
	csv := "\ufeffname,phone,persona\r\nAna,+1 212 555 0101,cooperative\r\n\r\nBad,12,cooperative\r\nBo,+1 312 555 0104,refuses\r\n"
	f := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(f, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "", "--db", filepath.Join(dir, "d.db"), "demo", "--json", "--speed", "200", "--text", "--contacts", f)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s report.Demo
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Contacts != 2 || s.BadRows != 1 || s.Completed != 1 || s.Refusals != 1 {
		t.Errorf("got %+v, want 2 contacts, 1 bad row, 1 completed, 1 refusal", s)
	}
	if !strings.Contains(errs, "line 4") {
		t.Errorf("stderr = %q, want the bad row's line number 4", errs)
	}
}

func TestSandboxTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	in := "wait are you a robot\nfour\nplease stop calling me\n"
	code, out, errs := runCLI(t, in, "--db", db, "sandbox", "--campaign", "service-followup-en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"agent> Hello", "[guard] callee intent: ask_if_ai", "[guard] opt_out recorded", "ended: opted_out"} {
		if !strings.Contains(out, want) {
			t.Errorf("sandbox output lacks %q:\n%s", want, out)
		}
	}
	// Sandbox calls never write the real do-not-call list, but are stored.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if list, _ := st.ListDNC(context.Background(), ""); len(list) != 0 {
		t.Errorf("sandbox wrote %d do-not-call entries, want 0", len(list))
	}
	calls, err := st.ListCalls(context.Background(), store.CallFilter{})
	if err != nil || len(calls) != 1 || !calls[0].Sandbox {
		t.Errorf("stored calls = %+v (%v), want one sandbox call", calls, err)
	}
}

func TestDemoContactsAreValid(t *testing.T) {
	res, err := contacts.Parse(bytes.NewReader(contacts.DemoCSV), "US")
	if err != nil || len(res.Bad) != 0 {
		t.Fatalf("demo contacts: %v, bad %v", err, res.Bad)
	}
	for _, c := range res.Contacts {
		if _, err := phone.Normalize(c.Phone, "US"); err != nil {
			t.Errorf("line %d: %v", c.Line, err)
		}
	}
	_ = agent.OutcomeCompleted
}

func TestBenchLinesReports(t *testing.T) {
	code, _, errs := runCLI(t, "", "bench", "lines", "--calls", "0")
	if code == 0 || !strings.Contains(errs, "--calls") {
		t.Errorf("bench with 0 calls: code %d, %q; want an error naming --calls", code, errs)
	}
}
