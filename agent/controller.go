package agent

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"candor/agent/audio"

	"candor/guardrails"
	"candor/prompts"
)

// Dialer places a call and returns the connected line, or ErrNoAnswer /
// another error when the call was not answered.
type Dialer interface {
	Dial(ctx context.Context, number string) (Line, error)
}

// outcomer is implemented by dial errors that map to an outcome (a SIP 486
// is busy, a 603 rejected).
type outcomer interface {
	Outcome() Outcome
}

// clocked is implemented by lines that keep their own (virtual) clock.
type clocked interface {
	Now() time.Time
}

// Controller takes one contact from the do-not-call check to a saved
// evidence record: check -> dial -> disclose -> converse -> end.
type Controller struct {
	Store  Store
	Dialer Dialer
	Synth  Synthesizer
	// NewResponder makes the responder of one call (nil: the default
	// responder, the campaign script of candor/agent/script).
	NewResponder func(c *prompts.Campaign) (Responder, error)
	// NewJudge, when set, makes the call's second-opinion judge (nil: none).
	NewJudge func(c *prompts.Campaign) (Judge, error)
	// IntentJudge, when set, is the calls' second opinion on callee intent
	// (see SessionConfig.IntentJudge).
	IntentJudge IntentJudge
	Observe     Observer
	Sandbox     bool
	// Recordings, when set, is the folder where lines that carry audio leave
	// each call's recording as <call id>.wav.
	Recordings string
	// Session limits; zero values take the session defaults.
	MaxTurns       int
	NoInputTimeout time.Duration
	ConfirmTimeout time.Duration
}

// CallRequest is one call to place.
type CallRequest struct {
	Campaign   *prompts.Campaign
	Number     string // E.164
	ContactRef string
	// ID is the call's identifier (default: a new random one).
	ID string
	// TimeZone is the contact's stated IANA zone ("": the number's own),
	// the day a callback request ("tomorrow morning") is read in.
	TimeZone string
}

