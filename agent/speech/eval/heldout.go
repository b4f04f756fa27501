package eval

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"

	"candor/agent/audio"
	"candor/agent/speech/espeak"
	"candor/guardrails"
	"candor/prompts"
)

// Out-of-grammar utterances: written as people say them and checked by a
// test to be none of the campaign grammar's phrases, so the grammar can only
// force them onto a phrase they are not. Neutral (answers, free comments)
// must never come out as an opt-out; opt-outs must.

// HeldOutOptOuts are opt-outs in words the grammar does not have.
func HeldOutOptOuts() []Case {
	return guardrailCases(guardrails.IntentOptOut,
		"um take me off your list",
		"uh could you please stop calling this number",
		"honestly just stop calling me okay",
		"please remove my number from your system",
		"i want you to take my number off your list",
		"well don't call me again please",
		"stop calling here i'm not interested in these calls",
		"can you remove me from the calling list",
		"look just take me off the list thanks",
		"i'd like to be removed from your list",
		"do not call this number ever again",
		"please stop ringing me and remove my number",
		"yeah no stop calling me",
		"okay so please don't call me anymore",
		"remove me from your list right now",
		"i asked you before stop calling me",
	)
}

// HeldOutRefusals are refusals in words the grammar does not have.
func HeldOutRefusals() []Case {
	return guardrailCases(guardrails.IntentRefusal,
		"no i really don't want to do a survey today",
		"sorry i'm not interested at all",
		"nah i'm good thanks",
		"i don't do phone surveys",
	)
}

func guardrailCases(in guardrails.Intent, texts ...string) []Case {
	out := make([]Case, len(texts))
	for i, t := range texts {
		out[i] = Case{Kind: KindGuardrail, Text: t, Intent: in}
	}
	return out
}

// HeldOutAnswers are answers to the English example campaign's questions in
// words the grammar does not have (the answer is what script.Extract should
// read; "" for a free comment, which must only not be taken for an intent).
func HeldOutAnswers() []Case {
	a := func(q, text, want string) Case {
		return Case{Kind: KindAnswer, Text: text, Question: q, Answer: want}
	}
	return []Case{
		a("satisfaction", "i would say a four", "4"),
		a("satisfaction", "i would give it a five", "5"),
		a("satisfaction", "hmm probably a three i think", "3"),
		a("satisfaction", "let's say two", "2"),
		a("satisfaction", "i'd rate it a four out of five", "4"),
		a("satisfaction", "oh five definitely", "5"),
		a("satisfaction", "a solid four", "4"),
		a("satisfaction", "only a one to be honest", "1"),
		a("problem_fixed", "yes they fixed it", "yes"),
		a("problem_fixed", "no it's still broken", "no"),
		a("problem_fixed", "yeah it works fine now", "yes"),
		a("problem_fixed", "no not yet", "no"),
		a("booking_channel", "i think it was the website", "website"),
		a("booking_channel", "over the phone", "phone"),
		a("booking_channel", "with the app on my phone", "app"),
		a("booking_channel", "i used your website", "website"),
		a("improvement", "the technician could have come a bit earlier", ""),
		a("improvement", "maybe send a text before you arrive", ""),
		a("improvement", "nothing really it was all fine", ""),
		a("improvement", "the price was a little high for me", ""),
		a("improvement", "my wife usually handles the bills", ""),
		a("improvement", "i had to wait on hold for a long time", ""),
	}
}

// HeldOutCases is the whole out-of-grammar set.
func HeldOutCases() []Case {
	return append(append(HeldOutOptOuts(), HeldOutRefusals()...), HeldOutAnswers()...)
}

// Condition is a voice with how it reaches the line: a gain (1 = as
// synthesised) and white noise at NoiseDBFS (none when 0).
type Condition struct {
	Voice     Voice
	Gain      float64
	NoiseDBFS float64
}

// Name identifies the condition in reports.
func (c Condition) Name() string {
	n := c.Voice.Name()
	if c.Gain != 1 {
		n += fmt.Sprintf(" gain %.1f", c.Gain)
	}
	if c.NoiseDBFS != 0 {
		n += fmt.Sprintf(" noise %.0f dBFS", c.NoiseDBFS)
	}
	return n
}

// Degrade applies a gain and white noise (deterministic for a seed) to p.
func Degrade(p *audio.PCM, gain, noiseDBFS float64, seed uint64) *audio.PCM {
	out := &audio.PCM{Rate: p.Rate, Samples: make([]int16, len(p.Samples))}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	sigma := 0.0
	if noiseDBFS != 0 {
		sigma = 32768 * math.Pow(10, noiseDBFS/20)
	}
	for i, v := range p.Samples {
		x := float64(v) * gain
		if sigma > 0 {
			x += rng.NormFloat64() * sigma
		}
		out.Samples[i] = int16(max(math.MinInt16, min(math.MaxInt16, math.Round(x))))
	}
	return out
}

