package main

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"candor/agent/phone"
	"candor/agent/store/sqlite"
	"candor/prompts"
)

// buildCandor builds the candor binary into a temporary directory.
func buildCandor(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and runs real processes; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "candor")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// zoneNumbers are formats of valid numbers (one %04d each) whose own zone,
// from the country and area code, is zone.
var zoneNumbers = []struct{ zone, format string }{
	{"Pacific/Honolulu", "+1808555%04d"}, {"America/Los_Angeles", "+1213555%04d"}, {"America/Phoenix", "+1602555%04d"},
	{"America/Denver", "+1303555%04d"}, {"America/Chicago", "+1312555%04d"}, {"America/New_York", "+1212555%04d"},
	{"America/Sao_Paulo", "+55119%04d5678"}, {"Europe/Paris", "+3361234%04d"}, {"Europe/Berlin", "+49151%04d5678"},
	{"Europe/Moscow", "+79161%04d23"}, {"Asia/Dubai", "+97150%04d567"}, {"Asia/Karachi", "+92300%04d567"},
	{"Asia/Dhaka", "+88017%04d5678"}, {"Asia/Bangkok", "+66812%04d56"}, {"Asia/Shanghai", "+86138%04d5678"},
	{"Pacific/Auckland", "+6421%04d567"},
}

// numbersOpenNow returns n distinct numbers (the first-th to the
// first+n-1-th) and their zones, spread over the zones whose local time is
// now between 09:00 and 18:00 on a weekday, so that a campaign run now is
// inside the default calling window for at least three hours whatever the
// time of day the test runs. The number's own zone decides: a stated zone
// can only narrow its window.
func numbersOpenNow(t *testing.T, now time.Time, n, first int) (nums, zones []string) {
	t.Helper()
	type open struct{ zone, format string }
	var opens []open
	for _, z := range zoneNumbers {
		loc, err := time.LoadLocation(z.zone)
		if err != nil {
			continue
		}
		l := now.In(loc)
		if h := l.Hour(); h >= 9 && h < 18 && l.Weekday() != time.Sunday {
			opens = append(opens, open(z))
		}
	}
	if len(opens) == 0 {
		t.Fatal("no candidate zone is inside its calling window now")
	}
	for k := first; k < first+n; k++ {
		o := opens[k%len(opens)]
		num := fmt.Sprintf(o.format, k/len(opens)%10000)
		if got := phone.TimeZones(num); len(got) != 1 || got[0] != o.zone {
			t.Fatalf("test number %s: zones %v, want [%s]", num, got, o.zone)
		}
		nums, zones = append(nums, num), append(zones, o.zone)
	}
	return nums, zones
}

var crashPersonas = []string{
	"cooperative", "opts_out_mid_survey", "refuses", "opts_out_during_disclosure",
	"asks_if_robot", "hangs_up", "adversarial", "asks_identity",
}

