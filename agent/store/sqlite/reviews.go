package sqlite

import (
	"context"
	"fmt"
	"strings"

	"candor/agent"
	"candor/agent/store"
)

// sqlFlagged is true for calls whose newest flag/unflag action is a flag.
const sqlFlagged = `coalesce((SELECT r.kind = 'flag' FROM reviews r WHERE r.call_id = calls.id
	AND r.kind IN ('flag', 'unflag') ORDER BY r.id DESC LIMIT 1), 0)`

const sqlReviewed = `EXISTS (SELECT 1 FROM reviews r WHERE r.call_id = calls.id AND r.kind = 'reviewed')`

// sqlInterventions counts a call's guardrail events other than the disclosure.
const sqlInterventions = `(SELECT count(*) FROM json_each(calls.events) e
	WHERE json_extract(e.value, '$.kind') <> 'disclosed')`

// ReviewCalls returns the calls matching f, newest first, with their review state.
func (s *Store) ReviewCalls(ctx context.Context, f store.ReviewFilter) ([]store.ReviewSummary, error) {
	q := `SELECT id, campaign, business, number, sandbox, started_at, ended_at, outcome, end_reason,
		disclosure_complete, opt_out, turn_count, blocked_count, ` + sqlInterventions + `, ` + sqlFlagged + `, ` + sqlReviewed + `
		FROM calls WHERE 1 = 1`
	where, args := callWhere(f.CallFilter)
	q += where
	for _, c := range []struct {
		expr string
		v    *bool
	}{{"opt_out <> 0", f.OptOut}, {sqlInterventions + " > 0", f.Intervention}, {sqlFlagged, f.Flagged}, {sqlReviewed, f.Reviewed}} {
		if c.v != nil {
			q += " AND (" + c.expr + ") = ?"
			args = append(args, boolInt(*c.v))
		}
	}
	q += " ORDER BY started_at DESC, id DESC LIMIT ?"
	args = append(args, f.RowLimit())

	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: review list: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.ReviewSummary
	for rows.Next() {
		var c store.ReviewSummary
		var sandbox, complete, optOut int
		var outcome, endReason string
		if err := rows.Scan(&c.ID, &c.Campaign, &c.Business, &c.Number, &sandbox, nullTime{&c.StartedAt}, nullTime{&c.EndedAt},
			&outcome, &endReason, &complete, &optOut, &c.Turns, &c.Blocked, &c.Interventions, &c.Flagged, &c.Reviewed); err != nil {
			return nil, fmt.Errorf("store: review list: %w", err)
		}
		c.Sandbox, c.DisclosureComplete, c.OptOut = sandbox != 0, complete != 0, optOut != 0
		c.Outcome, c.EndReason = agent.Outcome(outcome), agent.EndReason(endReason)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: review list: %w", err)
	}
	return out, nil
}

// AddReview records a review action on a stored call, stamped with the
// store's clock. It returns an error wrapping ErrNotFound for an unknown call
// and ErrInvalid for an unknown kind, a missing reviewer, an empty comment
// or one longer than 4000 bytes.
func (s *Store) AddReview(ctx context.Context, r store.Review) (store.Review, error) {
	r.Body = strings.TrimSpace(r.Body)
	if !r.Kind.Valid() || r.Reviewer == "" || len(r.Body) > store.MaxReviewBody || (r.Kind == store.ReviewComment && r.Body == "") {
		return store.Review{}, fmt.Errorf("%w: review %q by %q", store.ErrInvalid, r.Kind, r.Reviewer)
	}
	r.At = s.now().UTC()
	res, err := s.db.ExecContext(ctx, `INSERT INTO reviews (call_id, kind, body, reviewer, created_at)
		SELECT id, ?, ?, ?, ? FROM calls WHERE id = ?`, string(r.Kind), r.Body, r.Reviewer, formatTime(r.At), r.CallID)
	if err != nil {
		return store.Review{}, fmt.Errorf("store: add review: %w", closedErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.Review{}, fmt.Errorf("%w: call %q", store.ErrNotFound, r.CallID)
	}
	return r, nil
}

// Reviews returns the review actions on a call, oldest first.
func (s *Store) Reviews(ctx context.Context, callID string) ([]store.Review, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT call_id, kind, body, reviewer, created_at FROM reviews
		WHERE call_id = ? ORDER BY id`, callID)
	if err != nil {
		return nil, fmt.Errorf("store: list reviews: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.Review
	for rows.Next() {
		var r store.Review
		var kind string
		if err := rows.Scan(&r.CallID, &kind, &r.Body, &r.Reviewer, nullTime{&r.At}); err != nil {
			return nil, fmt.Errorf("store: list reviews: %w", err)
		}
		r.Kind = store.ReviewKind(kind)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Audit appends entries to the audit log in one transaction, stamped with
// the store's clock.
func (s *Store) Audit(ctx context.Context, entries ...store.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: audit: %w", closedErr(err))
	}
	defer tx.Rollback()
	at := formatTime(s.now())
	for _, e := range entries {
		if e.Actor == "" || e.Action == "" {
			return fmt.Errorf("%w: an audit entry needs an actor and an action", store.ErrInvalid)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`,
			at, e.Actor, e.Action, e.Subject, e.Detail); err != nil {
			return fmt.Errorf("store: audit: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// AuditLog returns the newest limit entries (100 when limit <= 0), newest first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]store.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read audit log: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		if err := rows.Scan(nullTime{&e.At}, &e.Actor, &e.Action, &e.Subject, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: read audit log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
