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

// route is where the calls go out: the SIP trunk trunkName (when not "") or
// Twilio.
func (f *carrierFlags) route(trunkName string) carrier.Route {
	r := carrier.Route{Trunk: trunkName, TrunksFile: *f.trunksFile, LocalIP: *f.localIP, Ring: *f.ring}
	if trunkName == "" {
		f.tw.fromEnv()
		r.Twilio, r.Listen = f.tw.config(), *f.listen
		r.Twilio.MachineDetection = *f.amd
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
