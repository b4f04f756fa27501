package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/dialer"
	"candor/agent/script"
	"candor/agent/store/postgres"
	"candor/agent/store/sqlite"
	"candor/agent/telephony/loopback"
	"candor/guardrails"
	"candor/prompts"
)

type dialOpts struct {
	speed   float64
	workers int
	lease   time.Duration
	minGap  time.Duration
	limits  dialLimits
	real    *realCalls // nil: the loopback network
}

// pgCallStore is what a call of a Postgres worker stores: opt-outs and
// callbacks go to the shared Postgres, evidence records to the local store.
type pgCallStore struct {
	pg    *postgres.Store
	local *sqlite.Store
}

func (s pgCallStore) IsOnDNC(ctx context.Context, business, number string) (bool, error) {
	return s.pg.IsOnDNC(ctx, business, number)
}

func (s pgCallStore) AddOptOut(ctx context.Context, o agent.OptOut) error {
	return s.pg.AddOptOut(ctx, o)
}

func (s pgCallStore) SaveCall(ctx context.Context, rec *agent.CallRecord) error {
	if rec.OptOut && !rec.Sandbox {
		at := rec.OptOutAt
		if at.IsZero() {
			at = rec.EndedAt
		}
		if err := s.pg.AddOptOut(ctx, agent.OptOut{Number: rec.Number, Business: rec.Business, Campaign: rec.Campaign,
			Reason: "opt_out", Utterance: rec.OptOutUtterance, CallID: rec.ID, At: at}); err != nil {
			return err
		}
	}
	if err := s.pg.SaveCallback(ctx, rec); err != nil {
		return err
	}
	return s.local.SaveCall(ctx, rec)
}

// runPGWorker runs one worker of a campaign shared through Postgres (the
// `candor worker --postgres URL` of issue 5), through o.real's carrier or on
// the loopback network.
func runPGWorker(ctx context.Context, e *env, camp *prompts.Campaign, url, contactsFile, region string, o dialOpts) int {
	pg, err := postgres.Open(ctx, url)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	defer pg.Close()
	if contactsFile != "" {
		f, err := os.Open(contactsFile)
		if err != nil {
			return errorf(e, "worker: %v", err)
		}
		res, err := contacts.Parse(f, region)
		f.Close()
		if err != nil {
			return errorf(e, "worker: %s: %v", contactsFile, err)
		}
		for _, b := range res.Bad {
			fmt.Fprintf(e.stderr, "%s:%d: %v\n", contactsFile, b.Line, b.Err)
		}
		n, err := pg.EnqueueContacts(ctx, camp.Name, res.Contacts, time.Now())
		if err != nil {
			return errorf(e, "worker: %v", err)
		}
		fmt.Fprintf(e.stderr, "queued %d of %d contacts, %d bad rows\n", n, len(res.Contacts), len(res.Bad))
	}
	local, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	defer local.Close()
	personas, err := pg.Personas(ctx, camp.Name)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	ctrl := &agent.Controller{Store: pgCallStore{pg, local},
		NewResponder: func(c *prompts.Campaign) (agent.Responder, error) { return script.New(c), nil }}
	if o.real != nil {
		ctrl.Dialer, ctrl.Synth = o.real.dial, o.real.synth
	} else {
		net := loopback.NewNetwork(camp, o.speed)
		for num, p := range personas {
			if p == "" {
				p = "cooperative"
			}
			if err := net.Add(num, p); err != nil {
				return errorf(e, "worker: %v", err)
			}
		}
		ctrl.Dialer, ctrl.Synth = net, agent.TextSynth{}
		ctrl.NoInputTimeout = time.Duration(float64(12*time.Second) / o.speed)
	}
	start := time.Now()
	bar := newDialProgress(e.stderr, len(personas), start)
	host, _ := os.Hostname()
	r, err := dialer.New(dialer.Config{Campaign: camp, Workers: o.workers,
		MaxConcurrentCampaign: o.limits.campaign, Trunk: o.limits.trunk, Trunks: o.limits.trunks, Worker: fmt.Sprintf("%s-pid%d", host, os.Getpid()),
		Lease: o.lease, Caps: guardrails.CapPolicy{MinGap: o.minGap}, Poll: 100 * time.Millisecond, Progress: bar.update}, pg, ctrl)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	stats, err := r.Run(ctx)
	bar.done(stats)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	fmt.Fprintf(e.stdout, "worker done: %d dialled in %s\n", stats.Dialled, time.Since(start).Round(time.Millisecond))
	return 0
}

func runWorker(ctx context.Context, e *env, args []string) int {
	for _, a := range args {
		if a == "--postgres" || a == "-postgres" || len(a) > 11 && (a[:11] == "--postgres=" || a[:10] == "-postgres=") {
			return runDial(ctx, e, args)
		}
		if a == "-h" || a == "--help" {
			return runDial(ctx, e, args)
		}
	}
	return errorf(e, "worker: --postgres URL is required (candor campaign run works on the local database)")
}
