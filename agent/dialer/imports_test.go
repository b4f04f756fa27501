package dialer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/agent/contacts"
	"candor/agent/store"
)

// importStore records what an import gave it.
type importStore struct {
	contacts []contacts.Contact
	consent  []store.Consent
	numbers  []string
	fail     error
	closed   bool
}

func (s *importStore) ImportContacts(_ context.Context, _ string, cs []contacts.Contact) (int, error) {
	s.contacts = cs
	return len(cs), s.fail
}

func (s *importStore) ImportConsent(_ context.Context, cs []store.Consent) (int, error) {
	s.consent = cs
	return len(cs), s.fail
}

func (s *importStore) ImportRegistry(_ context.Context, _ string, _ time.Time, nums []string) (int, error) {
	s.numbers = nums
	return len(nums), s.fail
}

func (s *importStore) Close() error { s.closed = true; return nil }

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportContacts(t *testing.T) {
	st := &importStore{}
	open := func(context.Context) (ContactStore, error) { return st, nil }
	file := writeFile(t, "c.csv", "phone,name\n2125550101,Ann\n555,Bob\n3055550102,Cy\n")
	var skipped strings.Builder
	n, err := ImportContacts(t.Context(), open, "survey", FileImport{File: file, Region: "US", Skipped: &skipped})
	if err != nil || n != (Imported{Records: 2, Added: 2, Skipped: 1}) || len(st.contacts) != 2 || !st.closed {
		t.Fatalf("got %+v, %v (%d stored, closed %v); want 2 imported, 1 skipped, the store closed", n, err, len(st.contacts), st.closed)
	}
	if !strings.HasPrefix(skipped.String(), file+":3: ") {
		t.Errorf("skipped %q, want line 3 named", skipped.String())
	}
	st.fail = errors.New("disk full")
	if _, err := ImportContacts(t.Context(), open, "survey", FileImport{File: file, Region: "US"}); !errors.Is(err, ErrNotImported) {
		t.Errorf("a failing store: got %v, want ErrNotImported", err)
	}
}

// TestImportRefusedWhole: a file that is not UTF-8 is refused before the
// store is opened.
func TestImportRefusedWhole(t *testing.T) {
	file := writeFile(t, "k.csv", "number,text,time,source,business\n2125550102,s\xed,2025-01-01,web,Acme\n")
	opened := false
	_, err := ImportConsent(t.Context(), func(context.Context) (ConsentStore, error) { opened = true; return &importStore{}, nil }, "", FileImport{File: file, Region: "US"})
	if !errors.Is(err, contacts.ErrNotUTF8) || !strings.Contains(err.Error(), file) || opened {
		t.Errorf("got %v (store opened %v), want ErrNotUTF8 naming the file and no store opened", err, opened)
	}
	_, err = ImportRegistry(t.Context(), func(context.Context) (RegistryStore, error) { opened = true; return &importStore{}, nil }, Registry{Source: "national"}, FileImport{File: file, Region: "US"})
	if !errors.Is(err, contacts.ErrNotUTF8) || opened {
		t.Errorf("registry: got %v (store opened %v), want ErrNotUTF8 and no store opened", err, opened)
	}
}

func TestImportRegistryAndConsent(t *testing.T) {
	st := &importStore{}
	reg := writeFile(t, "r.txt", "2125550101\nnot a number\n+13055550102\n")
	n, err := ImportRegistry(t.Context(), func(context.Context) (RegistryStore, error) { return st, nil },
		Registry{Source: "national", Date: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}, FileImport{File: reg, Region: "US"})
	if err != nil || n != (Imported{Records: 2, Added: 2, Skipped: 1}) {
		t.Errorf("registry: got %+v, %v; want 2 numbers, 1 bad line", n, err)
	}
	cf := writeFile(t, "k.csv", "number,text,time,source\n2125550101,yes,2025-05-01,web\nxx,yes,2025-05-01,web\n")
	n, err = ImportConsent(t.Context(), func(context.Context) (ConsentStore, error) { return st, nil }, "Acme", FileImport{File: cf, Region: "US"})
	if err != nil || n.Records != 1 || n.Skipped != 1 || st.consent[0].Business != "Acme" {
		t.Errorf("consent: got %+v, %v, %+v; want 1 record of Acme, 1 skipped", n, err, st.consent)
	}
}

