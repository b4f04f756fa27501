package main

import (
	"context"
	"errors"

	"candor/agent/speech/hear"
	"candor/guardrails"
)

// classifyCallee reads callee text for `guard classify` and `hear` (a
// variable so that tests can feed weak verdicts).
var classifyCallee = guardrails.ClassifyResult

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
	err = hear.Run(ctx, e.stdout, hear.Config{Campaign: camp, Question: *qid, Files: fs.Args(), JSON: *asJSON, Callee: classifyCallee})
	switch {
	case errors.Is(err, hear.ErrFailed):
		return 1
	case err != nil:
		return errorf(e, "hear: %v", err)
	}
	return 0
}
