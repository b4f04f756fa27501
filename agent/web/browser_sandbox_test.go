//go:build sphinx

package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"candor/agent/audio"
	"candor/agent/carrier"
	"candor/agent/speech/espeak"
)

// fakeMicWAV writes what Chromium's fake microphone says, looped: silence
// while the disclosure (about 30 s) plays, a spoken opt-out, silence.
// 16 kHz, 16-bit mono.
func fakeMicWAV(t *testing.T, path string) {
	t.Helper()
	sy, err := espeak.New(espeak.Config{OutRate: 16000, Voices: map[string]string{"en": "en-us+klatt"}})
	if err != nil {
		t.Fatal(err)
	}
	frames, err := sy.Synthesize(context.Background(), "please stop calling me", "en")
	if err != nil {
		t.Fatal(err)
	}
	samples := make([]int16, 16000*34)
	for _, f := range frames {
		samples = append(samples, f.Samples...)
	}
	samples = append(samples, make([]int16, 16000*6)...)
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := audio.WriteWAV(fh, 16000, samples); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserVoiceSandbox: a designer talks to the agent over WebRTC from
// headless Chromium whose fake microphone speaks an opt-out; the agent
// ends the sandbox call and the page shows the opt-out.
func TestBrowserVoiceSandbox(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary found (apt-get install chromium, or set CANDOR_CHROMIUM): browser tests skipped")
	}
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng not installed (make test installs it): voice sandbox browser test skipped")
	}
	a := newLiveApp(t)
	srv, err := New(Config{Store: a.st, Voice: &carrier.Speech{}, Now: a.now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Cleanup(func() { srv.Close() })
	art := artifactDir(t)
	t.Logf("screenshots in %s", art)
	mic := filepath.Join(t.TempDir(), "optout.wav")
	fakeMicWAV(t, mic)

	ctx := newChromium(t, bin, 180*time.Second,
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-audio-capture", mic))

	shot := func(name string, w, h int64) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h), chromedp.Sleep(150*time.Millisecond)); err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(art, name+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pageText := func() string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " " + document.body.innerText`))
		return s
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/sandbox"), chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.CSS("input[name=name]"), "dora"),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), designerPW),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("sandbox-form")),
	); err != nil {
		t.Fatalf("log in to the sandbox: %v; page: %.400s", err, pageText())
	}
	shot("01-sandbox-laptop", 1366, 768)
	shot("01-sandbox-phone", 390, 844)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768),
		chromedp.Click(chromedp.ID("mode-voice")),
		chromedp.Click(chromedp.ID("start")),
		chromedp.WaitVisible(chromedp.ID("talk")),
		chromedp.Click(chromedp.ID("talk")),
	); err != nil {
		t.Fatalf("start a spoken sandbox call: %v; page: %.400s", err, pageText())
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("sandbox").dataset.answered === "1"`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("WebRTC answer: %v; page: %.600s", err, pageText())
	}
	// An agent sentence reaches the transcript once it has been played: the
	// disclosure takes about 30 s.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#live-transcript li.agent").length > 0`,
		chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Fatalf("agent speech on the live transcript: %v; page: %.600s", err, pageText())
	}
	shot("02-sandbox-call-laptop", 1366, 768)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById("sandbox").dataset.outcome`,
		chromedp.WithPollingTimeout(90*time.Second))); err != nil {
		t.Fatalf("the call did not end: %v; page: %.1500s", err, pageText())
	}
	shot("03-sandbox-ended-laptop", 1366, 768)
	shot("03-sandbox-ended-phone", 390, 844)

	outcome, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("sandbox").dataset.outcome`))
	if err != nil || outcome != "opted_out" {
		t.Errorf("outcome on the page: got %q (%v), want opted_out; page: %.1500s", outcome, err, pageText())
	}
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("outcome").textContent`))
	if !strings.Contains(shown, "opted out") {
		t.Errorf("outcome text: got %q, want it to say the callee opted out", shown)
	}
	n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#live-transcript li.e-optout").length`))
	if n < 1 {
		t.Errorf("opt-out guardrail events on the live transcript: got %d, want at least 1; page: %.1500s", n, pageText())
	}
	id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("sandbox").dataset.call`))
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	rec, err := a.st.Call(context.Background(), id)
	if err != nil {
		t.Fatalf("stored sandbox call %q: %v", id, err)
	}
	if !rec.Sandbox || !rec.OptOut || !rec.DisclosureComplete {
		t.Errorf("stored call: sandbox %v, opt-out %v, disclosure complete %v; want all true", rec.Sandbox, rec.OptOut, rec.DisclosureComplete)
	}
	if dnc, err := a.st.ListDNC(context.Background(), ""); err != nil || len(dnc) != 0 {
		t.Errorf("do-not-call list after the sandbox opt-out: got %v, %v; want empty", dnc, err)
	}
	for _, tu := range rec.Turns {
		t.Logf("%s: %s", tu.Speaker, tu.Text)
	}
}
