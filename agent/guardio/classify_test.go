package guardio

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGuard = flag.Bool("update", false, "rewrite the golden files of the Classify tests")

// classify runs Classify and returns the exit status `candor guard classify`
// gives: 0, or 1 for lines that could not be classified or a failed read or
// write (whose error goes to errw).
func classify(r io.Reader, w, errw io.Writer, c Config) int {
	err := Classify(r, w, c)
	if err != nil && !errors.Is(err, ErrBadLines) {
		fmt.Fprintln(errw, err)
	}
	if err != nil {
		return 1
	}
	return 0
}

// TestClassifyGolden runs every testdata/*.jsonl through Classify and
// compares with the .golden file next to it. Regenerate with:
// go test ./agent/guardio -run Golden -update
func TestClassifyGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no testdata/*.jsonl inputs")
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			input, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := classify(bytes.NewReader(input), &stdout, &stderr, Config{})
			golden := strings.TrimSuffix(in, ".jsonl") + ".golden"
			if *updateGuard {
				if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got := stdout.String(); got != string(want) {
				t.Errorf("output differs from %s\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
			// One output line per input line.
			inLines := strings.Count(strings.ReplaceAll(string(input), "\r\n", "\n"), "\n")
			if !bytes.HasSuffix(input, []byte("\n")) {
				inLines++
			}
			if outLines := strings.Count(stdout.String(), "\n"); outLines != inLines {
				t.Errorf("got %d output lines, want %d (one per input line)", outLines, inLines)
			}
			wantCode := 0
			if bytes.Contains(want, []byte(`"error":`)) {
				wantCode = 1
			}
			if code != wantCode {
				t.Errorf("exit status %d, want %d (stderr %q)", code, wantCode, stderr.String())
			}
		})
	}
}

func TestClassifyRecords(t *testing.T) {
	input := `{"speaker":"callee","text":"take me off your list","id":[1,"a"]}
{"speaker":"agent","text":"I am human.","id":2}
{"speaker":"agent","text":"How was the visit?"}
{"speaker":"nobody","id":{"k":1}}
`
	var stdout, stderr bytes.Buffer
	code := classify(strings.NewReader(input), &stdout, &stderr, Config{})
	if code != 1 {
		t.Errorf("exit status %d, want 1 (one line has an unknown speaker)", code)
	}
	var got []map[string]any
	for _, l := range strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("output line %q is not JSON: %v", l, err)
		}
		got = append(got, m)
	}
	if len(got) != 4 {
		t.Fatalf("got %d output lines, want 4", len(got))
	}
	checks := []struct {
		line      int
		key, want string
	}{
		{0, "intent", "opt_out"},
		{1, "verdict", "block"},
		{1, "category", "claims_human"},
		{2, "verdict", "allow"},
		{2, "category", ""},
	}
	for _, c := range checks {
		if v, _ := got[c.line][c.key].(string); v != c.want {
			t.Errorf("line %d %s = %q, want %q", c.line+1, c.key, v, c.want)
		}
	}
	if id, _ := json.Marshal(got[0]["id"]); string(id) != `[1,"a"]` {
		t.Errorf("line 1 id = %s, want [1,\"a\"] echoed", id)
	}
	if id, _ := json.Marshal(got[3]["id"]); string(id) != `{"k":1}` {
		t.Errorf("line 4 id = %s, want {\"k\":1} recovered from the bad line", id)
	}
	if e, _ := got[3]["error"].(string); !strings.HasPrefix(e, "line 4: ") {
		t.Errorf("line 4 error = %q, want it to start with %q", e, "line 4: ")
	}
}

func TestClassifyLongLine(t *testing.T) {
	long := `{"speaker":"callee","text":"` + strings.Repeat("a", MaxLine) + `"}`
	input := long + "\n" + `{"speaker":"callee","text":"who is this","id":2}` + "\n"
	var stdout, stderr bytes.Buffer
	code := classify(strings.NewReader(input), &stdout, &stderr, Config{})
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d output lines, want 2", len(lines))
	}
	if !strings.Contains(lines[0], `"error":"line 1: longer than`) {
		t.Errorf("line 1 = %s, want a too-long error", lines[0])
	}
	if lines[1] != `{"id":2,"intent":"ask_identity"}` {
		t.Errorf("line 2 = %s, want the next line classified", lines[1])
	}
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}

	// A line of exactly 1 MiB is accepted.
	text := strings.Repeat("a", MaxLine-len(`{"speaker":"callee","text":""}`))
	stdout.Reset()
	code = classify(strings.NewReader(`{"speaker":"callee","text":"`+text+`"}`), &stdout, &stderr, Config{})
	if code != 0 || stdout.String() != `{"id":null,"intent":"none"}`+"\n" {
		t.Errorf("1 MiB line: exit %d output %.80q, want 0 and intent none", code, stdout.String())
	}
}

func TestClassifyEmptyInput(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := classify(strings.NewReader(""), &stdout, &stderr, Config{}); code != 0 || stdout.Len() != 0 {
		t.Errorf("empty input: exit %d, output %q; want 0 and nothing", code, stdout.String())
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		`{"speaker":"callee","text":"stop calling","id":1}`,
		`{"speaker":"agent","text":"I am human."}`,
		"not json\n\n[1]",
		"{\"speaker\":\"callee\",\"text\":\"x\"}\r\n{\"id\":",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		var stdout, stderr bytes.Buffer
		code := classify(strings.NewReader(input), &stdout, &stderr, Config{})
		if code != 0 && code != 1 {
			t.Fatalf("exit status %d, want 0 or 1", code)
		}
		want := strings.Count(input, "\n")
		if input != "" && !strings.HasSuffix(input, "\n") {
			want++
		}
		out := stdout.String()
		if got := strings.Count(out, "\n"); got != want {
			t.Fatalf("got %d output lines for %d input lines", got, want)
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if l != "" && !json.Valid([]byte(l)) {
				t.Fatalf("output line %q is not JSON", l)
			}
		}
		if (code == 1) != strings.Contains(out, `"error":`) {
			t.Fatalf("exit status %d but error lines present = %v", code, strings.Contains(out, `"error":`))
		}
	})
}
