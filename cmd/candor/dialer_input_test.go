package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportLatin1: contact, consent and registry files with Latin-1 bytes
// are refused with the line named, and nothing of them is imported.
func TestImportLatin1(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "in.db")
	contactsFile := writeDialerFile(t, dir, "c.csv", "phone,name\n2125550101,Ann\n2125550102,Jos\xe9\n2125550103,Bob\n")
	consentFile := writeDialerFile(t, dir, "k.csv", "number,text,time,source,business\n2125550101,ok,2025-01-01,web,Acme\n2125550102,s\xed,2025-01-01,web,Acme\n")
	registryFile := writeDialerFile(t, dir, "r.txt", "2125550101\n2125550102\n2125550103 M\xfcller\n")
	tests := []struct {
		name string
		args []string
		line string
	}{
		{"contacts", []string{"contacts", "import", "survey", contactsFile}, "line 3"},
		{"consent", []string{"consent", "import", consentFile}, "line 3"},
		{"registry", []string{"dnc", "import", "--registry", registryFile, "--date", "2025-01-01"}, "line 3"},
	}
	for _, tt := range tests {
		code, _, errs := runDialerCLI(t, db, tt.args...)
		if code == 0 || !strings.Contains(errs, tt.line) || !strings.Contains(errs, "UTF-8") || !strings.Contains(errs, "nothing imported") {
			t.Errorf("%s: exit %d, stderr %q; want a failure naming %s, UTF-8 and nothing imported", tt.name, code, errs, tt.line)
		}
	}
	s := openStore(t, db)
	ctx := t.Context()
	if cs, err := s.Contacts(ctx, "survey"); err != nil || len(cs) != 0 {
		t.Errorf("%d contacts imported (%v), want 0", len(cs), err)
	}
	if list, err := s.ListDNC(ctx, ""); err != nil || len(list) != 0 {
		t.Errorf("%d do-not-call entries imported (%v), want 0", len(list), err)
	}
	// The same files in UTF-8 import.
	good := writeDialerFile(t, dir, "g.csv", "phone,name\n2125550101,Ann\n2125550102,José\n")
	if code, out, errs := runDialerCLI(t, db, "contacts", "import", "survey", good); code != 0 || !strings.Contains(out, "imported 2") {
		t.Errorf("UTF-8 contacts: exit %d, %q %q; want 2 imported", code, out, errs)
	}
}

// TestCampaignRunCarrierRefusals: bad carrier choices for `campaign run` are
// refused before anything is dialled, naming the problem.
func TestCampaignRunCarrierRefusals(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	trunks := writeDialerFile(t, dir, "trunks.json", `{"trunks": [{"name": "lab", "host": "127.0.0.1", "port": 5999, "caller_id": "+15550100"}]}`)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"twilio and a trunk", []string{"--twilio", "--trunk", "lab", "--trunks", trunks}, "exclude each other"},
		{"any hour on a real trunk", []string{"--trunk", "lab", "--trunks", trunks, "--demo-any-hour"}, "simulated callees only"},
		{"no trunk file", []string{"--trunk", "lab", "--trunks", ""}, "--trunks FILE"},
		{"unknown trunk", []string{"--trunk", "nosuch", "--trunks", trunks}, "nosuch"},
		{"twilio without an account", []string{"--twilio", "--public-url", "https://example.net"}, "twilio"},
	}
	for _, tt := range tests {
		t.Setenv("CANDOR_TRUNKS", "")
		code, _, errs := runDialerCLI(t, db, append([]string{"campaign", "run", "service-followup-en"}, tt.args...)...)
		if code == 0 || !strings.Contains(strings.ToLower(errs), strings.ToLower(tt.want)) {
			t.Errorf("%s: got exit %d, stderr %q; want a failure naming %q", tt.name, code, errs, tt.want)
		}
	}
	s := openStore(t, db)
	if as, err := s.Attempts(t.Context(), ""); err != nil || len(as) != 0 {
		t.Errorf("got %d attempts (%v), want none", len(as), err)
	}
}
