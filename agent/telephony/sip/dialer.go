package sip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emiago/sipgo"
	sipmsg "github.com/emiago/sipgo/sip"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/voice"
)

// MinRingTimeout is the shortest ring allowed before giving up on a callee
// (US abandonment rule, COMPLIANCE.md).
const MinRingTimeout = 15 * time.Second

// DefaultRingTimeout is how long a call rings when the config says nothing.
const DefaultRingTimeout = 30 * time.Second

// Sink receives what a call's far end does: the voice line implements it.
type Sink interface {
	// Inbound takes the callee's audio, 20 ms frames at 8 kHz.
	Inbound() audio.FrameWriter
	DTMF(digit string)
	FarEndHangup()
	Fail(err error)
}

// AudioLine is a line over a Call: the session's agent.Line and the call's
// Sink (*voice.Line is one).
type AudioLine interface {
	agent.Line
	Sink
}

var _ AudioLine = (*voice.Line)(nil)

// Config configures a Dialer.
type Config struct {
	Trunk Trunk
	// LocalIP is the address signalling and media bind to and advertise
	// (default 127.0.0.1).
	LocalIP string
	// SIPPort is the local signalling port for the callee's requests (BYE);
	// 0 picks a free one.
	SIPPort int
	// RingTimeout is how long to ring before CANCEL (default 30 s, at least
	// MinRingTimeout unless AllowShortRing).
	RingTimeout time.Duration
	// AllowShortRing permits a RingTimeout under MinRingTimeout: for tests
	// against simulated callees only.
	AllowShortRing bool
	// Lines makes the voice line a connected call feeds. Dial needs it or
	// NewLine.
	Lines *voice.Factory
	// NewLine, when set, builds the line instead of Lines (a measuring
	// transport wrapped around the Call, or a test's fake line).
	NewLine func(c *Call) (AudioLine, error)
	Logger  *slog.Logger
}

// Dialer places calls through one trunk. It runs a SIP server on the Contact
// address to receive the callees' requests (BYE). Close ends it.
type Dialer struct {
	cfg     Config
	local   netip.Addr
	ua      *sipgo.UserAgent
	client  *sipgo.Client
	srv     *sipgo.Server
	pc      net.PacketConn
	ln      net.Listener
	contact sipmsg.ContactHeader
	log     *slog.Logger

	mu    sync.Mutex
	calls map[string]*Call // by Call-ID
	wg    sync.WaitGroup
}

var _ agent.Dialer = (*Dialer)(nil)

