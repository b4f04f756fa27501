package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"text/tabwriter"

	"candor/agent/audio"
	"candor/agent/script"
	"candor/agent/speech/sphinx"
	"candor/guardrails"
	"candor/prompts"
)

// Errors of `candor hear` about one file.
var (
	errHearRate = errors.New("want 8000 or 16000 Hz audio")
	errHearLong = fmt.Errorf("longer than %d s (one utterance per file)", sphinx.MaxUtterance)
)

// classifyCallee reads callee text for `guard classify` and `hear` (a
// variable so that tests can feed weak verdicts).
var classifyCallee = guardrails.ClassifyResult

// hearResult is one file's line of `candor hear`.
type hearResult struct {
	File   string `json:"file"`
	Text   string `json:"text"`
	Intent string `json:"intent,omitempty"`
	// Weak is set for a weak opt_out or refusal: the agent would ask the
	// campaign's confirmation question rather than end the call.
	Weak bool `json:"weak"`
	// Answer is what the survey would record for --question (omitted when
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
	Error      string   `json:"error,omitempty"`
}

func runHear(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "hear", "--campaign NAME|FILE [--json] [--question ID] FILE.wav...",
		"Run the campaign's embedded recognition path (pocketsphinx, through the 8 kHz phone line)\n"+
			"and the guardrail classifier on recordings: one result per file, each file one utterance\n"+
			"of 8 or 16 kHz mono WAV. Shows what the agent would hear: text, intent (weak: the agent\n"+
			"would ask its confirmation question) and, with\n"+
			"--question, the survey answer it would record. Exit status 1 if any file failed.")
	campaign := fs.String("campaign", "", "campaign `NAME` (embedded example) or FILE")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	qid := fs.String("question", "", "survey question `ID` whose answer to extract")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *campaign == "" || fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	camp, err := resolveCampaign(*campaign)
	if err != nil {
		return errorf(e, "hear: %v", err)
	}
	if camp.Language == "zh" {
		return errorf(e, "hear: %v", errMandarinOffline)
	}
	var q *prompts.Question
	if *qid != "" {
		for i := range camp.Survey {
			if camp.Survey[i].ID == *qid {
				q = &camp.Survey[i]
			}
		}
		if q == nil {
			return errorf(e, "hear: campaign %s has no question %q", camp.Name, *qid)
		}
	}
	rec, err := sphinx.NewCampaignRecognizer(camp, true)
	if err != nil {
		return errorf(e, "hear: speech recognition: %v", err)
	}
	defer rec.Close()

	status := 0
	var results []hearResult
	for _, file := range fs.Args() {
		if ctx.Err() != nil {
			return errorf(e, "hear: %v", ctx.Err())
		}
		r := hearFile(rec, camp, q, file)
		if r.Error != "" {
			status = 1
		}
		if *asJSON {
			b, _ := json.Marshal(r)
			fmt.Fprintln(e.stdout, string(b))
		} else {
			results = append(results, r)
		}
	}
	if !*asJSON {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
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
	return status
}

// hearFile recognises one file as the line would: resampled to the 8 kHz
// line rate when it is 16 kHz, then up to 16 kHz in 20 ms frames, one
// utterance.
func hearFile(rec *sphinx.Recognizer, camp *prompts.Campaign, q *prompts.Question, file string) hearResult {
	r := hearResult{File: file}
	fail := func(err error) hearResult {
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
		return fail(fmt.Errorf("%w, got %d Hz", errHearRate, pcm.Rate))
	}
	if len(pcm.Samples) > sphinx.MaxUtterance*pcm.Rate {
		return fail(errHearLong)
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
	if res.Rejected {
		return r
	}
	r.Text = res.Text
	ir := classifyCallee(res.Text, camp.Language)
	in := ir.Intent
	r.Intent, r.Weak = string(in), ir.Weak && (in == guardrails.IntentOptOut || in == guardrails.IntentRefusal)
	if q != nil && in == guardrails.IntentNone {
		if v, ok := script.Extract(*q, res.Text); ok {
			r.Answer = v
		}
	}
	return r
}
