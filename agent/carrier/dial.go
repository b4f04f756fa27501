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
	"candor/agent/store"
	"candor/prompts"
)

// Dial is a campaign run through the dialer: on one machine (Local), or as
// one worker of a campaign shared through Postgres (Shared).
type Dial struct {
	Campaign *prompts.Campaign
	// Carrier places the calls; nil: simulated callees on the loopback
	// network (each contact's persona column, default cooperative), Speed
	// times faster than real time.
	Carrier *Carrier
	Speed   float64
	// Config is the runner's; its Campaign is Campaign and its Progress the
	// progress bar.
	Config dialer.Config
	// Active, when set, counts the calls in progress (the active-calls gauge
	// /metrics shows).
	Active interface{ Start() (done func()) }
	// Progress gets the run's progress line.
	Progress io.Writer
	// Watch, when set, sees the run: it observes every call and wraps the
	// caller and the queue (the web server's live view and pause use it).
	Watch Watch
}

// Watch is what watches a Dial (see web.Workers).
type Watch interface {
	// Observe sees every turn and guardrail event of the run's calls.
	Observe(o agent.Observation)
	// Caller wraps the caller that places the run's calls.
	Caller(next dialer.Caller) dialer.Caller
	// Queue wraps the run's queue.
	Queue(next dialer.Store) dialer.Store
}

// LocalStore holds a campaign run on one machine: its contacts, the dial
// queue and the calls.
type LocalStore interface {
	dialer.Store
	agent.Store
	Contacts(ctx context.Context, campaign string) ([]contacts.Contact, error)
}

// SharedStore is the state workers on several machines share: the dial
// queue, the do-not-call list, the callbacks and the contacts' personas.
type SharedStore interface {
	dialer.Store
	store.Shared
	Personas(ctx context.Context, campaign string) (map[string]string, error)
}

// Run is a Dial ready to run.
type Run struct {
	Contacts int // the campaign's contacts
	runner   *dialer.Runner
	bar      *report.DialProgress
}

// Local makes the run that dials the contacts of d.Campaign in st and stores
// the calls in st.
func (d Dial) Local(ctx context.Context, st LocalStore) (*Run, error) {
	start := time.Now()
	cs, err := st.Contacts(ctx, d.Campaign.Name)
	if err != nil {
		return nil, err
	}
	car, err := d.carrier(func(car *Carrier) error {
		for _, c := range cs {
			if err := car.Add(c.Phone, c.Fields["persona"]); err != nil {
				return fmt.Errorf("contact line %d: %w", c.Line, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d.run(car.Controller(st), st, len(cs), start)
}

// Shared makes the run of one worker of a campaign shared through shared:
// opt-outs and callbacks go there, evidence records to local. It polls the
// shared queue every 100 ms unless d.Config says otherwise.
func (d Dial) Shared(ctx context.Context, shared SharedStore, local store.Local) (*Run, error) {
	personas, err := shared.Personas(ctx, d.Campaign.Name)
	if err != nil {
		return nil, err
	}
	car, err := d.carrier(func(car *Carrier) error {
		for num, p := range personas {
			if err := car.Add(num, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.Config.Poll == 0 {
		d.Config.Poll = 100 * time.Millisecond
	}
	// This worker's own records: calls it left in progress when it stopped
	// are interrupted, and those of claims reconciled in the shared store
	// are completed here.
	if sw, ok := local.(interface {
		InterruptInProgress(ctx context.Context, campaign string, before time.Time) (int, error)
	}); ok {
		if _, err := sw.InterruptInProgress(ctx, d.Campaign.Name, time.Now()); err != nil {
			return nil, err
		}
	}
	if ev, ok := local.(dialer.Evidence); ok && d.Config.Evidence == nil {
		d.Config.Evidence = ev
	}
	return d.run(car.Controller(store.Split{Shared: shared, Local: local}), shared, len(personas), time.Now())
}

// carrier is d.Carrier, or else a loopback text carrier whose callees add
// puts on the line.
func (d Dial) carrier(add func(*Carrier) error) (*Carrier, error) {
	if d.Carrier != nil {
		return d.Carrier, nil
	}
	car, err := New(Config{Campaign: d.Campaign, Text: true, Speed: d.Speed})
	if err != nil {
		return nil, err
	}
	if err := add(car); err != nil {
		return nil, err
	}
	return car, nil
}

func (d Dial) run(ctrl *agent.Controller, q dialer.Store, total int, start time.Time) (*Run, error) {
	r := &Run{Contacts: total}
	var caller dialer.Caller = ctrl
	if d.Active != nil {
		caller = dialer.Counted{Caller: ctrl, Active: d.Active}
	}
	if d.Watch != nil {
		ctrl.Observe = d.Watch.Observe
		caller, q = d.Watch.Caller(caller), d.Watch.Queue(q)
	}
	cfg := d.Config
	cfg.Campaign = d.Campaign
	if d.Progress != nil {
		cfg.Progress = func(s dialer.Stats) { r.bar.Update(s) }
	}
	var err error
	if r.runner, err = dialer.New(cfg, q, caller); err != nil {
		return nil, err
	}
	if d.Progress != nil {
		r.bar = report.NewDialProgress(d.Progress, total, start)
	}
	return r, nil
}

// Run dials until the campaign is done or ctx ends, and ends the progress
// line with the totals.
func (r *Run) Run(ctx context.Context) (dialer.Stats, error) {
	stats, err := r.runner.Run(ctx)
	if r.bar != nil {
		r.bar.Done(stats)
	}
	return stats, err
}

// Beside runs the workers of d beside a server, on the contacts of
// d.Campaign in st, until the campaign is done or ctx ends; stop stops them
// and waits for them to end. The run's progress, and how it ended, go to
// d.Progress. d.Carrier, when set, is closed once the run is over.
func (d Dial) Beside(ctx context.Context, st LocalStore) (stop func(), err error) {
	closeCarrier := func() {}
	if d.Carrier != nil {
		closeCarrier = d.Carrier.Close
	}
	start := time.Now()
	r, err := d.Local(ctx, st)
	if err != nil {
		closeCarrier()
		return nil, err
	}
	name := d.Campaign.Name
	fmt.Fprintf(d.Progress, "candor: %d dialer workers on campaign %s (%d contacts)\n", d.Config.Workers, name, r.Contacts)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer closeCarrier()
		stats, err := r.Run(ctx)
		switch {
		case err == nil:
			fmt.Fprintf(d.Progress, "candor: campaign %s done: %d dialled in %s\n", name, stats.Dialled, time.Since(start).Round(time.Millisecond))
		case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			fmt.Fprintf(d.Progress, "candor: campaign %s stopped: the server is shutting down\n", name)
		default:
			fmt.Fprintf(d.Progress, "candor: campaign %s: %v\n", name, err)
		}
	}()
	return func() { cancel(); <-done }, nil
}