// NewCallID returns a random call identifier.
func NewCallID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Call places one call. A number on the do-not-call list is not dialled: the
// returned record says so and the error wraps ErrOnDNC.
func (c *Controller) Call(ctx context.Context, req CallRequest) (*CallRecord, error) {
	camp := req.Campaign
	id := req.ID
	if id == "" {
		id = NewCallID()
	}
	rec := &CallRecord{
		ID: id, Campaign: camp.Name, Business: camp.Business.Key(),
		Number: req.Number, ContactRef: req.ContactRef, Sandbox: c.Sandbox,
		StartedAt: time.Now(), Turns: []Turn{}, Events: []guardrails.Event{}, Answers: []SurveyAnswer{},
	}
	if !c.Sandbox {
		on, err := c.Store.IsOnDNC(ctx, camp.Business.Key(), req.Number)
		if err != nil {
			// Unknown status: never dial.
			return nil, fmt.Errorf("do-not-call check: %w", err)
		}
		if on {
			rec.Outcome, rec.EndReason, rec.EndedAt = OutcomeSkippedDNC, EndDNC, rec.StartedAt
			if err := c.Store.SaveCall(ctx, rec); err != nil {
				return rec, errors.Join(ErrOnDNC, err)
			}
			return rec, ErrOnDNC
		}
	}
	// The record exists from the moment the number is dialled: a worker
	// killed during the call leaves it in progress, to be reconciled as
	// interrupted. No record, no dial.
	rec.Outcome = OutcomeInProgress
	if err := c.Store.SaveCall(ctx, rec); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoRecord, err)
	}
	rec.Outcome = ""
	line, err := c.Dialer.Dial(ctx, req.Number)
	if err != nil {
		rec.EndedAt = time.Now()
		rec.Outcome, rec.EndReason, rec.EndDetail = OutcomeFailed, EndError, err.Error()
		var oe outcomer
		switch {
		case errors.Is(err, ErrNoAnswer):
			rec.Outcome, rec.EndReason, rec.EndDetail = OutcomeNoAnswer, EndNotAnswered, ""
		case errors.As(err, &oe):
			// A line that knows the outcome (busy, rejected) says so.
			rec.Outcome, rec.EndReason = oe.Outcome(), EndNotAnswered
		}
		if serr := c.Store.SaveCall(ctx, rec); serr != nil {
			return rec, errors.Join(err, serr)
		}
		return rec, err
	}
	// abort hangs up a call that cannot go on and completes its record.
	abort := func(err error) (*CallRecord, error) {
		_ = line.Hangup(ctx)
		rec.EndedAt = time.Now()
		rec.Outcome, rec.EndReason, rec.EndDetail = OutcomeFailed, EndError, err.Error()
		if serr := c.Store.SaveCall(context.WithoutCancel(ctx), rec); serr != nil {
			return rec, errors.Join(err, serr)
		}
		return rec, err
	}
	resp, err := c.responder(camp)
	if err != nil {
		return abort(fmt.Errorf("responder: %w", err))
	}
	var judge Judge
	var judgeTimeout time.Duration
	if c.NewJudge != nil {
		if judge, err = c.NewJudge(camp); err != nil {
			return abort(fmt.Errorf("judge: %w", err))
		}
		if j := camp.Guard.Judge; j != nil {
			judgeTimeout = time.Duration(j.TimeoutMS) * time.Millisecond
		}
	}
	now := time.Now
	if cl, ok := line.(clocked); ok {
		now = cl.Now
	}
	s, err := NewSession(SessionConfig{
		CallID: rec.ID, Campaign: camp, Number: req.Number, TimeZone: req.TimeZone,
		Rail: RailFor(camp), Responder: resp, Synth: c.Synth, Store: c.Store, Line: line,
		Sandbox: c.Sandbox, Now: now, Observe: c.Observe,
		MaxTurns: c.MaxTurns, NoInputTimeout: c.NoInputTimeout, Judge: judge, JudgeTimeout: judgeTimeout,
		IntentJudge: c.IntentJudge, ConfirmTimeout: c.ConfirmTimeout,
	})
	if err != nil {
		return abort(err)
	}
	s.rec.ContactRef = req.ContactRef
	stop := c.record(line, rec.ID, camp.Business.RegisteredName)
	out, err := s.Run(ctx)
	if rerr := stop(); rerr != nil && err == nil {
		err = fmt.Errorf("recording: %w", rerr)
	}
	return out, err
}

// recordable lines can record the call's audio.
type recordable interface {
	Record(w audio.FrameWriter)
}

// record starts the call's recording when the line carries audio; the
// returned function finishes the file. The file carries the implicit
// AI-content label (audio.AILabel) naming candor, the business's registered
// name and the call id.
func (c *Controller) record(line Line, id, business string) func() error {
	r, ok := line.(recordable)
	if !ok || c.Recordings == "" {
		return func() error { return nil }
	}
	if err := os.MkdirAll(c.Recordings, 0o750); err != nil {
		return func() error { return err }
	}
	f, err := os.Create(filepath.Join(c.Recordings, id+".wav"))
	if err != nil {
		return func() error { return err }
	}
	w, err := audio.NewLabelledWAVWriter(f, 8000, audio.AILabel{Provider: audio.Provider, Business: business, ContentID: id})
	if err != nil {
		f.Close()
		return func() error { return err }
	}
	r.Record(w)
	return func() error {
		r.Record(nil)
		return errors.Join(w.Close(), f.Close())
	}
}

// RailFor builds the output rail of a campaign.
func RailFor(c *prompts.Campaign) *guardrails.Rail {
	return guardrails.NewRail(guardrails.Policy{
		Business:      c.Business.DisplayName,
		ApprovedFacts: c.ApprovedFacts,
		BannedPhrases: c.BannedPhrases,
	})
}
