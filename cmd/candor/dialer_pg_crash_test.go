package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPostgresKillWorker: two workers share a campaign through Postgres;
// one is killed with SIGKILL during calls and started again on its own
// evidence store. Afterwards no claim is open, the claims the kill cut
// short are interrupted attempts, every attempt has a call record in one
// of the workers' stores, and no record is left in progress.
func TestPostgresKillWorker(t *testing.T) {
	url := startPostgres(t)
	bin := buildCandor(t)
	dir := t.TempDir()
	const n = 300
	csvFile := contactsCSV(t, dir, n, 5570000)
	const campaign = "service-followup-en"
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	conn := pgConn(t, url)
	dbs := []string{filepath.Join(dir, "w0.db"), filepath.Join(dir, "w1.db")}
	worker := func(i int, extra ...string) *exec.Cmd {
		args := append([]string{"--db", dbs[i], "worker", "--postgres", url, campaign,
			"--concurrency", "4", "--speed", "200", "--lease", "2s", "--min-gap", "1s"}, extra...)
		return exec.CommandContext(ctx, bin, args...)
	}
	first := worker(0, "--contacts", csvFile)
	var firstOut strings.Builder
	first.Stdout, first.Stderr = &firstOut, &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- first.Wait() }()
	for {
		var done int
		_ = conn.QueryRow(ctx, `SELECT count(*) FROM attempts WHERE campaign = $1 AND outcome <> 'claimed'`, campaign).Scan(&done)
		if done >= 40 {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the first worker ended (%v) before it could be killed:\n%s", err, firstOut.String())
		case <-time.After(10 * time.Millisecond):
		}
		if ctx.Err() != nil {
			t.Fatalf("too few calls done:\n%s", firstOut.String())
		}
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited
	var inFlight int
	conn.QueryRow(ctx, `SELECT count(*) FROM attempts WHERE campaign = $1 AND outcome = 'claimed'`, campaign).Scan(&inFlight)
	t.Logf("worker 0 killed with %d calls in flight", inFlight)

	// The other worker and the restarted one finish the campaign.
	outs := make(chan string, 2)
	for i := range 2 {
		go func() {
			out, err := worker(i).CombinedOutput()
			if err != nil {
				out = fmt.Appendf(out, "\nworker %d: %v", i, err)
			}
			outs <- string(out)
		}()
	}
	for range 2 {
		if out := <-outs; strings.Contains(out, "worker 0: ") || strings.Contains(out, "worker 1: ") {
			t.Fatalf("%s", out)
		}
	}

	var open, interrupted, live int
	conn.QueryRow(ctx, `SELECT count(*) FROM attempts WHERE campaign = $1 AND outcome = 'claimed'`, campaign).Scan(&open)
	conn.QueryRow(ctx, `SELECT count(*) FROM attempts WHERE campaign = $1 AND outcome = 'interrupted'`, campaign).Scan(&interrupted)
	conn.QueryRow(ctx, `SELECT count(*) FROM dial_jobs WHERE campaign = $1 AND state <> 'done'`, campaign).Scan(&live)
	if open != 0 || live != 0 || interrupted != inFlight {
		t.Errorf("after the restart: %d open claims, %d live jobs, %d interrupted attempts; want 0, 0 and %d (in flight at the kill)", open, live, interrupted, inFlight)
	}
	rows, err := conn.Query(ctx, `SELECT call_id FROM attempts WHERE campaign = $1`, campaign)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	recorded := map[string]string{} // call id -> outcome, over both stores
	inProgress := 0
	for _, db := range dbs {
		local := openRaw(t, db)
		rs, err := local.Query(`SELECT id, outcome FROM calls WHERE campaign = ?`, campaign)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var id, o string
			if err := rs.Scan(&id, &o); err != nil {
				t.Fatal(err)
			}
			if o == "in_progress" {
				inProgress++
			}
			if recorded[id] == "" || recorded[id] == "interrupted" {
				recorded[id] = o
			}
		}
		rs.Close()
	}
	missing, interruptedCalls := 0, 0
	for _, id := range ids {
		switch recorded[id] {
		case "":
			missing++
		case "interrupted":
			interruptedCalls++
		}
	}
	if missing != 0 || inProgress != 0 {
		t.Errorf("%d of %d attempts without a call record, %d records still in progress; want 0 and 0", missing, len(ids), inProgress)
	}
	if inFlight > 0 && interruptedCalls == 0 {
		t.Errorf("no interrupted call record for the %d calls the kill cut short", inFlight)
	}
	t.Logf("kill -9 with %d calls in flight: %d interrupted attempts, %d interrupted call records, %d attempts all recorded, no open claim",
		inFlight, interrupted, interruptedCalls, len(ids))
}
