package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"candor/agent"
	"candor/agent/dialer"
	"candor/agent/script"
	"candor/agent/store/sqlite"
	"candor/agent/telephony/loopback"
	"candor/prompts"
)

// serveDialFlags are the flags of `candor serve` that run a campaign's
// dialer workers inside the server, as `candor campaign run` would.
type serveDialFlags struct {
	workers    *int
	campaign   *string
	contacts   *string
	region     *string
	speed      *float64
	trunk      *string
	trunksFile *string
	localIP    *string
}

func addServeDialFlags(fs *flag.FlagSet) *serveDialFlags {
	return &serveDialFlags{
		workers:  fs.Int("workers", 0, "run this many dialer workers (calls at once) for --campaign inside the server (0: none)"),
		campaign: fs.String("campaign", "", "campaign `NAME|FILE` the --workers dial"),
		contacts: fs.String("contacts", "", "import this contact `CSV` into --campaign first"),
		region:   fs.String("region", "US", "default region for contact numbers without a country code"),
		speed:    fs.Float64("dial-speed", 200, "simulated calls of the --workers run this many times faster than real time"),
		trunk: fs.String("trunk", loopbackTrunk, "the --workers call over the SIP trunk `NAME` of --trunks, or "+
			loopbackTrunk+" (simulated callees)"),
		trunksFile: fs.String("trunks", os.Getenv("CANDOR_TRUNKS"), "SIP trunk configuration `FILE` (JSON; env CANDOR_TRUNKS)"),
		localIP:    fs.String("local-ip", os.Getenv("CANDOR_SIP_IP"), "local `IP` for SIP and RTP (env CANDOR_SIP_IP; default: the address routing to the trunk)"),
	}
}

// start starts the workers, if any, on db until the campaign is done or ctx
// ends; stop stops them and waits for them to end. Their progress and end go
// to stderr.
func (f *serveDialFlags) start(ctx context.Context, e *env, db *sqlite.Store) (stop func(), err error) {
	nothing := func() {}
	if *f.workers == 0 && *f.campaign == "" && *f.contacts == "" && *f.trunk == loopbackTrunk {
		return nothing, nil
	}
	if *f.workers < 1 || *f.campaign == "" || *f.speed <= 0 {
		return nil, fmt.Errorf("--workers >= 1 and --campaign go together (with --dial-speed > 0, and with --trunk)")
	}
	camp, err := resolveCampaign(*f.campaign)
	if err != nil {
		return nil, err
	}
	if *f.contacts != "" {
		n, bad, err := importContacts(ctx, e, camp.Name, *f.contacts, *f.region)
		if err != nil {
			return nil, fmt.Errorf("contacts: %w", err)
		}
		fmt.Fprintf(e.stderr, "imported %d contacts (%d new), %d bad rows\n", n.total, n.added, bad)
	}
	var real *realCalls
	closeCarrier := func() {}
	if *f.trunk != loopbackTrunk {
		ring, noTwilio := 30*time.Second, false
		cf := &carrierFlags{trunksFile: f.trunksFile, localIP: f.localIP, ring: &ring, useTwilio: &noTwilio}
		if err := cf.check(*f.trunk); err != nil {
			return nil, err
		}
		if real, closeCarrier, err = cf.openRealCalls(*f.trunk, camp, e.stderr); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	var bar *dialProgress
	r, total, err := newRunner(ctx, db, camp, *f.speed, real, dialer.Config{Campaign: camp, Workers: *f.workers,
		Worker: fmt.Sprintf("serve-pid%d", os.Getpid()), Progress: func(s dialer.Stats) { bar.update(s) },
		Trunk: *f.trunk})
	if err != nil {
		closeCarrier()
		return nil, err
	}
	bar = newDialProgress(e.stderr, total, start)
	fmt.Fprintf(e.stderr, "candor: %d dialer workers on campaign %s (%d contacts)\n", *f.workers, camp.Name, total)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer closeCarrier()
		stats, err := r.Run(ctx)
		bar.done(stats)
		switch {
		case err == nil:
			fmt.Fprintf(e.stderr, "candor: campaign %s done: %d dialled in %s\n", camp.Name, stats.Dialled, time.Since(start).Round(time.Millisecond))
		case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			fmt.Fprintf(e.stderr, "candor: campaign %s stopped: the server is shutting down\n", camp.Name)
		default:
			fmt.Fprintf(e.stderr, "candor: campaign %s: %v\n", camp.Name, err)
		}
	}()
	return func() { cancel(); <-done }, nil
}

// realCalls place a campaign's calls through a carrier, with its voice.
type realCalls struct {
	dial  agent.Dialer
	synth agent.Synthesizer
}

// newRunner makes a Runner that dials the contacts of camp in db and stores
// the calls in db; cfg's Campaign is camp. With real, the calls go out
// through its carrier; without, on the loopback network of simulated callees
// (each contact's persona column, default cooperative), speed times faster
// than real time. It returns the number of contacts.
func newRunner(ctx context.Context, db *sqlite.Store, camp *prompts.Campaign, speed float64, real *realCalls, cfg dialer.Config) (*dialer.Runner, int, error) {
	cs, err := db.Contacts(ctx, camp.Name)
	if err != nil {
		return nil, 0, err
	}
	ctrl := &agent.Controller{Store: db,
		NewResponder: func(c *prompts.Campaign) (agent.Responder, error) { return script.New(c), nil }}
	if real != nil {
		ctrl.Dialer, ctrl.Synth = real.dial, real.synth
	} else {
		net := loopback.NewNetwork(camp, speed)
		for _, c := range cs {
			p := c.Fields["persona"]
			if p == "" {
				p = "cooperative"
			}
			if err := net.Add(c.Phone, p); err != nil {
				return nil, 0, fmt.Errorf("contact line %d: %w", c.Line, err)
			}
		}
		ctrl.Dialer, ctrl.Synth = net, agent.TextSynth{}
		ctrl.NoInputTimeout = time.Duration(float64(12*time.Second) / speed)
	}
	cfg.Campaign = camp
	r, err := dialer.New(cfg, db, countedCaller{Caller: ctrl, Active: &activeCalls}) // counted on /metrics
	if err != nil {
		return nil, 0, err
	}
	return r, len(cs), nil
}
