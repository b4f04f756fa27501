package prompts

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"candor/guardrails"
)

// wantErr describes one entry an ErrorList must contain.
type wantErr struct {
	field     string
	line, col int
	msg       string // substring of Msg
	is        error  // optional sentinel for errors.Is
}

func (w wantErr) String() string {
	return fmt.Sprintf("%d:%d %s: ...%s...", w.line, w.col, w.field, w.msg)
}

// findErr reports whether list holds an entry matching w.
func findErr(list ErrorList, w wantErr) bool {
	for _, e := range list {
		if e.Field == w.field && e.Line == w.line && e.Col == w.col && strings.Contains(e.Msg, w.msg) &&
			(w.is == nil || errors.Is(e, w.is)) {
			return true
		}
	}
	return false
}

// badCases is one expectation per broken campaign of testdata/bad (one file
// per rejection rule); n is the number of problems the file must produce.
var badCases = map[string]struct {
	n    int
	want []wantErr
}{
	"confirm-opt-out-not-yes-no":         {1, []wantErr{{"lines.confirm_opt_out", 21, 20, `not one starting with "what"`, ErrConfirmOptOut}}},
	"confirm-opt-out-wrong-meaning":      {1, []wantErr{{"lines.confirm_opt_out", 21, 20, "must ask whether to stop calling", ErrConfirmOptOut}}},
	"confirm-opt-out-wrong-language":     {1, []wantErr{{"lines.confirm_opt_out", 21, 20, "not in English", ErrConfirmOptOut}}},
	"confirm-opt-out-zh-not-yes-no":      {1, []wantErr{{"lines.confirm_opt_out", 20, 20, "not one with 什么", ErrConfirmOptOut}}},
	"malformed-yaml":                     {1, []wantErr{{"", 6, 0, "invalid YAML", nil}}},
	"guard-judge-invalid":                {3, []wantErr{{"guard.judge.model", 29, 5, "required field is missing", nil}, {"guard.judge.base_url", 29, 15, "want an http or https URL", nil}, {"guard.judge.timeout_ms", 30, 17, "out of range", nil}}},
	"llm-unknown-mode":                   {1, []wantErr{{"llm.mode", 26, 9, "want guided or free", nil}}},
	"unknown-field":                      {2, []wantErr{{"purpse", 6, 1, `did you mean "purpose"`, nil}, {"purpose", 1, 1, "required field is missing", nil}}},
	"unknown-field-nested":               {3, []wantErr{{"business.website", 4, 3, "known fields are display_name, registered_name, callback_number", nil}, {"survey[0].txt", 24, 5, `did you mean "text"`, nil}}},
	"wrong-type":                         {3, []wantErr{{"marketing", 2, 12, `want true or false, got string "yes"`, nil}, {"opt_out_instruction", 13, 3, "want a string, got a list", nil}, {"survey[0].min", 25, 10, "want an integer", nil}}},
	"missing-business":                   {2, []wantErr{{"business.display_name", 3, 17, "must not be empty", nil}, {"business.registered_name", 3, 3, "required field is missing", nil}}},
	"missing-top-level":                  {2, []wantErr{{"language", 1, 1, "required", nil}, {"purpose", 1, 1, "required", nil}}},
	"missing-disclosure":                 {1, []wantErr{{"disclosure", 1, 1, "required field is missing", nil}}},
	"missing-lines":                      {2, []wantErr{{"lines.safe_fallback", 13, 3, "required field is missing", nil}, {"lines.closing", 18, 11, "must not be empty", nil}}},
	"no-survey":                          {1, []wantErr{{"survey", 20, 9, "at least one question", nil}}},
	"language-unsupported":               {1, []wantErr{{"language", 1, 11, `unsupported language "fr"`, nil}}},
	"question-bad-type":                  {2, []wantErr{{"survey[0].type", 22, 11, `did you mean "yes_no"`, nil}, {"survey[1].type", 25, 11, "want one of scale, yes_no, choice, free_text", nil}}},
	"question-duplicate-id":              {1, []wantErr{{"survey[1].id", 24, 9, `duplicate question id "rating"`, nil}}},
	"choice-without-choices":             {1, []wantErr{{"survey[1].choices", 24, 5, "needs a list of choices", nil}}},
	"scale-min-ge-max":                   {2, []wantErr{{"survey[0].max", 24, 10, "min (5) must be less than max (5)", nil}, {"survey[1].min", 28, 10, "min (7) must be less than max (5)", nil}}},
	"disclosure-no-ai":                   {1, []wantErr{{"disclosure", 7, 13, "AI", guardrails.ErrDisclosureNoAI}}},
	"disclosure-no-callback":             {1, []wantErr{{"disclosure", 7, 13, "callback number", guardrails.ErrDisclosureNoCallback}}},
	"disclosure-no-registered-name":      {1, []wantErr{{"disclosure", 7, 13, `registered name of the business "Acme Heating Co."`, nil}}},
	"disclosure-zh-no-label":             {1, []wantErr{{"disclosure", 7, 13, "人工智能", guardrails.ErrDisclosureNoZhLabel}}},
	"disclosure-no-opt-out":              {1, []wantErr{{"disclosure", 8, 13, "has no opt-out instruction", ErrOptOutPlacement}}},
	"disclosure-opt-out-late":            {1, []wantErr{{"disclosure", 8, 13, "comes 4 sentence(s) after the identification", ErrOptOutPlacement}}},
	"disclosure-opt-out-first":           {1, []wantErr{{"disclosure", 8, 13, "before the business is identified", ErrOptOutPlacement}}},
	"disclosure-opt-out-not-instruction": {1, []wantErr{{"disclosure", 8, 13, "does not tell the callee how to opt out", ErrOptOutPlacement}}},
	"disclosure-zh-no-opt-out":           {1, []wantErr{{"disclosure", 8, 13, "has no opt-out instruction", ErrOptOutPlacement}}},
	"disclosure-zh-opt-out-late":         {1, []wantErr{{"disclosure", 8, 13, "comes 2 sentence(s) after the identification", ErrOptOutPlacement}}},
	"business-id-not-normal":             {1, []wantErr{{"business.id", 4, 7, `("acme-heating")`, ErrBusinessID}}},
	"disclosure-unknown-placeholder":     {2, []wantErr{{"disclosure", 7, 13, "{{bussiness}}; did you mean {{business}}", nil}, {"disclosure", 7, 13, "unknown placeholder {{date}}", nil}}},
	"disclosure-empty-placeholder":       {1, []wantErr{{"disclosure", 7, 13, "{{recording_notice}} is used but recording_notice is empty", nil}}},
	"disclosure-unterminated":            {1, []wantErr{{"disclosure", 7, 13, "unterminated placeholder", nil}}},
	"duplicate-field":                    {1, []wantErr{{"language", 2, 1, "given twice (first at line 1)", nil}}},
	"not-a-mapping":                      {1, []wantErr{{"", 1, 1, "must be a mapping of fields, got a list", nil}}},
	"multiple-documents":                 {1, []wantErr{{"", 25, 1, "one YAML document", nil}}},
	"bad-callback-number":                {1, []wantErr{{"business.callback_number", 5, 20, "not a phone number", nil}}},
	"placeholder-in-line":                {1, []wantErr{{"lines.ai_answer", 14, 14, "spoken verbatim", nil}}},
	"merge-key":                          {1, []wantErr{{"lines", 13, 3, "merge keys", nil}}},
	"empty":                              {1, []wantErr{{"", 0, 0, "file is empty", nil}}},
	"comments-only":                      {1, []wantErr{{"", 0, 0, "file is empty", nil}}},
	"not-utf8":                           {1, []wantErr{{"", 4, 36, "not valid UTF-8 (byte 0xE9)", nil}}},
	"control-char":                       {1, []wantErr{{"", 16, 20, "control character U+0007", nil}}},
	"voicemail-bad-action":               {1, []wantErr{{"voicemail.action", 26, 11, `did you mean "leave"`, nil}}},
	"voicemail-leave-no-message":         {1, []wantErr{{"voicemail.message", 26, 3, "required field is missing", nil}}},
	"voicemail-message-incomplete":       {3, []wantErr{{"voicemail.message", 27, 12, "opt out", ErrVoicemailNoOptOut}, {"voicemail.message", 27, 12, "AI", guardrails.ErrDisclosureNoAI}, {"voicemail.message", 27, 12, "callback number", guardrails.ErrDisclosureNoCallback}}},
	"voicemail-unknown-field":            {1, []wantErr{{"voicemail.mesage", 27, 3, `did you mean "message"`, nil}}},
	"voicemail-placeholder":              {2, []wantErr{{"voicemail.message", 27, 12, "spoken verbatim", nil}, {"voicemail.message", 27, 12, "name the business", guardrails.ErrDisclosureNoBusiness}}},
	"voicemail-zh-no-label":              {1, []wantErr{{"voicemail.message", 27, 12, "人工智能", guardrails.ErrDisclosureNoZhLabel}}},
}

