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
	"candor/agent/web"
)

// serveDialFlags are the flags of `candor serve` that run a campaign's
// dialer workers inside the server, as `candor campaign run` would.
type serveDialFlags struct {
	workers                    int
	campaign, contacts, region string
	speed                      float64
	route                      carrier.Route // the trunk, trunk file and local IP
}

func addServeDialFlags(fs *flag.FlagSet) *serveDialFlags {
	f := &serveDialFlags{route: carrier.Route{Ring: 30 * time.Second}}
	fs.IntVar(&f.workers, "workers", 0, "run this many dialer workers (calls at once) for --campaign inside the server (0: none)")
	fs.StringVar(&f.campaign, "campaign", "", "campaign `NAME|FILE` the --workers dial")
	fs.StringVar(&f.contacts, "contacts", "", "import this contact `CSV` into --campaign first")
	fs.StringVar(&f.region, "region", "US", "default region for contact numbers without a country code")
	fs.Float64Var(&f.speed, "dial-speed", 200, "simulated calls of the --workers run this many times faster than real time")
	fs.StringVar(&f.route.Trunk, "trunk", loopbackTrunk, "the --workers call over the SIP trunk `NAME` of --trunks, or "+
		loopbackTrunk+" (simulated callees)")
	fs.StringVar(&f.route.TrunksFile, "trunks", os.Getenv("CANDOR_TRUNKS"), "SIP trunk configuration `FILE` (JSON; env CANDOR_TRUNKS)")
	fs.StringVar(&f.route.LocalIP, "local-ip", os.Getenv("CANDOR_SIP_IP"), "local `IP` for SIP and RTP (env CANDOR_SIP_IP; default: the address routing to the trunk)")
	return f
}

// start starts the workers, if any, on db until the campaign is done or ctx
// ends; stop stops them and waits for them to end. Their progress and end go
// to stderr; their calls to hub's live view; ws (nil without workers) pauses them.
func (f *serveDialFlags) start(ctx context.Context, e *env, db *sqlite.Store, hub *web.Hub) (ws *web.Workers, stop func(), err error) {
	if f.workers == 0 && f.campaign == "" && f.contacts == "" && f.route.Trunk == loopbackTrunk {
		return nil, func() {}, nil
	}
	if f.workers < 1 || f.campaign == "" || f.speed <= 0 {
		return nil, nil, fmt.Errorf("--workers >= 1 and --campaign go together (with --dial-speed > 0, and with --trunk)")
	}
	camp, err := resolveCampaign(f.campaign)
	if err != nil {
		return nil, nil, err
	}
	if f.contacts != "" {
		n, err := importContacts(ctx, e, &dataFlags{}, camp.Name, f.contacts, f.region)
		if err != nil {
			return nil, nil, fmt.Errorf("contacts: %w", err)
		}
		fmt.Fprintf(e.stderr, "imported %d contacts (%d new), %d bad rows\n", n.Records, n.Added, n.Skipped)
	}
	ws = web.NewWorkers(hub, camp.Name)
	d := carrier.Dial{Campaign: camp, Speed: f.speed, Active: &activeCalls, Progress: e.stderr, Watch: ws,
		Config: dialer.Config{Workers: f.workers, Worker: fmt.Sprintf("serve-pid%d", os.Getpid()), Trunk: f.route.Trunk}}
	if f.route.Trunk != loopbackTrunk {
		if err := f.route.Check(); err != nil {
			return nil, nil, err
		}
		if d.Carrier, err = f.route.Open(camp, warnings(e.stderr)); err != nil {
			return nil, nil, err
		}
	}
	stop, err = d.Beside(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	return ws, stop, nil
}
