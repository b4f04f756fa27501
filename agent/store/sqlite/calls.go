package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"candor/agent"
	"candor/agent/store"
	"candor/guardrails"
)

// SaveCall stores the evidence record of one call, its transcript turns and
// survey answers in one transaction. Saving a record whose ID is already
// stored replaces it whole. A record with OptOut set also puts its number on
// the business's do-not-call list (a no-op when the session already did), and
// one with CallbackAt set records a pending callback.
//
// Empty slices are stored as nothing and read back by Call as nil.
func (s *Store) SaveCall(ctx context.Context, rec *agent.CallRecord) error {
	if rec == nil || strings.TrimSpace(rec.ID) == "" {
		return fmt.Errorf("%w: a call record needs an ID", store.ErrInvalid)
	}
	events, err := json.Marshal(emptyNil(rec.Events))
	if err != nil {
		return fmt.Errorf("store: encode events: %w", err)
	}
	latencies, err := json.Marshal(emptyNil(rec.LatenciesMS))
	if err != nil {
		return fmt.Errorf("store: encode latencies: %w", err)
	}
	detail, err := json.Marshal(emptyNil(rec.Latency))
	if err != nil {
		return fmt.Errorf("store: encode latency detail: %w", err)
	}
	blocked := 0
	for _, e := range rec.Events {
		if e.Kind == guardrails.EventBlocked {
			blocked++
		}
	}
	now := s.now()

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save call: %w", closedErr(err))
	}
	defer tx.Rollback()
	// Deleting the old row cascades to its turns and answers.
	if _, err := tx.ExecContext(ctx, `DELETE FROM calls WHERE id = ?`, rec.ID); err != nil {
		return fmt.Errorf("store: save call: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO calls (id, campaign, business, number, contact_ref, sandbox,
		started_at, answered_at, ended_at,
		disclosure_text, disclosure_start, disclosure_end, disclosure_complete,
		outcome, end_reason, end_detail,
		opt_out, opt_out_utterance, opt_out_at, callback_at, callback_text,
		events, latencies_ms, turn_count, blocked_count, saved_at, latency_detail, barge_ins)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rec.ID, rec.Campaign, rec.Business, rec.Number, rec.ContactRef, boolInt(rec.Sandbox),
		formatTime(rec.StartedAt), formatTime(rec.AnsweredAt), formatTime(rec.EndedAt),
		rec.DisclosureText, formatTime(rec.DisclosureStart), formatTime(rec.DisclosureEnd), boolInt(rec.DisclosureComplete),
		string(rec.Outcome), string(rec.EndReason), rec.EndDetail,
		boolInt(rec.OptOut), rec.OptOutUtterance, formatTime(rec.OptOutAt), formatTime(rec.CallbackAt), rec.CallbackText,
		string(events), string(latencies), len(rec.Turns), blocked, formatTime(now), string(detail), rec.BargeIns)
	if err != nil {
		return fmt.Errorf("store: save call: %w", err)
	}
	for i, t := range rec.Turns {
		if _, err := tx.ExecContext(ctx, `INSERT INTO turns (call_id, pos, idx, speaker, text, at, interrupted, fixed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			rec.ID, i, t.Index, t.Speaker, t.Text, formatTime(t.At), boolInt(t.Interrupted), boolInt(t.Fixed)); err != nil {
			return fmt.Errorf("store: save turn %d: %w", i, err)
		}
	}
	for i, a := range rec.Answers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO survey_answers (call_id, pos, question_id, value, raw)
			VALUES (?, ?, ?, ?, ?)`, rec.ID, i, a.QuestionID, a.Value, a.Raw); err != nil {
			return fmt.Errorf("store: save answer %d: %w", i, err)
		}
	}
	if rec.OptOut && !rec.Sandbox && strings.TrimSpace(rec.Number) != "" && strings.TrimSpace(rec.Business) != "" {
		at := rec.OptOutAt
		if at.IsZero() {
			at = rec.EndedAt
		}
		o := agent.OptOut{Number: store.CanonicalNumber(rec.Number), Business: store.BusinessKey(rec.Business),
			Campaign: rec.Campaign, Reason: optOutReason(rec), Utterance: rec.OptOutUtterance, CallID: rec.ID, At: at}
		if err := addOptOut(ctx, tx, o, now); err != nil {
			return err
		}
	}
	if err := saveCallback(ctx, tx, rec, now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: save call: %w", err)
	}
	return nil
}

