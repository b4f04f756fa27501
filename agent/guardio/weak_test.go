package guardio

import (
	"bytes"
	"strings"
	"testing"

	"candor/guardrails"
)

// The contract's optional "weak": true is present for weak opt_out and
// refusal verdicts only, and omitted otherwise.
func TestClassifyWeak(t *testing.T) {
	weak := map[string]guardrails.IntentResult{
		"i would rather you did not ring this number": {Intent: guardrails.IntentOptOut, Weak: true},
		"我不太想接这种电话":                                   {Intent: guardrails.IntentRefusal, Weak: true},
		"call me some other time maybe":               {Intent: guardrails.IntentCallback, Weak: true}, // weak means nothing here
	}
	callee := func(text, lang string) guardrails.IntentResult {
		if r, ok := weak[text]; ok {
			return r
		}
		return guardrails.ClassifyResult(text, lang)
	}
	input := `{"id":1,"speaker":"callee","text":"i would rather you did not ring this number"}
{"id":2,"speaker":"callee","text":"我不太想接这种电话","lang":"zh"}
{"id":3,"speaker":"callee","text":"please just stop calling"}
{"id":4,"speaker":"callee","text":"call me some other time maybe"}
{"id":5,"speaker":"agent","text":"Thanks for your time."}
`
	want := `{"id":1,"intent":"opt_out","weak":true}
{"id":2,"intent":"refusal","weak":true}
{"id":3,"intent":"opt_out"}
{"id":4,"intent":"callback"}
{"id":5,"verdict":"allow","category":""}
`
	var stdout, stderr bytes.Buffer
	if code := classify(strings.NewReader(input), &stdout, &stderr, Config{Callee: callee}); code != 0 {
		t.Fatalf("exit status %d (%s), want 0", code, stderr.String())
	}
	if got := stdout.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
