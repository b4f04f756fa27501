package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"text/tabwriter"

	"candor/agent/store"
	"candor/prompts"
)

// Row is one line of a campaign report: a section, a key, an optional
// sub-key (the answer value), a count and a share.
type Row struct {
	Section string
	Key     string
	Value   string
	Count   int
	Share   float64 // -1: none
}

// Rows are the lines of a campaign report, by section.
func Rows(r store.CampaignReport) []Row {
	rows := []Row{
		{"summary", "contacts", "", r.Contacts, -1},
		{"summary", "attempts", "", r.Attempts, -1},
		{"summary", "calls", "", r.Calls, -1},
		{"summary", "answered", "", r.Answered, -1},
		{"summary", "interrupted", "", r.Interrupted, -1},
		{"summary", "in_progress", "", r.InProgress, -1},
		{"summary", "pending_retries", "", r.PendingRetries, -1},
		{"summary", "pending_callbacks", "", r.PendingCallbacks, -1},
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
		rows = append(rows, Row{"outcome", k, "", r.ByOutcome[k], share(r.ByOutcome[k], r.Calls)})
	}
	perQuestion := map[string]int{}
	for _, a := range r.Answers {
		perQuestion[a.QuestionID] += a.Count
	}
	for _, a := range r.Answers {
		rows = append(rows, Row{"answer", a.QuestionID, a.Value, a.Count, share(a.Count, perQuestion[a.QuestionID])})
	}
	skipped := 0
	for _, n := range r.Skipped {
		skipped += n
	}
	for _, k := range sortedKeys(r.Skipped) {
		rows = append(rows, Row{"skipped", k, "", r.Skipped[k], share(r.Skipped[k], skipped)})
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

// Table prints a campaign report as a table.
func Table(w io.Writer, r store.CampaignReport) error {
	fmt.Fprintf(w, "Campaign %s\n", r.Campaign)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	section := ""
	for _, row := range Rows(r) {
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

// CSV prints a campaign report as CSV, one Row a record.
func CSV(w io.Writer, r store.CampaignReport) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"campaign", "section", "key", "value", "count", "share"})
	for _, row := range Rows(r) {
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

// JSON prints a campaign report as JSON, answers grouped by question.
func JSON(w io.Writer, r store.CampaignReport) error {
	out := struct {
		store.CampaignReport
		Answers map[string][]answerJSON `json:"answers"`
	}{CampaignReport: r, Answers: map[string][]answerJSON{}}
	for _, row := range Rows(r) {
		if row.Section == "answer" {
			out.Answers[row.Key] = append(out.Answers[row.Key], answerJSON{row.Value, row.Count, row.Share})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Write prints a campaign report as "table" (the default), "csv" or "json".
func Write(w io.Writer, r store.CampaignReport, format string) error {
	switch format {
	case "json":
		return JSON(w, r)
	case "csv":
		return CSV(w, r)
	}
	return Table(w, r)
}

// Campaigns prints a table of campaigns: name, language, business, source
// and purpose.
func Campaigns(w io.Writer, cs []*prompts.Campaign) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tLANG\tBUSINESS\tSOURCE\tPURPOSE")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Name, c.Language, c.Business.DisplayName, c.Source, c.Purpose)
	}
	tw.Flush()
}
