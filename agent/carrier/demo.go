package carrier

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/dialer"
	"candor/agent/report"
	"candor/prompts"
)

// Demo is a simulated campaign called end to end through a loopback carrier
// (RunDemo).
type Demo struct {
	Campaign    *prompts.Campaign  // the carrier's campaign
	Contacts    []contacts.Contact // each answered by its persona column
	Concurrency int                // calls at once
	// SeedOptOut puts the contact named contacts.DemoPreOptedName on the
	// campaign's do-not-call list first (the embedded demo list does).
	SeedOptOut bool
	// Recordings is the folder audio calls leave their recordings in ("": none).
	Recordings string
	// Model, when set, makes the controller of the calls to contacts of
	// ModelPersona from the demo's (a model-driven responder, say); stop
	// ends what it started.
	ModelPersona string
	Model        func(ctrl *agent.Controller) (llm *agent.Controller, stop func())
	// Log gets the progress line and the calls that failed.
	Log io.Writer
}

// RunDemo calls d's contacts through c (a loopback carrier of d.Campaign), stores
// the calls in st and counts them in sum. It returns how many calls failed
// (a number on the do-not-call list is no failure); the error is non-nil
// when the demo could not start.
func (c *Carrier) RunDemo(ctx context.Context, st agent.Store, d Demo, sum *report.Demo) (failures int, err error) {
	camp := d.Campaign
	for _, ct := range d.Contacts {
		if err := c.Add(ct.Phone, ct.Fields["persona"]); err != nil {
			return 0, fmt.Errorf("contacts line %d: %w", ct.Line, err)
		}
		if d.SeedOptOut && ct.Name == contacts.DemoPreOptedName {
			err := st.AddOptOut(ctx, agent.OptOut{
				Number: ct.Phone, Business: camp.Business.RegisteredName, Campaign: camp.Name,
				Reason: "manual", Utterance: "seeded by candor demo", At: time.Now(),
			})
			if err != nil {
				return 0, fmt.Errorf("seed do-not-call list: %w", err)
			}
		}
	}
	ctrl := c.Controller(st)
	ctrl.Recordings = d.Recordings
	modelCtrl := ctrl
	if d.Model != nil {
		var stop func()
		modelCtrl, stop = d.Model(ctrl)
		defer stop()
	}
	start := time.Now()
	prog := report.NewProgress(d.Log, len(d.Contacts))
	dialer.CallEach(ctx, len(d.Contacts), d.Concurrency, func(ctx context.Context, i int) (*agent.CallRecord, error) {
		ct, cc := d.Contacts[i], ctrl
		if d.Model != nil && ct.Fields["persona"] == d.ModelPersona {
			cc = modelCtrl
		}
		return cc.Call(ctx, agent.CallRequest{Campaign: camp, Number: ct.Phone, ContactRef: ct.Name})
	}, func(rec *agent.CallRecord, err error) {
		if err != nil && !errors.Is(err, agent.ErrOnDNC) {
			failures++
			fmt.Fprintf(d.Log, "\ncall failed: %v\n", err)
		}
		if rec != nil {
			sum.Add(rec)
		}
		prog.Update(sum)
	})
	prog.Done(sum)
	sum.ElapsedMS = time.Since(start).Milliseconds()
	sum.Finish()
	return failures, nil
}