// TestImportFutureDated: a registry extract dated in the future, or one with
// a line dated in the future, is refused whole before the store is opened;
// a consent row dated in the future is skipped, naming its line.
func TestImportFutureDated(t *testing.T) {
	now := time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)
	opened := false
	open := func(context.Context) (RegistryStore, error) { opened = true; return &importStore{}, nil }
	reg := writeFile(t, "r.txt", "2125550101\n")
	_, err := ImportRegistry(t.Context(), open, Registry{Source: "national", Date: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)},
		FileImport{File: reg, Region: "US", Now: now})
	if !errors.Is(err, ErrRegistryFuture) || !strings.Contains(err.Error(), "2099-01-01") || opened {
		t.Errorf("extract dated 2099: got %v (store opened %v), want ErrRegistryFuture naming the date, no store opened", err, opened)
	}
	dated := writeFile(t, "d.csv", "phone,added\n2125550101,2025-06-01\n2125550102,2099-01-01\n")
	_, err = ImportRegistry(t.Context(), open, Registry{Source: "national", Date: now}, FileImport{File: dated, Region: "US", Now: now})
	if !errors.Is(err, ErrRegistryFuture) || !strings.Contains(err.Error(), dated+": ") || !strings.Contains(err.Error(), "line 3") || opened {
		t.Errorf("line dated 2099: got %v (store opened %v), want ErrRegistryFuture naming %s line 3", err, opened, dated)
	}
	st := &importStore{}
	cf := writeFile(t, "k.csv", "number,text,time,source\n2125550101,yes,2025-06-01,web\n2125550102,yes,2099-01-01T00:00:00Z,web\n")
	var skipped strings.Builder
	n, err := ImportConsent(t.Context(), func(context.Context) (ConsentStore, error) { return st, nil }, "Acme",
		FileImport{File: cf, Region: "US", Now: now, Skipped: &skipped})
	if err != nil || n.Records != 1 || n.Skipped != 1 || !strings.HasPrefix(skipped.String(), cf+":3: ") || !strings.Contains(skipped.String(), "in the future") {
		t.Errorf("consent: got %+v, %v, skipped %q; want 1 imported and line 3 refused as dated in the future", n, err, skipped.String())
	}
}

// TestImportConsentBusiness: each record's business is resolved to its id;
// a record naming an unknown business is skipped, naming its line.
func TestImportConsentBusiness(t *testing.T) {
	st := &importStore{}
	cf := writeFile(t, "k.csv", "number,text,time,source,business\n"+
		"2125550101,yes,2025-06-01,web,Brightwater Plumbing\n"+
		"2125550102,yes,2025-06-01,web,Nobody Inc\n"+
		"2125550103,yes,2025-06-01,web,\n")
	resolve := func(name string) (string, error) {
		if strings.EqualFold(name, "Brightwater Plumbing") || name == "brightwater-plumbing-services-llc" {
			return "brightwater-plumbing-services-llc", nil
		}
		return "", errors.New("unknown business " + name)
	}
	var skipped strings.Builder
	n, err := ImportConsent(t.Context(), func(context.Context) (ConsentStore, error) { return st, nil }, "brightwater-plumbing-services-llc",
		FileImport{File: cf, Region: "US", Business: resolve, Skipped: &skipped})
	if err != nil || n.Records != 2 || n.Skipped != 1 {
		t.Fatalf("got %+v, %v; want 2 records, 1 skipped", n, err)
	}
	for _, c := range st.consent {
		if c.Business != "brightwater-plumbing-services-llc" {
			t.Errorf("record %s keyed %q, want the business id", c.Number, c.Business)
		}
	}
	if got := skipped.String(); !strings.HasPrefix(got, cf+":3: ") || !strings.Contains(got, "unknown business Nobody Inc") {
		t.Errorf("skipped %q, want line 3 refused for its unknown business", got)
	}
}

// TestImportUnterminatedQuote: each import names the line where an
// unterminated quote opens and still reads the lines after it.
func TestImportUnterminatedQuote(t *testing.T) {
	st := &importStore{}
	now := time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, text string
		run        func(FileImport) (Imported, error)
		want       Imported
		skipped    string // the first skip line, after the file name
	}{
		{"contacts", "phone,name\n2125550101,\"Ann\n3055550102,Cy\n3055550103,Di\"\n",
			func(f FileImport) (Imported, error) {
				return ImportContacts(t.Context(), func(context.Context) (ContactStore, error) { return st, nil }, "survey", f)
			}, Imported{Records: 1, Added: 1, Skipped: 2}, ":2: CSV syntax error: unterminated quote: the quote at line 2, column 12 is not closed on its line"},
		{"consent", "number,text,time,source\n2125550101,\"yes,2025-05-01,web\n2125550102,yes,2025-05-01,web\n",
			func(f FileImport) (Imported, error) {
				return ImportConsent(t.Context(), func(context.Context) (ConsentStore, error) { return st, nil }, "Acme", f)
			}, Imported{Records: 1, Added: 1, Skipped: 1}, ":2: bad consent row: unterminated quote: the quote at line 2, column 12 is not closed on its line"},
		{"registry", "\"2125550101\n2125550102\n",
			func(f FileImport) (Imported, error) {
				return ImportRegistry(t.Context(), func(context.Context) (RegistryStore, error) { return st, nil },
					Registry{Source: "national", Date: now.AddDate(0, 0, -1)}, f)
			}, Imported{Records: 2, Added: 2}, ""}, // one number a line: a quote cannot swallow the next
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := writeFile(t, tc.name+".csv", tc.text)
			var skipped strings.Builder
			n, err := tc.run(FileImport{File: file, Region: "US", Now: now, Skipped: &skipped})
			if err != nil || n != tc.want {
				t.Errorf("got %+v, %v; want %+v", n, err, tc.want)
			}
			first, _, _ := strings.Cut(skipped.String(), "\n")
			if want := file + tc.skipped; tc.skipped != "" && first != want || tc.skipped == "" && first != "" {
				t.Errorf("skipped: got %q, want %q", first, want)
			}
		})
	}
}
