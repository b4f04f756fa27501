package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"candor/agent/dialer"
)

// Plan prints a dial plan: a table, one contact a line (line, name,
// number, dial, reason, next_at, zones), or with asJSON one JSON object a
// line.
func Plan(w io.Writer, lines []dialer.PlanLine, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, l := range lines {
			if err := enc.Encode(l); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "line\tname\tnumber\tdial\treason\tnext_at\tzones")
	for _, l := range lines {
		line, reason, next := "-", "-", "-"
		if l.Line > 0 {
			line = fmt.Sprint(l.Line)
		}
		if l.Reason != "" {
			reason = l.Reason
		}
		if !l.NextAt.IsZero() {
			next = l.NextAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\t%s\t%s\n", line, l.Name, l.Number, l.Dial, reason, next, strings.Join(l.Zones, ","))
	}
	return tw.Flush()
}
