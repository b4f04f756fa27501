package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/store/postgres"
)

// scaleContacts is the campaign size of TestPostgresScale: 5,000 (the issue's
// figure) unless CANDOR_SCALE_CONTACTS says otherwise.
func scaleContacts(t *testing.T) int {
	t.Helper()
	n := 5000
	if s := os.Getenv("CANDOR_SCALE_CONTACTS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 100 {
			t.Fatalf("CANDOR_SCALE_CONTACTS=%q: want a number >= 100", s)
		}
		n = v
	}
	return n
}

// scaleRun is what one run of TestPostgresScale measured.
type scaleRun struct {
	workers  int
	attempts int
	elapsed  time.Duration
}

func (r scaleRun) rate() float64 { return float64(r.attempts) / r.elapsed.Seconds() }

// TestPostgresScale is the scale acceptance test of issue 5: two worker
// processes (the built binary, without the race detector) on one private
// Postgres share a 5,000-contact loopback campaign. The database must show
// no number dialled twice and every contact finished, or skipped with its
// reason recorded. The same campaign is also run by one worker alone, in a
// database of its own, and both throughputs are logged (calls per second).
func TestPostgresScale(t *testing.T) {
	t0 := time.Now()
	url := startPostgres(t)
	n := scaleContacts(t)
	csvFile := contactsCSV(t, t.TempDir(), n, 5550000)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := pgConn(t, url).Exec(ctx, `CREATE DATABASE solo`); err != nil {
		t.Fatal(err)
	}
	soloURL := strings.Replace(url, "dbname=postgres", "dbname=solo", 1)
	// Queue both campaigns while the binary builds.
	var wg sync.WaitGroup
	var prepErr [2]error
	for i, u := range []string{soloURL, url} {
		wg.Add(1)
		go func() { defer wg.Done(); prepErr[i] = queueScaleCampaign(ctx, u, csvFile, n) }()
	}
	bin := buildCandor(t)
	wg.Wait()
	for _, err := range prepErr {
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("server started, binary built, %d contacts queued twice in %v", n, time.Since(t0).Round(time.Millisecond))

	solo := runScaleCampaign(ctx, t, bin, soloURL, n, 1)
	pair := runScaleCampaign(ctx, t, bin, url, n, 2)
	t.Logf("one worker:  %d calls in %v, %.0f calls/s", solo.attempts, solo.elapsed.Round(time.Millisecond), solo.rate())
	t.Logf("two workers: %d calls in %v, %.0f calls/s", pair.attempts, pair.elapsed.Round(time.Millisecond), pair.rate())
}

const scaleCampaign, scaleBusiness = "service-followup-en", "Brightwater Plumbing Services LLC"

// scalePreDNC is how many of n contacts queueScaleCampaign puts on the list.
func scalePreDNC(n int) int { return (n + 99) / 100 }

// queueScaleCampaign queues the contacts of csvFile in the Postgres at url,
// with every 100th number on the business's list beforehand.
func queueScaleCampaign(ctx context.Context, url, csvFile string, n int) error {
	pg, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pg.Close()
	f, err := os.Open(csvFile)
	if err != nil {
		return err
	}
	res, err := contacts.Parse(f, "US")
	f.Close()
	if err != nil || len(res.Bad) != 0 || len(res.Contacts) != n {
		return fmt.Errorf("contacts: %v, %d bad rows, %d contacts; want %d good", err, len(res.Bad), len(res.Contacts), n)
	}
	for i := 0; i < n; i += 100 {
		if err := pg.AddOptOut(ctx, agent.OptOut{Number: res.Contacts[i].Phone, Business: scaleBusiness, Reason: "manual"}); err != nil {
			return err
		}
	}
	if q, err := pg.EnqueueContacts(ctx, scaleCampaign, res.Contacts, time.Now()); err != nil || q != n {
		return fmt.Errorf("queued %d contacts (%v), want %d", q, err, n)
	}
	return nil
}

// runScaleCampaign runs workers worker processes on the campaign queued in
// the Postgres at url until the queue is drained, and checks the database.
func runScaleCampaign(ctx context.Context, t *testing.T, bin, url string, n, workers int) scaleRun {
	t.Helper()
	const campaign = scaleCampaign
	preDNC := scalePreDNC(n)
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, workers)
	outs := make([][]byte, workers)
	start := time.Now()
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.CommandContext(ctx, bin, "--db", filepath.Join(dir, fmt.Sprintf("w%d.db", i)), "worker",
				"--postgres", url, campaign, "--concurrency", "16", "--speed", "4000", "--lease", "1m",
				// The campaign-wide limit grows with the workers: a node adds capacity.
				"--max-concurrent-campaign", strconv.Itoa(16*workers))
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for i := range workers {
		if errs[i] != nil {
			t.Fatalf("%d workers: worker %d: %v\n%s", workers, i, errs[i], outs[i])
		}
	}

	conn := pgConn(t, url)
	count := func(q string, args ...any) int {
		t.Helper()
		var v int
		if err := conn.QueryRow(ctx, q, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	attempts := count(`SELECT count(*) FROM attempts WHERE campaign = $1`, campaign)
	if twice := count(`SELECT count(*) FROM (SELECT number FROM attempts GROUP BY business, number HAVING count(*) > 1) x`); twice != 0 {
		t.Errorf("%d workers: %d numbers dialled more than once, want 0", workers, twice)
	}
	if claimed := count(`SELECT count(*) FROM attempts WHERE outcome = 'claimed'`); claimed != 0 {
		t.Errorf("%d workers: %d attempts without an outcome, want 0", workers, claimed)
	}
	if live := count(`SELECT count(*) FROM dial_jobs WHERE state <> 'done'`); live != 0 {
		t.Errorf("%d workers: %d live jobs after the run, want 0", workers, live)
	}
	if done := count(`SELECT count(DISTINCT number) FROM dial_jobs WHERE campaign = $1 AND state = 'done' AND result <> ''`, campaign); done != n {
		t.Errorf("%d workers: %d contacts finished with a result, want %d", workers, done, n)
	}
	skipped := count(`SELECT count(*) FROM dial_jobs WHERE result LIKE 'skipped:%'`)
	if skipped != preDNC {
		t.Errorf("%d workers: %d jobs skipped, want %d (the numbers on the list)", workers, skipped, preDNC)
	}
	if noReason := count(`SELECT count(*) FROM dial_jobs j WHERE j.result LIKE 'skipped:%' AND NOT EXISTS
		(SELECT 1 FROM skipped s WHERE s.campaign = j.campaign AND s.number = j.number AND s.reason <> '' AND j.result LIKE '%' || s.reason)`); noReason != 0 {
		t.Errorf("%d workers: %d skipped jobs without their reason in the skipped table, want 0", workers, noReason)
	}
	if onList := count(`SELECT count(*) FROM attempts a JOIN dnc d ON d.business = a.business AND d.number = a.number`); onList != 0 {
		t.Errorf("%d workers: %d numbers on the list dialled, want 0", workers, onList)
	}
	if attempts != n-preDNC {
		t.Errorf("%d workers: %d attempts, want %d", workers, attempts, n-preDNC)
	}
	// Every worker process took a share of the calls.
	rows, err := conn.Query(ctx, `SELECT split_part(split_part(worker, '-pid', 2), '-', 1), count(*) FROM attempts GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	shares := map[string]int{}
	for rows.Next() {
		var w string
		var c int
		if err := rows.Scan(&w, &c); err != nil {
			t.Fatal(err)
		}
		shares[w] = c
	}
	rows.Close()
	if len(shares) != workers {
		t.Errorf("%d workers: calls placed by %d processes (%v), want %d", workers, len(shares), shares, workers)
	}
	for w, c := range shares {
		if c < attempts/(4*workers) {
			t.Errorf("%d workers: process %s placed %d of %d calls, want a fair share", workers, w, c, attempts)
		}
	}
	return scaleRun{workers: workers, attempts: attempts, elapsed: elapsed}
}