func TestParseRejects(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	seen := map[string]bool{}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		seen[name] = true
		tc, ok := badCases[name]
		if !ok {
			t.Errorf("testdata/bad/%s.yaml has no entry in badCases", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Parse(name+".yaml", data)
			if c != nil {
				t.Errorf("got campaign %q, want nil", c.Name)
			}
			list, ok := err.(ErrorList)
			if !ok {
				t.Fatalf("got error %T %v, want ErrorList", err, err)
			}
			if len(list) != tc.n {
				t.Errorf("got %d problems, want %d:\n%v", len(list), tc.n, err)
			}
			for _, w := range tc.want {
				if !findErr(list, w) {
					t.Errorf("got:\n%v\nwant an entry %v", err, w)
				}
			}
			for _, e := range list {
				if e.File != name+".yaml" {
					t.Errorf("got File %q, want %q", e.File, name+".yaml")
				}
			}
		})
	}
	for name := range badCases {
		if !seen[name] {
			t.Errorf("badCases[%q] has no testdata/bad/%s.yaml", name, name)
		}
	}
}

func readMinimal(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "good", "minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestParseMutations changes one thing in a valid file and checks the verdict.
func TestParseMutations(t *testing.T) {
	base := readMinimal(t)
	tests := []struct {
		name     string
		old, new string
		want     *wantErr // nil: must load
	}{
		{"valid as is", "", "", nil},
		{"zh with 人工智能 label", "language: en", "language: zh", &wantErr{"disclosure", 8, 13, "人工智能", guardrails.ErrDisclosureNoZhLabel}},
		{"business name case-insensitive", "{{business}}", "ACME HEATING", nil},
		{"placeholder with spaces", "{{business}}", "{{ business }}", nil},
		{"display name not in disclosure", "{{business}}\n  ({{registered_name}})", "them, AH Holdings Inc.,", &wantErr{"disclosure", 8, 13, `does not name the business "Acme Heating"`, guardrails.ErrDisclosureNoBusiness}},
		{"survey not a list", "survey:\n  - id: rating", "survey: rating\nx:\n  - id: rating", &wantErr{"survey", 21, 9, "want a list of questions, got string", nil}},
		{"question not a mapping", "  - id: rating\n    type: scale\n    text: From 1 to 5, how was the repair?", "  - rating", &wantErr{"survey[0]", 22, 5, "want a mapping of fields", nil}},
		{"empty choice", "    type: scale", "    type: choice\n    choices: [a, '']", &wantErr{"survey[0].choices[1]", 24, 18, "empty entry", nil}},
		{"integer out of range", "    type: scale", "    type: scale\n    max: 9999999", &wantErr{"survey[0].max", 24, 10, "out of range", nil}},
		{"integer too big for yaml", "    type: scale", "    type: scale\n    max: 99999999999999999999", &wantErr{"survey[0].max", 24, 10, "want an integer, got number", nil}},
		{"business not a mapping", "business:\n  display_name: Acme Heating", "business: Acme\nold:\n  display_name: Acme Heating", &wantErr{"business", 3, 11, "want a mapping of fields, got string", nil}},
		{"key not a string", "purpose:", "[purpose]:", &wantErr{"", 7, 1, "field name must be a plain string", nil}},
		{"too few digits", "+1 212 555 0199", "555 01", &wantErr{"business.callback_number", 6, 20, "7 to 15 digits, got 5", nil}},
		{"unterminated before another placeholder", "{{purpose}}", "{{purpose}}{{", &wantErr{"disclosure", 8, 13, `unterminated placeholder "{{. "`, nil}},
		{"quoted number as name", "language: en", "language: en\nname: 2024", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := base
			if tc.old != "" {
				if !strings.Contains(src, tc.old) {
					t.Fatalf("base has no %q", tc.old)
				}
				src = strings.Replace(src, tc.old, tc.new, 1)
			}
			c, err := Parse("m.yaml", []byte(src))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("got error:\n%v\nwant none", err)
				}
				if c == nil {
					t.Fatal("got nil campaign, want one")
				}
				return
			}
			list, ok := err.(ErrorList)
			if !ok {
				t.Fatalf("got error %T %v, want ErrorList", err, err)
			}
			if !findErr(list, *tc.want) {
				t.Errorf("got:\n%v\nwant an entry %v", err, *tc.want)
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	base := readMinimal(t)
	tests := []struct {
		name, file, extra string
		wantName          string
		wantMin, wantMax  int
	}{
		{"defaults", "dir/minimal.yaml", "", "minimal", 1, 5},
		{"explicit name", "x.yml", "    max: 10\nname: Spring survey\n", "Spring survey", 1, 10},
		{"only min", "noext", "    min: 0\n", "noext", 0, 5},
		{"empty file name", "", "", "campaign", 1, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(tc.file, []byte(base+tc.extra))
			if err != nil {
				t.Fatal(err)
			}
			if c.Name != tc.wantName {
				t.Errorf("got Name %q, want %q", c.Name, tc.wantName)
			}
			q, ok := c.Question("rating")
			if !ok {
				t.Fatal("got no question rating, want one")
			}
			if q.Min != tc.wantMin || q.Max != tc.wantMax {
				t.Errorf("got scale %d..%d, want %d..%d", q.Min, q.Max, tc.wantMin, tc.wantMax)
			}
			if c.Source != tc.file {
				t.Errorf("got Source %q, want %q", c.Source, tc.file)
			}
		})
	}
}

func TestParseNonScaleKeepsZeroBounds(t *testing.T) {
	src := strings.Replace(readMinimal(t), "type: scale", "type: yes_no", 1)
	c, err := Parse("m.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if q := c.Survey[0]; q.Min != 0 || q.Max != 0 {
		t.Errorf("got bounds %d..%d on a yes_no question, want 0..0", q.Min, q.Max)
	}
}

func TestParseTooLarge(t *testing.T) {
	base := readMinimal(t)
	pad := strings.Repeat("# padding line of a comment\n", MaxFileSize/28+1)
	_, err := Parse("big.yaml", []byte(base+pad))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	if got, want := err.Error(), "big.yaml: file is larger than the 1048576-byte (1 MiB) limit"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// Just under the limit is fine.
	under := base + pad[:MaxFileSize-len(base)-1] + "\n"
	if len(under) != MaxFileSize {
		t.Fatalf("test bug: got %d bytes, want %d", len(under), MaxFileSize)
	}
	if _, err := Parse("ok.yaml", []byte(under)); err != nil {
		t.Errorf("got %v for a file of exactly 1 MiB, want no error", err)
	}
}

// TestParseAliasBomb checks that aliases cannot turn a small file into a huge
// amount of work.
func TestParseAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString(readMinimal(t))
	b.WriteString("approved_facts: &a [x, x, x, x, x, x, x, x, x, x]\n")
	b.WriteString("banned_phrases: &b [" + strings.TrimSuffix(strings.Repeat("*a, ", 150), ", ") + "]\n")
	_, err := Parse("bomb.yaml", []byte(b.String()))
	// A list of lists is the wrong type; what matters is that it ends quickly
	// with a bounded number of problems.
	list, ok := err.(ErrorList)
	if !ok {
		t.Fatalf("got %T %v, want ErrorList", err, err)
	}
	if len(list) > maxErrors+1 {
		t.Errorf("got %d problems, want at most %d", len(list), maxErrors+1)
	}
	if !strings.Contains(err.Error(), "too many problems") {
		t.Errorf("got %v, want the too-many-problems note", truncate(err.Error(), 200))
	}

	// Deep fan-out of valid choices through aliases hits the node budget.
	b.Reset()
	b.WriteString(strings.Replace(readMinimal(t), "survey:\n", "choices: &c ["+strings.TrimSuffix(strings.Repeat("c, ", 1000), ", ")+"]\nsurvey:\n", 1))
	for i := range 500 {
		fmt.Fprintf(&b, "  - {id: q%d, type: choice, text: t, choices: *c}\n", i)
	}
	_, err = Parse("fanout.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "too complex") {
		t.Errorf("got %v, want a too-complex error", truncate(fmt.Sprint(err), 300))
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "a.yaml", Line: 3, Col: 7, Field: "lines.closing", Msg: "must not be empty"}, "a.yaml:3:7: lines.closing: must not be empty"},
		{Error{File: "a.yaml", Line: 3, Msg: "invalid YAML: x"}, "a.yaml:3: invalid YAML: x"},
		{Error{File: "a.yaml", Msg: "file is empty"}, "a.yaml: file is empty"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	l := ErrorList{{File: "f", Line: 2, Col: 1, Msg: "b"}, {File: "f", Line: 1, Col: 9, Msg: "a"}, {File: "f", Msg: "c"}}
	l.sort()
	if got, want := l.Error(), "f: c\nf:1:9: a\nf:2:1: b"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := os.DirFS(".")
	path := "testdata/good/minimal.yaml"
	c, err := LoadFS(fsys, path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Source != path || c.Name != "minimal" {
		t.Errorf("got Source %q Name %q, want %q %q", c.Source, c.Name, path, "minimal")
	}
	if _, err := LoadFS(fsys, "testdata/missing.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want fs.ErrNotExist", err)
	}
	bad := "testdata/bad/language-unsupported.yaml"
	_, err = LoadFS(fsys, bad)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].File != bad {
		t.Errorf("got %v, want one problem in %s", err, bad)
	}
	// An in-memory file system works the same.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mem := fstest.MapFS{"campaigns/mine.yaml": {Data: data}}
	if c, err := LoadFS(mem, "campaigns/mine.yaml"); err != nil || c.Source != "campaigns/mine.yaml" || c.Name != "mine" {
		t.Errorf("LoadFS(MapFS): got %+v, %v; want campaign mine from campaigns/mine.yaml", c, err)
	}
}

