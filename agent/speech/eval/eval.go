// Package eval measures candor's offline recognition end to end on synthetic
// callee speech: a test set of utterances (guardrail requests, survey answers,
// off-topic sentences) is spoken by synthetic voices (espeak-ng, flite), sent
// through a simulated phone line (8 kHz, G.711 mu-law), recognised with the
// campaign grammar and read by the same code as a live call
// (guardrails.Classify, script.Extract). It reports intent accuracy, the
// off-topic false-accept rate and the word error rate.
//
// The package itself has no cgo: it drives any Recognizer, normally
// sphinx.NewCampaignRecognizer, which needs the build tag "sphinx".
package eval

import (
	"context"
	"fmt"
	"strings"

	"candor/agent/audio"
	"candor/agent/script"
	"candor/agent/speech/sphinx"
	"candor/guardrails"
	"candor/prompts"
)

// LineRate is the sample rate of the simulated phone line.
const LineRate = 8000

// Recognizer is what the evaluation needs of a recogniser (sphinx.Recognizer).
type Recognizer interface {
	Start() error
	Write(audio.Frame) error
	End() (sphinx.Result, error)
}

// Voice speaks a sentence.
type Voice interface {
	// Name identifies the voice in reports.
	Name() string
	// Speak returns the sentence as mono PCM at any rate.
	Speak(ctx context.Context, text string) (*audio.PCM, error)
}

// Phone passes speech through a simulated phone line and back to the
// recogniser's rate: resample to 8 kHz, G.711 mu-law encode and decode in
// 20 ms frames, resample to 16 kHz. pad is silence added on both sides, at the
// line rate, as an endpointer leaves around an utterance.
func Phone(p *audio.PCM, padMs int) ([]int16, error) {
	down, err := audio.NewResampler(p.Rate, LineRate)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	up, err := audio.NewResampler(LineRate, sphinx.SampleRate)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	pad := make([]int16, LineRate*padMs/1000)
	line := append(append([]int16{}, pad...), down.Process(nil, p.Samples)...)
	// Flush the resampler's delay with silence, then the trailing pad.
	line = append(line, down.Process(nil, make([]int16, 2*down.Delay()+1))...)
	line = append(line, pad...)
	per := audio.SamplesPerFrame(LineRate)
	var payload []byte
	var decoded []int16
	for i := 0; i < len(line); i += per {
		f := audio.Frame{Rate: LineRate, Samples: line[i:min(i+per, len(line))]}
		payload = audio.EncodeMulaw(payload[:0], f)
		decoded = audio.DecodeMulaw(decoded, payload)
	}
	return up.Process(nil, decoded), nil
}

// Recognize feeds 16 kHz samples to r in 20 ms frames as one utterance.
func Recognize(r Recognizer, s []int16) (sphinx.Result, error) {
	if err := r.Start(); err != nil {
		return sphinx.Result{}, err
	}
	per := audio.SamplesPerFrame(sphinx.SampleRate)
	for i := 0; i < len(s); i += per {
		if err := r.Write(audio.Frame{Rate: sphinx.SampleRate, Samples: s[i:min(i+per, len(s))]}); err != nil {
			_, _ = r.End()
			return sphinx.Result{}, err
		}
	}
	return r.End()
}

// Outcome is one utterance of one voice.
type Outcome struct {
	Case  Case
	Voice string
	// Result is the recogniser's result.
	Result sphinx.Result
	// Intent is guardrails.Classify of the recognised text ("none" when the
	// result was rejected).
	Intent guardrails.Intent
	// Asked is true when the text does not read as an ending but the
	// recogniser heard the words of an opt-out (Result.HeardOptOut): the
	// session asks the campaign's confirmation question, and an opt-out is
	// recorded when the callee says yes or nothing.
	Asked bool
	// Answer is what script.Extract read from the recognised text for the
	// case's question ("" when none, rejected, or an intent took the turn).
	Answer string
	// Taken is true when off-topic speech would be acted on as an opt-out, a
	// callback request (a call nobody asked for) or a survey answer (to any
	// closed question).
	Taken bool
	// Correct is true when a guardrail case got its intent, an answer case its
	// answer, and an off-topic case was not Taken.
	Correct bool
	// Errors and Words are the word errors of the recognised text against
	// Case.Text and the number of words of Case.Text.
	Errors, Words int
}

// Read interprets a recogniser result the way the call loop does: a rejected
// result is nothing; otherwise the guardrail intent comes first, and only an
// utterance without an intent is read as an answer to question q.
func Read(res sphinx.Result, q *prompts.Question) (guardrails.Intent, string, bool) {
	if res.Rejected || strings.TrimSpace(res.Text) == "" {
		return guardrails.IntentNone, "", false
	}
	in := guardrails.ClassifyLang(res.Text, "en")
	if in != guardrails.IntentNone || q == nil {
		return in, "", false
	}
	v, ok := script.Extract(*q, res.Text)
	return in, v, ok
}

// Score classifies one result of case c for campaign camp.
func Score(camp *prompts.Campaign, c Case, voice string, res sphinx.Result) Outcome {
	o := Outcome{Case: c, Voice: voice, Result: res}
	o.Intent, _, _ = Read(res, nil)
	o.Asked = res.HeardOptOut && o.Intent != guardrails.IntentOptOut && o.Intent != guardrails.IntentRefusal
	text := res.Text
	if res.Rejected {
		text = ""
	}
	o.Errors, o.Words = WordErrors(c.Text, text)
	switch c.Kind {
	case KindGuardrail:
		o.Correct = o.Intent == c.Intent
	case KindAnswer:
		if q := question(camp, c.Question); q != nil {
			_, o.Answer, _ = Read(res, q)
		}
		o.Correct = o.Answer == c.Answer
	case KindOffTopic:
		o.Taken = o.Intent == guardrails.IntentOptOut || o.Intent == guardrails.IntentCallback
		for i := range camp.Survey {
			q := &camp.Survey[i]
			if q.Type == prompts.AnswerText {
				continue
			}
			if _, _, ok := Read(res, q); ok {
				o.Taken = true
			}
		}
		o.Correct = !o.Taken
	}
	return o
}

