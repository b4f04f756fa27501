package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"candor/agent/carrier"
	"candor/agent/dialer"
	"candor/agent/store/sqlite"
	"candor/guardrails"
)

// parseInterspersed parses flags that may come before, between or after the
// positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if code, ok := parseFlags(fs, args); !ok {
			return nil, code, false
		}
		if fs.NArg() == 0 {
			return pos, 0, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// runDial runs a campaign through the dialer (`campaign run` and `worker`):
// real calls over a SIP trunk or Twilio, or simulated callees on the
// loopback network.
func runDial(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "campaign run", "NAME|FILE [--contacts FILE.csv] [--trunk NAME --trunks FILE | --twilio]",
		"Run a campaign through the dialer: every call claimed against the do-not-call list, the\n"+
			"calling window, the caps and consent first. With --trunk NAME and a trunk file the calls go\n"+
			"out over that SIP trunk; with --twilio through Twilio (media streams and status callbacks\n"+
			"served on --listen, reached at --public-url); both speak with espeak-ng and listen with\n"+
			"pocketsphinx. Without, the default trunk \"loopback\" calls simulated callees (the contact\n"+
			"list's persona column).\n\n"+trunkFileHelp)
	contactsFile := fs.String("contacts", "", "import this contact `CSV` into the campaign first")
	region := fs.String("region", "US", "default region for numbers without a country code")
	speed := fs.Float64("speed", 200, "simulated calls run this many times faster than real time")
	workers := fs.Int("concurrency", 4, "calls at once")
	ignoreWindow := fs.Bool("demo-any-hour", false, "simulate the campaign at 10:00 in New York instead of now (loopback only)")
	lease := fs.Duration("lease", 15*time.Minute, "how long a claimed job stays with this worker before another may take it over (it must outlast a call)")
	minGap := fs.Duration("min-gap", 0, "least time between two dials of a number (0: the default, 1h; simulated callees only)")
	pgURL := fs.String("postgres", "", "share the queue, attempts and do-not-call list through this Postgres `URL` (several workers); --db keeps this worker's evidence records")
	maxCampaign := fs.Int("max-concurrent-campaign", 0, "most calls of the campaign in flight at once across every worker sharing the store (0: --concurrency)")
	trunk := fs.String("trunk", loopbackTrunk, "trunk `NAME` the calls go out on: a SIP trunk of --trunks, or loopback (simulated callees)")
	maxTrunk := fs.Int("max-concurrent-trunk", 0, "most calls in flight at once on --trunk in this process (0: no limit)")
	cf := addCarrierFlags(fs)
	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	realCarrier := cf.useTwilio || *trunk != loopbackTrunk
	sipTrunk := "" // the SIP trunk of a real carrier; "" for Twilio
	switch {
	case cf.useTwilio && *trunk != loopbackTrunk:
		return errorf(e, "dial: --trunk and --twilio exclude each other")
	case realCarrier && *ignoreWindow:
		return errorf(e, "dial: --demo-any-hour is for simulated callees only: real calls keep the real calling windows")
	case cf.useTwilio:
		*trunk = "twilio" // the name --max-concurrent-trunk counts under
	case realCarrier:
		sipTrunk = *trunk
	}
	if realCarrier {
		if err := cf.route(sipTrunk).Check(); err != nil {
			return errorf(e, "dial: %v", err)
		}
	}
	trunks, err := dialer.TrunkLimit(*trunk, *maxTrunk) // --max-concurrent-trunk, in this process
	if len(pos) != 1 || *speed <= 0 || *workers < 1 || *lease <= 0 || *minGap < 0 || *maxCampaign < 0 || err != nil {
		return errorf(e, "dial: want one campaign NAME|FILE, --speed > 0, --concurrency >= 1, --lease > 0, --min-gap >= 0, --max-concurrent-campaign >= 0, --max-concurrent-trunk >= 0 (with a --trunk)")
	}
	camp, err := resolveCampaign(pos[0])
	if err != nil {
		return errorf(e, "%v", err)
	}
	d := carrier.Dial{Campaign: camp, Speed: *speed, Progress: e.stderr, Config: dialer.Config{Workers: *workers,
		Worker: fmt.Sprintf("pid%d", os.Getpid()), Lease: *lease, Caps: guardrails.CapPolicy{MinGap: *minGap},
		MaxConcurrentCampaign: *maxCampaign, Trunk: *trunk, Trunks: trunks}}
	if realCarrier {
		if d.Carrier, err = cf.route(sipTrunk).Open(camp, warnings(e.stderr)); err != nil {
			return errorf(e, "dial: %v", err)
		}
		defer d.Carrier.Close()
	}
	if *pgURL != "" {
		return runPGWorker(ctx, e, d, *pgURL, *contactsFile, *region)
	}
	if *contactsFile != "" {
		n, err := importContacts(ctx, e, &dataFlags{}, camp.Name, *contactsFile, *region)
		if err != nil {
			return errorf(e, "dial: contacts: %v", err)
		}
		fmt.Fprintf(e.stderr, "imported %d contacts (%d new), %d bad rows\n", n.Records, n.Added, n.Skipped)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "dial: %v", err)
	}
	defer db.Close()
	d.Active = &activeCalls
	if *ignoreWindow {
		d.Config.Clock = dialer.NewOffsetClock(dialer.NextMorning(time.Now(), "America/New_York"))
	}
	r, err := d.Local(ctx, db)
	if err == nil {
		_, err = r.Run(ctx)
	}
	if err != nil {
		return errorf(e, "dial: %v", err)
	}
	return 0
}

// loopbackTrunk is the trunk of simulated callees.
const loopbackTrunk = "loopback"
