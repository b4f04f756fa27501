package prompts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

func TestBusinessID(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Brightwater Plumbing Services LLC", "brightwater-plumbing-services-llc"},
		{"  brightwater   plumbing services llc ", "brightwater-plumbing-services-llc"},
		{"BRIGHTWATER-PLUMBING-SERVICES-LLC", "brightwater-plumbing-services-llc"},
		{"Acme Heating Co.", "acme-heating-co"},
		{"O'Brien & Sons, Inc.", "o-brien-sons-inc"},
		{"上海清泉管道维修服务有限公司", "上海清泉管道维修服务有限公司"},
		{"清泉（上海）有限公司", "清泉-上海-有限公司"},
		{"acme-heating-co", "acme-heating-co"},
		{"--", ""},
		{"", ""},
	} {
		if got := BusinessID(tt.in); got != tt.want {
			t.Errorf("BusinessID(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBusinessKey(t *testing.T) {
	for _, tt := range []struct {
		b    Business
		want string
	}{
		{Business{RegisteredName: "Brightwater Plumbing Services LLC"}, "brightwater-plumbing-services-llc"},
		{Business{ID: "brightwater", RegisteredName: "Brightwater Plumbing Services LLC"}, "brightwater"},
		{Business{ID: " brightwater ", RegisteredName: "x"}, "brightwater"},
	} {
		if got := tt.b.Key(); got != tt.want {
			t.Errorf("%+v.Key(): got %q, want %q", tt.b, got, tt.want)
		}
	}
}

func TestResolveBusiness(t *testing.T) {
	en, err := Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	zh, err := Example("service-followup-zh")
	if err != nil {
		t.Fatal(err)
	}
	explicit := &Campaign{Business: Business{ID: "acme", DisplayName: "Acme", RegisteredName: "Acme Heating Co."}}
	twin := &Campaign{Business: Business{ID: "acme-2", DisplayName: "Acme", RegisteredName: "Acme Cooling Co."}}
	camps := []*Campaign{en, zh, explicit, en} // en twice: one business
	for _, tt := range []struct {
		name, want string
		err        error
	}{
		{"Brightwater Plumbing", "brightwater-plumbing-services-llc", nil},
		{"brightwater plumbing", "brightwater-plumbing-services-llc", nil},
		{"BRIGHTWATER  PLUMBING", "brightwater-plumbing-services-llc", nil},
		{"Brightwater Plumbing Services LLC", "brightwater-plumbing-services-llc", nil},
		{"brightwater plumbing services llc", "brightwater-plumbing-services-llc", nil},
		{"brightwater-plumbing-services-llc", "brightwater-plumbing-services-llc", nil},
		{"清泉管道维修", "上海清泉管道维修服务有限公司", nil},
		{"上海清泉管道维修服务有限公司", "上海清泉管道维修服务有限公司", nil},
		{"acme", "acme", nil},
		{"Acme Heating Co.", "acme", nil},
		{"acme heating co", "acme", nil}, // the registered name in normal form
		{"Brightwater", "", ErrUnknownBusiness},
		{"", "", ErrUnknownBusiness},
		{"--", "", ErrUnknownBusiness},
		{"Brightwater Plumbing Services", "", ErrUnknownBusiness},
	} {
		b, err := ResolveBusiness(camps, tt.name)
		if !errors.Is(err, tt.err) || b.Key() != tt.want {
			t.Errorf("ResolveBusiness(%q): got %q, %v; want %q, %v", tt.name, b.Key(), err, tt.want, tt.err)
		}
	}
	_, err = ResolveBusiness(camps, "Nobody Inc")
	for _, want := range []string{`unknown business "Nobody Inc"`, "brightwater-plumbing-services-llc", `"Brightwater Plumbing"`, "acme (", "上海清泉管道维修服务有限公司"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ResolveBusiness(unknown): got %v, want it to name %s", err, want)
		}
	}
	if _, err := ResolveBusiness(append(camps, twin), "acme"); !errors.Is(err, ErrAmbiguousBusiness) {
		t.Errorf("ResolveBusiness(display name of two ids): got %v, want ErrAmbiguousBusiness", err)
	}
	if _, err := ResolveBusiness(nil, "acme"); err == nil || !strings.Contains(err.Error(), "none") {
		t.Errorf("ResolveBusiness with no campaigns: got %v, want an error saying none are known", err)
	}
}

func TestSentencesIn(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{". ", 1},
		{"). I'm calling. ", 2},
		{" rated 3.5 by you. ", 1},
		{"? ! ", 2},
		{"?! ", 1},
		{"的回访电话。本次通话由人工智能生成。", 2},
		{"，不是真人。", 1},
	} {
		if got := sentencesIn(tt.in); got != tt.want {
			t.Errorf("sentencesIn(%q): got %d, want %d", tt.in, got, tt.want)
		}
	}
}

// FuzzBusinessID checks that any text gives an id in normal form without
// panicking, and that resolving it never panics.
func FuzzBusinessID(f *testing.F) {
	for _, s := range []string{"Brightwater Plumbing Services LLC", "上海清泉管道维修服务有限公司", "--a--", "\xff\xfe", "ǅ Ⅻ ß"} {
		f.Add(s)
	}
	camps := []*Campaign{{Business: Business{DisplayName: "Acme", RegisteredName: "Acme Heating Co."}}}
	f.Fuzz(func(t *testing.T, s string) {
		id := BusinessID(s)
		if again := BusinessID(id); again != id {
			t.Fatalf("BusinessID(%q) = %q, but BusinessID of that is %q", s, id, again)
		}
		if !utf8.ValidString(id) || strings.HasPrefix(id, "-") || strings.HasSuffix(id, "-") || strings.Contains(id, "--") {
			t.Fatalf("BusinessID(%q) = %q: not in normal form", s, id)
		}
		_, _ = ResolveBusiness(camps, s)
	})
}

func TestCampaigns(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good", "minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"dir/a.yaml":   {Data: good},
		"dir/note.txt": {Data: []byte("not a campaign")},
		"one.yml":      {Data: good},
		"bad.yaml":     {Data: []byte("language: en\n")},
	}
	cs, err := Campaigns(fsys, "dir", "one.yml")
	if err != nil || len(cs) != len(Examples())+2 {
		t.Fatalf("Campaigns: got %d campaigns, %v; want the %d examples and 2 files", len(cs), err, len(Examples()))
	}
	if b, err := ResolveBusiness(cs, "Acme Heating"); err != nil || b.Key() != "acme-heating-co" {
		t.Errorf("ResolveBusiness(a file's display name): got %q, %v; want acme-heating-co", b.Key(), err)
	}
	if _, err := Campaigns(fsys, "bad.yaml"); err == nil {
		t.Error("Campaigns(a broken file): got no error")
	}
	if _, err := Campaigns(fsys, "missing.yaml"); err == nil {
		t.Error("Campaigns(a missing file): got no error")
	}
}