func question(c *prompts.Campaign, id string) *prompts.Question {
	for i := range c.Survey {
		if c.Survey[i].ID == id {
			return &c.Survey[i]
		}
	}
	return nil
}

// WordErrors returns the word-level edit distance between the reference and
// the hypothesis (substitutions, deletions, insertions) and the number of
// reference words. Words are compared after grammar-style tokenising, so case
// and punctuation do not count.
func WordErrors(ref, hyp string) (errs, words int) {
	r, h := strings.Fields(normWords(ref)), strings.Fields(normWords(hyp))
	prev := make([]int, len(h)+1)
	cur := make([]int, len(h)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(r); i++ {
		cur[0] = i
		for j := 1; j <= len(h); j++ {
			sub := prev[j-1]
			if r[i-1] != h[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(h)], len(r)
}

func normWords(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '\'':
			return r
		}
		return ' '
	}, s)
}

// Report sums up outcomes.
type Report struct {
	Outcomes []Outcome
	// GuardrailCorrect/GuardrailTotal: guardrail cases with the intended intent.
	GuardrailCorrect, GuardrailTotal int
	// AnswerCorrect/AnswerTotal: answer cases with the intended answer.
	AnswerCorrect, AnswerTotal int
	// OffTopicTaken/OffTopicTotal: off-topic cases acted on as an opt-out, a callback or
	// an answer; OffTopicAccepted: off-topic cases not Rejected at all.
	OffTopicTaken, OffTopicAccepted, OffTopicTotal int
	// WordErrors/Words: over the guardrail and answer cases (rejections count
	// as deleting every word).
	WordErrors, Words int
}

// Summarize builds a Report from outcomes.
func Summarize(outs []Outcome) Report {
	r := Report{Outcomes: outs}
	for _, o := range outs {
		switch o.Case.Kind {
		case KindGuardrail:
			r.GuardrailTotal++
			if o.Correct {
				r.GuardrailCorrect++
			}
		case KindAnswer:
			r.AnswerTotal++
			if o.Correct {
				r.AnswerCorrect++
			}
		case KindOffTopic:
			r.OffTopicTotal++
			if o.Taken {
				r.OffTopicTaken++
			}
			if !o.Result.Rejected && o.Result.Text != "" {
				r.OffTopicAccepted++
			}
			continue
		}
		r.WordErrors += o.Errors
		r.Words += o.Words
	}
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// IntentAccuracy is GuardrailCorrect/GuardrailTotal.
func (r Report) IntentAccuracy() float64 { return ratio(r.GuardrailCorrect, r.GuardrailTotal) }

// AnswerAccuracy is AnswerCorrect/AnswerTotal.
func (r Report) AnswerAccuracy() float64 { return ratio(r.AnswerCorrect, r.AnswerTotal) }

// FalseAccept is OffTopicTaken/OffTopicTotal.
func (r Report) FalseAccept() float64 { return ratio(r.OffTopicTaken, r.OffTopicTotal) }

// WER is WordErrors/Words.
func (r Report) WER() float64 { return ratio(r.WordErrors, r.Words) }

// String is a one-line summary.
func (r Report) String() string {
	return fmt.Sprintf("intent %d/%d (%.1f%%), answers %d/%d (%.1f%%), off-topic taken %d/%d (%.1f%%, accepted %d), WER %.1f%% (%d/%d words)",
		r.GuardrailCorrect, r.GuardrailTotal, 100*r.IntentAccuracy(),
		r.AnswerCorrect, r.AnswerTotal, 100*r.AnswerAccuracy(),
		r.OffTopicTaken, r.OffTopicTotal, 100*r.FalseAccept(), r.OffTopicAccepted,
		100*r.WER(), r.WordErrors, r.Words)
}

// Sample is one case spoken by one voice, after the phone line, at 16 kHz.
type Sample struct {
	Case  Case
	Voice string
	Audio []int16
}

// PadMs is the silence around each utterance, as an endpointer leaves it.
const PadMs = 300

// Prepare speaks every case with every voice and passes it through the phone
// line.
func Prepare(ctx context.Context, voices []Voice, cases []Case) ([]Sample, error) {
	out := make([]Sample, 0, len(voices)*len(cases))
	for _, v := range voices {
		for _, c := range cases {
			p, err := v.Speak(ctx, c.Text)
			if err != nil {
				return nil, err
			}
			s, err := Phone(p, PadMs)
			if err != nil {
				return nil, err
			}
			out = append(out, Sample{Case: c, Voice: v.Name(), Audio: s})
		}
	}
	return out, nil
}

// Evaluate recognises every sample with r, in order, and scores it against
// campaign camp.
func Evaluate(camp *prompts.Campaign, r Recognizer, samples []Sample) (Report, error) {
	outs := make([]Outcome, 0, len(samples))
	for _, s := range samples {
		res, err := Recognize(r, s.Audio)
		if err != nil {
			return Report{}, fmt.Errorf("eval: %q (%s): %w", s.Case.Text, s.Voice, err)
		}
		outs = append(outs, Score(camp, s.Case, s.Voice, res))
	}
	return Summarize(outs), nil
}