// PrepareConditions speaks every case in every condition and passes it
// through the phone line (8 kHz G.711).
func PrepareConditions(ctx context.Context, conds []Condition, cases []Case) ([]Sample, error) {
	out := make([]Sample, 0, len(conds)*len(cases))
	for ci, c := range conds {
		for i, cs := range cases {
			p, err := c.Voice.Speak(ctx, cs.Text)
			if err != nil {
				return nil, err
			}
			p = Degrade(p, c.Gain, c.NoiseDBFS, uint64(ci*1000+i))
			s, err := Phone(p, PadMs)
			if err != nil {
				return nil, err
			}
			out = append(out, Sample{Case: cs, Voice: c.Name(), Audio: s})
		}
	}
	return out, nil
}

// NewEspeakRate is NewEspeak at a speaking rate in words per minute.
func NewEspeakRate(v string, wpm int) (*Espeak, error) {
	s, err := espeak.New(espeak.Config{Voices: map[string]string{"en": v}, OutRate: LineRate, Rate: wpm})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoVoice, err)
	}
	return &Espeak{voice: v + " " + strconv.Itoa(wpm) + " wpm", s: s}, nil
}

// FliteStretch is a flite voice slowed down (stretch > 1) or sped up.
type FliteStretch struct {
	Flite
	Stretch float64
}

// NewFliteStretch returns flite voice v at duration stretch s.
func NewFliteStretch(v string, s float64) (*FliteStretch, error) {
	f, err := NewFlite(v)
	if err != nil {
		return nil, err
	}
	return &FliteStretch{Flite: *f, Stretch: s}, nil
}

// Name implements Voice.
func (f *FliteStretch) Name() string {
	return fmt.Sprintf("flite %s x%.2f", f.voice, f.Stretch)
}

// Speak implements Voice.
func (f *FliteStretch) Speak(ctx context.Context, text string) (*audio.PCM, error) {
	dir, err := os.MkdirTemp("", "candor-flite-")
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "out.wav")
	cmd := exec.CommandContext(ctx, f.path, "-voice", f.voice, "--setf",
		"duration_stretch="+strconv.FormatFloat(f.Stretch, 'f', 2, 64), "-o", out, "-t", text)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("eval: flite %q: %w: %s", text, err, msg)
	}
	file, err := os.Open(out)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer file.Close()
	p, err := audio.ReadWAV(file)
	if err != nil {
		return nil, fmt.Errorf("eval: flite output: %w", err)
	}
	return p, nil
}

// HeldOutConditions are the voices, rates, levels and noise of the
// out-of-grammar audio set: three espeak-ng klatt variants and four flite
// voices, at several rates, quiet and loud, some with light noise. short
// keeps one espeak-ng and one flite condition.
func HeldOutConditions(short bool) ([]Condition, error) {
	type spec struct {
		espeak      string
		wpm         int
		flite       string
		stretch     float64
		gain, noise float64
	}
	specs := []spec{
		{espeak: "en-us+klatt", wpm: 160, gain: 1},
		{flite: "kal16", stretch: 1, gain: 0.5, noise: -50},
		{espeak: "en-us+klatt2", wpm: 140, gain: 0.4, noise: -55},
		{espeak: "en-us+klatt3", wpm: 190, gain: 1.5},
		{flite: "rms", stretch: 1.1, gain: 1, noise: -45},
		{flite: "slt", stretch: 0.9, gain: 0.7},
		{flite: "awb", stretch: 1, gain: 1.2, noise: -50},
	}
	if short {
		specs = specs[:2]
	}
	var out []Condition
	for _, s := range specs {
		var v Voice
		var err error
		if s.espeak != "" {
			v, err = NewEspeakRate(s.espeak, s.wpm)
		} else {
			v, err = NewFliteStretch(s.flite, s.stretch)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Condition{Voice: v, Gain: s.gain, NoiseDBFS: s.noise})
	}
	return out, nil
}

