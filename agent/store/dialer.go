package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"candor/agent/phone"
	"candor/guardrails"
)

// Reasons a claim is refused (stored in the skipped table). Cap reasons are
// guardrails.CapReasonDay, CapReasonMonth and CapReasonMinGap.
const (
	SkipDNC           = "dnc"            // on the business's do-not-call list
	SkipRegistry      = "dnc_registry"   // on the national registry
	SkipOutsideWindow = "outside_window" // outside the callee's calling window
	SkipNoWindow      = "no_window"      // no zone known, or the zones' windows never overlap
	SkipNoConsent     = "no_consent"     // marketing campaign without a consent record
	SkipRegistryStale = "registry_stale" // marketing campaign without a registry extract of the last 31 days
	// SkipBusy: the campaign has MaxInFlight calls in flight; the number is
	// not skipped (no row in the skipped table), its job waits.
	SkipBusy = "campaign_busy"
)

// BusyRetry is how long a claim refused with SkipBusy asks the job to wait.
const BusyRetry = time.Second

// RegistryMaxAge is how old the newest registry extract may be for a
// marketing campaign to dial.
const RegistryMaxAge = 31 * 24 * time.Hour

// ClaimRequest asks to dial one number now.
type ClaimRequest struct {
	Business string
	Campaign string
	Number   string // E.164
	// Zones are the callee's IANA zones: the contact's stated zone, else
	// empty to derive them from the number.
	Zones []string
	// Region keys the stricter-window table; empty derives it from the area code.
	Region    string
	Marketing bool
	Now       time.Time
	Window    guardrails.WindowPolicy
	Caps      guardrails.CapPolicy
	Worker    string
	// MaxInFlight, when positive, bounds the campaign's calls in flight across
	// every worker and machine: attempts claimed in the last Lease (default
	// 15 min) that have no outcome yet, counted in the claim's transaction.
	MaxInFlight int
	Lease       time.Duration
}

func (r ClaimRequest) inFlightSince() time.Time {
	if r.Lease <= 0 {
		return r.Now.Add(-15 * time.Minute)
	}
	return r.Now.Add(-r.Lease)
}

// Claim is the answer to ClaimDial.
type Claim struct {
	// OK means the number may be dialled now; AttemptID is its attempt row.
	OK        bool
	AttemptID int64
	// Reason says why not (one of the Skip... constants or a cap reason),
	// Next when a claim could succeed (zero: not by waiting).
	Reason string
	Next   time.Time
}

// normalized trims and checks a claim request and fills in what it left
// out: the number's zones and region, the stricter regional windows.
func (r ClaimRequest) normalized() (ClaimRequest, error) {
	r.Business, r.Campaign = strings.TrimSpace(r.Business), strings.TrimSpace(r.Campaign)
	r.Number = canonicalNumber(r.Number)
	if r.Business == "" || r.Campaign == "" || r.Number == "" || r.Now.IsZero() {
		return r, fmt.Errorf("%w: a claim needs a business, campaign, number and time", ErrInvalid)
	}
	if len(r.Zones) == 0 {
		r.Zones = phone.TimeZones(r.Number)
	}
	if r.Region == "" {
		r.Region = guardrails.RegionForNumber(r.Number)
	}
	if r.Window.Regions == nil {
		// Never lose the state table by leaving the policy zero.
		r.Window.Regions = guardrails.StricterWindows()
	}
	return r, nil
}

