package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"candor/guardrails"
)

// maxGuardLine is the longest input line `guard classify` reads (1 MiB).
const maxGuardLine = 1 << 20

// classifyCallee reads callee text for `guard classify` and `hear` (a
// variable so that tests can feed weak verdicts).
var classifyCallee = guardrails.ClassifyResult

// guardIn is one input line of `candor guard classify`.
type guardIn struct {
	Speaker string          `json:"speaker"`
	Text    string          `json:"text"`
	ID      json.RawMessage `json:"id"`
	Lang    string          `json:"lang"`
}

// guardOut is one output line; exactly one of Intent, Verdict or Error is set.
type guardOut struct {
	ID     json.RawMessage   `json:"id"`
	Intent guardrails.Intent `json:"intent,omitempty"`
	// Weak is set (and only then present) for an indirect or hedged opt_out
	// or refusal: the agent confirms it instead of ending the call at once.
	Weak     bool                 `json:"weak,omitempty"`
	Verdict  guardrails.Verdict   `json:"verdict,omitempty"`
	Category *guardrails.Category `json:"category,omitempty"`
	Error    string               `json:"error,omitempty"`
}

// runGuardClassify implements `candor guard classify` with the built-in rules
// only (no campaign facts or banned phrases).
func runGuardClassify(stdin io.Reader, stdout, stderr io.Writer) int {
	return runGuardClassifyPolicy(stdin, stdout, stderr, guardrails.Policy{})
}

// runGuardClassifyPolicy reads JSON lines {"speaker","text","id","lang"} and
// writes one JSON line per input line, in order, with the id echoed: callee
// lines get {"intent"} (with "weak":true for a weak opt_out or refusal), agent
// lines {"verdict","category"}. A line that cannot be
// classified (not JSON, unknown speaker, blank, longer than 1 MiB) gets
// {"error":"line N: ..."} so the output stays aligned, and the exit status is 1
// once every line has been processed.
func runGuardClassifyPolicy(stdin io.Reader, stdout, stderr io.Writer, p guardrails.Policy) int {
	rail := guardrails.NewRail(p)
	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriter(stdout)
	status := 0
	for n := 1; ; n++ {
		line, tooLong, err := readGuardLine(in)
		if errors.Is(err, io.EOF) && line == nil && !tooLong {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			fmt.Fprintf(stderr, "candor guard classify: reading line %d: %v\n", n, err)
			status = 1
			break
		}
		o := classifyGuardLine(rail, line, tooLong, n)
		if o.Error != "" {
			status = 1
		}
		b, mErr := json.Marshal(o)
		if mErr != nil {
			b, _ = json.Marshal(guardOut{Error: fmt.Sprintf("line %d: encoding output: %v", n, mErr)})
			status = 1
		}
		b = append(b, '\n')
		if _, wErr := out.Write(b); wErr != nil {
			fmt.Fprintf(stderr, "candor guard classify: writing output: %v\n", wErr)
			return 1
		}
		// One line in, one line out: keep the stream usable as a co-process.
		if fErr := out.Flush(); fErr != nil {
			fmt.Fprintf(stderr, "candor guard classify: writing output: %v\n", fErr)
			return 1
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "candor guard classify: writing output: %v\n", err)
		return 1
	}
	return status
}

// readGuardLine reads one line without its end of line. A line longer than
// maxGuardLine is consumed and reported with tooLong. At the end of the input it
// returns io.EOF, with the last unterminated line if there is one.
func readGuardLine(r *bufio.Reader) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, e := r.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > maxGuardLine+2 { // allow for "\r\n"
				tooLong = true
				buf = nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case e == nil:
			return trimEOL(buf), tooLong, nil
		case errors.Is(e, bufio.ErrBufferFull):
			continue
		case errors.Is(e, io.EOF):
			if len(buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
			return trimEOL(buf), tooLong, io.EOF
		default:
			return nil, false, e
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	if b == nil {
		b = []byte{}
	}
	return b
}

// classifyGuardLine turns one input line into its output record.
func classifyGuardLine(rail *guardrails.Rail, line []byte, tooLong bool, n int) guardOut {
	fail := func(id json.RawMessage, format string, args ...any) guardOut {
		return guardOut{ID: id, Error: fmt.Sprintf("line %d: ", n) + fmt.Sprintf(format, args...)}
	}
	if tooLong {
		return fail(nil, "longer than %d bytes", maxGuardLine)
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return fail(nil, "blank line")
	}
	var in guardIn
	if err := json.Unmarshal(line, &in); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case !json.Valid(line):
			return fail(nil, "invalid JSON: %v", err)
		case errors.As(err, &typeErr) && typeErr.Field != "":
			return fail(recoverID(line), "field %q: want a string, got %s", typeErr.Field, typeErr.Value)
		default:
			return fail(recoverID(line), "want a JSON object with \"speaker\" and \"text\"")
		}
	}
	switch in.Speaker {
	case "callee":
		r := classifyCallee(in.Text, in.Lang)
		return guardOut{ID: in.ID, Intent: r.Intent, Weak: r.Weak && (r.Intent == guardrails.IntentOptOut || r.Intent == guardrails.IntentRefusal)}
	case "agent":
		d := rail.Check(in.Text)
		c := d.Category
		return guardOut{ID: in.ID, Verdict: d.Verdict, Category: &c}
	case "":
		return fail(in.ID, `missing "speaker" (want "callee" or "agent")`)
	default:
		return fail(in.ID, `unknown speaker %q (want "callee" or "agent")`, in.Speaker)
	}
}

// recoverID returns the "id" of a line that is a JSON object but does not fit
// guardIn (a field of the wrong type), or nil.
func recoverID(line []byte) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(line, &m) != nil {
		return nil
	}
	return m["id"]
}
