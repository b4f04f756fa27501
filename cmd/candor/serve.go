package main

import (
	"cmp"
	"context"
	"log/slog"
	"path/filepath"

	"candor/agent/carrier"
	"candor/agent/metrics"
	"candor/agent/store/sqlite"
	"candor/agent/store/stores"
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
	// The businesses the do-not-call export's ?business= may name: the
	// embedded examples' and that of the campaign file the workers dial.
	var campFiles []string
	if dial.campaign != "" && !prompts.IsExample(dial.campaign) {
		campFiles = append(campFiles, dial.campaign)
	}
	camps, err := stores.Campaigns(campFiles)
	if err != nil {
		return errorf(e, "serve: %v", err)
	}
	st, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "%v", err)
	}
	defer st.Close()
	hub := web.NewHub()
	workers, stopDial, err := dial.start(ctx, e, st, hub)
	if err != nil {
		return errorf(e, "serve: %v", err)
	}
	defer stopDial()
	l := web.Listen{Addr: *addr, CertFile: *certFile, KeyFile: *keyFile, Log: e.stderr, Metrics: &metrics.Handler{Source: st, Active: &activeCalls}}
	if tw.given() {
		tc := tw.config()
		l.Twilio = &tc
	}
	err = web.Serve(ctx, web.Config{Store: st, Campaigns: camps, RecordingsDir: cmp.Or(*recordings, filepath.Join(filepath.Dir(e.db), "recordings")), Secure: *certFile != "", Active: &activeCalls, Hub: hub, Workers: workers,
		Logger: slog.New(slog.NewTextHandler(e.stderr, nil)), Voice: &carrier.Speech{}}, l) // offline speech (pocketsphinx needs the sphinx build tag)
	if err != nil {
		return errorf(e, "serve: %v", err)
	}
	return 0
}

// activeCalls counts the calls this process is running (exposed on /metrics).
var activeCalls metrics.Gauge
