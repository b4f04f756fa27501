package carrier

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/dialer"
	"candor/agent/report"
	"candor/prompts"
)

// Demo is a simulated campaign called end to end on a loopback carrier
// (RunDemo).
type Demo struct {
	Campaign *prompts.Campaign
	// ContactsFile is the contact list (CSV; each contact answered by its
	// persona column). "": contacts.DemoCSV, whose contact named
	// contacts.DemoPreOptedName is put on the do-not-call list first.
	ContactsFile string
	Region       string // default region of numbers without a country code
	Concurrency  int    // calls at once
	Text         bool   // carry text instead of audio
	Speech       Speech // the speech providers of audio calls
	// Speed is how many times faster than real time the calls run (0: 3
	// with audio, 40 with text).
	Speed float64
	// Database is the store's file, named in the summary; audio calls leave
	// their recordings in the folder "recordings" beside it, where the web
	// app finds them.
	Database string
	// Model, when set, makes the controller of the calls to contacts of
	// ModelPersona from the demo's (a model-driven responder, say); stop
	// ends what it started.
	ModelPersona string
	Model        func(ctrl *agent.Controller) (llm *agent.Controller, stop func())
	// Log gets the skipped contacts, the progress line and the calls that
	// failed.
	Log io.Writer
}

// DemoStore keeps the demo's calls and its seeded opt-out.
type DemoStore interface {
	agent.Store
	Close() error
}

// RunDemo reads d's contact list, opens the store, makes the loopback
// carrier and calls every contact, counting the calls in sum. It returns how
// many calls failed (a number on the do-not-call list is no failure); the
// error is non-nil when the demo could not start. An interrupted demo (ctx
// ended) returns what it counted so far.
func RunDemo(ctx context.Context, open func(context.Context) (DemoStore, error), d Demo) (sum *report.Demo, failures int, err error) {
	csv := contacts.DemoCSV
	if d.ContactsFile != "" {
		if csv, err = os.ReadFile(d.ContactsFile); err != nil {
			return nil, 0, err
		}
	}
	parsed, err := contacts.Parse(bytes.NewReader(csv), d.Region)
	if err != nil {
		return nil, 0, fmt.Errorf("contacts: %w", err)
	}
	for _, b := range parsed.Bad {
		fmt.Fprintf(d.Log, "contacts line %d skipped: %v\n", b.Line, b.Err)
	}
	st, err := open(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer st.Close()
	if d.Speed == 0 {
		d.Speed = 3
		if d.Text {
			d.Speed = 40
		}
	}
	c, err := New(Config{Campaign: d.Campaign, Text: d.Text, Speed: d.Speed, Speech: d.Speech})
	if err != nil {
		return nil, 0, fmt.Errorf("%w\n(run `candor demo --text` for the text-only demo)", err)
	}
	defer c.Close()
	camp := d.Campaign
	for _, ct := range parsed.Contacts {
		if err := c.Add(ct.Phone, ct.Fields["persona"]); err != nil {
			return nil, 0, fmt.Errorf("contacts line %d: %w", ct.Line, err)
		}
		if d.ContactsFile == "" && ct.Name == contacts.DemoPreOptedName {
			err := st.AddOptOut(ctx, agent.OptOut{
				Number: ct.Phone, Business: camp.Business.Key(), Campaign: camp.Name,
				Reason: "manual", Utterance: "seeded by candor demo", At: time.Now(),
			})
			if err != nil {
				return nil, 0, fmt.Errorf("seed do-not-call list: %w", err)
			}
		}
	}
	ctrl := c.Controller(st)
	if !d.Text {
		ctrl.Recordings = filepath.Join(filepath.Dir(d.Database), "recordings")
	}
	modelCtrl := ctrl
	if d.Model != nil {
		var stop func()
		modelCtrl, stop = d.Model(ctrl)
		defer stop()
	}
	sum = &report.Demo{Campaign: camp.Name, Contacts: len(parsed.Contacts), BadRows: len(parsed.Bad),
		Database: d.Database, Interventions: map[string]int{}, Mode: "audio"}
	if d.Text {
		sum.Mode = "text"
	}
	start := time.Now()
	prog := report.NewProgress(d.Log, len(parsed.Contacts))
	dialer.CallEach(ctx, len(parsed.Contacts), d.Concurrency, func(ctx context.Context, i int) (*agent.CallRecord, error) {
		ct, cc := parsed.Contacts[i], ctrl
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
	return sum, failures, nil
}
