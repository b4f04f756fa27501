package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ReviewKind is one review action on a call.
type ReviewKind string

// Review actions.
const (
	ReviewFlag     ReviewKind = "flag"
	ReviewUnflag   ReviewKind = "unflag"
	ReviewComment  ReviewKind = "comment"
	ReviewReviewed ReviewKind = "reviewed"
)

// Valid reports whether k is one of the review actions.
func (k ReviewKind) Valid() bool {
	return k == ReviewFlag || k == ReviewUnflag || k == ReviewComment || k == ReviewReviewed
}

// Review is one review action, with who took it and when.
type Review struct {
	CallID   string
	Kind     ReviewKind
	Body     string
	Reviewer string
	At       time.Time
}

// maxReviewBody bounds a comment's length in bytes.
const maxReviewBody = 4000

// AddReview records a review action on a stored call, stamped with the
// store's clock. It returns an error wrapping ErrNotFound for an unknown call
// and ErrInvalid for an unknown kind, a missing reviewer, an empty comment
// or one longer than 4000 bytes.
func (s *SQLite) AddReview(ctx context.Context, r Review) (Review, error) {
	r.Body = strings.TrimSpace(r.Body)
	if !r.Kind.Valid() || r.Reviewer == "" || len(r.Body) > maxReviewBody || (r.Kind == ReviewComment && r.Body == "") {
		return Review{}, fmt.Errorf("%w: review %q by %q", ErrInvalid, r.Kind, r.Reviewer)
	}
	r.At = s.now().UTC()
	res, err := s.db.ExecContext(ctx, `INSERT INTO reviews (call_id, kind, body, reviewer, created_at)
		SELECT id, ?, ?, ?, ? FROM calls WHERE id = ?`, string(r.Kind), r.Body, r.Reviewer, formatTime(r.At), r.CallID)
	if err != nil {
		return Review{}, fmt.Errorf("store: add review: %w", closedErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Review{}, fmt.Errorf("%w: call %q", ErrNotFound, r.CallID)
	}
	return r, nil
}

// Reviews returns the review actions on a call, oldest first.
func (s *SQLite) Reviews(ctx context.Context, callID string) ([]Review, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT call_id, kind, body, reviewer, created_at FROM reviews
		WHERE call_id = ? ORDER BY id`, callID)
	if err != nil {
		return nil, fmt.Errorf("store: list reviews: %w", closedErr(err))
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		var r Review
		var kind string
		if err := rows.Scan(&r.CallID, &kind, &r.Body, &r.Reviewer, nullTime{&r.At}); err != nil {
			return nil, fmt.Errorf("store: list reviews: %w", err)
		}
		r.Kind = ReviewKind(kind)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewState sums up a call's review actions.
func ReviewState(rs []Review) (flagged, reviewed bool) {
	for _, r := range rs {
		switch r.Kind {
		case ReviewFlag:
			flagged = true
		case ReviewUnflag:
			flagged = false
		case ReviewReviewed:
			reviewed = true
		}
	}
	return flagged, reviewed
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At      time.Time
	Actor   string
	Action  string
	Subject string
	Detail  string
}

// Audit appends entries to the audit log in one transaction, stamped with
// the store's clock.
func (s *SQLite) Audit(ctx context.Context, entries ...AuditEntry) error {
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
			return fmt.Errorf("%w: an audit entry needs an actor and an action", ErrInvalid)
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
func (s *SQLite) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read audit log: %w", closedErr(err))
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(nullTime{&e.At}, &e.Actor, &e.Action, &e.Subject, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: read audit log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