// NewDialer validates the config and starts listening for the callees'
// requests.
func NewDialer(cfg Config) (*Dialer, error) {
	if err := cfg.Trunk.Validate(); err != nil {
		return nil, err
	}
	cfg.Trunk = cfg.Trunk.withDefaults()
	if cfg.LocalIP == "" {
		cfg.LocalIP = "127.0.0.1"
	}
	local, err := netip.ParseAddr(cfg.LocalIP)
	if err != nil {
		return nil, fmt.Errorf("%w: local IP %q", agent.ErrConfig, cfg.LocalIP)
	}
	if cfg.RingTimeout == 0 {
		cfg.RingTimeout = DefaultRingTimeout
	}
	if cfg.RingTimeout < 0 || (cfg.RingTimeout < MinRingTimeout && !cfg.AllowShortRing) {
		return nil, fmt.Errorf("%w: ring timeout %v is under %v", agent.ErrConfig, cfg.RingTimeout, MinRingTimeout)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	d := &Dialer{cfg: cfg, local: local, log: cfg.Logger.With("trunk", cfg.Trunk.Name), calls: map[string]*Call{}}

	sipLog := slog.New(redacted{cfg.Logger.Handler()}).With("component", "sipgo")
	ua, err := sipgo.NewUA(sipgo.WithUserAgent("candor"), sipgo.WithUserAgentHostname(local.String()),
		sipgo.WithUserAgentTransportLayerOptions(sipmsg.WithTransportLayerLogger(sipLog)),
		sipgo.WithUserAgentTransactionLayerOptions(sipmsg.WithTransactionLayerLogger(sipLog)))
	if err != nil {
		return nil, fmt.Errorf("sip user agent: %w", err)
	}
	d.ua = ua
	hostPort := netip.AddrPortFrom(local, uint16(cfg.SIPPort)).String()
	d.pc, err = net.ListenPacket("udp", hostPort)
	if err != nil {
		_ = ua.Close()
		return nil, fmt.Errorf("sip listen: %w", err)
	}
	port := d.pc.LocalAddr().(*net.UDPAddr).Port
	if cfg.Trunk.Transport == "tcp" {
		d.ln, err = net.Listen("tcp", netip.AddrPortFrom(local, uint16(port)).String())
		if err != nil {
			_ = d.pc.Close()
			_ = ua.Close()
			return nil, fmt.Errorf("sip listen: %w", err)
		}
	}
	d.srv, err = sipgo.NewServer(ua, sipgo.WithServerLogger(sipLog))
	if err != nil {
		d.closeListeners()
		return nil, fmt.Errorf("sip server: %w", err)
	}
	d.client, err = sipgo.NewClient(ua, sipgo.WithClientHostname(local.String()), sipgo.WithClientLogger(sipLog))
	if err != nil {
		d.closeListeners()
		return nil, fmt.Errorf("sip client: %w", err)
	}
	d.contact = sipmsg.ContactHeader{Address: sipmsg.Uri{User: "candor", Host: local.String(), Port: port}}
	if cfg.Trunk.Transport == "tcp" {
		d.contact.Address.UriParams = sipmsg.NewParams()
		d.contact.Address.UriParams.Add("transport", "tcp")
	}
	d.srv.OnBye(d.onBye)
	d.srv.OnOptions(func(req *sipmsg.Request, tx sipmsg.ServerTransaction) {
		_ = tx.Respond(sipmsg.NewResponseFromRequest(req, 200, "OK", nil))
	})
	d.srv.OnInvite(func(req *sipmsg.Request, tx sipmsg.ServerTransaction) {
		// candor only places calls; re-INVITEs (hold, codec change) are declined.
		_ = tx.Respond(sipmsg.NewResponseFromRequest(req, 488, "Not Acceptable Here", nil))
	})
	d.srv.OnAck(func(*sipmsg.Request, sipmsg.ServerTransaction) {})
	d.wg.Add(1)
	go func() { defer d.wg.Done(); _ = d.srv.ServeUDP(d.pc) }()
	if d.ln != nil {
		d.wg.Add(1)
		go func() { defer d.wg.Done(); _ = d.srv.ServeTCP(d.ln) }()
	}
	return d, nil
}

func (d *Dialer) closeListeners() {
	_ = d.pc.Close()
	if d.ln != nil {
		_ = d.ln.Close()
	}
	_ = d.ua.Close()
}

// ContactAddr is the local signalling address (host:port).
func (d *Dialer) ContactAddr() string {
	return net.JoinHostPort(d.contact.Address.Host, strconv.Itoa(d.contact.Address.Port))
}

// Close hangs up the calls still up and stops the SIP server.
func (d *Dialer) Close() error {
	d.mu.Lock()
	calls := make([]*Call, 0, len(d.calls))
	for _, c := range d.calls {
		calls = append(calls, c)
	}
	d.mu.Unlock()
	for _, c := range calls {
		_ = c.Close()
	}
	d.closeListeners()
	d.wg.Wait()
	return nil
}

// onBye ends the call the callee hung up.
func (d *Dialer) onBye(req *sipmsg.Request, tx sipmsg.ServerTransaction) {
	id := ""
	if h := req.CallID(); h != nil {
		id = h.Value()
	}
	d.mu.Lock()
	c := d.calls[id]
	d.mu.Unlock()
	if c == nil {
		_ = tx.Respond(sipmsg.NewResponseFromRequest(req, 481, "Call/Transaction Does Not Exist", nil))
		return
	}
	if err := c.dialog.ReadBye(req, tx); err != nil {
		d.log.Warn("sip: answering BYE", "error", err)
	}
	c.remoteHangup()
}

// recipient turns an E.164 number or a SIP URI into the request URI.
func (d *Dialer) recipient(number string) (sipmsg.Uri, error) {
	var u sipmsg.Uri
	switch {
	case strings.HasPrefix(number, "sip:"):
		if err := sipmsg.ParseUri(number, &u); err != nil || u.Host == "" {
			return u, fmt.Errorf("%w: bad SIP URI", ErrNumber)
		}
	case e164RE.MatchString(number):
		t := d.cfg.Trunk
		u = sipmsg.Uri{Scheme: "sip", User: number, Host: t.Host, Port: t.Port}
	default:
		return u, fmt.Errorf("%w: not E.164 nor sip:", ErrNumber)
	}
	if d.cfg.Trunk.Transport == "tcp" {
		if u.UriParams == nil {
			u.UriParams = sipmsg.NewParams()
		}
		u.UriParams.Add("transport", "tcp")
	}
	return u, nil
}

// Dial calls number (E.164 through the trunk, or a SIP URI) and returns the
// connected line, built by Config.NewLine. A call that does not connect
// returns a *CallError (ring timeout: agent.ErrNoAnswer, after CANCEL).
func (d *Dialer) Dial(ctx context.Context, number string) (agent.Line, error) {
	c, err := d.DialCall(ctx, number)
	if err != nil {
		return nil, err
	}
	return c.line, nil
}

// newLine makes the line of a connected call.
func (d *Dialer) newLine(c *Call) (AudioLine, error) {
	if d.cfg.NewLine != nil {
		return d.cfg.NewLine(c)
	}
	return d.cfg.Lines.NewLine(c, nil)
}

// DialCall is Dial returning the Call (for DTMF, stats and tests).
func (d *Dialer) DialCall(ctx context.Context, number string) (*Call, error) {
	if d.cfg.NewLine == nil && d.cfg.Lines == nil {
		return nil, fmt.Errorf("%w: sip dialer without Lines or NewLine", agent.ErrConfig)
	}
	to, err := d.recipient(number)
	if err != nil {
		return nil, err
	}
	conn, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(d.local, 0)))
	if err != nil {
		return nil, fmt.Errorf("%w: rtp socket: %v", ErrFailed, err)
	}
	ok := false
	defer func() {
		if !ok {
			_ = conn.Close()
		}
	}()
	offer, err := offerSDP(d.local, conn.LocalAddr().(*net.UDPAddr).Port)
	if err != nil {
		return nil, fmt.Errorf("%w: offer: %v", ErrFailed, err)
	}

	t := d.cfg.Trunk
	from := &sipmsg.FromHeader{Address: sipmsg.Uri{Scheme: "sip", User: t.CallerID, Host: d.local.String()}, Params: sipmsg.NewParams()}
	from.Params.Add("tag", sipmsg.GenerateTagN(16))
	req := sipmsg.NewRequest(sipmsg.INVITE, to)
	req.AppendHeader(from)
	req.AppendHeader(sipmsg.NewHeader("Content-Type", "application/sdp"))
	req.AppendHeader(d.contact.Clone())
	req.SetBody(offer)
	if t.Transport == "tcp" {
		req.SetTransport("TCP")
	}

	dua := &sipgo.DialogUA{Client: d.client, ContactHDR: d.contact}
	dialog, err := dua.WriteInvite(ctx, req)
	if err != nil {
		return nil, &CallError{Reason: err.Error(), Err: ErrFailed}
	}
	ringCtx, cancel := context.WithTimeout(ctx, d.cfg.RingTimeout)
	defer cancel()
	user := t.User
	if user == "" {
		user = t.CallerID
	}
	log := d.log.With("call_id", req.CallID().Value())
	err = dialog.WaitAnswer(ringCtx, sipgo.AnswerOptions{Username: user, Password: t.Password,
		OnResponse: func(r *sipmsg.Response) error {
			log.Debug("sip: response", "status", r.StatusCode)
			return nil
		}})
	if err != nil {
		_ = dialog.Close()
		var dr *sipgo.ErrDialogResponse
		switch {
		case errors.As(err, &dr):
			return nil, statusError(int(dr.Res.StatusCode), dr.Res.Reason)
		case ctx.Err() != nil:
			return nil, fmt.Errorf("sip: dial: %w", ctx.Err())
		case ringCtx.Err() != nil:
			return nil, &CallError{Reason: fmt.Sprintf("no answer within %v; cancelled", d.cfg.RingTimeout), Err: agent.ErrNoAnswer}
		default:
			return nil, &CallError{Reason: err.Error(), Err: ErrFailed}
		}
	}

	ans, err := ParseAnswer(dialog.InviteResponse.Body())
	if err != nil {
		// Confirm the dialog, then end it: there is no usable media.
		_ = dialog.Ack(ctx)
		byeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		_ = dialog.Bye(byeCtx)
		cancel()
		_ = dialog.Close()
		return nil, &CallError{Code: int(dialog.InviteResponse.StatusCode), Reason: err.Error(), Err: fmt.Errorf("%w: %w", ErrFailed, err)}
	}
	if err := dialog.Ack(ctx); err != nil {
		_ = dialog.Close()
		return nil, &CallError{Reason: "ACK: " + err.Error(), Err: ErrFailed}
	}
	drain(conn)

	c := &Call{d: d, dialog: dialog, id: req.CallID().Value(), conn: conn, remote: ans.Addr, codec: ans.Codec,
		dtmfPT: ans.DTMF, snd: newSender(), recvDone: make(chan struct{}), log: log}
	line, err := d.newLine(c)
	if err != nil {
		c.sendBye(ctx)
		_ = dialog.Close()
		return nil, fmt.Errorf("sip: line: %w", err)
	}
	c.line, c.sink = line, line
	d.mu.Lock()
	d.calls[c.id] = c
	d.mu.Unlock()
	ok = true
	go c.receive()
	log.Info("sip: call connected", "codec", ans.Codec.Name, "dtmf", ans.DTMF >= 0)
	return c, nil
}

