package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"candor/agent"
	"candor/agent/dialer"
	"candor/agent/metrics"
	"candor/agent/script"
	"candor/agent/store"
	"candor/agent/store/sqlite"
	"candor/agent/telephony/twilio"
	"candor/agent/voice"
	"candor/agent/web"
	"candor/prompts"
)

func runServe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "serve", "[--addr HOST:PORT] [--tls-cert FILE --tls-key FILE] [Twilio flags]",
		"Serve the web app for QA reviewers and administrators. Create accounts first with `candor user add`.\n"+
			"Recordings are read from the `recordings` folder next to the database unless --recordings says otherwise.\n"+
			"With a Twilio account (--account-sid or TWILIO_ACCOUNT_SID, and the auth token, From number and public URL),\n"+
			"the same server also answers Twilio's Media Streams WebSocket and signed status callbacks.")
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address`")
	certFile := fs.String("tls-cert", "", "TLS certificate `file` (PEM); with --tls-key, serve HTTPS with Secure cookies")
	keyFile := fs.String("tls-key", "", "TLS private key `file` (PEM)")
	recordings := fs.String("recordings", "", "recordings `folder` (default: recordings next to the database)")
	dial := addServeDialFlags(fs)
	tw := addTwilioFlags(fs, "--addr")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	tw.fromEnv()
	if (*certFile == "") != (*keyFile == "") {
		return errorf(e, "serve: --tls-cert and --tls-key go together")
	}
	if *recordings == "" {
		*recordings = filepath.Join(filepath.Dir(e.db), "recordings")
	}
	st, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "%v", err)
	}
	defer st.Close()
	stopDial, err := dial.start(ctx, e, st)
	if err != nil {
		return errorf(e, "serve: %v", err)
	}
	defer stopDial()
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	tls := *certFile != ""
	srv, err := web.New(web.Config{Store: st, RecordingsDir: *recordings, Secure: tls, Logger: logger, Active: &activeCalls,
		Voice: sandboxVoice})
	if err != nil {
		return errorf(e, "serve: %v", err)
	}
	defer srv.Close()
	var app http.Handler = srv
	if tw.given() {
		d, err := serveTwilio(tw, logger)
		if err != nil {
			return errorf(e, "serve: %v", err)
		}
		defer d.Wait()
		app = withTwilio(srv, d)
		fmt.Fprintf(e.stderr, "candor: Twilio media streams and status callbacks on %s and %s\n", twilio.MediaPath, twilio.StatusPath)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return errorf(e, "serve: %v", err)
	}
	mdb, err := sql.Open("sqlite", "file:"+e.db+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return errorf(e, "serve: metrics: %v", err)
	}
	defer mdb.Close()
	handler := withMetrics(app, &metrics.Handler{DB: mdb, Active: &activeCalls}, onLoopback(ln.Addr()), st)
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	fmt.Fprintf(e.stderr, "candor: serving on %s://%s\n", scheme, ln.Addr())
	done := make(chan error, 1)
	go func() {
		if tls {
			done <- hs.ServeTLS(ln, *certFile, *keyFile)
		} else {
			done <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		if !errors.Is(err, http.ErrServerClosed) {
			return errorf(e, "serve: %v", err)
		}
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil {
			return errorf(e, "serve: shutdown: %v", err)
		}
	}
	return 0
}

// activeCalls counts the calls this process is running (exposed on /metrics).
var activeCalls metrics.Gauge

// placeCall places one call through ctrl, counted by g (the active-calls
// gauge /metrics exposes) while it runs.
func placeCall(ctx context.Context, g *metrics.Gauge, ctrl *agent.Controller, req agent.CallRequest) (*agent.CallRecord, error) {
	return countedCaller{Caller: ctrl, Active: g}.Call(ctx, req)
}

// countedCaller is a dialer.Caller (an agent.Controller, usually) whose
// calls in progress are counted on Active: give it to dialer.New in place of
// the controller to show a dialer's calls on /metrics.
type countedCaller struct {
	Caller dialer.Caller
	Active *metrics.Gauge
}

var _ dialer.Caller = countedCaller{}

// Call places the call, counted while it runs.
func (c countedCaller) Call(ctx context.Context, req agent.CallRequest) (*agent.CallRecord, error) {
	defer c.Active.Start()()
	return c.Caller.Call(ctx, req)
}

// tokenChecker finds the owner of an API token (the store does).
type tokenChecker interface {
	UserByAPIToken(ctx context.Context, tokenHash string) (store.User, error)
}

// onLoopback reports whether the server listens on a loopback address only.
func onLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// withMetrics serves /metrics from m and everything else from app. On a
// loopback listener /metrics needs no credentials (only local processes can
// reach it); on any other address it needs an API token (Authorization:
// Bearer, as for /api), so counts never leak to the network unauthenticated.
func withMetrics(app, m http.Handler, local bool, tokens tokenChecker) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			app.ServeHTTP(w, r)
			return
		}
		if !local {
			tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			tok = strings.TrimSpace(tok)
			if !ok || tok == "" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="candor"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
			if _, err := tokens.UserByAPIToken(r.Context(), web.TokenHash(tok)); err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="candor"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
		}
		m.ServeHTTP(w, r)
	})
}

// errNoServeCalls: candor serve places no Twilio calls of its own yet, so
// its Dialer never needs a recogniser (streams of calls it did not place are
// refused before one is made).
var errNoServeCalls = errors.New("candor serve places no Twilio calls of its own")

// serveTwilio is the Twilio Dialer candor serve mounts: its status webhook
// verifies X-Twilio-Signature, its media endpoint the per-call token.
func serveTwilio(tw *twilioFlags, logger *slog.Logger) (*twilio.Dialer, error) {
	cfg := tw.config()
	cfg.Logger = logger
	cfg.Line = voice.Config{Machine: &voice.MachineConfig{}}
	cfg.NewRecognizer = func() (voice.Recognizer, error) { return nil, errNoServeCalls }
	return twilio.New(cfg)
}

// withTwilio serves Twilio's media stream and status callbacks from d (they
// authenticate themselves: the per-call token, the request signature) and
// everything else from app, with its own login.
func withTwilio(app, d http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case twilio.MediaPath, twilio.StatusPath:
			d.ServeHTTP(w, r)
		default:
			app.ServeHTTP(w, r)
		}
	})
}

// sandboxVoice gives the web sandbox's spoken calls the offline speech
// providers (espeak-ng and pocketsphinx, which needs the sphinx build tag).
func sandboxVoice(c *prompts.Campaign) (*web.VoiceKit, error) {
	v, err := newVoiceSet(c, speechOptions{})
	if err != nil {
		return nil, err
	}
	return &web.VoiceKit{Synth: v.synth(), NewRecognizer: v.newRec,
		Line: voice.Config{CompleteAnswer: script.CompleteAnswer(c)}}, nil
}
