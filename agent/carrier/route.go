package carrier

import (
	"fmt"
	"log/slog"
	"time"

	"candor/agent/telephony/sip"
	"candor/agent/telephony/twilio"
	"candor/prompts"
)

// Route is where real calls go out: the SIP trunk Trunk of the trunk file
// TrunksFile or, when Trunk is "", the Twilio account Twilio, whose media
// streams and status callbacks are served on Listen.
type Route struct {
	Trunk      string
	TrunksFile string
	LocalIP    string        // SIP: the address for signalling and media ("": the one routing to the trunk)
	Ring       time.Duration // how long a callee's phone rings
	Twilio     twilio.Config
	Listen     string
}

// Check validates the route before anything is set up: the trunk (which the
// trunk file must name) and the ring time, or the Twilio account.
func (r Route) Check() error {
	if r.Trunk != "" {
		if r.Ring < sip.MinRingTimeout {
			return fmt.Errorf("--ring %v is shorter than %v", r.Ring, sip.MinRingTimeout)
		}
		_, err := r.loadTrunk()
		return err
	}
	tc := r.Twilio
	tc.RingTimeout = r.Ring
	return CheckTwilio(tc)
}

// Config is the configuration of the carrier of camp's calls on the route,
// speaking with the offline voice.
func (r Route) Config(camp *prompts.Campaign, logger *slog.Logger) (Config, error) {
	cfg := Config{Kind: SIP, Campaign: camp, LocalIP: r.LocalIP, Ring: r.Ring, Logger: logger}
	if r.Trunk == "" {
		cfg.Kind, cfg.Twilio, cfg.Listen = Twilio, r.Twilio, r.Listen
		return cfg, nil
	}
	trunk, err := r.loadTrunk()
	if err != nil {
		return Config{}, err
	}
	cfg.Trunk = trunk
	return cfg, nil
}

// Open connects to the carrier of camp's calls on the route. Close ends it
// (it waits for Twilio's streams to finish).
func (r Route) Open(camp *prompts.Campaign, logger *slog.Logger) (*Carrier, error) {
	cfg, err := r.Config(camp, logger)
	if err != nil {
		return nil, err
	}
	return New(cfg)
}

// loadTrunk reads the route's trunk from the trunk file.
func (r Route) loadTrunk() (sip.Trunk, error) {
	if r.TrunksFile == "" {
		return sip.Trunk{}, ErrNoTrunkFile
	}
	ts, err := sip.LoadTrunks(r.TrunksFile)
	if err != nil {
		return sip.Trunk{}, err
	}
	return ts.Lookup(r.Trunk)
}