// TestCrashAndRestart is the crash acceptance test of issue 5: a worker
// process running a 1,000-contact loopback campaign is killed with SIGKILL
// mid-run and started again; the database then shows no number dialled
// beyond its caps or after its opt-out, every acknowledged opt-out on the
// list, and every contact finished or skipped with a reason.
func TestCrashAndRestart(t *testing.T) {
	bin := buildCandor(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	const business = "Brightwater Plumbing Services LLC"
	const campaign = "service-followup-en"
	const n = 1000
	nums, zones := numbersOpenNow(t, time.Now(), n, 0)
	var b strings.Builder
	b.WriteString("phone,name,tz,persona\n")
	for i := range n {
		fmt.Fprintf(&b, "%s,C%d,%s,%s\n", nums[i], i, zones[i], crashPersonas[i%len(crashPersonas)])
	}
	contactsFile := writeDialerFile(t, dir, "1000.csv", b.String())
	// Ten numbers are on the business's list before the run: skipped with a reason.
	preDNC := map[string]bool{}
	for i := 0; i < n; i += 100 {
		num := nums[i+3]
		if code, _, errs := runDialerCLI(t, db, "dnc", "add", num, "--business", business); code != 0 {
			t.Fatalf("dnc add: %s", errs)
		}
		preDNC[num] = true
	}
	args := []string{"--db", db, "campaign", "run", campaign, "--contacts", contactsFile,
		"--speed", "2000", "--concurrency", "8", "--lease", "10s", "--min-gap", "1s"} // a lease far longer than a simulated call, so only calls the kill cut short are dialled again

	first := exec.Command(bin, args...)
	var firstErr strings.Builder
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- first.Wait() }()
	// Kill it once a good share of the calls are done.
	conn := openRaw(t, db)
	deadline := time.Now().Add(60 * time.Second)
	for {
		var done int
		_ = conn.QueryRow(`SELECT count(*) FROM attempts WHERE campaign = ? AND outcome <> 'claimed'`, campaign).Scan(&done)
		if done >= 250 {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the first run ended (%v) before it could be killed: %s", err, firstErr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d calls done after 60 s: %s", done, firstErr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited
	var before, inFlight int
	conn.QueryRow(`SELECT count(*) FROM attempts WHERE campaign = ?`, campaign).Scan(&before)
	conn.QueryRow(`SELECT count(*) FROM attempts WHERE campaign = ? AND outcome = 'claimed'`, campaign).Scan(&inFlight)
	t.Logf("killed after %d attempts, %d calls in flight", before, inFlight)

	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	second := exec.CommandContext(ctx, bin, args...)
	out, err := second.CombinedOutput()
	if err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}

	// Evidence survives kill -9: no claim is left open, every attempt has
	// its call record, none is still in progress, the claims the kill cut
	// short are interrupted calls, and every opt-out names a stored call.
	var stuck, noRecord, running, interruptedAttempts, interruptedCalls, optOutsWithoutCall int
	for q, dst := range map[string]*int{
		`SELECT count(*) FROM attempts WHERE campaign = ? AND outcome = 'claimed'`:                                                      &stuck,
		`SELECT count(*) FROM attempts a WHERE campaign = ? AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = a.call_id)`:              &noRecord,
		`SELECT count(*) FROM calls WHERE campaign = ? AND outcome = 'in_progress'`:                                                     &running,
		`SELECT count(*) FROM attempts WHERE campaign = ? AND outcome = 'interrupted'`:                                                  &interruptedAttempts,
		`SELECT count(*) FROM calls WHERE campaign = ? AND outcome = 'interrupted'`:                                                     &interruptedCalls,
		`SELECT count(*) FROM dnc d WHERE campaign = ? AND call_id <> '' AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = d.call_id)`: &optOutsWithoutCall,
	} {
		if err := conn.QueryRow(q, campaign).Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if stuck != 0 || noRecord != 0 || running != 0 || optOutsWithoutCall != 0 {
		t.Errorf("after the restart: %d claims still open, %d attempts without a call record, %d calls in progress, %d opt-outs whose call has no record; want 0 of each",
			stuck, noRecord, running, optOutsWithoutCall)
	}
	// A claim open at the kill whose record already said how the call ended
	// takes that outcome; every other is an interrupted attempt with an
	// interrupted call record.
	if interruptedAttempts > inFlight || interruptedCalls != interruptedAttempts {
		t.Errorf("%d claims open at the kill; after the restart %d interrupted attempts and %d interrupted calls: want at most %d, the same number of each",
			inFlight, interruptedAttempts, interruptedCalls, inFlight)
	}
	t.Logf("kill -9 with %d calls in flight: %d interrupted attempts, %d interrupted call records, no open claim", inFlight, interruptedAttempts, interruptedCalls)
	if code, rep, errs := runDialerCLI(t, db, "report", campaign, "--format", "json"); code != 0 || !strings.Contains(rep, fmt.Sprintf(`"interrupted": %d`, interruptedCalls)) {
		t.Errorf("report (exit %d) does not count the %d interrupted calls:\n%s%s", code, interruptedCalls, rep, errs)
	}

	// The campaign completed: every contact's job is done, with a result.
	var live, total int
	conn.QueryRow(`SELECT count(*) FROM dial_jobs WHERE campaign = ? AND state <> 'done'`, campaign).Scan(&live)
	conn.QueryRow(`SELECT count(DISTINCT number) FROM dial_jobs WHERE campaign = ? AND state = 'done' AND result <> ''`, campaign).Scan(&total)
	if live != 0 || total != n {
		t.Errorf("after the restart: %d live jobs, %d contacts finished; want 0 and %d", live, total, n)
	}
	// Every acknowledged opt-out (a call whose record says opted out or
	// refused) is on the list; no number was dialled after its opt-out
	// committed (below) and every callee who opts out ended on the list.
	optAt := map[string]time.Time{}
	rows, err := conn.Query(`SELECT number, created_at FROM dnc WHERE business = ? AND campaign = ? AND removed_at IS NULL`, prompts.BusinessID(business), campaign)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var num, at string
		if err := rows.Scan(&num, &at); err != nil {
			t.Fatal(err)
		}
		ts, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			t.Fatalf("dnc time %q: %v", at, err)
		}
		optAt[num] = ts
	}
	rows.Close()
	optedCalls := 0
	rows, err = conn.Query(`SELECT number FROM calls WHERE campaign = ? AND opt_out = 1`, campaign)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var num string
		if err := rows.Scan(&num); err != nil {
			t.Fatal(err)
		}
		optedCalls++
		if _, ok := optAt[num]; !ok {
			t.Errorf("a call's callee opted out (%s) but the number is not on the list", phone.Mask(num))
		}
	}
	rows.Close()
	// Skipped jobs have their reason in the skipped table.
	rows, err = conn.Query(`SELECT j.number, j.result, (SELECT group_concat(reason) FROM skipped s WHERE s.campaign = j.campaign AND s.number = j.number)
		FROM dial_jobs j WHERE j.campaign = ? AND j.result LIKE 'skipped:%'`, campaign)
	if err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for rows.Next() {
		var num, result string
		var reasons sql.NullString
		if err := rows.Scan(&num, &result, &reasons); err != nil {
			t.Fatal(err)
		}
		skipped++
		if !reasons.Valid || !strings.Contains(result, reasons.String) {
			t.Errorf("skipped job %s: result %q, recorded reasons %q", phone.Mask(num), result, reasons.String)
		}
		// A callee who opted out in a call the crash cut short before its
		// job was finished is skipped when the job is taken again.
		if _, optedOut := optAt[num]; !preDNC[num] && !(optedOut && result == "skipped: dnc") {
			t.Errorf("job %s skipped (%s) but its number was not on the list", phone.Mask(num), result)
		}
	}
	rows.Close()
	if skipped < len(preDNC) || skipped > len(preDNC)+inFlight {
		t.Errorf("%d jobs skipped, want %d (on the list before the run) to %d (plus calls cut short)", skipped, len(preDNC), len(preDNC)+inFlight)
	}

	// Caps: at most 3 attempts per number (all fall inside 24 h), at least
	// the minimum gap apart, none for a number on the list before the run.
	attempts := map[string][]time.Time{}
	as, err := openStore(t, db).Attempts(context.Background(), campaign)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		attempts[a.Number] = append(attempts[a.Number], a.At)
	}
	redialled := 0
	for num, ts := range attempts {
		if len(ts) > 3 {
			t.Errorf("%s dialled %d times, cap 3", phone.Mask(num), len(ts))
		}
		if len(ts) > 1 {
			redialled++
		}
		for i := 1; i < len(ts); i++ {
			if gap := ts[i].Sub(ts[i-1]); gap < time.Second {
				t.Errorf("%s dialled twice %v apart, minimum gap 1s", phone.Mask(num), gap)
			}
		}
		if preDNC[num] {
			t.Errorf("%s was on the list before the run and was dialled", phone.Mask(num))
		}
	}
	if len(attempts) != n-len(preDNC) {
		t.Errorf("%d numbers dialled, want %d", len(attempts), n-len(preDNC))
	}
	t.Logf("%d attempts in all for %d numbers; %d numbers dialled again after the crash", len(as), len(attempts), redialled)
	if redialled > inFlight {
		t.Errorf("%d numbers dialled twice, but only %d calls were cut short by the crash", redialled, inFlight)
	}

	for num, at := range optAt {
		for _, ts := range attempts[num] {
			if ts.After(at) {
				t.Errorf("%s dialled at %v, after its opt-out at %v", phone.Mask(num), ts, at)
			}
		}
	}
	var personaOptOuts, onList int
	conn.QueryRow(`SELECT count(*), count(d.id) FROM contacts c LEFT JOIN dnc d ON d.number = c.phone AND d.business = ? AND d.removed_at IS NULL
		WHERE c.campaign = ? AND c.persona LIKE 'opts_out%'`, prompts.BusinessID(business), campaign).Scan(&personaOptOuts, &onList)
	if personaOptOuts == 0 || onList != personaOptOuts {
		t.Errorf("%d of %d opting-out callees on the list, want all", onList, personaOptOuts)
	}
	if optedCalls < personaOptOuts-len(preDNC) {
		t.Errorf("%d opted-out call records, want at least %d", optedCalls, personaOptOuts-len(preDNC))
	}
	t.Logf("%d opted-out calls recorded, %d opting-out callees on the list", optedCalls, onList)
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openStore(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
