package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"candor/agent/store/storetest"
)

// startPostgres starts a private PostgreSQL server for the test.
func startPostgres(t *testing.T) string {
	return storetest.StartPostgres(t, "max_connections=200")
}

func pgConn(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func contactsCSV(t *testing.T, dir string, n, first int) string {
	t.Helper()
	nums, zones := numbersOpenNow(t, time.Now(), n, first)
	var b strings.Builder
	b.WriteString("phone,name,tz,persona\n")
	for i := range n {
		fmt.Fprintf(&b, "%s,C%d,%s,cooperative\n", nums[i], i, zones[i])
	}
	return writeDialerFile(t, dir, fmt.Sprintf("c%d.csv", n), b.String())
}

// TestPostgresOptOutRace: two worker processes dial one campaign from one
// Postgres while a third process records opt-outs for the numbers next in
// the queue. No number is dialled after its opt-out committed: every
// attempt's seq (taken under the same per-number lock as the opt-out's)
// comes before the opt-out's.
func TestPostgresOptOutRace(t *testing.T) {
	url := startPostgres(t)
	bin := buildCandor(t)
	dir := t.TempDir()
	const n = 400
	csvFile := contactsCSV(t, dir, n, 5550000)
	const campaign, business = "service-followup-en", "Brightwater Plumbing Services LLC"
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	conn := pgConn(t, url)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	startWorker := func(i int, extra ...string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := append([]string{"--db", filepath.Join(dir, fmt.Sprintf("w%d.db", i)), "worker",
				"--postgres", url, campaign, "--concurrency", "4", "--speed", "400", "--lease", "30s"}, extra...)
			outs[i], errs[i] = exec.CommandContext(ctx, bin, args...).CombinedOutput()
		}()
	}
	// The first worker queues the contacts; the second joins once they are queued.
	startWorker(0, "--contacts", csvFile)
	for {
		var queued int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM dial_jobs`).Scan(&queued); err == nil && queued == n {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("contacts never queued")
		}
		time.Sleep(10 * time.Millisecond)
	}
	startWorker(1)
	// The third process: opt out the numbers that are next in the queue.
	optedOut := 0
	for optedOut < 40 {
		var num string
		err := conn.QueryRow(ctx, `SELECT number FROM dial_jobs WHERE campaign = $1 AND state = 'pending'
			AND number NOT IN (SELECT number FROM dnc) ORDER BY due_at, id OFFSET 12 LIMIT 1`, campaign).Scan(&num)
		if err != nil {
			break // queue drained
		}
		if out, err := exec.CommandContext(ctx, bin, "dnc", "add", num, "--business", business, "--postgres", url).CombinedOutput(); err != nil {
			t.Fatalf("dnc add: %v\n%s", err, out)
		}
		optedOut++
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("worker %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	var after, dialledBefore, skipped, twice, live int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM attempts a JOIN dnc d ON d.number = a.number AND d.business = a.business
		WHERE a.seq > d.seq`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	conn.QueryRow(ctx, `SELECT count(*) FROM attempts a JOIN dnc d ON d.number = a.number AND d.business = a.business WHERE a.seq < d.seq`).Scan(&dialledBefore)
	conn.QueryRow(ctx, `SELECT count(*) FROM skipped WHERE reason = 'dnc'`).Scan(&skipped)
	conn.QueryRow(ctx, `SELECT count(*) FROM (SELECT number FROM attempts GROUP BY number HAVING count(*) > 1) x`).Scan(&twice)
	conn.QueryRow(ctx, `SELECT count(*) FROM dial_jobs WHERE state <> 'done'`).Scan(&live)
	if after != 0 {
		t.Errorf("%d attempts after the number's opt-out committed, want 0", after)
	}
	if twice != 0 || live != 0 {
		t.Errorf("%d numbers dialled twice, %d live jobs; want 0 and 0", twice, live)
	}
	if optedOut < 10 || skipped == 0 {
		t.Errorf("%d opt-outs recorded during the run, %d skipped as dnc: the race was not exercised", optedOut, skipped)
	}
	t.Logf("%d opt-outs during the run: %d numbers skipped at claim time, %d dialled before the opt-out committed, 0 after", optedOut, skipped, dialledBefore)
}
