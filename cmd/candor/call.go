package main

import (
	"cmp"
	"context"
	"flag"
	"log/slog"
	"os"

	"candor/agent"
	"candor/agent/carrier"
	"candor/agent/store/sqlite"
	"candor/agent/telephony/twilio"
)

func runPlaceCall(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "call", "--to NUMBER|SIP-URI --campaign NAME|FILE (--trunk NAME | --twilio) [flags]",
		"Place one real call and print its outcome. Numbers on the do-not-call list are refused\n"+
			"before anything is dialled. With --trunk, the call goes out over the named SIP trunk of\n"+
			"--trunks (a JSON file; see below). With --twilio, candor serves the Media Streams WebSocket\n"+
			"and status callbacks on --listen, reached by Twilio at --public-url.\n\n"+trunkFileHelp)
	to := fs.String("to", "", "callee `NUMBER` (E.164, or national with --region), or a SIP URI whose user part is the number")
	campaign := fs.String("campaign", "", "campaign `NAME` (embedded example) or FILE")
	trunkName := fs.String("trunk", "", "place the call over the SIP trunk `NAME` of --trunks")
	jsonOut := fs.Bool("json", false, "print a JSON summary")
	region := fs.String("region", "US", "default region for national numbers")
	cf := addCarrierFlags(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *to == "" || *campaign == "" {
		return errorf(e, "call: --to and --campaign are required")
	}
	if err := checkCarrier(*trunkName, cf.useTwilio); err != nil {
		return errorf(e, "call: %v", err)
	}
	number, target, err := carrier.Target(*to, *region, *trunkName != "")
	if err != nil {
		return errorf(e, "call: --to: %v", err)
	}
	if err := cf.route(*trunkName).Check(); err != nil { // before anything else: a typo fails fast
		return errorf(e, "call: %v", err)
	}
	camp, err := resolveCampaign(*campaign)
	if err != nil {
		return errorf(e, "call: %v", err)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "call: %v", err)
	}
	defer db.Close()
	sum, err := carrier.Place(ctx, db, carrier.Call{Campaign: camp, Number: number, Target: target, Route: cf.route(*trunkName),
		Logger: slog.New(slog.NewTextHandler(e.stderr, nil)), Active: &activeCalls})
	if err != nil {
		return errorf(e, "call: %v", err)
	}
	if *jsonOut {
		if err := printJSON(e.stdout, sum); err != nil {
			return errorf(e, "call: %v", err)
		}
	} else {
		sum.WriteText(e.stdout)
	}
	if sum.Outcome == agent.OutcomeFailed {
		return 1
	}
	return 0
}

// twilioFlags are the Twilio account flags `candor call` and `candor serve` share.
type twilioFlags struct {
	sid, token, from, publicURL, apiBase *string
}

// addTwilioFlags defines the Twilio account flags on fs; reached names the
// listener Twilio reaches at the public URL.
func addTwilioFlags(fs *flag.FlagSet, reached string) *twilioFlags {
	return &twilioFlags{
		sid:       fs.String("account-sid", os.Getenv("TWILIO_ACCOUNT_SID"), "Twilio account `SID` (env TWILIO_ACCOUNT_SID)"),
		token:     fs.String("auth-token", "", "Twilio auth `token` (env TWILIO_AUTH_TOKEN; prefer the environment)"),
		from:      fs.String("from", os.Getenv("TWILIO_FROM"), "caller ID: a Twilio `NUMBER` of the account (env TWILIO_FROM)"),
		publicURL: fs.String("public-url", os.Getenv("CANDOR_PUBLIC_URL"), "https base `URL` at which Twilio reaches "+reached+" (env CANDOR_PUBLIC_URL)"),
		apiBase:   fs.String("api-base", cmp.Or(os.Getenv("TWILIO_API_BASE"), "https://api.twilio.com"), "Twilio REST API base `URL` (env TWILIO_API_BASE)"),
	}
}

// fromEnv takes the auth token from TWILIO_AUTH_TOKEN when no flag gave it.
func (f *twilioFlags) fromEnv() {
	if *f.token == "" {
		*f.token = os.Getenv("TWILIO_AUTH_TOKEN")
	}
}

// given reports whether a Twilio account was named (flag or environment).
func (f *twilioFlags) given() bool { return *f.sid != "" }

// config is the account part of a Dialer's configuration.
func (f *twilioFlags) config() twilio.Config {
	return twilio.Config{AccountSID: *f.sid, AuthToken: *f.token, From: *f.from, PublicURL: *f.publicURL, APIBase: *f.apiBase}
}
