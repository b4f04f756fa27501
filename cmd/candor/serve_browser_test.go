package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestServeWorkersBrowser drives `candor serve --workers` in headless
// Chromium while its workers dial a loopback campaign: the campaign page's
// progress bar moves, an admin pauses (audited: no new call starts) and
// resumes, a worker call appears in the live view, and a completed call's
// page shows its survey answers beside the turns. Screenshots at laptop and
// phone width go to $CANDOR_ARTIFACTS/<test> when set.
func TestServeWorkersBrowser(t *testing.T) {
	bin := os.Getenv("CANDOR_CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if bin != "" {
			break
		}
		bin, _ = exec.LookPath(name)
	}
	if bin == "" {
		t.Skip("no chromium binary found (apt-get install chromium, or set CANDOR_CHROMIUM): browser test skipped")
	}
	art := t.TempDir()
	if base := os.Getenv("CANDOR_ARTIFACTS"); base != "" {
		art = filepath.Join(base, t.Name())
		if err := os.MkdirAll(art, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "c.db")
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"--db", db, "user", "add", "--role", "admin", "ada"},
		strings.NewReader("a-good-password\n"), &out, &errs); code != 0 {
		t.Fatalf("user add = %d: %s", code, errs.String())
	}
	// Slow enough to watch: each call takes a while of real time.
	cancel, res, errb := serveWithWorkers(t, db, 12, "8")
	addr := regexp.MustCompile(`serving on (http://127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; {
		if m := addr.FindStringSubmatch(errb.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("serve not up after 30 s: %s", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(bin),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 768))
	defer cancelA()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	ctx, cancelT := context.WithTimeout(ctx, 150*time.Second)
	defer cancelT()

	shots := func(name string) {
		t.Helper()
		for _, sz := range []struct {
			label string
			w, h  int64
		}{{"laptop", 1366, 768}, {"phone", 390, 844}} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(sz.w, sz.h), chromedp.Sleep(200*time.Millisecond)); err != nil {
				t.Fatalf("screenshot %s: %v", name, err)
			}
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("screenshot %s: %v", name, err)
			}
			if err := os.WriteFile(filepath.Join(art, name+"-"+sz.label+".png"), buf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return n
	}
	waitFor := func(what, cond string, within time.Duration) {
		t.Helper()
		deadline := time.Now().Add(within)
		for time.Now().Before(deadline) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
				return
			}
			if err := chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
		}
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " " + document.body.innerText`))
		t.Fatalf("waited %s for %s (%s); page: %.600s", within, what, cond, body)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.CSS("input[name=name]"), "ada"),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), "a-good-password"),
		chromedp.Click(chromedp.ID("login")), chromedp.WaitVisible(chromedp.ID("filters"))); err != nil {
		t.Fatalf("log in: %v", err)
	}

	// The progress bar moves while the workers dial.
	const camp = "/campaigns/service-followup-en"
	if err := chromedp.Do(ctx, chromedp.Navigate(base+camp)); err != nil {
		t.Fatal(err)
	}
	waitFor("the progress stream's first event", `!!document.getElementById("progress") && document.getElementById("progress").dataset.done !== undefined`, 10*time.Second)
	done0 := eval(`+document.getElementById("progress").dataset.done`)
	w0 := eval(`+document.querySelector("rect[data-seg=p-done]").getAttribute("width")`)
	shots("01-campaign-progress")
	waitFor("the done count to grow", `+document.getElementById("progress").dataset.done > `+strconv.Itoa(done0), 60*time.Second)
	if w1 := eval(`+document.querySelector("rect[data-seg=p-done]").getAttribute("width")`); w1 <= w0 {
		t.Errorf("done segment: got width %d after calls ended, want more than %d", w1, w0)
	}
	if stale := eval(`document.getElementById("progress-stale").hidden ? 0 : 1`); stale != 1 {
		t.Error("after more calls ended: the reload notice is hidden, want it shown")
	}
	if eta, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("progress-eta"))); strings.TrimSpace(eta) == "" {
		t.Error("ETA: got nothing, want a figure or a reason")
	}
	shots("02-campaign-progress-moved")

	// An admin pauses: the calls in flight end, no new one starts.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("pause-toggle"))); err != nil {
		t.Fatalf("pause: %v", err)
	}
	waitFor("the paused page", `document.readyState === "complete" && document.getElementById("pause-toggle") && document.getElementById("pause-toggle").textContent.includes("Resume")`, 10*time.Second)
	waitFor("the calls in flight to end", `document.getElementById("progress").dataset.inFlight === "0"`, 60*time.Second)
	paused := eval(`+document.getElementById("progress").dataset.done`)
	if err := chromedp.Do(ctx, chromedp.Sleep(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := eval(`+document.getElementById("progress").dataset.done`); got != paused {
		t.Errorf("while paused: got %d jobs done, want %d (no new call)", got, paused)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("progress-state"))); strings.TrimSpace(got) != "paused" {
		t.Errorf("state tag while paused: got %q, want paused", got)
	}
	shots("03-campaign-paused")
	conn := openRaw(t, db)
	var audited int
	conn.QueryRow(`SELECT count(*) FROM audit_log WHERE actor = 'ada' AND action = 'campaign_pause' AND subject = 'service-followup-en'`).Scan(&audited)
	if audited != 1 {
		t.Errorf("audit log: got %d campaign_pause entries by ada, want 1", audited)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("pause-toggle"))); err != nil {
		t.Fatalf("resume: %v", err)
	}
	waitFor("the resumed page", `document.readyState === "complete" && document.getElementById("pause-toggle") && document.getElementById("pause-toggle").textContent.includes("Pause")`, 10*time.Second)

	// A worker call appears live, with its transcript.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/live")); err != nil {
		t.Fatal(err)
	}
	waitFor("a worker call in the live view", `[...document.querySelectorAll("#live-calls .live-call")].some(b => b.textContent.includes("service-followup-en") && b.querySelectorAll("li").length > 0)`, 30*time.Second)
	shots("04-live-worker-call")

	// A completed call's page shows its answers beside the turns.
	var id string
	for deadline := time.Now().Add(30 * time.Second); id == ""; {
		conn.QueryRow(`SELECT id FROM calls WHERE campaign = 'service-followup-en' AND outcome = 'completed' LIMIT 1`).Scan(&id)
		if id == "" && time.Now().After(deadline) {
			t.Fatal("no completed call after 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/calls/"+id), chromedp.WaitVisible(chromedp.ID("answers"))); err != nil {
		t.Fatal(err)
	}
	if n := eval(`document.querySelectorAll("#transcript .answer").length`); n < 1 {
		t.Errorf("answers beside turns: got %d, want at least 1", n)
	}
	if n := eval(`document.querySelectorAll("#answers tbody tr").length`); n < 1 {
		t.Errorf("answers table: got %d rows, want at least 1", n)
	}
	if n := eval(`[...document.querySelectorAll("#transcript .lat")].filter(e => /^0 ms$/.test(e.textContent.trim())).length`); n != 0 {
		t.Errorf("latency: got %d turns showing 0 ms, want none", n)
	}
	shots("05-call-answers")

	// The dashboard draws its charts: outcomes per day, guardrail events,
	// answers per question.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+camp), chromedp.WaitVisible(chromedp.ID("chart-per-day"))); err != nil {
		t.Fatal(err)
	}
	if n := eval(`document.querySelectorAll("#chart-per-day svg rect").length`); n < 1 {
		t.Errorf("outcomes per day: got %d bars, want at least 1", n)
	}
	shots("06-campaign-charts")
	stopServe(t, cancel, res, errb)
}
