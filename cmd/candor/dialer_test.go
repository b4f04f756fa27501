package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"candor/agent/report"
)

func runDialerCLI(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"--db", db}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeDialerFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDNCCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	reg := writeDialerFile(t, dir, "reg.txt", "phone\n2125550101\nnot a number\n+13055550102\n\n12\n")
	code, out, errs := runDialerCLI(t, db, "dnc", "import", "--registry", reg, "--date", "2025-06-01")
	if code != 0 || !strings.Contains(out, "imported 2 numbers") {
		t.Fatalf("dnc import = %d, %q, %q; want 2 imported", code, out, errs)
	}
	for _, want := range []string{"reg.txt:3:", "reg.txt:6:"} {
		if !strings.Contains(errs, want) {
			t.Errorf("dnc import stderr %q lacks %q", errs, want)
		}
	}
	if code, _, errs := runDialerCLI(t, db, "dnc", "import", "--registry", reg, "--date", "June 1"); code == 0 {
		t.Errorf("dnc import with a bad date = 0 (%q), want failure", errs)
	}
	if code, out, errs := runDialerCLI(t, db, "dnc", "add", "(415) 555-0134", "--business", "Brightwater Plumbing"); code != 0 || strings.Contains(out, "4155550134") {
		t.Errorf("dnc add = %d, %q, %q; want success with the number masked", code, out, errs)
	}
	code, out, _ = runDialerCLI(t, db, "dnc", "export", "--format", "json")
	var rows []report.DNCRow
	if err := json.Unmarshal([]byte(out), &rows); code != 0 || err != nil || len(rows) != 3 {
		t.Fatalf("dnc export json = %d, %d rows, %v; want 3 rows", code, len(rows), err)
	}
	if rows[2].Number != "+14155550134" || rows[2].Business != "brightwater-plumbing-services-llc" || rows[0].Business != "*" {
		t.Errorf("exported rows %+v, want registry rows then Brightwater's, under its id", rows)
	}
	code, out, _ = runDialerCLI(t, db, "dnc", "export", "--business", "brightwater plumbing services llc")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[1], "+14155550134,brightwater-plumbing-services-llc,") {
		t.Errorf("dnc export csv = %d, %q; want header and the Brightwater row", code, out)
	}
}

func TestContactsAndConsentImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	csvFile := writeDialerFile(t, dir, "c.csv", "phone,name,tz\n2125550101,Ann,America/New_York\n555,Bob,\n2125550101,Ann again,\n3055550102,Cy,Mars/Base\n8085550103,Dee,\n")
	code, out, errs := runDialerCLI(t, db, "contacts", "import", "survey", csvFile)
	if code != 1 || !strings.Contains(out, "imported 2 contacts") {
		t.Errorf("contacts import = %d, %q; want 2 imported and status 1", code, out)
	}
	for _, want := range []string{"c.csv:3:", "c.csv:4:", "c.csv:5:"} {
		if !strings.Contains(errs, want) {
			t.Errorf("contacts import stderr %q lacks %q", errs, want)
		}
	}
	cf := writeDialerFile(t, dir, "consent.csv", "number,text,time,source\n2125550101,yes to offers,2025-05-01T10:00:00Z,web\nxx,yes,2025-05-01,web\n3055550102,yes,yesterday,web\n")
	code, out, errs = runDialerCLI(t, db, "consent", "import", cf, "--business", "Brightwater Plumbing")
	if code != 1 || !strings.Contains(out, "imported 1 consent") || !strings.Contains(errs, "consent.csv:3:") || !strings.Contains(errs, "consent.csv:4:") {
		t.Errorf("consent import = %d, %q, %q; want 1 imported, lines 3 and 4 reported", code, out, errs)
	}
	if code, _, _ := runDialerCLI(t, db, "consent", "import", cf); code == 0 {
		t.Errorf("consent import without a business = 0, want failure")
	}
}

func TestDialLoopback(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	csvFile := writeDialerFile(t, dir, "c.csv", "phone,name,persona\n2125550101,Ann,cooperative\n2125550102,Bob,opts_out_mid_survey\n3055550103,Cy,refuses\n8085550104,Dee,cooperative\n")
	code, _, _ := runDialerCLI(t, db, "dnc", "add", "8085550104", "--business", "Brightwater Plumbing Services LLC")
	if code != 0 {
		t.Fatal("dnc add failed")
	}
	code, out, errs := runDialerCLI(t, db, "dial", "service-followup-en", "--contacts", csvFile, "--demo-any-hour", "--speed", "400")
	if code != 0 {
		t.Fatalf("dial = %d, %q, %q", code, out, errs)
	}
	last := strings.TrimSpace(errs[strings.LastIndex(strings.TrimSpace(errs), "\n")+1:])
	for _, want := range []string{"dialled 3", "opted out 1", "refused 1", "completed 1"} {
		if !strings.Contains(last, want) {
			t.Errorf("progress line %q lacks %q", last, want)
		}
	}
	// A second run has nothing left to dial.
	_, _, errs = runDialerCLI(t, db, "dial", "service-followup-en", "--demo-any-hour")
	if !strings.Contains(errs, "dialled 0") {
		t.Errorf("second run: %q, want nothing dialled", errs)
	}
}