// emptyNil returns nil for an empty slice, so that empty and nil store alike.
func emptyNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// Call returns the stored record of call id, as SaveCall stored it, with
// times in UTC. It returns an error wrapping ErrNotFound for an unknown id.
func (s *Store) Call(ctx context.Context, id string) (*agent.CallRecord, error) {
	rec := &agent.CallRecord{}
	var (
		sandbox, complete, optOut int
		outcome, endReason        string
		events, latencies, detail string
	)
	// One read transaction: a concurrent SaveCall of the same ID is seen
	// whole or not at all.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: read call: %w", closedErr(err))
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT id, campaign, business, number, contact_ref, sandbox,
		started_at, answered_at, ended_at,
		disclosure_text, disclosure_start, disclosure_end, disclosure_complete,
		outcome, end_reason, end_detail,
		opt_out, opt_out_utterance, opt_out_at, callback_at, callback_text,
		events, latencies_ms, latency_detail, barge_ins
		FROM calls WHERE id = ?`, id).Scan(
		&rec.ID, &rec.Campaign, &rec.Business, &rec.Number, &rec.ContactRef, &sandbox,
		nullTime{&rec.StartedAt}, nullTime{&rec.AnsweredAt}, nullTime{&rec.EndedAt},
		&rec.DisclosureText, nullTime{&rec.DisclosureStart}, nullTime{&rec.DisclosureEnd}, &complete,
		&outcome, &endReason, &rec.EndDetail,
		&optOut, &rec.OptOutUtterance, nullTime{&rec.OptOutAt}, nullTime{&rec.CallbackAt}, &rec.CallbackText,
		&events, &latencies, &detail, &rec.BargeIns)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: call %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read call: %w", closedErr(err))
	}
	rec.Sandbox, rec.DisclosureComplete, rec.OptOut = sandbox != 0, complete != 0, optOut != 0
	rec.Outcome, rec.EndReason = agent.Outcome(outcome), agent.EndReason(endReason)
	if err := json.Unmarshal([]byte(events), &rec.Events); err != nil {
		return nil, fmt.Errorf("store: call %q events: %w", id, err)
	}
	if err := json.Unmarshal([]byte(latencies), &rec.LatenciesMS); err != nil {
		return nil, fmt.Errorf("store: call %q latencies: %w", id, err)
	}
	if err := json.Unmarshal([]byte(detail), &rec.Latency); err != nil {
		return nil, fmt.Errorf("store: call %q latency detail: %w", id, err)
	}
	rec.Events, rec.LatenciesMS, rec.Latency = emptyNil(rec.Events), emptyNil(rec.LatenciesMS), emptyNil(rec.Latency)

	rows, err := tx.QueryContext(ctx, `SELECT idx, speaker, text, at, interrupted, fixed
		FROM turns WHERE call_id = ? ORDER BY pos`, id)
	if err != nil {
		return nil, fmt.Errorf("store: read turns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t agent.Turn
		var interrupted, fixed int
		if err := rows.Scan(&t.Index, &t.Speaker, &t.Text, nullTime{&t.At}, &interrupted, &fixed); err != nil {
			return nil, fmt.Errorf("store: read turns: %w", err)
		}
		t.Interrupted, t.Fixed = interrupted != 0, fixed != 0
		rec.Turns = append(rec.Turns, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read turns: %w", err)
	}
	rows.Close()

	arows, err := tx.QueryContext(ctx, `SELECT question_id, value, raw FROM survey_answers
		WHERE call_id = ? ORDER BY pos`, id)
	if err != nil {
		return nil, fmt.Errorf("store: read answers: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var a agent.SurveyAnswer
		if err := arows.Scan(&a.QuestionID, &a.Value, &a.Raw); err != nil {
			return nil, fmt.Errorf("store: read answers: %w", err)
		}
		rec.Answers = append(rec.Answers, a)
	}
	if err := arows.Err(); err != nil {
		return nil, fmt.Errorf("store: read answers: %w", err)
	}
	return rec, nil
}

// ListCalls returns the calls matching f, newest first.
func (s *Store) ListCalls(ctx context.Context, f store.CallFilter) ([]store.CallSummary, error) {
	where, args := callWhere(f)
	q := `SELECT id, campaign, business, number, sandbox, started_at, ended_at, outcome, end_reason,
		disclosure_complete, opt_out, turn_count, blocked_count FROM calls WHERE 1 = 1` + where
	q += " ORDER BY started_at DESC, id DESC LIMIT ?"
	args = append(args, f.RowLimit())

	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list calls: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.CallSummary
	for rows.Next() {
		var c store.CallSummary
		var sandbox, complete, optOut int
		var outcome, endReason string
		if err := rows.Scan(&c.ID, &c.Campaign, &c.Business, &c.Number, &sandbox, nullTime{&c.StartedAt}, nullTime{&c.EndedAt},
			&outcome, &endReason, &complete, &optOut, &c.Turns, &c.Blocked); err != nil {
			return nil, fmt.Errorf("store: list calls: %w", err)
		}
		c.Sandbox, c.DisclosureComplete, c.OptOut = sandbox != 0, complete != 0, optOut != 0
		c.Outcome, c.EndReason = agent.Outcome(outcome), agent.EndReason(endReason)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list calls: %w", err)
	}
	return out, nil
}

// optOutReason names why a call's record puts its number on the list.
func optOutReason(rec *agent.CallRecord) string {
	if rec.Outcome == agent.OutcomeRefused {
		return "refusal"
	}
	return "opt_out"
}

// callWhere renders the filter as SQL conditions (each starting with " AND ")
// and their arguments.
func callWhere(f store.CallFilter) (string, []any) {
	var q string
	var args []any
	for _, c := range []struct {
		col string
		v   string
	}{{"campaign", f.Campaign}, {"business", f.Business}, {"number", f.Number}, {"outcome", string(f.Outcome)}} {
		if c.v != "" {
			q += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	if !f.Since.IsZero() {
		q += " AND started_at >= ?"
		args = append(args, formatTime(f.Since))
	}
	if !f.Until.IsZero() {
		q += " AND started_at < ?"
		args = append(args, formatTime(f.Until))
	}
	return q, args
}
