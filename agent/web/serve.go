package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"candor/agent/carrier"
	"candor/agent/telephony/twilio"
)

// Listen says where and how Serve serves the app.
type Listen struct {
	Addr string // listen address, HOST:PORT
	// CertFile and KeyFile, when both set, serve HTTPS (pair them with
	// Config.Secure).
	CertFile, KeyFile string
	// Twilio, when set, is the account whose media streams and signed status
	// callbacks the same server answers.
	Twilio *twilio.Config
	// Metrics serves /metrics (see WithMetrics: open on a loopback address,
	// behind an API token on any other).
	Metrics http.Handler
	// Log gets the addresses served.
	Log io.Writer
}

// Serve runs the web app of cfg on l.Addr until ctx ends, then shuts the
// server down, giving requests in flight 5 s.
func Serve(ctx context.Context, cfg Config, l Listen) error {
	srv, err := New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	var app http.Handler = srv
	if l.Twilio != nil {
		d, err := carrier.NewTwilioWebhooks(*l.Twilio, srv.cfg.Logger)
		if err != nil {
			return err
		}
		defer d.Wait()
		app = carrier.WithTwilio(srv, d)
		fmt.Fprintf(l.Log, "candor: Twilio media streams and status callbacks on %s and %s\n", twilio.MediaPath, twilio.StatusPath)
	}
	ln, err := net.Listen("tcp", l.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: WithMetrics(app, l.Metrics, OnLoopback(ln.Addr()), cfg.Store),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	// Live and progress streams never end by themselves: end them as the
	// shutdown starts, or it waits its whole grace period for them.
	hs.RegisterOnShutdown(srv.cancel)
	tls := l.CertFile != "" && l.KeyFile != ""
	scheme := "http"
	if tls {
		scheme = "https"
	}
	fmt.Fprintf(l.Log, "candor: serving on %s://%s\n", scheme, ln.Addr())
	done := make(chan error, 1)
	go func() {
		if tls {
			done <- hs.ServeTLS(ln, l.CertFile, l.KeyFile)
		} else {
			done <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
	}
	return nil
}

// OnLoopback reports whether a server listening on a listens on a loopback
// address only.
func OnLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
