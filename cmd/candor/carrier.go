package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/telephony/sip"
	"candor/agent/telephony/twilio"
	"candor/agent/voice"
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

// carrier places real calls with the campaign's voice: espeak-ng speaking,
// pocketsphinx listening, the phone line's settings (answering-machine
// detection on).
type carrier struct {
	// dial takes an E.164 number, or (SIP) a SIP URI whose user part is it.
	dial dialerFunc
	// answeredBy is Twilio's answering-machine result of the last call placed.
	answeredBy func() string
	close      func()
}

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
	tc.Lines.NewRecognizer = func() (voice.Recognizer, error) { return nil, errors.New("unused") } // checked apart
	return tc.Validate()
}

// open connects to the carrier: the SIP trunk trunkName (when not "") or
// Twilio. close ends it (it waits for Twilio's streams to finish).
func (f *carrierFlags) open(trunkName string, camp *prompts.Campaign, v *voiceSet, logger *slog.Logger) (*carrier, error) {
	lineCfg := phoneLine(camp)
	if trunkName != "" {
		trunk, err := f.loadTrunk(trunkName)
		if err != nil {
			return nil, err
		}
		ip := *f.localIP
		if ip == "" {
			ip = routeIP(trunk)
		}
		d, err := sip.NewDialer(sip.Config{Trunk: trunk, LocalIP: ip, RingTimeout: *f.ring, Logger: logger,
			Lines: &voice.Factory{Config: lineCfg, NewRecognizer: v.newRec}})
		if err != nil {
			return nil, err
		}
		return &carrier{dial: d.Dial, answeredBy: func() string { return "" }, close: func() { d.Close() }}, nil
	}
	f.tw.fromEnv()
	tc := f.tw.config()
	tc.RingTimeout, tc.MachineDetection, tc.Logger = *f.ring, *f.amd, logger
	tc.Lines = voice.Factory{Config: lineCfg, NewRecognizer: v.newRec}
	d, err := twilio.New(tc)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", *f.listen)
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: d, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	var mu sync.Mutex
	var last *twilio.Call
	return &carrier{
		dial: func(ctx context.Context, n string) (agent.Line, error) {
			l, err := d.Dial(ctx, n)
			if c, ok := l.(*twilio.Call); ok {
				mu.Lock()
				last = c
				mu.Unlock()
			}
			return l, err
		},
		answeredBy: func() string {
			mu.Lock()
			defer mu.Unlock()
			if last == nil {
				return ""
			}
			return last.AnsweredBy()
		},
		close: func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = hs.Shutdown(sctx)
			d.Wait()
		},
	}, nil
}

// openRealCalls connects to the carrier (as open) for a campaign's calls,
// speaking with the offline voice; the carrier's warnings go to stderr.
func (f *carrierFlags) openRealCalls(trunkName string, camp *prompts.Campaign, stderr io.Writer) (*realCalls, func(), error) {
	v, err := newVoiceSet(camp, speechOptions{})
	if err != nil {
		return nil, nil, err
	}
	c, err := f.open(trunkName, camp, v, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return nil, nil, err
	}
	return &realCalls{dial: c.dial, synth: v.synth()}, c.close, nil
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
