package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serveWithWorkers runs `candor serve --workers 2` on a loopback campaign of
// n contacts at speed and returns a cancel func, a channel that yields its
// exit status once it returned, and its stderr.
func serveWithWorkers(t *testing.T, db string, n int, speed string) (context.CancelFunc, <-chan int, *syncBuffer) {
	t.Helper()
	nums, zones := numbersOpenNow(t, time.Now(), n, 20000)
	var b strings.Builder
	b.WriteString("phone,name,tz,persona\n")
	personas := []string{"cooperative", "opts_out_mid_survey", "refuses"}
	for i := range n {
		fmt.Fprintf(&b, "%s,C%d,%s,%s\n", nums[i], i, zones[i], personas[i%len(personas)])
	}
	csvFile := writeDialerFile(t, filepath.Dir(db), "serve.csv", b.String())
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	errb := &syncBuffer{}
	res := make(chan int, 1)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		res <- run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--workers", "2",
			"--campaign", "service-followup-en", "--contacts", csvFile, "--dial-speed", speed}, strings.NewReader(""), &out, errb)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-ended:
		case <-time.After(30 * time.Second):
		}
	})
	return cancel, res, errb
}

// stopServe cancels a serve run and wants it to return 0 within 20 s.
func stopServe(t *testing.T, cancel context.CancelFunc, res <-chan int, errb *syncBuffer) {
	t.Helper()
	cancel()
	select {
	case code := <-res:
		if code != 0 {
			t.Fatalf("serve = %d after cancel, want 0: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not return within 20 s of cancel")
	}
}

// TestServeWorkers: candor serve with --workers dials a small loopback
// campaign to the end while serving, then shuts down cleanly (status 0) when
// its context is cancelled.
func TestServeWorkers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	const n = 9
	cancel, res, errb := serveWithWorkers(t, db, n, "400")
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(errb.String(), "campaign service-followup-en done") {
		select {
		case code := <-res:
			t.Fatalf("serve ended with %d before the campaign was done: %s", code, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("campaign not done after 60 s: %s", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The server is still serving after the campaign ended.
	select {
	case code := <-res:
		t.Fatalf("serve ended with %d when the campaign was done, want it to keep serving", code)
	case <-time.After(100 * time.Millisecond):
	}
	stopServe(t, cancel, res, errb)
	conn := openRaw(t, db)
	var done, live, attempts, optOuts int
	conn.QueryRow(`SELECT count(*) FROM dial_jobs WHERE state = 'done' AND result <> ''`).Scan(&done)
	conn.QueryRow(`SELECT count(*) FROM dial_jobs WHERE state <> 'done'`).Scan(&live)
	conn.QueryRow(`SELECT count(*) FROM attempts WHERE outcome <> 'claimed'`).Scan(&attempts)
	conn.QueryRow(`SELECT count(*) FROM dnc WHERE reason = 'opt_out'`).Scan(&optOuts)
	if done != n || live != 0 || attempts != n {
		t.Errorf("after serve: %d jobs done, %d live, %d settled attempts; want %d, 0, %d", done, live, attempts, n, n)
	}
	if optOuts != n/3 {
		t.Errorf("%d opt-outs recorded, want %d (the opts_out_mid_survey callees)", optOuts, n/3)
	}
	if last := errb.String(); !strings.Contains(last, "dialled 9") || !strings.Contains(last, "opted out 3") {
		t.Errorf("progress %q lacks dialled 9 and opted out 3", last)
	}
}

// TestServeWorkersCancel: cancelling serve while its workers are mid-campaign
// stops them and the server cleanly (status 0), promptly.
func TestServeWorkersCancel(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	// Real-time calls: none ends before the cancel.
	cancel, res, errb := serveWithWorkers(t, db, 6, "1")
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(errb.String(), "serving on") {
		if time.Now().After(deadline) {
			t.Fatalf("serve not up after 30 s: %s", errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Cancel once the workers have calls in flight.
	conn := openRaw(t, db)
	for claimed := 0; claimed < 2; {
		conn.QueryRow(`SELECT count(*) FROM attempts WHERE outcome = 'claimed'`).Scan(&claimed)
		if time.Now().After(deadline) {
			t.Fatalf("no calls in flight after 30 s: %s", errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	stopServe(t, cancel, res, errb)
	if s := errb.String(); !strings.Contains(s, "stopped: the server is shutting down") {
		t.Errorf("stderr %q does not say the campaign stopped for the shutdown", s)
	}
}
