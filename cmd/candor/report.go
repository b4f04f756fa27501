package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"text/tabwriter"

	"candor/agent/store"
	"candor/agent/store/sqlite"
)

const reportAbout = `Report what a campaign did: calls by outcome, opt-out and refusal rates, answer
distributions per survey question, disclosure compliance (answered calls with the disclosure
played in full), abandonment (answered calls with no agent audio within 2 s of the answer) and
the numbers not dialled, by reason. Rates are shares of answered calls.`

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
	r, err := db.Report(ctx, pos[0])
	if err != nil {
		return errorf(e, "report: %v", err)
	}
	if r.Contacts == 0 && r.Attempts == 0 && r.Calls == 0 && len(r.Skipped) == 0 {
		return errorf(e, "report: campaign %q has no contacts, calls or skipped numbers", pos[0])
	}
	switch *format {
	case "json":
		err = reportJSON(e.stdout, r)
	case "csv":
		err = reportCSV(e.stdout, r)
	default:
		err = reportTable(e.stdout, r)
	}
	if err != nil {
		return errorf(e, "report: %v", err)
	}
	return 0
}

// reportRow is one line of the report: a section, a key, an optional
// sub-key (the answer value), a count and a share.
type reportRow struct {
	Section string
	Key     string
	Value   string
	Count   int
	Share   float64 // -1: none
}

func reportRows(r store.CampaignReport) []reportRow {
	rows := []reportRow{
		{"summary", "contacts", "", r.Contacts, -1},
		{"summary", "attempts", "", r.Attempts, -1},
		{"summary", "calls", "", r.Calls, -1},
		{"summary", "answered", "", r.Answered, -1},
		{"rate", "opt_out", "", r.OptOuts, r.OptOutRate},
		{"rate", "refusal", "", r.Refusals, r.RefusalRate},
		{"rate", "disclosure_complete", "", r.DisclosureComplete, r.DisclosureRate},
		{"rate", "abandoned", "", r.Abandoned, r.AbandonmentRate},
	}
	share := func(n, of int) float64 {
		if of == 0 {
			return 0
		}
		return float64(n) / float64(of)
	}
	for _, k := range sortedKeys(r.ByOutcome) {
		rows = append(rows, reportRow{"outcome", k, "", r.ByOutcome[k], share(r.ByOutcome[k], r.Calls)})
	}
	perQuestion := map[string]int{}
	for _, a := range r.Answers {
		perQuestion[a.QuestionID] += a.Count
	}
	for _, a := range r.Answers {
		rows = append(rows, reportRow{"answer", a.QuestionID, a.Value, a.Count, share(a.Count, perQuestion[a.QuestionID])})
	}
	skipped := 0
	for _, n := range r.Skipped {
		skipped += n
	}
	for _, k := range sortedKeys(r.Skipped) {
		rows = append(rows, reportRow{"skipped", k, "", r.Skipped[k], share(r.Skipped[k], skipped)})
	}
	return rows
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func pct(f float64) string {
	if f < 0 {
		return ""
	}
	return strconv.FormatFloat(100*f, 'f', 1, 64) + "%"
}

func reportTable(w io.Writer, r store.CampaignReport) error {
	fmt.Fprintf(w, "Campaign %s\n", r.Campaign)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	section := ""
	for _, row := range reportRows(r) {
		if row.Section != section {
			section = row.Section
			fmt.Fprintf(tw, "\n%s\t\t\t\n", section)
		}
		key := row.Key
		if row.Value != "" {
			key += " = " + row.Value
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t\n", key, row.Count, pct(row.Share))
	}
	return tw.Flush()
}

func reportCSV(w io.Writer, r store.CampaignReport) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"campaign", "section", "key", "value", "count", "share"})
	for _, row := range reportRows(r) {
		s := ""
		if row.Share >= 0 {
			s = strconv.FormatFloat(row.Share, 'f', 4, 64)
		}
		_ = cw.Write([]string{r.Campaign, row.Section, row.Key, row.Value, strconv.Itoa(row.Count), s})
	}
	cw.Flush()
	return cw.Error()
}

type answerJSON struct {
	Value string  `json:"value"`
	Count int     `json:"count"`
	Share float64 `json:"share"`
}

func reportJSON(w io.Writer, r store.CampaignReport) error {
	out := struct {
		store.CampaignReport
		Answers map[string][]answerJSON `json:"answers"`
	}{CampaignReport: r, Answers: map[string][]answerJSON{}}
	for _, row := range reportRows(r) {
		if row.Section == "answer" {
			out.Answers[row.Key] = append(out.Answers[row.Key], answerJSON{row.Value, row.Count, row.Share})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
