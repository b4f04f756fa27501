package report

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"time"

	"candor/agent"
)

// DNCRow is one exported do-not-call entry (an element of the JSON export).
type DNCRow struct {
	Number   string    `json:"number"`
	Business string    `json:"business"`
	Campaign string    `json:"campaign,omitempty"`
	Reason   string    `json:"reason"`
	CallID   string    `json:"call_id,omitempty"`
	At       time.Time `json:"at"`
}

// DNC prints a do-not-call list for a regulator, as "csv" or "json" (raw
// numbers: the output is personal data).
func DNC(w io.Writer, list []agent.OptOut, format string) error {
	rows := make([]DNCRow, 0, len(list))
	for _, o := range list {
		rows = append(rows, DNCRow{o.Number, o.Business, o.Campaign, o.Reason, o.CallID, o.At.UTC()})
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"number", "business", "campaign", "reason", "call_id", "at"})
	for _, r := range rows {
		_ = cw.Write([]string{r.Number, r.Business, r.Campaign, r.Reason, r.CallID, r.At.Format(time.RFC3339)})
	}
	cw.Flush()
	return cw.Error()
}
