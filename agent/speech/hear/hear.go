// Package hear runs recordings through a campaign's embedded recognition
// path (pocketsphinx behind the 8 kHz phone line) and the guardrail
// classifier: what the agent would hear, as `candor hear` shows it.
package hear

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"text/tabwriter"

	"candor/agent/audio"
	"candor/agent/carrier"
	"candor/agent/script"
	"candor/agent/speech/sphinx"
	"candor/guardrails"
	"candor/prompts"
)

// Config is what Run hears and how it reports.
type Config struct {
	Campaign *prompts.Campaign
	// Question is the ID of the survey question whose answer to extract
	// ("": none).
	Question string
	// Files are the recordings, each one utterance of 8 or 16 kHz mono WAV.
	Files []string
	// JSON writes one JSON object a line instead of a table.
	JSON bool
	// Callee reads callee text; nil means guardrails.ClassifyResult.
	Callee func(text, lang string) guardrails.IntentResult
}

// Result is one file's line.
type Result struct {
	File   string `json:"file"`
	Text   string `json:"text"`
	Intent string `json:"intent,omitempty"`
	// Weak is set for a weak opt_out or refusal: the agent would ask the
	// campaign's confirmation question rather than end the call.
	Weak bool `json:"weak"`
	// Answer is what the survey would record for the question (omitted when
	// nothing, or when an intent takes the turn).
	Answer string `json:"answer,omitempty"`
	// Source says which recognition pass the text comes from: grammar,
	// general, keywords, or "" for unintelligible.
	Source  string `json:"source"`
	Grammar string `json:"grammar,omitempty"`
	// Confidence is the grammar phrase's fit against free words per frame
	// (0: as good; negative: worse), Coverage the share of the speech it
	// explains.
	Confidence float64  `json:"confidence"`
	Coverage   float64  `json:"coverage"`
	General    string   `json:"general,omitempty"`
	Keywords   []string `json:"keywords,omitempty"`
	// HeardOptOut: the words of an opt-out were heard though the text does
	// not read as one; the agent asks the confirmation question, so Intent
	// is then a weak opt_out.
	HeardOptOut bool   `json:"heard_opt_out,omitempty"`
	Error       string `json:"error,omitempty"`
}

// Run hears every file of c and writes one result per file to w: a JSON
// line each as it is heard, or a table at the end. It returns ErrFailed
// when any file failed, and an error before anything is written when the
// campaign cannot be heard offline (Mandarin), names no such question, or
// the recogniser cannot start; ctx's error when it ends first.
func Run(ctx context.Context, w io.Writer, c Config) error {
	camp := c.Campaign
	if camp.Language == "zh" {
		return carrier.ErrMandarinOffline
	}
	var q *prompts.Question
	if c.Question != "" {
		for i := range camp.Survey {
			if camp.Survey[i].ID == c.Question {
				q = &camp.Survey[i]
			}
		}
		if q == nil {
			return fmt.Errorf("campaign %s has %w %q", camp.Name, ErrNoQuestion, c.Question)
		}
	}
	callee := c.Callee
	if callee == nil {
		callee = guardrails.ClassifyResult
	}
	rec, err := sphinx.NewCampaignRecognizer(camp, true)
	if err != nil {
		return fmt.Errorf("speech recognition: %w", err)
	}
	defer rec.Close()

	var failed error
	var results []Result
	for _, file := range c.Files {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r := File(rec, camp, q, file, callee)
		if r.Error != "" {
			failed = ErrFailed
		}
		if c.JSON {
			b, _ := json.Marshal(r)
			fmt.Fprintln(w, string(b))
		} else {
			results = append(results, r)
		}
	}
	if !c.JSON {
		WriteTable(w, results)
	}
	return failed
}

// WriteTable writes results as a table with the columns FILE, TEXT, INTENT,
// ANSWER and SOURCE.
func WriteTable(w io.Writer, results []Result) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tTEXT\tINTENT\tANSWER\tSOURCE")
	for _, r := range results {
		if r.Error != "" {
			fmt.Fprintf(tw, "%s\terror: %s\t\t\t\n", r.File, r.Error)
			continue
		}
		text := r.Text
		if text == "" {
			text = "(unintelligible)"
		}
		src := r.Source
		if src == "" {
			src = "-"
		}
		intent := r.Intent
		if r.Weak {
			intent += " (weak)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.File, text, intent, r.Answer, src)
	}
	tw.Flush()
}

// File recognises one file as the line would: resampled to the 8 kHz line
// rate when it is 16 kHz, then up to 16 kHz in 20 ms frames, one utterance;
// callee classifies the text and, with q, the answer to q is extracted.
func File(rec *sphinx.Recognizer, camp *prompts.Campaign, q *prompts.Question, file string,
	callee func(text, lang string) guardrails.IntentResult) Result {
	r := Result{File: file}
	fail := func(err error) Result {
		r.Error = err.Error()
		return r
	}
	f, err := os.Open(file)
	if err != nil {
		return fail(err)
	}
	pcm, err := audio.ReadWAV(f)
	f.Close()
	if err != nil {
		return fail(err)
	}
	if pcm.Rate != 8000 && pcm.Rate != 16000 {
		return fail(fmt.Errorf("%w, got %d Hz", ErrRate, pcm.Rate))
	}
	if len(pcm.Samples) > sphinx.MaxUtterance*pcm.Rate {
		return fail(ErrLong)
	}
	line := pcm.Samples
	if pcm.Rate != 8000 {
		down, err := audio.NewResampler(pcm.Rate, 8000)
		if err != nil {
			return fail(err)
		}
		line = down.Process(nil, line)
	}
	up, err := audio.NewResampler(8000, sphinx.SampleRate)
	if err != nil {
		return fail(err)
	}
	if err := rec.Start(); err != nil {
		return fail(err)
	}
	per := audio.SamplesPerFrame(8000)
	var wide []int16
	// Trailing silence, as the endpointer leaves after speech.
	line = append(append([]int16(nil), line...), make([]int16, 8000*3/10)...)
	for i := 0; i < len(line); i += per {
		wide = up.Process(wide[:0], line[i:min(i+per, len(line))])
		if err := rec.Write(audio.Frame{Rate: sphinx.SampleRate, Samples: wide}); err != nil {
			_, _ = rec.End()
			return fail(err)
		}
	}
	res, err := rec.End()
	if err != nil {
		return fail(err)
	}
	r.Source, r.Grammar, r.General = string(res.Source), res.Grammar, res.General
	r.Confidence, r.Coverage = math.Round(res.Confidence*10)/10, math.Round(res.Coverage*100)/100
	for _, k := range res.Keywords {
		r.Keywords = append(r.Keywords, k.Phrase)
	}
	var ir guardrails.IntentResult
	if !res.Rejected {
		r.Text = res.Text
		ir = callee(res.Text, camp.Language)
	}
	in := ir.Intent
	ending := in == guardrails.IntentOptOut || in == guardrails.IntentRefusal
	if res.HeardOptOut && !ending {
		// As the session does: it asks before going on.
		r.HeardOptOut = true
		in, ir.Weak, ending = guardrails.IntentOptOut, true, true
	}
	if res.Rejected && !r.HeardOptOut {
		return r
	}
	r.Intent, r.Weak = string(in), ir.Weak && ending
	if q != nil && in == guardrails.IntentNone {
		if v, ok := script.Extract(*q, res.Text); ok {
			r.Answer = v
		}
	}
	return r
}
