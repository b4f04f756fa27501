package main

import "context"

const reportAbout = `Report what a campaign did: calls by outcome, opt-out and refusal rates, answer
distributions per survey question, disclosure compliance (answered calls with the disclosure
played in full), abandonment (answered calls with no agent audio within 2 s of the answer) and
the numbers not dialled, by reason, and the measured voice-to-voice latency. Rates are shares
of answered calls; each is defined below the table. Sandbox calls are never counted. With
--postgres the contacts, attempts, skipped numbers, do-not-call entries, callbacks and retries
are every worker's; the calls (outcomes, answers, disclosure, latency, rates) are this
machine's evidence records (--db).`

func runReport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "report", "CAMPAIGN [--format table|csv|json]", reportAbout)
	format := fs.String("format", "table", "table, csv or json")
	df := addDataFlags(fs)
	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return errorf(e, "report: want one CAMPAIGN")
	}
	if err := df.target(e).WriteReport(ctx, e.stdout, pos[0], *format); err != nil {
		return errorf(e, "report: %v", err)
	}
	return 0
}
