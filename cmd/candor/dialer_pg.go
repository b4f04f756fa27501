package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"candor/agent/carrier"
	"candor/agent/dialer"
	"candor/agent/store/postgres"
	"candor/agent/store/sqlite"
)

// runPGWorker runs one worker of a campaign shared through Postgres (the
// `candor worker --postgres URL` of issue 5), through d's carrier or on the
// loopback network.
func runPGWorker(ctx context.Context, e *env, d carrier.Dial, url, contactsFile, region string) int {
	pg, err := postgres.Open(ctx, url)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	defer pg.Close()
	if contactsFile != "" {
		n, err := dialer.EnqueueContacts(ctx, pg, d.Campaign.Name, dialer.FileImport{File: contactsFile, Region: region, Skipped: e.stderr})
		if err != nil {
			return errorf(e, "worker: %v", err)
		}
		fmt.Fprintf(e.stderr, "queued %d of %d contacts, %d bad rows\n", n.Added, n.Records, n.Skipped)
	}
	local, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	defer local.Close()
	host, _ := os.Hostname()
	d.Config.Worker = fmt.Sprintf("%s-pid%d", host, os.Getpid())
	start := time.Now()
	r, err := d.Shared(ctx, pg, local)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	stats, err := r.Run(ctx)
	if err != nil {
		return errorf(e, "worker: %v", err)
	}
	fmt.Fprintf(e.stdout, "worker done: %d dialled in %s\n", stats.Dialled, time.Since(start).Round(time.Millisecond))
	return 0
}

func runWorker(ctx context.Context, e *env, args []string) int {
	for _, a := range args {
		if a == "--postgres" || a == "-postgres" || len(a) > 11 && (a[:11] == "--postgres=" || a[:10] == "-postgres=") ||
			a == "-h" || a == "--help" {
			return runDial(ctx, e, args)
		}
	}
	return errorf(e, "worker: --postgres URL is required (candor campaign run works on the local database)")
}
