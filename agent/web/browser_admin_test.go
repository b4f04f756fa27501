package web

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// shoot writes a screenshot of the page at laptop and phone widths.
func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	for _, sz := range []struct {
		label string
		w, h  int64
	}{{"laptop", 1366, 768}, {"phone", 390, 844}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(sz.w, sz.h), chromedp.Sleep(150*time.Millisecond)); err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+sz.label+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserAdminAndSandbox drives, in headless Chromium, what an admin and
// a designer do: revoke an API token (it then gets 401), read a rate's
// definition on the dashboard, and hang up a sandbox call, after which its
// Say box and Hang-up button are gone.
func TestBrowserAdminAndSandbox(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary found (apt-get install chromium, or set CANDOR_CHROMIUM): browser tests skipped")
	}
	a := newTestApp(t)
	t.Cleanup(func() { a.srv.Close() })
	art := artifactDir(t)
	t.Logf("screenshots in %s", art)
	ctx := newChromium(t, bin, 90*time.Second)
	base := a.ts.URL
	eval := func(js string) bool {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return ok
	}
	apiMe := func(tok string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, base+"/api/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin"), chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.CSS("input[name=name]"), "ada"),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), adminPW),
		chromedp.Click(chromedp.ID("login"))); err != nil {
		t.Fatalf("log in: %v", err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.getElementById("create-token")`)
	// Create a token for rita: shown once.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#create-token select[name=user]"), "rita"),
		chromedp.SendKeys(chromedp.CSS("#create-token input[name=label]"), "nightly export"),
		chromedp.Click(chromedp.CSS("#create-token button"))); err != nil {
		t.Fatalf("create token: %v", err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.getElementById("new-token-value")`)
	tok, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("new-token-value")))
	if err != nil {
		t.Fatal(err)
	}
	tok = strings.TrimSpace(tok)
	if got := apiMe(tok); got != http.StatusOK {
		t.Fatalf("new token: got %d, want 200", got)
	}
	shoot(t, ctx, art, "01-admin-token-created")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.querySelector("#tokens tr[data-token] button.danger")`)
	if eval(`document.body.innerText.includes(` + "`" + tok + "`" + `)`) {
		t.Errorf("the admin page shows the token a second time")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#tokens tr[data-token] button.danger"))); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.getElementById("admin-notice")`)
	if !eval(`document.querySelector("#tokens tr[data-token] .tag.bad") !== null`) {
		t.Errorf("after revoking: want the token marked revoked")
	}
	if got := apiMe(tok); got != http.StatusUnauthorized {
		t.Errorf("revoked token: got %d, want 401", got)
	}
	shoot(t, ctx, art, "02-admin-token-revoked")

	// The dashboard's tiles say on hover what they count.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/campaigns/service-followup-en")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && document.querySelectorAll(".tile[title]").length >= 5`)
	if !eval(`[...document.querySelectorAll(".tile")].some(t => t.textContent.includes("opt-out rate") && t.title.includes("Refusals are counted apart"))`) {
		t.Errorf("opt-out rate tile: want its definition as the hover title")
	}
	shoot(t, ctx, art, "03-campaign")

	// The sandbox form: the Type radio sits on one line with its label.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/sandbox")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.getElementById("start")`)
	if !eval(`(() => { const r = document.querySelector("fieldset input[type=radio]"), l = r.closest("label");
		const rb = r.getBoundingClientRect(), lb = l.getBoundingClientRect();
		return lb.height < 2 * rb.height + 12 && rb.right < lb.right - 20; })()`) {
		t.Errorf("Type radio: want it inline with its text, not stacked")
	}
	shoot(t, ctx, art, "04-sandbox")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("start"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.querySelector("#live-transcript li.agent")`)
	visible := func(id string) bool {
		return eval(`(() => { const e = document.getElementById("` + id + `"); return !!e && getComputedStyle(e).display !== "none" && e.offsetParent !== null; })()`)
	}
	if !visible("say") || !visible("hangup") {
		t.Errorf("during the call: want the Say box and Hang-up shown")
	}
	shoot(t, ctx, art, "05-sandbox-call")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#hangup button"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.getElementById("outcome").hidden`)
	if visible("say") || visible("hangup") {
		t.Errorf("after hang-up: got the Say box %v, Hang-up %v; want both hidden", visible("say"), visible("hangup"))
	}
	shoot(t, ctx, art, "06-sandbox-ended")
	// Reloaded, the ended call's page has no controls either.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.getElementById("sandbox")`)
	if visible("say") || visible("hangup") {
		t.Errorf("ended call reloaded: want no Say box or Hang-up")
	}
}
