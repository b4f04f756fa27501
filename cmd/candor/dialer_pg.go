package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"candor/agent/carrier"
	"candor/agent/contacts"
	"candor/agent/dialer"
	"candor/agent/report"
	"candor/agent/store"
	"candor/agent/store/postgres"
	"candor/agent/store/sqlite"
	"candor/guardrails"
	"candor/prompts"
)

type dialOpts struct {
	speed   float64
	workers int
	lease   time.Duration
	minGap  time.Duration
	limits  dialLimits
	real    *carrier.Carrier // nil: the loopback network
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
	car := o.real
	if car == nil {
		if car, err = carrier.New(carrier.Config{Campaign: camp, Text: true, Speed: o.speed}); err != nil {
			return errorf(e, "worker: %v", err)
		}
		for num, p := range personas {
			if err := car.Add(num, p); err != nil {
				return errorf(e, "worker: %v", err)
			}
		}
	}
	// Opt-outs and callbacks go to the shared Postgres, evidence records to
	// the local store.
	ctrl := car.Controller(store.Split{Shared: pg, Local: local})
	start := time.Now()
	bar := report.NewDialProgress(e.stderr, len(personas), start)
	host, _ := os.Hostname()
	r, err := dialer.New(dialer.Config{Campaign: camp, Workers: o.workers,
		MaxConcurrentCampaign: o.limits.campaign, Trunk: o.limits.trunk, Trunks: o.limits.trunks, Worker: fmt.Sprintf("%s-pid%d", host, os.Getpid()),
		Lease: o.lease, Caps: guardrails.CapPolicy{MinGap: o.minGap}, Poll: 100 * time.Millisecond, Progress: bar.Update}, pg, ctrl)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	stats, err := r.Run(ctx)
	bar.Done(stats)
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
