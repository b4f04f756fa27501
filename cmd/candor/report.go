package main

import "context"

const reportAbout = `Report what a campaign did: calls by outcome, opt-out and refusal rates, answer
distributions per survey question, disclosure compliance (answered calls with the disclosure
played in full), abandonment (answered calls with no agent audio within 2 s of the answer) and
the numbers not dialled, by reason. Rates are shares of answered calls. With --postgres the counts
are every worker's; answers, disclosure and rates come from this machine's records (--db).`

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
