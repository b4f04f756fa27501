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
	"time"

	"candor/agent"
	"candor/agent/carrier"
	"candor/agent/dialer"
	"candor/agent/metrics"
	"candor/agent/store/sqlite"
	"candor/agent/telephony/twilio"
	"candor/agent/web"
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
		Voice: &carrier.Speech{}}) // offline speech (pocketsphinx needs the sphinx build tag)
	if err != nil {
		return errorf(e, "serve: %v", err)
	}
	defer srv.Close()
	var app http.Handler = srv
	if tw.given() {
		d, err := carrier.NewTwilioWebhooks(tw.config(), logger)
		if err != nil {
			return errorf(e, "serve: %v", err)
		}
		defer d.Wait()
		app = carrier.WithTwilio(srv, d)
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
	handler := web.WithMetrics(app, &metrics.Handler{DB: mdb, Active: &activeCalls}, onLoopback(ln.Addr()), st)
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
	return dialer.Counted{Caller: ctrl, Active: g}.Call(ctx, req)
}

// onLoopback reports whether the server listens on a loopback address only.
func onLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
