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