// errReader fails after the first read.
type errReader struct{ data []byte }

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errBroken
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

var errBroken = errors.New("disk on fire")

func TestRead(t *testing.T) {
	data, err := os.ReadFile("testdata/good/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Read("dir/x.yaml", bytes.NewReader(data))
	if err != nil || c.Source != "dir/x.yaml" || c.Name != "x" {
		t.Errorf("Read: got %+v, %v; want campaign x from dir/x.yaml", c, err)
	}
	if _, err := Read("x.yaml", &errReader{data: data[:10]}); !errors.Is(err, errBroken) || !strings.Contains(err.Error(), "x.yaml") {
		t.Errorf("Read of a failing reader: got %v, want the read error, naming x.yaml", err)
	}
	big := bytes.Repeat([]byte("#"), MaxFileSize+10)
	if _, err := Read("big.yaml", bytes.NewReader(big)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read of %d bytes: got %v, want ErrTooLarge", len(big), err)
	}
}

func TestResolveFS(t *testing.T) {
	fsys := os.DirFS(".")
	tests := []struct {
		arg        string
		wantSource string
		wantErr    error
	}{
		{"service-followup-en", "embedded:service-followup-en", nil},
		{"service-followup-zh", "embedded:service-followup-zh", nil},
		{"testdata/good/minimal.yaml", "testdata/good/minimal.yaml", nil},
		{"no-such-campaign", "", ErrNotFound},
		{"service-followup-en.yaml", "", ErrNotFound}, // a path: the example is not picked silently
	}
	for _, tc := range tests {
		c, err := ResolveFS(fsys, tc.arg)
		if tc.wantErr != nil {
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("ResolveFS(%q): got %v, want %v", tc.arg, err, tc.wantErr)
			}
			for _, n := range Examples() {
				if err != nil && !strings.Contains(err.Error(), n) {
					t.Errorf("ResolveFS(%q): got %q, want it to list example %q", tc.arg, err, n)
				}
			}
			continue
		}
		if err != nil {
			t.Errorf("ResolveFS(%q): got %v, want no error", tc.arg, err)
			continue
		}
		if c.Source != tc.wantSource {
			t.Errorf("ResolveFS(%q): got Source %q, want %q", tc.arg, c.Source, tc.wantSource)
		}
	}
	if !IsExample("service-followup-en") || IsExample("service-followup-en.yaml") || IsExample("") {
		t.Errorf("IsExample: want true only for an embedded example's exact name")
	}
}

