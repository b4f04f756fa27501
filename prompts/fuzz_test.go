package prompts

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"candor/guardrails"
)

func FuzzParse(f *testing.F) {
	for _, dir := range []string{"examples", filepath.Join("testdata", "good"), filepath.Join("testdata", "bad")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range []string{"", "---", "a: *x", "&a [*a]", "{", "name: [", "survey: [{type: scale, min: 5}]",
		"disclosure: '{{'", "lines: {confirm_opt_out: '?'}", "lines: {confirm_opt_out: 吗？}", "\xef\xbb\xbfname: x", "a: b\r\nc: d", "<<: {}", "? [a]\n: b", "!!binary x: y"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if err != nil {
			if c != nil {
				t.Fatalf("got campaign and error %v, want only the error", err)
			}
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("got %T %v, want a non-empty ErrorList", err, err)
			}
			lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 2
			for i, e := range list {
				if e.File != "fuzz.yaml" || e.Msg == "" {
					t.Fatalf("got entry %#v, want File fuzz.yaml and a message", e)
				}
				if e.Line == 0 && (e.Col != 0 || e.Field != "") {
					t.Fatalf("got file-level entry with a column or field: %#v", e)
				}
				if e.Line < 0 || e.Line > lines {
					t.Fatalf("got line %d, want 0..%d: %v", e.Line, lines, e)
				}
				if last := i == len(list)-1 && e.Line == 0; i > 0 && !last && (list[i-1].Line > e.Line || list[i-1].Line == e.Line && list[i-1].Col > e.Col) {
					t.Fatalf("got unsorted entries %v then %v", list[i-1], e)
				}
			}
			return
		}
		if c == nil {
			t.Fatal("got nil campaign and nil error")
		}
		text := c.DisclosureText()
		if err := guardrails.ValidateDisclosure(text, c.Language, c.Business.DisplayName, c.Business.CallbackNumber); err != nil {
			t.Fatalf("accepted a disclosure that fails validation: %v\n%q", err, text)
		}
		if !strings.Contains(strings.ToLower(text), strings.ToLower(c.Business.RegisteredName)) {
			t.Fatalf("accepted a disclosure without the registered name %q: %q", c.Business.RegisteredName, text)
		}
		if c.Language != "en" && c.Language != "zh" || len(c.Survey) == 0 || c.Name == "" {
			t.Fatalf("accepted campaign with language %q, %d questions, name %q", c.Language, len(c.Survey), c.Name)
		}
		if msg := CheckConfirmOptOut(c.Lines.ConfirmOptOut, c.Language); msg != "" {
			t.Fatalf("accepted confirm_opt_out %q: %s", c.Lines.ConfirmOptOut, msg)
		}
		ids := map[string]bool{}
		for _, q := range c.Survey {
			if ids[q.ID] || q.ID == "" {
				t.Fatalf("accepted duplicate or empty question id %q", q.ID)
			}
			ids[q.ID] = true
			if q.Type == AnswerScale && q.Min >= q.Max || q.Type == AnswerChoice && len(q.Choices) == 0 {
				t.Fatalf("accepted bad question %+v", q)
			}
		}
	})
}

func BenchmarkParseExample(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("examples", "service-followup-en.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("en.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDisclosureText(b *testing.B) {
	c, err := Example("service-followup-zh")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.DisclosureText()
	}
}