// HeldOutReport sums up the out-of-grammar set.
type HeldOutReport struct {
	Outcomes []Outcome
	// OptOutHeard/OptOuts: opt-outs whose text reads as an opt-out, or
	// whose words made the agent ask the confirmation question
	// (OptOutAsked of them).
	OptOutHeard, OptOutAsked, OptOuts int
	// RefusalEnded/Refusals: refusals that end the call (as a refusal or an
	// opt-out).
	RefusalEnded, Refusals int
	// NeutralOptOut/NeutralEnded/Neutral: answers and free comments taken for
	// an opt-out, or for anything that ends the call (opt-out, refusal);
	// NeutralAsked: given the confirmation question instead (the survey goes
	// on when the callee says no).
	NeutralOptOut, NeutralEnded, NeutralAsked, Neutral int
	// AnswerCorrect/Answers: closed answers read as the intended value.
	AnswerCorrect, Answers int
	// GeneralErrors/GeneralWords: word errors of the general pass over the
	// cases it ran on; TextErrors/Words: of the final text over every case.
	GeneralErrors, GeneralWords, TextErrors, Words int
	// Unintelligible: results with no text.
	Unintelligible int
}

// ScoreHeldOut scores outcomes of the held-out set (see Score).
func ScoreHeldOut(outs []Outcome) HeldOutReport {
	r := HeldOutReport{Outcomes: outs}
	for _, o := range outs {
		if o.Result.GeneralRun {
			e, n := WordErrors(o.Case.Text, o.Result.General)
			r.GeneralErrors += e
			r.GeneralWords += n
		}
		e, n := WordErrors(o.Case.Text, o.Result.Text)
		r.TextErrors += e
		r.Words += n
		if o.Result.Rejected || o.Result.Text == "" {
			r.Unintelligible++
		}
		ending := o.Intent == guardrails.IntentOptOut || o.Intent == guardrails.IntentRefusal
		switch {
		case o.Case.Kind == KindGuardrail && o.Case.Intent == guardrails.IntentOptOut:
			r.OptOuts++
			if o.Intent == guardrails.IntentOptOut || o.Asked {
				r.OptOutHeard++
			}
			if o.Asked {
				r.OptOutAsked++
			}
		case o.Case.Kind == KindGuardrail:
			r.Refusals++
			if ending {
				r.RefusalEnded++
			}
		default:
			r.Neutral++
			if o.Intent == guardrails.IntentOptOut {
				r.NeutralOptOut++
			}
			if ending {
				r.NeutralEnded++
			}
			if o.Asked {
				r.NeutralAsked++
			}
			if o.Case.Answer != "" {
				r.Answers++
				if o.Answer == o.Case.Answer {
					r.AnswerCorrect++
				}
			}
		}
	}
	return r
}

// OptOutRecall is OptOutHeard/OptOuts.
func (r HeldOutReport) OptOutRecall() float64 { return ratio(r.OptOutHeard, r.OptOuts) }

// GeneralWER is GeneralErrors/Words.
func (r HeldOutReport) GeneralWER() float64 { return ratio(r.GeneralErrors, r.GeneralWords) }

// String is a one-line summary.
func (r HeldOutReport) String() string {
	return fmt.Sprintf("opt-out recall %d/%d (%.3f; %d by the confirmation question), neutral taken for an opt-out %d/%d, neutral ending the call %d/%d, neutral asked to confirm %d/%d, "+
		"refusals ending the call %d/%d, closed answers right %d/%d (%.3f), unintelligible %d/%d, "+
		"WER general pass %.3f (%d/%d words), WER final text %.3f",
		r.OptOutHeard, r.OptOuts, r.OptOutRecall(), r.OptOutAsked, r.NeutralOptOut, r.Neutral, r.NeutralEnded, r.Neutral, r.NeutralAsked, r.Neutral,
		r.RefusalEnded, r.Refusals, r.AnswerCorrect, r.Answers, ratio(r.AnswerCorrect, r.Answers),
		r.Unintelligible, len(r.Outcomes), r.GeneralWER(), r.GeneralErrors, r.GeneralWords, ratio(r.TextErrors, r.Words))
}

// EvaluateParallel is Evaluate with one recogniser per worker (newRec makes
// them; they share the model). Worker w takes samples w, w+workers, ... in
// order, so each recogniser hears the same utterances in the same order on
// every run (its cepstral-mean estimate carries over) and the result does
// not depend on scheduling. Outcomes are in sample order.
func EvaluateParallel(camp *prompts.Campaign, workers int, newRec func() (Recognizer, error), samples []Sample) ([]Outcome, error) {
	workers = max(workers, 1)
	outs := make([]Outcome, len(samples))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		r, err := newRec()
		if err != nil {
			return nil, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(samples); i += workers {
				s := samples[i]
				res, err := Recognize(r, s.Audio)
				if err != nil {
					errs[w] = fmt.Errorf("eval: %q (%s): %w", s.Case.Text, s.Voice, err)
					return
				}
				outs[i] = Score(camp, s.Case, s.Voice, res)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return outs, nil
}
