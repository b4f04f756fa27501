package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"candor/agent"
)

// FuzzParseFilter: any query string either is refused or gives a filter
// whose values are exactly what was asked for.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"", "campaign=x&outcome=opted_out", "optout=yes&intervention=no&flagged=yes&reviewed=no",
		"from=2025-06-01&to=2025-06-30", "from=2025-02-30", "outcome=%3Cscript%3E", "to=9999-12-31", "flagged=YES",
		"from=2025-6-1", "campaign=%00%ff&campaign=second"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		flt, form, err := parseFilter(q)
		if err != nil {
			return
		}
		if flt.Campaign != q.Get("campaign") {
			t.Errorf("campaign: got %q, want %q", flt.Campaign, q.Get("campaign"))
		}
		if flt.Outcome != "" && !containsOutcome(flt.Outcome) {
			t.Errorf("outcome %q accepted, want one of the known outcomes", flt.Outcome)
		}
		for _, b := range []struct {
			v   string
			got *bool
		}{{form.OptOut, flt.OptOut}, {form.Intervention, flt.Intervention}, {form.Flagged, flt.Flagged}, {form.Reviewed, flt.Reviewed}} {
			if (b.v == "") != (b.got == nil) || (b.got != nil && *b.got != (b.v == "yes")) {
				t.Errorf("yes/no filter %q: got %v", b.v, b.got)
			}
		}
		if form.From != "" && flt.Since.Format(time.DateOnly) != form.From {
			t.Errorf("from %q: got since %s", form.From, flt.Since)
		}
		if form.To != "" && flt.Until.AddDate(0, 0, -1).Format(time.DateOnly) != form.To {
			t.Errorf("to %q: got until %s, want the next midnight", form.To, flt.Until)
		}
		if flt.Limit <= 0 || flt.Limit > 500 {
			t.Errorf("limit: got %d, want 1..500", flt.Limit)
		}
	})
}

func containsOutcome(o agent.Outcome) bool {
	for _, k := range outcomes {
		if k == o {
			return true
		}
	}
	return false
}

// FuzzSafeNext: the post-login target is always a path on this site, also
// as a browser reads it (tabs and newlines removed, backslashes as slashes).
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/calls?flagged=yes", "//evil.example", "/\\evil.example", "https://evil.example/",
		"/\t/evil.example", "/%2F%2Fevil.example", "javascript:alert(1)", "", "/calls/\r\nSet-Cookie: x=1", "/\x7f/x", " /x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != next && got != "/calls" {
			t.Fatalf("safeNext(%q) = %q, want the input or /calls", next, got)
		}
		browser := strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\n', '\r':
				return -1
			case '\\':
				return '/'
			}
			return r
		}, got)
		if !strings.HasPrefix(browser, "/") || strings.HasPrefix(browser, "//") {
			t.Fatalf("safeNext(%q) = %q, which a browser reads as %q: not a local path", next, got, browser)
		}
		// A bad escape ("/%") is a path that 404s, not a way off the site.
		if u, err := url.Parse(browser); err == nil && (u.Scheme != "" || u.Host != "") {
			t.Fatalf("safeNext(%q) = %q leaves the site (scheme %q, host %q)", next, got, u.Scheme, u.Host)
		}
	})
}

// FuzzCampaignUpload: an upload is either a valid campaign or a list of
// errors, each naming the file by its base name only.
func FuzzCampaignUpload(f *testing.F) {
	valid, err := readExample("service-followup-en")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("mine.yaml", valid)
	f.Add("../../etc/passwd", "name: x\n")
	f.Add("a\\b.yaml", "{{{")
	f.Add("", "")
	f.Add("x.yaml", strings.Replace(valid, "AI", "person", -1))
	f.Add("x.yaml", "name: x\nlanguage: en\nbusiness: [1, 2]\n")
	f.Add("x.yaml", "a: &a [*a]\n")
	f.Fuzz(func(t *testing.T, name, data string) {
		c, errs := parseCampaignUpload(name, []byte(data))
		if (c == nil) == (len(errs) == 0) {
			t.Fatalf("got campaign %v and %d errors, want exactly one of them", c != nil, len(errs))
		}
		if c != nil {
			if c.DisclosureText() == "" || c.Business.RegisteredName == "" {
				t.Errorf("accepted campaign without disclosure or business")
			}
			return
		}
		for _, e := range errs {
			file, _, _ := strings.Cut(e, ":")
			if e == "" || strings.Contains(file, "/") {
				t.Errorf("error %q: want it to start with the file's base name", e)
			}
		}
	})
}
