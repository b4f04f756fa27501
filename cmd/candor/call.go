package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"candor/agent"
	"candor/agent/phone"
	"candor/agent/script"
	"candor/agent/store/sqlite"
	"candor/agent/telephony/sip"
	"candor/agent/telephony/twilio"
	"candor/prompts"
)

// callSummary is what `candor call --json` prints.
type callSummary struct {
	CallID           string          `json:"call_id,omitempty"`
	Number           string          `json:"number"` // masked
	Outcome          agent.Outcome   `json:"outcome"`
	EndReason        agent.EndReason `json:"end_reason"`
	EndDetail        string          `json:"end_detail,omitempty"`
	DisclosurePlayed bool            `json:"disclosure_played"`
	OptOutRecorded   bool            `json:"opt_out_recorded"`
	Turns            int             `json:"turns"`
	VoiceToVoiceMS   []int64         `json:"voice_to_voice_ms"`
	AnsweredBy       string          `json:"answered_by,omitempty"`
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

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
	if err := checkCarrier(*trunkName, *cf.useTwilio); err != nil {
		return errorf(e, "call: %v", err)
	}
	number, target, err := callTarget(*to, *region, *trunkName != "")
	if err != nil {
		return errorf(e, "call: --to: %v", err)
	}
	if err := cf.check(*trunkName); err != nil { // before anything else: a typo fails fast
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
	on, err := db.IsOnDNC(ctx, camp.Business.RegisteredName, number)
	if err != nil {
		return errorf(e, "call: do-not-call check failed, not dialling: %v", err)
	}
	if on {
		return errorf(e, "call: %s is on the do-not-call list of %s: refused, nothing was dialled",
			phone.Mask(number), camp.Business.RegisteredName)
	}
	v, err := newVoiceSet(camp, speechOptions{})
	if err != nil {
		return errorf(e, "call: %v", err)
	}
	c, err := cf.open(*trunkName, camp, v, slog.New(slog.NewTextHandler(e.stderr, nil)))
	if err != nil {
		return errorf(e, "call: %v", err)
	}
	defer c.close()
	// The controller checks and records the E.164 number; a SIP trunk gets
	// the SIP URI when one was given.
	dial := func(ctx context.Context, _ string) (agent.Line, error) { return c.dial(ctx, target) }
	ctrl := &agent.Controller{Store: db, Dialer: dialerFunc(dial), Synth: v.synth(),
		NewResponder: func(c *prompts.Campaign) (agent.Responder, error) { return script.New(c), nil }}
	rec, err := placeCall(ctx, &activeCalls, ctrl, agent.CallRequest{Campaign: camp, Number: number})
	if rec == nil {
		return errorf(e, "call: %v", err)
	}
	if err != nil && !errors.Is(err, agent.ErrNoAnswer) && rec.EndReason == "" {
		return errorf(e, "call: %v", err)
	}
	sum := summarizeCall(rec, err)
	sum.AnsweredBy = c.answeredBy()
	if *jsonOut {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return errorf(e, "call: %v", err)
		}
	} else {
		fmt.Fprintf(e.stdout, "call to %s: %s (%s)\n", sum.Number, sum.Outcome, sum.EndReason)
		fmt.Fprintf(e.stdout, "disclosure played: %v, opt-out recorded: %v, turns: %d\n",
			sum.DisclosurePlayed, sum.OptOutRecorded, sum.Turns)
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
		apiBase:   fs.String("api-base", envOr("TWILIO_API_BASE", "https://api.twilio.com"), "Twilio REST API base `URL` (env TWILIO_API_BASE)"),
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

// callTarget returns the E.164 number to check and record, and what to dial:
// the number, or a SIP URI (SIP only) whose user part must be that number, so
// that the do-not-call list and the records always apply.
func callTarget(to, region string, sipOK bool) (number, target string, err error) {
	if !strings.HasPrefix(strings.ToLower(to), "sip:") {
		number, err = phone.Normalize(to, region)
		return number, number, err
	}
	if !sipOK {
		return "", "", errors.New("a SIP URI needs --trunk")
	}
	user, _, ok := strings.Cut(to[len("sip:"):], "@")
	if !ok || user == "" {
		return "", "", errors.New("SIP URI without a user part (the number)")
	}
	user, _, _ = strings.Cut(user, ";") // user parameters
	number, err = phone.Normalize(user, region)
	if err != nil {
		return "", "", fmt.Errorf("the SIP URI's user part must be the callee's phone number: %w", err)
	}
	return number, "sip:" + to[len("sip:"):], nil
}

// routeIP is the local address the system routes to the trunk's host through
// (connecting a UDP socket sends nothing), 127.0.0.1 when unknown.
func routeIP(t sip.Trunk) string {
	c, err := net.Dial("udp", net.JoinHostPort(t.Host, strconv.Itoa(max(t.Port, 1))))
	if err != nil {
		return "127.0.0.1"
	}
	defer c.Close()
	if a, ok := c.LocalAddr().(*net.UDPAddr); ok {
		return a.IP.String()
	}
	return "127.0.0.1"
}

// summarizeCall condenses a call record; a dial error refines the outcome.
func summarizeCall(rec *agent.CallRecord, err error) callSummary {
	s := callSummary{CallID: rec.ID, Number: phone.Mask(rec.Number), Outcome: rec.Outcome, EndReason: rec.EndReason,
		EndDetail: rec.EndDetail, DisclosurePlayed: rec.DisclosureComplete, OptOutRecorded: rec.OptOut,
		Turns: len(rec.Turns), VoiceToVoiceMS: rec.LatenciesMS}
	if s.VoiceToVoiceMS == nil {
		s.VoiceToVoiceMS = []int64{}
	}
	if rec.Outcome == agent.OutcomeNoAnswer && errors.Is(err, twilio.ErrBusy) {
		s.Outcome = agent.OutcomeBusy
	}
	return s
}

// dialerFunc adapts a function to agent.Dialer.
type dialerFunc func(ctx context.Context, number string) (agent.Line, error)

func (f dialerFunc) Dial(ctx context.Context, number string) (agent.Line, error) {
	return f(ctx, number)
}
