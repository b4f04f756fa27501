// Package carrier is the one place a call is assembled: from one Config
// (simulated callees on the loopback network, a SIP trunk, a Twilio account,
// a browser over WebRTC) it makes the lines every command dials, with the
// campaign's voice, and the controller that places calls on them.
//
// It also runs what the commands run on a carrier: one real call checked
// against the do-not-call list first (Place, on a Route), a campaign through
// the dialer on one machine or as a worker sharing Postgres (Dial), the
// simulated demo campaign (RunDemo) and a sandbox call on a terminal
// (Sandbox).
package carrier

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"candor/agent"
	"candor/agent/telephony/loopback"
	"candor/agent/telephony/sip"
	"candor/agent/telephony/twilio"
	"candor/agent/telephony/webrtc"
	"candor/agent/voice"
	"candor/prompts"
)

// Kind names where a carrier's calls go.
type Kind string

// The carriers.
const (
	// Loopback calls simulated callees (personas) in process.
	Loopback Kind = "loopback"
	// SIP calls out over a SIP trunk.
	SIP Kind = "sip"
	// Twilio calls out through a Twilio account (Media Streams).
	Twilio Kind = "twilio"
	// WebRTC answers a browser's call (the web sandbox).
	WebRTC Kind = "webrtc"
)

// DefaultPersona is the persona of a simulated callee that names none.
const DefaultPersona = "cooperative"

// silentCallee is how long a call waits for a silent callee in real time; a
// loopback network's faster time shortens it.
const silentCallee = 12 * time.Second

// Config chooses a carrier and the campaign whose voice its calls speak with.
type Config struct {
	Kind     Kind // default Loopback
	Campaign *prompts.Campaign
	// Speech chooses the speech providers (default: espeak-ng and pocketsphinx).
	Speech Speech
	// Text carries text instead of audio (Loopback only: no speech at all).
	Text bool
	// Speed is how much faster than real time simulated calls run (Loopback;
	// default 1).
	Speed float64

	// Trunk is the SIP trunk (SIP); LocalIP the address signalling and media
	// use (default: the address routing to the trunk).
	Trunk   sip.Trunk
	LocalIP string
	// Ring is how long a callee's phone rings (SIP and Twilio; default 30 s).
	Ring time.Duration
	// Twilio is the account (Twilio): its RingTimeout is Ring and its Lines
	// the campaign's. Listen is the address serving its media streams and
	// status callbacks.
	Twilio twilio.Config
	Listen string
	// WebRTC is the network of browser calls (WebRTC).
	WebRTC webrtc.Config

	// Logger gets the carrier's warnings (default: discarded).
	Logger *slog.Logger
}

// Carrier places a campaign's calls and speaks on them with its voice. It is
// an agent.Dialer.
type Carrier struct {
	kind    Kind
	dialer  agent.Dialer
	synth   agent.Synthesizer
	lines   *voice.Factory
	net     *loopback.Network
	webrtc  webrtc.Config
	noInput time.Duration
	// answeredBy is Twilio's answering-machine result of the last call.
	answeredBy func() string
	close      func()
}

var _ agent.Dialer = (*Carrier)(nil)

// Validate reports a configuration New refuses; the errors wrap
// agent.ErrConfig.
func (cfg Config) Validate() error {
	switch {
	case cfg.Campaign == nil:
		return fmt.Errorf("%w: carrier without a campaign", agent.ErrConfig)
	case cfg.Kind != "" && cfg.Kind != Loopback && cfg.Kind != SIP && cfg.Kind != Twilio && cfg.Kind != WebRTC:
		return fmt.Errorf("%w: unknown carrier %q", agent.ErrConfig, cfg.Kind)
	case cfg.Text && cfg.Kind != "" && cfg.Kind != Loopback:
		return fmt.Errorf("%w: only the loopback carrier carries text", agent.ErrConfig)
	case cfg.Speed < 0 || cfg.Ring < 0:
		return fmt.Errorf("%w: negative speed or ring time", agent.ErrConfig)
	}
	return nil
}

