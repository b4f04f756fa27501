// Package store holds the domain of candor's durable state (do-not-call
// entries, evidence records, the dial queue, reviews and web users) and the
// interfaces its two adapters implement: sqlite, the embedded default that
// holds everything, and postgres, which holds the dialer's shared state for
// workers on several machines. storetest checks both against one contract.
package store

import (
	"context"
	"time"

	"candor/agent"
)

// DNC is the do-not-call list as a call consults and extends it.
type DNC interface {
	// IsOnDNC reports whether number is on business's list or on the list
	// for AllBusinesses.
	IsOnDNC(ctx context.Context, business, number string) (bool, error)
	// AddOptOut puts o.Number on o.Business's list (a no-op when it is there
	// already); once it returns, no claim for the number succeeds.
	AddOptOut(ctx context.Context, o agent.OptOut) error
}

// Queue is the dialer's shared state: the pre-dial claim, the attempts, the
// dial queue and requested callbacks. Both adapters implement it, with the
// same behaviour (storetest.Run checks it).
type Queue interface {
	DNC
	// ClaimDial runs every pre-dial check and, when they pass, records the
	// attempt, in one transaction. The error is non-nil only when the checks
	// could not be made; the number must then not be dialled.
	ClaimDial(ctx context.Context, r ClaimRequest) (Claim, error)
	// RenewLease extends, until until, the lease of the running job jobID
	// held by worker and of its claimed attempt attemptID (0: the job only),
	// so that a call longer than the lease is never taken over. It returns
	// an error wrapping ErrLeaseLost when the job is no longer the worker's.
	RenewLease(ctx context.Context, jobID, attemptID int64, worker string, until time.Time) error
	// ReconcileExpired turns the campaign's claimed attempts whose lease ran
	// out by now into interrupted ones (they still count as attempts) and
	// returns them. An adapter that keeps evidence records completes each
	// one's call record as interrupted, and writes one when none was saved;
	// an attempt whose record says how the call ended takes that outcome
	// (and its job is finished unless the outcome asks for a retry).
	ReconcileExpired(ctx context.Context, campaign string, now time.Time) ([]Attempt, error)
	// SetAttemptOutcome records how a claimed attempt ended.
	SetAttemptOutcome(ctx context.Context, attemptID int64, outcome, callID string) error
	// SettleAttempt records how an attempt ended and, in the same
	// transaction, finishes its job with result (due zero) or puts the job
	// back in the queue due at due.
	SettleAttempt(ctx context.Context, attemptID int64, outcome, callID string, jobID int64, due time.Time, result string) error

	// EnqueueCampaign queues the campaign's imported contacts that have no
	// job yet (an adapter that queues on import returns 0).
	EnqueueCampaign(ctx context.Context, campaign string, due time.Time) (int, error)
	// EnqueueCallback queues the callback cb at due unless it is queued
	// already or its number has a live job; it reports whether it queued.
	EnqueueCallback(ctx context.Context, cb Callback, due time.Time) (bool, error)
	// LeaseJob leases the campaign's job due soonest at now (pending and due,
	// or running with its lease run out) to worker until now+lease.
	LeaseJob(ctx context.Context, campaign, worker string, now time.Time, lease time.Duration) (Job, bool, error)
	// ReleaseJob gives a leased job back undialled, due at due, without
	// counting the lease as a try.
	ReleaseJob(ctx context.Context, id int64, due time.Time) error
	// RescheduleJob puts a leased job back in the queue, due at due.
	RescheduleJob(ctx context.Context, id int64, due time.Time, result string) error
	// FinishJob marks a live job done; ErrNotFound when none is live.
	FinishJob(ctx context.Context, id int64, result string) error
	// NextDue returns when the campaign's next job becomes due; ok is false
	// when no job is live.
	NextDue(ctx context.Context, campaign string) (t time.Time, ok bool, err error)

	// PendingCallbacks returns campaign's callbacks not yet done that are due
	// before the given time (all when zero), soonest first.
	PendingCallbacks(ctx context.Context, campaign string, before time.Time) ([]Callback, error)
	// CompleteCallback marks the callback requested on call callID as done.
	CompleteCallback(ctx context.Context, callID string) error
}
