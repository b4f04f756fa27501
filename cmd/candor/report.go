package main

import (
	"context"

	"candor/agent/report"
	"candor/agent/store/sqlite"
)

const reportAbout = `Report what a campaign did: calls by outcome, opt-out and refusal rates, answer
distributions per survey question, disclosure compliance (answered calls with the disclosure
played in full), abandonment (answered calls with no agent audio within 2 s of the answer) and
the numbers not dialled, by reason, and the measured voice-to-voice latency. Rates are shares
of answered calls; each is defined below the table. Sandbox calls are never counted.`

func runReport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "report", "CAMPAIGN [--format table|csv|json]", reportAbout)
	format := fs.String("format", "table", "table, csv or json")
	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return errorf(e, "report: want one CAMPAIGN")
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return errorf(e, "report: --format %q: want table, csv or json", *format)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "report: %v", err)
	}
	defer db.Close()
	r, err := report.Load(ctx, db, pos[0])
	if err != nil {
		return errorf(e, "report: %v", err)
	}
	if r.Empty() {
		return errorf(e, "report: campaign %q has no contacts, calls or skipped numbers", pos[0])
	}
	if err := report.Write(e.stdout, r, *format); err != nil {
		return errorf(e, "report: %v", err)
	}
	return 0
}