// New connects to the carrier cfg names. Close ends it.
func New(cfg Config) (*Carrier, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Kind == "" {
		cfg.Kind = Loopback
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	c := &Carrier{kind: cfg.Kind, synth: agent.TextSynth{}, webrtc: cfg.WebRTC,
		answeredBy: func() string { return "" }, close: func() {}}
	if !cfg.Text {
		v, err := newVoice(cfg.Campaign, cfg.Speech)
		if err != nil {
			return nil, err
		}
		c.synth = voice.Synth{Streamer: v.agent}
		c.lines = &voice.Factory{Config: lineConfig(cfg.Kind, cfg.Campaign), NewRecognizer: v.newRec}
		if cfg.Kind == Loopback {
			c.net = loopback.NewNetwork(cfg.Campaign, cfg.Speed)
			c.net.Audio = &loopback.AudioConfig{CalleeVoice: v.callee, Lines: *c.lines}
		}
	}
	switch cfg.Kind {
	case Loopback:
		if c.net == nil {
			c.net = loopback.NewNetwork(cfg.Campaign, cfg.Speed)
		}
		c.dialer = c.net
		c.noInput = time.Duration(float64(silentCallee) / c.net.Speed)
	case SIP:
		if err := c.openSIP(cfg); err != nil {
			return nil, err
		}
	case Twilio:
		if err := c.openTwilio(cfg); err != nil {
			return nil, err
		}
	case WebRTC:
		c.dialer = agent.DialerFunc(func(context.Context, string) (agent.Line, error) {
			return nil, fmt.Errorf("%w: a browser calls in: use Answer", agent.ErrConfig)
		})
	}
	return c, nil
}

// Connected is the carrier of one line already connected (a typed sandbox
// call, a terminal): every Dial returns it.
func Connected(line agent.Line, synth agent.Synthesizer) *Carrier {
	return &Carrier{kind: Loopback, synth: synth, answeredBy: func() string { return "" }, close: func() {},
		dialer: agent.DialerFunc(func(context.Context, string) (agent.Line, error) { return line, nil })}
}

// Dial places a call to number: an E.164 number, or (SIP) a SIP URI whose
// user part is it.
func (c *Carrier) Dial(ctx context.Context, number string) (agent.Line, error) {
	return c.dialer.Dial(ctx, number)
}

// DialTo is a Dialer that calls target whatever number it is given: the
// controller checks and records the E.164 number, the trunk gets the SIP URI.
func (c *Carrier) DialTo(target string) agent.Dialer {
	return agent.DialerFunc(func(ctx context.Context, _ string) (agent.Line, error) { return c.Dial(ctx, target) })
}

// Synth is the agent's voice on this carrier's lines.
func (c *Carrier) Synth() agent.Synthesizer { return c.synth }

// Add places a simulated callee at number (Loopback); persona "" is
// DefaultPersona.
func (c *Carrier) Add(number, persona string) error {
	if c.net == nil {
		return fmt.Errorf("%w: only the loopback carrier has simulated callees", agent.ErrConfig)
	}
	if persona == "" {
		persona = DefaultPersona
	}
	return c.net.Add(number, persona)
}

// Controller places calls on this carrier with its voice, storing them in st;
// the responder is the default one (the campaign script) until set.
func (c *Carrier) Controller(st agent.Store) *agent.Controller {
	return &agent.Controller{Store: st, Dialer: c, Synth: c.synth, NoInputTimeout: c.noInput}
}

// AnsweredBy is Twilio's answering-machine result of the last call placed
// ("" on other carriers, or without detection).
func (c *Carrier) AnsweredBy() string { return c.answeredBy() }

// Close ends the carrier; it waits for Twilio's streams to finish.
func (c *Carrier) Close() { c.close() }
