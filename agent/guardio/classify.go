package guardio

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"candor/guardrails"
)

// MaxLine is the longest input line Classify reads (1 MiB).
const MaxLine = 1 << 20

// Config is what Classify checks lines with.
type Config struct {
	// Policy is the output rail's policy for agent lines (the zero Policy:
	// the built-in rules only, no campaign facts or banned phrases).
	Policy guardrails.Policy
	// Callee reads callee text; nil means guardrails.ClassifyResult.
	Callee func(text, lang string) guardrails.IntentResult
}

// input is one input line.
type input struct {
	Speaker string          `json:"speaker"`
	Text    string          `json:"text"`
	ID      json.RawMessage `json:"id"`
	Lang    string          `json:"lang"`
}

// output is one output line; exactly one of Intent, Verdict or Error is set.
type output struct {
	ID     json.RawMessage   `json:"id"`
	Intent guardrails.Intent `json:"intent,omitempty"`
	// Weak is set (and only then present) for an indirect or hedged opt_out
	// or refusal: the agent confirms it instead of ending the call at once.
	Weak     bool                 `json:"weak,omitempty"`
	Verdict  guardrails.Verdict   `json:"verdict,omitempty"`
	Category *guardrails.Category `json:"category,omitempty"`
	Error    string               `json:"error,omitempty"`
}

// Classify reads JSON lines {"speaker","text","id","lang"} from r and writes
// one JSON line per input line to w, in order, with the id echoed: callee
// lines get {"intent"} (with "weak":true for a weak opt_out or refusal), agent
// lines {"verdict","category"}. Each output line is flushed at once, so the
// stream works as a co-process. A line that cannot be classified (not JSON,
// unknown speaker, blank, longer than MaxLine) gets {"error":"line N: ..."}
// so the output stays aligned, and Classify returns ErrBadLines once every
// line has been processed. Reading or writing failures are returned wrapped
// ("reading line N: ...", "writing output: ...").
func Classify(r io.Reader, w io.Writer, c Config) error {
	callee := c.Callee
	if callee == nil {
		callee = guardrails.ClassifyResult
	}
	rail := guardrails.NewRail(c.Policy)
	in := bufio.NewReaderSize(r, 64<<10)
	out := bufio.NewWriter(w)
	var bad, readErr error
	for n := 1; ; n++ {
		line, tooLong, err := readLine(in)
		if errors.Is(err, io.EOF) && line == nil && !tooLong {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			readErr = fmt.Errorf("reading line %d: %w", n, err)
			break
		}
		o := classifyLine(rail, callee, line, tooLong, n)
		if o.Error != "" {
			bad = ErrBadLines
		}
		b, mErr := json.Marshal(o)
		if mErr != nil {
			b, _ = json.Marshal(output{Error: fmt.Sprintf("line %d: encoding output: %v", n, mErr)})
			bad = ErrBadLines
		}
		b = append(b, '\n')
		if _, wErr := out.Write(b); wErr != nil {
			return fmt.Errorf("writing output: %w", wErr)
		}
		// One line in, one line out: keep the stream usable as a co-process.
		if fErr := out.Flush(); fErr != nil {
			return fmt.Errorf("writing output: %w", fErr)
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	if err := out.Flush(); err != nil {
		return errors.Join(readErr, fmt.Errorf("writing output: %w", err))
	}
	if readErr != nil {
		return readErr
	}
	return bad
}

// readLine reads one line without its end of line. A line longer than
// MaxLine is consumed and reported with tooLong. At the end of the input it
// returns io.EOF, with the last unterminated line if there is one.
func readLine(r *bufio.Reader) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, e := r.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > MaxLine+2 { // allow for "\r\n"
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

// classifyLine turns one input line into its output record.
func classifyLine(rail *guardrails.Rail, callee func(text, lang string) guardrails.IntentResult, line []byte, tooLong bool, n int) output {
	fail := func(id json.RawMessage, format string, args ...any) output {
		return output{ID: id, Error: fmt.Sprintf("line %d: ", n) + fmt.Sprintf(format, args...)}
	}
	if tooLong {
		return fail(nil, "longer than %d bytes", MaxLine)
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return fail(nil, "blank line")
	}
	var in input
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
		r := callee(in.Text, in.Lang)
		return output{ID: in.ID, Intent: r.Intent, Weak: r.Weak && (r.Intent == guardrails.IntentOptOut || r.Intent == guardrails.IntentRefusal)}
	case "agent":
		d := rail.Check(in.Text)
		c := d.Category
		return output{ID: in.ID, Verdict: d.Verdict, Category: &c}
	case "":
		return fail(in.ID, `missing "speaker" (want "callee" or "agent")`)
	default:
		return fail(in.ID, `unknown speaker %q (want "callee" or "agent")`, in.Speaker)
	}
}

// recoverID returns the "id" of a line that is a JSON object but does not fit
// input (a field of the wrong type), or nil.
func recoverID(line []byte) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(line, &m) != nil {
		return nil
	}
	return m["id"]
}
