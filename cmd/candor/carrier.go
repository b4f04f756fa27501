package main

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"time"

	"candor/agent/carrier"
)

// carrierFlags choose where real calls go out: a named SIP trunk of a trunk
// file, or a Twilio account. `candor call` and `candor campaign run` share them.
type carrierFlags struct {
	carrier.Route // but the trunk: the command's own --trunk flag
	useTwilio     bool
	tw            *twilioFlags
	amd           string
}

// addCarrierFlags defines the carrier flags on fs.
func addCarrierFlags(fs *flag.FlagSet) *carrierFlags {
	f := &carrierFlags{tw: addTwilioFlags(fs, "--listen")}
	fs.StringVar(&f.TrunksFile, "trunks", os.Getenv("CANDOR_TRUNKS"), "SIP trunk configuration `FILE` (JSON; env CANDOR_TRUNKS)")
	fs.StringVar(&f.LocalIP, "local-ip", os.Getenv("CANDOR_SIP_IP"), "local `IP` for SIP and RTP (env CANDOR_SIP_IP; default: the address routing to the trunk)")
	fs.BoolVar(&f.useTwilio, "twilio", false, "place the calls through Twilio")
	fs.StringVar(&f.Listen, "listen", "127.0.0.1:8089", "`address` serving Twilio's media streams and status callbacks")
	fs.DurationVar(&f.Ring, "ring", 30*time.Second, "ring time (at least 15s)")
	fs.StringVar(&f.amd, "machine-detection", "", "Twilio MachineDetection (Enable, DetectMessageEndpoint); empty: off")
	return f
}

// trunkFileHelp describes the trunk file in commands' help.
const trunkFileHelp = "Trunk file: {\"trunks\": [{\"name\": \"carrier\", \"host\": \"sip.example.net\", \"port\": 5060,\n" +
	"  \"transport\": \"udp\", \"user\": \"acct\", \"password_env\": \"CARRIER_SIP_PASSWORD\",\n" +
	"  \"caller_id\": \"+15551234567\"}]}  (a valid caller ID is required)"

// route is where the calls go out: the SIP trunk trunkName (when not "") or
// Twilio.
func (f *carrierFlags) route(trunkName string) carrier.Route {
	r := f.Route
	r.Trunk = trunkName
	if trunkName == "" {
		f.tw.fromEnv()
		r.Twilio = f.tw.config()
		r.Twilio.MachineDetection = f.amd
	}
	return r
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