// Call is one connected SIP call: the voice line's Transport.
type Call struct {
	d      *Dialer
	dialog *sipgo.DialogClientSession
	id     string
	conn   *net.UDPConn
	remote netip.AddrPort
	codec  Codec
	dtmfPT int
	line   AudioLine
	sink   Sink
	log    *slog.Logger

	sendMu     sync.Mutex
	sendClosed bool
	snd        *sender

	recvDone chan struct{}

	mu          sync.Mutex // guards calls into the sink from the SIP side
	closed      bool
	remoteEnded bool
	closeOnce   sync.Once
}

var _ voice.Transport = (*Call)(nil)

// Line returns the line the call feeds.
func (c *Call) Line() AudioLine { return c.line }

// HungUpByCallee reports whether the callee sent BYE.
func (c *Call) HungUpByCallee() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.remoteEnded
}

func (c *Call) remoteHangup() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remoteEnded = true
	if !c.closed {
		c.sink.FarEndHangup()
	}
}

func (c *Call) sinkDTMF(digit string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.sink.DTMF(digit)
	}
}

func (c *Call) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.sink.Fail(err)
	}
}

func (c *Call) sendBye(ctx context.Context) {
	if c.dialog == nil {
		return
	}
	byeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := c.dialog.Bye(byeCtx); err != nil {
		c.log.Debug("sip: BYE", "error", err)
	}
}

// Close hangs up (BYE, unless the callee already did), stops the media and
// returns once nothing more reaches the line. It is idempotent.
func (c *Call) Close() error {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		bye := !c.remoteEnded
		c.mu.Unlock()
		c.sendMu.Lock()
		c.sendClosed = true
		c.sendMu.Unlock()
		if bye {
			c.sendBye(context.Background())
		}
		if c.dialog != nil {
			_ = c.dialog.Close()
		}
		_ = c.conn.Close()
		<-c.recvDone
		if c.d != nil {
			c.d.mu.Lock()
			delete(c.d.calls, c.id)
			c.d.mu.Unlock()
		}
		c.log.Info("sip: call ended", "by_callee", !bye, "sent", c.snd.sent.Load(), "received", c.snd.received.Load())
	})
	return nil
}
