package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSQLiteOptOutRace is the SQLite half of the race acceptance test of
// issue 5: two `candor campaign run` processes work one campaign from one
// SQLite file (the queue is shared through the database) while a third
// process (`candor dnc add`) opts out the numbers next in the queue. No
// number is dialled after its opt-out committed (every attempt's commit
// sequence, shared with the opt-out's by migration 0005, comes before it)
// and no number is dialled twice.
func TestSQLiteOptOutRace(t *testing.T) {
	bin := buildCandor(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "race.db")
	const n = 400
	csvFile := contactsCSV(t, dir, n, 5560000)
	const campaign, business = "service-followup-en", "Brightwater Plumbing Services LLC"
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	startWorker := func(i int, extra ...string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := append([]string{"--db", db, "campaign", "run", campaign,
				"--concurrency", "4", "--speed", "400", "--lease", "30s"}, extra...)
			outs[i], errs[i] = exec.CommandContext(ctx, bin, args...).CombinedOutput()
		}()
	}
	// The first worker imports and queues the contacts; the second joins once they are queued.
	startWorker(0, "--contacts", csvFile)
	conn := openRaw(t, db)
	for {
		var queued int
		if err := conn.QueryRow(`SELECT count(*) FROM dial_jobs WHERE campaign = ?`, campaign).Scan(&queued); err == nil && queued == n {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("contacts never queued")
		}
		time.Sleep(10 * time.Millisecond)
	}
	startWorker(1)
	// The third process: opt out numbers a few places ahead in the queue.
	optedOut := 0
	for optedOut < 40 {
		var num string
		err := conn.QueryRow(`SELECT number FROM dial_jobs WHERE campaign = ? AND state = 'pending'
			AND number NOT IN (SELECT number FROM dnc) ORDER BY due_at, id LIMIT 1 OFFSET 8`, campaign).Scan(&num)
		if err != nil {
			break // queue drained
		}
		if out, err := exec.CommandContext(ctx, bin, "--db", db, "dnc", "add", num, "--business", business).CombinedOutput(); err != nil {
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
	var after, before, skipped, twice, live, workers, noSeq int
	q := func(dst *int, query string, args ...any) {
		t.Helper()
		if err := conn.QueryRow(query, args...).Scan(dst); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	q(&after, `SELECT count(*) FROM attempts a JOIN dnc d ON d.number = a.number AND d.business = a.business
		WHERE d.removed_at IS NULL AND a.seq > d.seq`)
	q(&before, `SELECT count(*) FROM attempts a JOIN dnc d ON d.number = a.number AND d.business = a.business
		WHERE d.removed_at IS NULL AND a.seq < d.seq`)
	q(&noSeq, `SELECT (SELECT count(*) FROM attempts WHERE seq IS NULL) + (SELECT count(*) FROM dnc WHERE business <> '*' AND seq IS NULL)`)
	q(&skipped, `SELECT count(*) FROM skipped WHERE campaign = ? AND reason = 'dnc'`, campaign)
	q(&twice, `SELECT count(*) FROM (SELECT number FROM attempts GROUP BY number HAVING count(*) > 1)`)
	q(&live, `SELECT count(*) FROM dial_jobs WHERE state <> 'done'`)
	q(&workers, `SELECT count(DISTINCT substr(worker, 1, instr(worker, '-'))) FROM attempts`)
	if noSeq != 0 {
		t.Fatalf("%d attempts or opt-outs without a commit sequence", noSeq)
	}
	if after != 0 {
		t.Errorf("%d attempts after the number's opt-out committed, want 0", after)
	}
	if twice != 0 || live != 0 {
		t.Errorf("%d numbers dialled twice, %d live jobs; want 0 and 0", twice, live)
	}
	if workers != 2 {
		t.Errorf("attempts came from %d worker processes, want 2", workers)
	}
	if optedOut < 10 || skipped == 0 {
		t.Errorf("%d opt-outs recorded during the run, %d skipped as dnc: the race was not exercised", optedOut, skipped)
	}
	for i := range 2 {
		if last := lastLine(string(outs[i])); !strings.Contains(last, "dialled") {
			t.Errorf("worker %d: last line %q has no totals", i, last)
		}
	}
	t.Logf("%d opt-outs during the run: %d numbers skipped at claim time, %d dialled before the opt-out committed, 0 after", optedOut, skipped, before)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}
