package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"candor/agent/carrier"
	"candor/agent/telephony/sip"
	"candor/prompts"
)

// carrierFlags choose where real calls go out: a named SIP trunk of a trunk
// file, or a Twilio account. `candor call` and `candor campaign run` share them.
type carrierFlags struct {
	trunksFile *string
	localIP    *string
	useTwilio  *bool
	tw         *twilioFlags
	listen     *string
	ring       *time.Duration
	amd        *string
}

// addCarrierFlags defines the carrier flags on fs (the trunk name is the
// command's own --trunk flag).
func addCarrierFlags(fs *flag.FlagSet) *carrierFlags {
	return &carrierFlags{
		trunksFile: fs.String("trunks", os.Getenv("CANDOR_TRUNKS"), "SIP trunk configuration `FILE` (JSON; env CANDOR_TRUNKS)"),
		localIP:    fs.String("local-ip", os.Getenv("CANDOR_SIP_IP"), "local `IP` for SIP and RTP (env CANDOR_SIP_IP; default: the address routing to the trunk)"),
		useTwilio:  fs.Bool("twilio", false, "place the calls through Twilio"),
		tw:         addTwilioFlags(fs, "--listen"),
		listen:     fs.String("listen", "127.0.0.1:8089", "`address` serving Twilio's media streams and status callbacks"),
		ring:       fs.Duration("ring", 30*time.Second, "ring time (at least 15s)"),
		amd:        fs.String("machine-detection", "", "Twilio MachineDetection (Enable, DetectMessageEndpoint); empty: off"),
	}
}

// trunkFileHelp describes the trunk file in commands' help.
const trunkFileHelp = "Trunk file: {\"trunks\": [{\"name\": \"carrier\", \"host\": \"sip.example.net\", \"port\": 5060,\n" +
	"  \"transport\": \"udp\", \"user\": \"acct\", \"password_env\": \"CARRIER_SIP_PASSWORD\",\n" +
	"  \"caller_id\": \"+15551234567\"}]}  (a valid caller ID is required)"

// loadTrunk reads the named trunk of the trunk file.
func (f *carrierFlags) loadTrunk(name string) (sip.Trunk, error) {
	if *f.trunksFile == "" {
		return sip.Trunk{}, errors.New("--trunk needs a trunk file: --trunks FILE or CANDOR_TRUNKS")
	}
	ts, err := sip.LoadTrunks(*f.trunksFile)
	if err != nil {
		return sip.Trunk{}, err
	}
	return ts.Lookup(name)
}

// check validates the carrier's configuration before anything is set up:
// the SIP trunk trunkName (when not ""), or the Twilio account.
func (f *carrierFlags) check(trunkName string) error {
	if trunkName != "" {
		if *f.ring < sip.MinRingTimeout {
			return fmt.Errorf("--ring %v is shorter than %v", *f.ring, sip.MinRingTimeout)
		}
		_, err := f.loadTrunk(trunkName)
		return err
	}
	f.tw.fromEnv()
	tc := f.tw.config()
	tc.RingTimeout = *f.ring
	return carrier.CheckTwilio(tc)
}

// config is the configuration of the carrier of camp's calls, speaking with
// the offline voice: the SIP trunk trunkName (when not "") or Twilio.
func (f *carrierFlags) config(trunkName string, camp *prompts.Campaign, logger *slog.Logger) (carrier.Config, error) {
	cfg := carrier.Config{Kind: carrier.SIP, Campaign: camp, LocalIP: *f.localIP, Ring: *f.ring, Logger: logger}
	if trunkName != "" {
		trunk, err := f.loadTrunk(trunkName)
		if err != nil {
			return carrier.Config{}, err
		}
		cfg.Trunk = trunk
	} else {
		f.tw.fromEnv()
		cfg.Kind, cfg.Twilio, cfg.Listen = carrier.Twilio, f.tw.config(), *f.listen
		cfg.Twilio.MachineDetection = *f.amd
	}
	return cfg, nil
}

// open connects to the carrier of config. Close ends it (it waits for
// Twilio's streams to finish).
func (f *carrierFlags) open(trunkName string, camp *prompts.Campaign, logger *slog.Logger) (*carrier.Carrier, error) {
	cfg, err := f.config(trunkName, camp, logger)
	if err != nil {
		return nil, err
	}
	return carrier.New(cfg)
}

// warnings is the logger of a campaign run's carrier: its warnings to w.
func warnings(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// checkCarrier reports a conflicting or missing choice of carrier.
func checkCarrier(trunkName string, useTwilio bool) error {
	switch {
	case trunkName != "" && useTwilio:
		return errors.New("--trunk and --twilio exclude each other")
	case trunkName == "" && !useTwilio:
		return errors.New("choose a carrier: --trunk NAME (SIP) or --twilio")
	}
	return nil
}
