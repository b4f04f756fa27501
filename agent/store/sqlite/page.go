package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"candor/agent"
	"candor/agent/store"
)

// CallPage returns one page of the calls matching f, newest first, with
// their review state and guardrail events, and the number matching in all.
func (s *Store) CallPage(ctx context.Context, f store.PageFilter) (store.CallPage, error) {
	var p store.CallPage
	where, args := callWhere(f.CallFilter)
	for _, c := range []struct {
		expr string
		v    *bool
	}{{"opt_out <> 0", f.OptOut}, {sqlInterventions + " > 0", f.Intervention}, {sqlFlagged, f.Flagged}, {sqlReviewed, f.Reviewed},
		{"sandbox <> 0", f.Sandbox}} {
		if c.v != nil {
			where += " AND (" + c.expr + ") = ?"
			args = append(args, boolInt(*c.v))
		}
	}
	if f.Kind != "" {
		where += " AND EXISTS (SELECT 1 FROM json_each(calls.events) e WHERE json_extract(e.value, '$.kind') = ?)"
		args = append(args, string(f.Kind))
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM calls WHERE 1 = 1`+where, args...).Scan(&p.Total); err != nil {
		return p, fmt.Errorf("store: call page: %w", closedErr(err))
	}
	q := `SELECT id, campaign, business, number, sandbox, started_at, ended_at, outcome, end_reason,
		disclosure_complete, opt_out, turn_count, blocked_count, ` + sqlInterventions + `, ` + sqlFlagged + `, ` + sqlReviewed + `,
		coalesce(events, '[]') FROM calls WHERE 1 = 1` + where + ` ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`
	rows, err := s.db.QueryContext(ctx, q, append(args, f.RowLimit(), max(f.Offset, 0))...)
	if err != nil {
		return p, fmt.Errorf("store: call page: %w", closedErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var c store.PageRow
		var sandbox, complete, optOut int
		var outcome, endReason, events string
		if err := rows.Scan(&c.ID, &c.Campaign, &c.Business, &c.Number, &sandbox, nullTime{&c.StartedAt}, nullTime{&c.EndedAt},
			&outcome, &endReason, &complete, &optOut, &c.Turns, &c.Blocked, &c.Interventions, &c.Flagged, &c.Reviewed, &events); err != nil {
			return p, fmt.Errorf("store: call page: %w", err)
		}
		c.Sandbox, c.DisclosureComplete, c.OptOut = sandbox != 0, complete != 0, optOut != 0
		c.Outcome, c.EndReason = agent.Outcome(outcome), agent.EndReason(endReason)
		if err := json.Unmarshal([]byte(events), &c.Events); err != nil {
			return p, fmt.Errorf("store: call page: events of %s: %w", c.ID, err)
		}
		p.Rows = append(p.Rows, c)
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("store: call page: %w", err)
	}
	return p, nil
}
