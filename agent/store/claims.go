package store

import (
	"context"
	"fmt"
	"slices"
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

// RegistryDay is the latest registry extract date a claim at now trusts, as
// YYYY-MM-DD: today in UTC+14, the zone furthest ahead. An extract dated
// later (refused at import, but perhaps stored by an older candor) would
// keep the registry "fresh" for years.
func RegistryDay(now time.Time) string {
	return now.UTC().Add(14 * time.Hour).Format(time.DateOnly)
}

// CapLookback is how far back a claim reads a number's attempts for the caps.
const CapLookback = 31 * 24 * time.Hour

// ClaimRequest asks to dial one number now.
type ClaimRequest struct {
	Business string
	Campaign string
	Number   string // E.164
	// Zones are the contact's stated IANA zones (may be empty). The
	// number's own zones are always added (Normalized): a stated zone can
	// only narrow the window, never widen it.
	Zones []string
	// Region is a state-table key the contact's address states (may be
	// empty); the region of the number's area code always applies too.
	Region    string
	Marketing bool
	Now       time.Time
	Window    guardrails.WindowPolicy
	Caps      guardrails.CapPolicy
	Worker    string
	// MaxInFlight, when positive, bounds the campaign's calls in flight across
	// every worker and machine: claimed attempts with no outcome yet whose
	// lease has not run out, counted in the claim's transaction.
	MaxInFlight int
	// Lease is how long the claimed attempt counts as in progress unless
	// renewed (RenewLease); once it has run out, ReconcileExpired turns the
	// attempt into an interrupted call. Default 15 min.
	Lease time.Duration
	// CallID is the evidence record the call will be saved under, and JobID
	// the job the claim dials for (0: none); both are kept on the attempt.
	CallID string
	JobID  int64
}

// DefaultLease is the lease of a claim that names none.
const DefaultLease = 15 * time.Minute

// LeaseUntil is when the claimed attempt's lease runs out.
func (r ClaimRequest) LeaseUntil() time.Time {
	if r.Lease <= 0 {
		return r.Now.Add(DefaultLease)
	}
	return r.Now.Add(r.Lease)
}

// Normalized trims and checks a claim request and fills in what it left
// out: the number's canonical form, its own zones beside the stated ones,
// the state table. It returns an error wrapping ErrInvalid for an incomplete request.
func (r ClaimRequest) Normalized() (ClaimRequest, error) {
	r.Business, r.Campaign = BusinessKey(r.Business), strings.TrimSpace(r.Campaign)
	r.Number = CanonicalNumber(r.Number)
	if r.Business == "" || r.Campaign == "" || r.Number == "" || r.Now.IsZero() {
		return r, fmt.Errorf("%w: a claim needs a business, campaign, number and time", ErrInvalid)
	}
	r.Zones = CalleeZones(r.Number, r.Zones...)
	if r.Window.Regions == nil {
		// Never lose the state table by leaving the policy zero.
		r.Window.Regions = guardrails.StricterWindows()
	}
	return r, nil
}

// WindowPolicy is the calling-window policy of the claim: r.Window for the
// region of the number's area code and the stated Region, both applied.
func (r ClaimRequest) WindowPolicy() guardrails.WindowPolicy {
	return r.Window.For(guardrails.RegionForNumber(r.Number), r.Region)
}

// CalleeZones are the zones whose calling windows all apply to a call to
// number: the number's own zones (from its country and area code) and the
// contact's stated ones, without repeats or blanks. A call is allowed only
// when every one of them is inside its window, so a stated zone can narrow
// the window and never widen it.
func CalleeZones(number string, stated ...string) []string {
	var out []string
	for _, z := range append(phone.TimeZones(CanonicalNumber(number)), stated...) {
		if z = strings.TrimSpace(z); z != "" && !slices.Contains(out, z) {
			out = append(out, z)
		}
	}
	return out
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

// Attempt outcomes besides the call outcomes (agent.Outcome).
const (
	// AttemptClaimed: the dial is claimed and its call has not ended.
	AttemptClaimed = "claimed"
	// AttemptInterrupted: the claim's lease ran out before the call was
	// settled (the worker was killed or lost the store); the attempt still
	// counts for the caps.
	AttemptInterrupted = "interrupted"
)

// Attempt is one claimed dial.
type Attempt struct {
	ID       int64
	Business string
	Campaign string
	Number   string
	At       time.Time
	Outcome  string
	CallID   string
	JobID    int64
}

// InterruptedDetail is the end detail of a call reconciled as interrupted.
const InterruptedDetail = "the worker stopped during the call (killed, crashed or cut off from the store); its claim expired and was reconciled"

// DialFacts are what a dial decision reads from a store, each read only
// when the decision gets to it. The adapters read them inside the claim's
// transaction; a dry run (the dial plan) reads them outside any.
type DialFacts interface {
	// DNCScope is the scope of the entry that puts the number on the list:
	// AllBusinesses (the national registry), the business, or "" when none.
	DNCScope(ctx context.Context, business, number string) (string, error)
	// RegistryNewest is the date of the newest registry extract a claim at
	// now may trust (ok false: none was imported).
	RegistryNewest(ctx context.Context, now time.Time) (date time.Time, ok bool, err error)
	// HasConsent reports a consent record of business for number, not
	// revoked, given at or before at.
	HasConsent(ctx context.Context, business, number string, at time.Time) (bool, error)
	// AttemptTimes are the times of business's attempts to number since since.
	AttemptTimes(ctx context.Context, business, number string, since time.Time) ([]time.Time, error)
}

// Decide is the dial decision of a normalized claim request: the
// do-not-call lists, registry freshness and consent for a marketing
// campaign, the calling window of every zone and region that applies, the
// attempt caps, in that order. ClaimDial of both adapters and the dial plan
// make it with this one function; the first rule that refuses names the
// reason. The error is non-nil only when a fact could not be read.
func Decide(ctx context.Context, r ClaimRequest, f DialFacts) (Claim, error) {
	scope, err := f.DNCScope(ctx, r.Business, r.Number)
	switch {
	case err != nil:
		return Claim{}, fmt.Errorf("do-not-call lookup: %w", err)
	case scope == AllBusinesses:
		return Claim{Reason: SkipRegistry}, nil
	case scope != "":
		return Claim{Reason: SkipDNC}, nil
	}
	if r.Marketing {
		newest, ok, err := f.RegistryNewest(ctx, r.Now)
		if err != nil {
			return Claim{}, fmt.Errorf("registry freshness: %w", err)
		}
		if !ok || r.Now.Sub(newest) > RegistryMaxAge {
			return Claim{Reason: SkipRegistryStale}, nil
		}
		has, err := f.HasConsent(ctx, r.Business, r.Number, r.Now)
		if err != nil {
			return Claim{}, fmt.Errorf("consent lookup: %w", err)
		}
		if !has {
			return Claim{Reason: SkipNoConsent}, nil
		}
	}
	w := r.WindowPolicy()
	ok, next := w.Allowed(r.Now, r.Zones)
	if next.IsZero() {
		return Claim{Reason: SkipNoWindow}, nil
	}
	if !ok {
		return Claim{Reason: SkipOutsideWindow, Next: next}, nil
	}
	prev, err := f.AttemptTimes(ctx, r.Business, r.Number, r.Now.Add(-CapLookback))
	if err != nil {
		return Claim{}, fmt.Errorf("attempt lookup: %w", err)
	}
	if ok, next, reason := r.Caps.Check(r.Now, prev); !ok {
		// The cap's next moment may fall outside the window: move it in.
		if !next.IsZero() {
			if _, wnext := w.Allowed(next, r.Zones); !wnext.IsZero() {
				next = wnext
			}
		}
		return Claim{Reason: reason, Next: next}, nil
	}
	return Claim{OK: true}, nil
}
