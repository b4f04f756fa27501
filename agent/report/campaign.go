package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"text/tabwriter"

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
func Rows(c Campaign) []Row {
	rows := []Row{
		{"summary", "contacts", "", c.Contacts, -1},
		{"summary", "attempts", "", c.Attempts, -1},
		{"summary", "calls", "", c.Calls, -1},
		{"summary", "answered", "", c.Answered, -1},
		{"summary", "interrupted", "", c.Interrupted, -1},
		{"summary", "in_progress", "", c.InProgress, -1},
		{"summary", "pending_retries", "", c.PendingRetries, -1},
		{"summary", "pending_callbacks", "", c.PendingCallbacks, -1},
		{"summary", "dnc_written", "", c.DNCWritten, -1},
		{"summary", "blocked_sentences", "", c.Blocked, -1},
	}
	for _, r := range c.Rates {
		rows = append(rows, Row{"rate", r.Key, "", r.Count, r.Value})
	}
	share := func(n, of int) float64 {
		if of == 0 {
			return 0
		}
		return float64(n) / float64(of)
	}
	for _, k := range sortedKeys(c.ByOutcome) {
		rows = append(rows, Row{"outcome", k, "", c.ByOutcome[k], share(c.ByOutcome[k], c.Calls)})
	}
	for _, q := range c.Questions {
		for _, a := range q.Answers {
			rows = append(rows, Row{"answer", q.ID, a.Value, a.Count, a.Share})
		}
	}
	skipped := 0
	for _, n := range c.Skipped {
		skipped += n
	}
	for _, k := range sortedKeys(c.Skipped) {
		rows = append(rows, Row{"skipped", k, "", c.Skipped[k], share(c.Skipped[k], skipped)})
	}
	if c.Latency != nil {
		rows = append(rows, Row{"latency_ms", "measured_turns", "", c.Latency.N, -1},
			Row{"latency_ms", "p50", "", int(c.Latency.P50), -1}, Row{"latency_ms", "p95", "", int(c.Latency.P95), -1})
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

// Pct formats a share as a percentage with one decimal ("8.7%"); "" for none.
func Pct(f float64) string {
	if f < 0 {
		return ""
	}
	return strconv.FormatFloat(100*f, 'f', 1, 64) + "%"
}

// Table prints a campaign report as a table, the rates' definitions below.
func Table(w io.Writer, c Campaign) error {
	fmt.Fprintf(w, "Campaign %s\n", c.Campaign)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	section := ""
	for _, row := range Rows(c) {
		if row.Section != section {
			section = row.Section
			fmt.Fprintf(tw, "\n%s\t\t\t\n", section)
		}
		key := row.Key
		if row.Value != "" {
			key += " = " + row.Value
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t\n", key, row.Count, Pct(row.Share))
	}
	if c.Latency == nil {
		fmt.Fprintf(tw, "\nlatency_ms\t\t\t\n  no turn measured\t\t\t\n")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nRates:")
	for _, r := range c.Rates {
		fmt.Fprintf(w, "  %s: %s\n", r.Key, r.Definition)
	}
	return nil
}

// CSV prints a campaign report as CSV, one Row a record.
func CSV(w io.Writer, c Campaign) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"campaign", "section", "key", "value", "count", "share"})
	for _, row := range Rows(c) {
		s := ""
		if row.Share >= 0 {
			s = strconv.FormatFloat(row.Share, 'f', 4, 64)
		}
		_ = cw.Write([]string{c.Campaign, row.Section, row.Key, row.Value, strconv.Itoa(row.Count), s})
	}
	cw.Flush()
	return cw.Error()
}

// JSON prints a campaign's figures as JSON.
func JSON(w io.Writer, c Campaign) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// Write prints a campaign report as "table" (the default), "csv" or "json".
func Write(w io.Writer, c Campaign, format string) error {
	switch format {
	case "json":
		return JSON(w, c)
	case "csv":
		return CSV(w, c)
	}
	return Table(w, c)
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
