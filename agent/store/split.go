package store

import (
	"context"

	"candor/agent"
)

// Shared is the part of a store several workers share: the do-not-call list
// and the callbacks (Postgres, for a campaign dialled from several machines).
type Shared interface {
	DNC
	SaveCallback(ctx context.Context, rec *agent.CallRecord) error
}

// Local keeps one worker's evidence records.
type Local interface {
	SaveCall(ctx context.Context, rec *agent.CallRecord) error
}

// Split is the agent.Store of a worker sharing a campaign: the do-not-call
// check, opt-outs and callbacks go to Shared, evidence records to Local.
type Split struct {
	Shared Shared
	Local  Local
}

var _ agent.Store = Split{}

// IsOnDNC asks the shared list.
func (s Split) IsOnDNC(ctx context.Context, business, number string) (bool, error) {
	return s.Shared.IsOnDNC(ctx, business, number)
}

// AddOptOut writes to the shared list.
func (s Split) AddOptOut(ctx context.Context, o agent.OptOut) error {
	return s.Shared.AddOptOut(ctx, o)
}

// SaveCall writes the call's opt-out (a real call's) and callback to the
// shared store first, then its evidence record to the local one.
func (s Split) SaveCall(ctx context.Context, rec *agent.CallRecord) error {
	if rec.OptOut && !rec.Sandbox {
		at := rec.OptOutAt
		if at.IsZero() {
			at = rec.EndedAt
		}
		if err := s.Shared.AddOptOut(ctx, agent.OptOut{Number: rec.Number, Business: rec.Business, Campaign: rec.Campaign,
			Reason: "opt_out", Utterance: rec.OptOutUtterance, CallID: rec.ID, At: at}); err != nil {
			return err
		}
	}
	if err := s.Shared.SaveCallback(ctx, rec); err != nil {
		return err
	}
	return s.Local.SaveCall(ctx, rec)
}
