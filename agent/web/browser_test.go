package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds a Chromium binary (CANDOR_CHROMIUM overrides).
func chromiumPath() string {
	if p := os.Getenv("CANDOR_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir is where screenshots go: $CANDOR_ARTIFACTS/<test> or a temp dir.
func artifactDir(t *testing.T) string {
	dir := t.TempDir()
	if base := os.Getenv("CANDOR_ARTIFACTS"); base != "" {
		dir = filepath.Join(base, t.Name())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// newChromium starts headless Chromium (bin) for the test with extra
// options, and returns its context, ended after timeout or with the test.
func newChromium(t *testing.T, bin string, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
	}, extra...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancelT)
	return ctx
}

// TestBrowser drives the pages in headless Chromium: log in, filter the
// list, open the call with a blocked sentence, play its audio, flag it, and
// screenshot every page at laptop and phone widths.
func TestBrowser(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary found (apt-get install chromium, or set CANDOR_CHROMIUM): browser tests skipped")
	}
	a := newTestApp(t)
	if err := os.MkdirAll(a.recs, 0o755); err != nil {
		t.Fatal(err)
	}
	writeWAV(t, filepath.Join(a.recs, blockedID+".wav"))
	art := artifactDir(t)
	t.Logf("screenshots in %s", art)

	ctx := newChromium(t, bin, 90*time.Second)

	shots := func(name string) {
		t.Helper()
		shoot(t, ctx, art, name)
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return n
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	const rowLinks = "table.calls tbody tr a"
	base := a.ts.URL

	// Log in (the list page redirects to the login form first).
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/calls"), chromedp.WaitVisible(chromedp.ID("login"))); err != nil {
		t.Fatalf("open /calls: %v", err)
	}
	shots("01-login")
	for i, step := range []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.CSS("input[name=name]"), "rita"),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), reviewerPW),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("filters")),
	} {
		sctx, scancel := context.WithTimeout(ctx, 10*time.Second)
		err := chromedp.Do(sctx, step)
		scancel()
		if err != nil {
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " " + document.body.innerText`))
			t.Fatalf("log in, step %d: %v; page: %.400s", i+1, err, body)
		}
	}
	if loc := location(); !strings.HasSuffix(loc, "/calls") {
		t.Errorf("after login: got location %s, want /calls", loc)
	}
	if n := count(rowLinks); n != 2 {
		t.Errorf("unfiltered list: got %d calls, want 2", n)
	}
	shots("02-calls")

	// Filter: guardrail intervention = yes leaves only the blocked call.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("select[name=intervention]"), "yes"),
		chromedp.Click(chromedp.ID("apply")),
	); err != nil {
		t.Fatalf("filter: %v", err)
	}
	waitFor(t, ctx, `location.search.includes("intervention=yes") && document.readyState === "complete" && !!document.getElementById("filters")`)
	if n := count(rowLinks); n != 1 {
		t.Errorf("filtered list (intervention=yes): got %d calls, want 1", n)
	}
	shots("03-calls-filtered")

	// Open the call and see the blocked sentence marked.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(rowLinks))); err != nil {
		t.Fatalf("open call: %v", err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.getElementById("transcript")`)
	if got, want := text(".e-blocked .blocked-text"), "Don't worry, I'm a real person."; got != want {
		t.Errorf("blocked sentence: got %q, want %q", got, want)
	}
	if got, want := text("#blocked-count"), "1 blocked sentence"; got != want {
		t.Errorf("blocked badge: got %q, want %q", got, want)
	}
	if n := count("main script"); n != 0 {
		t.Errorf("callee <script> text: got %d script elements, want 0", n)
	}
	shots("04-call")

	// Play the audio: the player loads the recording and its clock advances.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`(async () => { const p = document.getElementById("player"); p.muted = true; await p.play(); return true; })()`,
		chromedp.EvalAwaitPromise)); err != nil {
		t.Errorf("play audio: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("player").currentTime > 0.2`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("audio clock did not advance: %v", err)
	}

	// Flag it.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("flag"))); err != nil {
		t.Fatalf("flag: %v", err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.getElementById("flagged")`)
	if got := text("#flagged"); got != "flagged" {
		t.Errorf("after flagging: got badge %q, want flagged", got)
	}
	shots("05-call-flagged")
	rs, err := a.st.Reviews(context.Background(), blockedID)
	if err != nil || len(rs) != 1 || rs[0].Reviewer != "rita" || rs[0].Kind != "flag" {
		t.Errorf("stored review after flagging in the browser: got %+v, %v, want one flag by rita", rs, err)
	}

	// The flagged filter finds it; the dashboard draws its charts.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/calls?flagged=yes"), chromedp.WaitVisible(chromedp.ID("filters"))); err != nil {
		t.Fatal(err)
	}
	if n := count(rowLinks); n != 1 {
		t.Errorf("flagged=yes: got %d calls, want 1", n)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/campaigns/service-followup-en"), chromedp.WaitVisible(chromedp.CSS("svg.chart"))); err != nil {
		t.Fatal(err)
	}
	if n := count("svg.chart"); n < 2 {
		t.Errorf("dashboard: got %d charts, want at least 2 (outcomes, one question)", n)
	}
	shots("06-campaign")
}

// waitFor evaluates cond until it is true, across page loads (an evaluation
// during a navigation fails and is retried).
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("waited 10s for %s", cond)
}
