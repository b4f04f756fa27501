package eval

import (
	"testing"

	"candor/agent/audio"
	"candor/agent/script"
	"candor/agent/speech/sphinx"
	"candor/guardrails"
	"candor/prompts"
)

func example(t *testing.T) *prompts.Campaign {
	t.Helper()
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The test set itself must be right: each guardrail text is classified as its
// intent and each answer extracted as its value, so that a miss in the
// evaluation is a recognition error.
func TestTestSetIsConsistent(t *testing.T) {
	camp := example(t)
	seen := map[string]bool{}
	counts := map[Kind]int{}
	for _, c := range append(append(GuardrailCases(), AnswerCases()...), OffTopicCases()...) {
		if seen[c.Text] {
			t.Errorf("%q: duplicate case", c.Text)
		}
		seen[c.Text] = true
		counts[c.Kind]++
		got := guardrails.ClassifyLang(c.Text, "en")
		switch c.Kind {
		case KindGuardrail:
			if got != c.Intent {
				t.Errorf("%q: got intent %s, want %s", c.Text, got, c.Intent)
			}
		case KindAnswer:
			q := question(camp, c.Question)
			if q == nil {
				t.Fatalf("%q: no question %q in the campaign", c.Text, c.Question)
			}
			if v, ok := script.Extract(*q, c.Text); !ok || v != c.Answer || got != guardrails.IntentNone {
				t.Errorf("%q: got answer %q (%v), intent %s; want %q, none", c.Text, v, ok, got, c.Answer)
			}
		case KindOffTopic:
			o := Score(camp, c, "text", sphinx.Result{Text: c.Text})
			if o.Taken || got != guardrails.IntentNone {
				t.Errorf("%q: got taken %v, intent %s as text; want neither", c.Text, o.Taken, got)
			}
		}
	}
	if counts[KindGuardrail] < 40 || counts[KindOffTopic] < 20 {
		t.Errorf("test set: got %d guardrail and %d off-topic cases, want >= 40 and >= 20", counts[KindGuardrail], counts[KindOffTopic])
	}
}

func TestWordErrors(t *testing.T) {
	tests := []struct {
		ref, hyp    string
		errs, words int
	}{
		{"please stop calling me", "please stop calling me", 0, 4},
		{"Please stop, calling me!", "please stop calling me", 0, 4},
		{"please stop calling me", "stop calling me", 1, 4},
		{"stop calling me", "please stop calling me", 1, 3},
		{"call me back tomorrow", "call me back later", 1, 4},
		{"who is this", "", 3, 3},
		{"", "yes", 1, 0},
		{"i don't know", "i do not know", 2, 3},
	}
	for _, tc := range tests {
		errs, words := WordErrors(tc.ref, tc.hyp)
		if errs != tc.errs || words != tc.words {
			t.Errorf("WordErrors(%q, %q): got %d/%d, want %d/%d", tc.ref, tc.hyp, errs, words, tc.errs, tc.words)
		}
	}
}

func TestReadAndScore(t *testing.T) {
	camp := example(t)
	sat := question(camp, "satisfaction")
	tests := []struct {
		name   string
		res    sphinx.Result
		intent guardrails.Intent
		answer string
	}{
		{"opt-out", sphinx.Result{Text: "please stop calling me"}, guardrails.IntentOptOut, ""},
		{"answer", sphinx.Result{Text: "i'd say four"}, guardrails.IntentNone, "4"},
		{"rejected", sphinx.Result{Text: "please stop calling me", Rejected: true}, guardrails.IntentNone, ""},
		{"empty", sphinx.Result{}, guardrails.IntentNone, ""},
		{"intent first", sphinx.Result{Text: "no thank you"}, guardrails.IntentRefusal, ""},
	}
	for _, tc := range tests {
		in, v, _ := Read(tc.res, sat)
		if in != tc.intent || v != tc.answer {
			t.Errorf("%s: got %s %q, want %s %q", tc.name, in, v, tc.intent, tc.answer)
		}
	}
	off := Case{Kind: KindOffTopic, Text: "the cat is sleeping"}
	if o := Score(camp, off, "v", sphinx.Result{Text: "five out of five"}); !o.Taken || o.Correct {
		t.Errorf("off-topic heard as an answer: got taken %v correct %v, want taken, not correct", o.Taken, o.Correct)
	}
	if o := Score(camp, off, "v", sphinx.Result{Text: "five out of five", Rejected: true}); o.Taken || !o.Correct {
		t.Errorf("off-topic rejected: got taken %v correct %v, want not taken, correct", o.Taken, o.Correct)
	}
	if o := Score(camp, off, "v", sphinx.Result{Text: "who is this"}); o.Taken {
		t.Errorf("off-topic heard as an identity question: got taken, want not (neither an opt-out nor an answer)")
	}
	rep := Summarize([]Outcome{
		Score(camp, Case{Kind: KindGuardrail, Text: "stop calling me", Intent: guardrails.IntentOptOut}, "v", sphinx.Result{Text: "stop calling me"}),
		Score(camp, Case{Kind: KindGuardrail, Text: "who is this", Intent: guardrails.IntentAskIdentity}, "v", sphinx.Result{Text: "yes"}),
		Score(camp, off, "v", sphinx.Result{Text: "stop calling"}),
	})
	if rep.GuardrailCorrect != 1 || rep.GuardrailTotal != 2 || rep.OffTopicTaken != 1 || rep.WordErrors != 3 || rep.Words != 6 {
		t.Errorf("Summarize: got %+v", rep)
	}
}

func TestPhone(t *testing.T) {
	for _, rate := range []int{16000, 22050, 8000} {
		n := rate / 2 // 500 ms
		p := &audio.PCM{Rate: rate, Samples: make([]int16, n)}
		for i := range p.Samples {
			if (i/(rate/400))%2 == 0 { // 200 Hz square wave
				p.Samples[i] = 8000
			} else {
				p.Samples[i] = -8000
			}
		}
		out, err := Phone(p, 100)
		if err != nil {
			t.Fatalf("%d Hz: %v", rate, err)
		}
		// 500 ms of speech, 200 ms of padding, plus the filter flush.
		if min, max := 16000*7/10, 16000*7/10+1600; len(out) < min || len(out) > max {
			t.Errorf("%d Hz: got %d samples, want %d..%d", rate, len(out), min, max)
		}
		var peak int16
		for _, v := range out[len(out)/3 : len(out)/2] {
			peak = max(peak, v)
		}
		if peak < 4000 {
			t.Errorf("%d Hz: got peak %d in the middle, want the signal through (>= 4000)", rate, peak)
		}
	}
	if _, err := Phone(&audio.PCM{Rate: 0}, 0); err == nil {
		t.Errorf("rate 0: got nil error, want one")
	}
}