func TestDisclosureText(t *testing.T) {
	c := &Campaign{
		Business:          Business{DisplayName: "Acme", RegisteredName: "Acme Ltd", CallbackNumber: "555 0100"},
		Purpose:           "a survey about {{business}}",
		RecordingNotice:   "Recorded.",
		OptOutInstruction: "Press 9.",
	}
	tests := []struct{ tmpl, want string }{
		{"{{business}} ({{registered_name}})", "Acme (Acme Ltd)"},
		{"{{ business }}", "Acme"},
		{"about {{purpose}}", "about a survey about {{business}}"}, // values are not expanded again
		{"{{recording_notice}} {{opt_out_instruction}} {{callback_number}}", "Recorded. Press 9. 555 0100"},
		{"{{unknown}} {{business", "{{unknown}} {{business"},
		{"{{ {{business}}", "{{ Acme"},
		{"  no placeholders  ", "no placeholders"},
		{"", ""},
	}
	for _, tc := range tests {
		c.Disclosure = tc.tmpl
		if got := c.DisclosureText(); got != tc.want {
			t.Errorf("DisclosureText(%q): got %q, want %q", tc.tmpl, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	known := []string{"display_name", "registered_name", "callback_number"}
	tests := []struct{ in, want string }{
		{"dispaly_name", "display_name"},
		{"Display-Name", "display_name"},
		{"registred_name", "registered_name"},
		{"callback", ""},
		{"phone", ""},
	}
	for _, tc := range tests {
		if got := closest(tc.in, known); got != tc.want {
			t.Errorf("closest(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}