// ClaimDial runs every pre-dial check and, when they pass, records the
// attempt, in one immediate (write-locked) transaction: two workers, even in
// two processes, can never both claim beyond the caps, and an opt-out
// committed before the claim is always seen. A refused claim is recorded in
// the skipped table. The error is non-nil only when the checks could not be
// made; the number must then not be dialled.
func (s *SQLite) ClaimDial(ctx context.Context, r ClaimRequest) (Claim, error) {
	r, err := r.normalized()
	if err != nil {
		return Claim{}, err
	}
	tx, err := s.db.BeginTx(ctx, nil) // immediate: see dsnParams
	if err != nil {
		return Claim{}, fmt.Errorf("store: claim dial: %w", closedErr(err))
	}
	defer tx.Rollback()
	c, err := claimChecks(ctx, tx, r)
	if err != nil {
		return Claim{}, fmt.Errorf("store: claim dial: %w", err)
	}
	if c.OK && r.MaxInFlight > 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM attempts WHERE campaign = ? AND at > ? AND outcome = 'claimed'`,
			r.Campaign, formatTime(r.inFlightSince())).Scan(&n); err != nil {
			return Claim{}, fmt.Errorf("store: claim dial: calls in flight: %w", err)
		}
		if n >= r.MaxInFlight {
			return Claim{Reason: SkipBusy, Next: r.Now.Add(BusyRetry)}, nil // nothing written
		}
	}
	if c.OK {
		res, err := tx.ExecContext(ctx, `INSERT INTO attempts (business, campaign, number, at, worker) VALUES (?, ?, ?, ?, ?)`,
			r.Business, r.Campaign, r.Number, formatTime(r.Now), r.Worker)
		if err != nil {
			return Claim{}, fmt.Errorf("store: record attempt: %w", err)
		}
		if c.AttemptID, err = res.LastInsertId(); err != nil {
			return Claim{}, fmt.Errorf("store: record attempt: %w", err)
		}
	} else if _, err := tx.ExecContext(ctx, `INSERT INTO skipped (business, campaign, number, reason, at, next_at) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Business, r.Campaign, r.Number, c.Reason, formatTime(r.Now), formatTime(c.Next)); err != nil {
		return Claim{}, fmt.Errorf("store: record skipped number: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Claim{}, fmt.Errorf("store: claim dial: %w", err)
	}
	return c, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func claimChecks(ctx context.Context, tx querier, r ClaimRequest) (Claim, error) {
	var scope sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT business FROM dnc WHERE number = ? AND business IN (?, ?) AND removed_at IS NULL
		ORDER BY business = ? DESC LIMIT 1`, r.Number, r.Business, AllBusinesses, r.Business).Scan(&scope)
	switch {
	case err == nil && scope.String == AllBusinesses:
		return Claim{Reason: SkipRegistry}, nil
	case err == nil:
		return Claim{Reason: SkipDNC}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return Claim{}, fmt.Errorf("do-not-call lookup: %w", err)
	}
	if r.Marketing {
		var newest sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT max(extract_date) FROM dnc_registry_imports`).Scan(&newest); err != nil {
			return Claim{}, fmt.Errorf("registry freshness: %w", err)
		}
		d, perr := time.Parse(time.DateOnly, newest.String)
		if !newest.Valid || perr != nil || r.Now.Sub(d) > RegistryMaxAge {
			return Claim{Reason: SkipRegistryStale}, nil
		}
		var has bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM consent WHERE business = ? AND number = ?
			AND revoked_at IS NULL AND given_at <= ?)`, r.Business, r.Number, formatTime(r.Now)).Scan(&has); err != nil {
			return Claim{}, fmt.Errorf("consent lookup: %w", err)
		}
		if !has {
			return Claim{Reason: SkipNoConsent}, nil
		}
	}
	ok, next := r.Window.For(r.Region).Allowed(r.Now, r.Zones)
	if next.IsZero() {
		return Claim{Reason: SkipNoWindow}, nil
	}
	if !ok {
		return Claim{Reason: SkipOutsideWindow, Next: next}, nil
	}
	prev, err := attemptTimes(ctx, tx, r.Business, r.Number, r.Now.Add(-31*24*time.Hour))
	if err != nil {
		return Claim{}, err
	}
	if ok, next, reason := r.Caps.Check(r.Now, prev); !ok {
		// The cap's next moment may fall outside the window: move it in.
		if !next.IsZero() {
			if _, wnext := r.Window.For(r.Region).Allowed(next, r.Zones); !wnext.IsZero() {
				next = wnext
			}
		}
		return Claim{Reason: reason, Next: next}, nil
	}
	return Claim{OK: true}, nil
}

func attemptTimes(ctx context.Context, tx querier, business, number string, since time.Time) ([]time.Time, error) {
	rows, err := tx.QueryContext(ctx, `SELECT at FROM attempts WHERE business = ? AND number = ? AND at >= ?`,
		business, number, formatTime(since))
	if err != nil {
		return nil, fmt.Errorf("attempt lookup: %w", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(nullTime{&t}); err != nil {
			return nil, fmt.Errorf("attempt lookup: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("attempt lookup: %w", err)
	}
	return out, nil
}

// SetAttemptOutcome records how a claimed attempt ended.
func (s *SQLite) SetAttemptOutcome(ctx context.Context, attemptID int64, outcome, callID string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE attempts SET outcome = ?, call_id = ? WHERE id = ?`, outcome, callID, attemptID)
	if err != nil {
		return fmt.Errorf("store: attempt outcome: %w", closedErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: attempt %d", ErrNotFound, attemptID)
	}
	return nil
}

// Attempt is one claimed dial.
type Attempt struct {
	ID       int64
	Business string
	Campaign string
	Number   string
	At       time.Time
	Outcome  string
	CallID   string
}

// Attempts returns the attempts of campaign (every campaign when empty), oldest first.
func (s *SQLite) Attempts(ctx context.Context, campaign string) ([]Attempt, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, business, campaign, number, at, outcome, call_id FROM attempts
		WHERE (? = '' OR campaign = ?) ORDER BY at, id`, campaign, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: list attempts: %w", closedErr(err))
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		if err := rows.Scan(&a.ID, &a.Business, &a.Campaign, &a.Number, nullTime{&a.At}, &a.Outcome, &a.CallID); err != nil {
			return nil, fmt.Errorf("store: list attempts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list attempts: %w", err)
	}
	return out, nil
}

// SkippedByReason counts campaign's skipped numbers by reason.
func (s *SQLite) SkippedByReason(ctx context.Context, campaign string) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT reason, count(*) FROM skipped WHERE campaign = ? GROUP BY reason`, campaign)
	if err != nil {
		return nil, fmt.Errorf("store: count skipped: %w", closedErr(err))
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var r string
		var n int
		if err := rows.Scan(&r, &n); err != nil {
			return nil, fmt.Errorf("store: count skipped: %w", err)
		}
		out[r] = n
	}
	return out, rows.Err()
}
