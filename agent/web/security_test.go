package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/phone"
)

func TestUnauthenticatedRefused(t *testing.T) {
	a := newTestApp(t)
	c := a.client()
	tests := []struct {
		method, path string
		header       []string
		want         int
		wantLoc      string
	}{
		{"GET", "/calls", nil, http.StatusSeeOther, "/login?next=%2Fcalls"},
		{"GET", "/", nil, http.StatusSeeOther, "/login"},
		{"GET", "/calls/" + blockedID, nil, http.StatusSeeOther, "/login?next="},
		{"GET", "/calls/" + blockedID + "/evidence.json", nil, http.StatusSeeOther, "/login"},
		{"GET", "/calls/" + blockedID + "/audio", nil, http.StatusSeeOther, "/login"},
		{"GET", "/campaigns/other", nil, http.StatusSeeOther, "/login"},
		{"GET", "/dnc.csv", nil, http.StatusSeeOther, "/login"},
		{"GET", "/no/such/page", nil, http.StatusSeeOther, "/login"},
		{"POST", "/calls/" + blockedID + "/review", nil, http.StatusSeeOther, "/login"},
		{"GET", "/api/calls", nil, http.StatusUnauthorized, ""},
		{"GET", "/api/me", []string{"Authorization", "Bearer not-a-token"}, http.StatusUnauthorized, ""},
		{"GET", "/api/me", []string{"Authorization", "Basic YWRhOmFkbWlu"}, http.StatusUnauthorized, ""},
		{"GET", "/calls", []string{"Cookie", sessionCookie + "=forged"}, http.StatusSeeOther, "/login"},
		{"GET", "/login", nil, http.StatusOK, ""},
		{"GET", "/static/style.css", nil, http.StatusOK, ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, a.ts.URL+tt.path, nil)
		for i := 0; i+1 < len(tt.header); i += 2 {
			req.Header.Set(tt.header[i], tt.header[i+1])
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%s %s: got status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.want)
		}
		if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, tt.wantLoc) {
			t.Errorf("%s %s: got Location %q, want prefix %q", tt.method, tt.path, loc, tt.wantLoc)
		}
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	a := newTestApp(t)
	c := a.client()
	_, body, _ := a.get(c, "/login")
	resp, err := c.PostForm(a.ts.URL+"/login", url.Values{"csrf": {csrfOf(t, body)}, "name": {"rita"}, "password": {reviewerPW}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var got *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			got = ck
		}
	}
	if got == nil || !got.HttpOnly || got.SameSite != http.SameSiteLaxMode || got.Path != "/" {
		t.Fatalf("session cookie: got %+v, want HttpOnly, SameSite=Lax, Path=/", got)
	}
	if got.Secure {
		t.Errorf("session cookie over plain HTTP: got Secure, want not Secure (Config.Secure is false)")
	}
	// Logging out ends the session on the server, not only in the browser.
	_, page, _ := a.get(c, "/calls")
	old := got.Value
	if code, _ := a.post(c, "/logout", url.Values{"csrf": {csrfOf(t, page)}}); code != http.StatusSeeOther {
		t.Fatalf("logout: got %d, want 303", code)
	}
	if code, _, _ := a.get(a.client(), "/calls", "Cookie", sessionCookie+"="+old); code != http.StatusSeeOther {
		t.Errorf("old session cookie after logout: got %d, want 303 to /login", code)
	}
}

func TestSecureCookieBehindTLS(t *testing.T) {
	a := newTestApp(t)
	a.srv.cfg.Secure = true
	rec := httptestRecorder(a, "rita", reviewerPW)
	for _, ck := range rec {
		if !ck.Secure {
			t.Errorf("cookie %s with Secure config: got not Secure, want Secure", ck.Name)
		}
	}
	if len(rec) == 0 {
		t.Fatal("no cookies set by login")
	}
}

// httptestRecorder logs in through the handler directly (no network) and
// returns the cookies set.
func httptestRecorder(a *testApp, name, pw string) []*http.Cookie {
	c := a.client()
	_, body, _ := a.get(c, "/login")
	u, _ := url.Parse(a.ts.URL + "/login")
	form := url.Values{"csrf": {csrfOf(a.t, body)}, "name": {name}, "password": {pw}}
	req, _ := http.NewRequest(http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range c.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		a.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Cookies()
}

func TestReviewerSeesMaskedNumbersAndNoAdminPages(t *testing.T) {
	a := newTestApp(t)
	rita := a.login("rita", reviewerPW)
	masked := phone.Mask(rawNumber)
	pages := []string{"/calls", "/calls/" + blockedID, "/calls/" + blockedID + "/evidence.json", "/api/calls"}
	for _, p := range pages {
		code, body, _ := a.get(rita, p)
		if code != http.StatusOK {
			t.Errorf("reviewer GET %s: got %d, want 200", p, code)
		}
		if contains(body, rawNumber) || contains(body, "&#43;14155550123") || contains(body, "\\u002b14155550123") {
			t.Errorf("reviewer GET %s: raw number shown, want it masked", p)
		}
		if p != "/api/calls" && !contains(body, masked) && !contains(body, strings.ReplaceAll(masked, "+", "&#43;")) {
			t.Errorf("reviewer GET %s: got no masked number %q in the page", p, masked)
		}
	}
	for _, p := range []string{"/dnc.csv", "/dnc.json", "/api/dnc"} {
		if code, body, _ := a.get(rita, p); code != http.StatusForbidden || contains(body, rawNumber) {
			t.Errorf("reviewer GET %s: got %d, want 403 without numbers", p, code)
		}
	}
	// The same with the reviewer's API token.
	tok, hash := NewToken()
	if err := a.st.AddAPIToken(context.Background(), "rita", hash, "test"); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := a.get(a.client(), "/api/dnc", "Authorization", "Bearer "+tok); code != http.StatusForbidden {
		t.Errorf("reviewer token GET /api/dnc: got %d, want 403", code)
	}
	if code, body, _ := a.get(a.client(), "/api/me", "Authorization", "Bearer "+tok); code != http.StatusOK || !contains(body, `"reviewer"`) {
		t.Errorf("reviewer token GET /api/me: got %d %s, want 200 with role reviewer", code, body)
	}
	log, err := a.st.AuditLog(context.Background(), 10)
	if err != nil || len(log) != 0 {
		t.Errorf("audit log after reviewer views: got %v, %v, want empty", log, err)
	}
}

func TestAdminRawNumbersAreAudited(t *testing.T) {
	a := newTestApp(t)
	ada := a.login("ada", adminPW)
	ctx := context.Background()
	tests := []struct {
		path, want, action string
	}{
		{"/calls/" + blockedID, "&#43;14155550123", "view_raw_number"},
		{"/calls/" + blockedID + "/evidence.json", `"number": "+14155550123"`, "export_evidence_raw_number"},
		{"/dnc.csv", "", "export_dnc"},
	}
	for i, tt := range tests {
		code, body, _ := a.get(ada, tt.path)
		if code != http.StatusOK || !contains(body, tt.want) {
			t.Errorf("admin GET %s: got %d, want 200 containing %q", tt.path, code, tt.want)
		}
		log, err := a.st.AuditLog(ctx, 100)
		if err != nil || len(log) != i+1 || log[0].Action != tt.action || log[0].Actor != "ada" {
			t.Errorf("audit after GET %s: got %+v, %v, want %d entries, newest %s by ada", tt.path, log, err, i+1, tt.action)
		}
	}
	// The list never shows raw numbers, so it writes nothing.
	if _, body, _ := a.get(ada, "/calls"); contains(body, "&#43;14155550123") {
		t.Errorf("admin /calls: got a raw number, want masked in lists")
	}
}

func TestCSRFEnforced(t *testing.T) {
	a := newTestApp(t)
	rita := a.login("rita", reviewerPW)
	_, page, _ := a.get(rita, "/calls/"+blockedID)
	token := csrfOf(t, page)
	path := "/calls/" + blockedID + "/review"
	tests := []struct {
		name string
		form url.Values
		want int
	}{
		{"no token", url.Values{"action": {"flag"}}, http.StatusForbidden},
		{"empty token", url.Values{"action": {"flag"}, "csrf": {""}}, http.StatusForbidden},
		{"wrong token", url.Values{"action": {"flag"}, "csrf": {token + "x"}}, http.StatusForbidden},
		{"right token", url.Values{"action": {"flag"}, "csrf": {token}}, http.StatusSeeOther},
	}
	for _, tt := range tests {
		if code, _ := a.post(rita, path, tt.form); code != tt.want {
			t.Errorf("%s: POST review: got %d, want %d", tt.name, code, tt.want)
		}
	}
	rs, err := a.st.Reviews(context.Background(), blockedID)
	if err != nil || len(rs) != 1 || rs[0].Reviewer != "rita" {
		t.Errorf("reviews after the POSTs: got %+v, %v, want one flag by rita", rs, err)
	}
	// Another user's token does not work either.
	ada := a.login("ada", adminPW)
	if code, _ := a.post(ada, path, url.Values{"action": {"flag"}, "csrf": {token}}); code != http.StatusForbidden {
		t.Errorf("POST with another session's token: got %d, want 403", code)
	}
	if code, _ := a.post(rita, "/logout", url.Values{}); code != http.StatusForbidden {
		t.Errorf("logout without token: got %d, want 403", code)
	}
	// The login form is protected by a double-submit cookie.
	if code, _ := a.post(a.client(), "/login", url.Values{"name": {"rita"}, "password": {reviewerPW}}); code != http.StatusForbidden {
		t.Errorf("login without token: got %d, want 403", code)
	}
}

func TestCalleeTextIsEscaped(t *testing.T) {
	a := newTestApp(t)
	_, body, _ := a.get(a.login("rita", reviewerPW), "/calls/"+blockedID)
	if contains(body, "<script>alert(1)</script>") {
		t.Fatalf("callee speech rendered as markup: got <script> in the page")
	}
	if !contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("callee speech: got no escaped text, want &lt;script&gt;alert(1)&lt;/script&gt;")
	}
}

func TestCallPageShowsGuardrails(t *testing.T) {
	a := newTestApp(t)
	_, body, _ := a.get(a.login("rita", reviewerPW), "/calls/"+blockedID)
	for _, want := range []string{
		"1 blocked sentence", "claims human", "Don&#39;t worry, I&#39;m a real person.",
		"Said instead: “I can only tell you what is in our records.”",
		"Played in full from 0:02.0 to 0:09.0", "median 420 ms", "No recording.", "0:12.0",
	} {
		if !contains(body, want) {
			t.Errorf("call page: got no %q", want)
		}
	}
}

func writeWAV(t *testing.T, path string) {
	t.Helper()
	samples := make([]int16, 8000)
	for i := range samples {
		samples[i] = int16((i % 80) * 300)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := audio.WriteWAV(f, 8000, samples); err != nil {
		t.Fatal(err)
	}
}

func TestAudioPathsCannotEscape(t *testing.T) {
	a := newTestApp(t)
	if err := os.MkdirAll(a.recs, 0o755); err != nil {
		t.Fatal(err)
	}
	writeWAV(t, filepath.Join(a.recs, blockedID+".wav"))
	secret := filepath.Join(filepath.Dir(a.recs), "secret.wav")
	writeWAV(t, secret)
	// A link inside the folder that points out of it.
	if err := os.Symlink(secret, filepath.Join(a.recs, plainID+".wav")); err != nil {
		t.Fatal(err)
	}
	rita := a.login("rita", reviewerPW)
	tests := []struct {
		path string
		want int
	}{
		{"/calls/" + blockedID + "/audio", http.StatusOK},
		{"/calls/" + plainID + "/audio", http.StatusNotFound},
		{"/calls/..%2fsecret/audio", http.StatusNotFound},
		{"/calls/%2e%2e/audio", http.StatusNotFound},
		{"/calls/..%2f..%2fetc%2fpasswd/audio", http.StatusNotFound},
		{"/calls/00C0FFEE00000001/audio", http.StatusNotFound},
		{"/calls/00c0ffee00000003/audio", http.StatusNotFound},
	}
	for _, tt := range tests {
		code, body, h := a.get(rita, tt.path)
		if code != tt.want {
			t.Errorf("GET %s: got %d, want %d", tt.path, code, tt.want)
		}
		if code == http.StatusOK && (h.Get("Content-Type") != "audio/wav" || !strings.HasPrefix(body, "RIFF")) {
			t.Errorf("GET %s: got %q starting %.4q, want audio/wav RIFF", tt.path, h.Get("Content-Type"), body)
		}
	}
	// The one play (and only it, not the refused paths or a later range
	// request) is in the audit log.
	if code, _, _ := a.get(rita, "/calls/"+blockedID+"/audio", "Range", "bytes=100-"); code != http.StatusPartialContent {
		t.Errorf("range request: got %d, want 206", code)
	}
	log, err := a.st.AuditLog(context.Background(), 10)
	if err != nil || len(log) != 1 || log[0].Actor != "rita" || log[0].Action != "play_recording" || log[0].Subject != blockedID {
		t.Errorf("audit log after plays: got %+v, %v, want one play_recording of %s by rita", log, err, blockedID)
	}
	_, page, _ := a.get(rita, "/calls/"+blockedID)
	if !contains(page, `<audio id="player"`) || !contains(page, `<svg class="wave"`) || strings.Count(page, "<rect x=") < waveBars {
		t.Errorf("call page with a recording: got no player or no %d-bar waveform", waveBars)
	}
	if _, page, _ := a.get(rita, "/calls/"+plainID); contains(page, `<audio`) {
		t.Errorf("call whose recording escapes the folder: got a player, want none")
	}
}

func TestLoginRateLimited(t *testing.T) {
	a := newTestApp(t)
	c := a.client()
	fail5 := func() {
		t.Helper()
		for i := range 5 {
			if code := a.tryLogin(c, "rita", "wrong-password"); code != http.StatusUnauthorized {
				t.Fatalf("failed login %d: got %d, want 401", i+1, code)
			}
		}
	}
	fail5()
	if code := a.tryLogin(c, "rita", reviewerPW); code != http.StatusTooManyRequests {
		t.Errorf("6th login (right password) within the minute: got %d, want 429", code)
	}
	if code := a.tryLogin(c, "ada", adminPW); code != http.StatusSeeOther {
		t.Errorf("other user from the same address: got %d, want 303 (no lock on the address)", code)
	}
	a.advance(61 * time.Second)
	if code := a.tryLogin(c, "rita", reviewerPW); code != http.StatusSeeOther {
		t.Errorf("login after the first lockout: got %d, want 303", code)
	}
	// A success clears the count; five more failures lock rita out for
	// one minute again (the strikes of a cleared key start afresh).
	fail5()
	a.advance(61 * time.Second)
	if code := a.tryLogin(c, "rita", reviewerPW); code != http.StatusSeeOther {
		t.Errorf("login after a second lockout: got %d, want 303", code)
	}
}

func TestLimiterBackoff(t *testing.T) {
	l := newLimiter(3, time.Minute)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	failN := func(from time.Duration, key string) {
		for i := range 3 {
			l.fail(at(from+time.Duration(i)*time.Second), key)
		}
	}
	check := func(key string, d time.Duration, want bool) {
		t.Helper()
		if got, _ := l.blocked(at(d), key); got != want {
			t.Errorf("blocked(%s at +%v): got %v, want %v", key, d, got, want)
		}
	}
	failN(0, "user:rita@1") // locked at 0:02 for a minute
	check("user:rita@1", 30*time.Second, true)
	check("user:rita@2", 30*time.Second, false) // another address
	check("user:ada@1", 30*time.Second, false)  // another account, same address
	check("user:rita@1", 63*time.Second, false)
	failN(70*time.Second, "user:rita@1") // locked again at 1:12, for two minutes
	check("user:rita@1", 72*time.Second+119*time.Second, true)
	check("user:rita@1", 72*time.Second+121*time.Second, false)
	// Two failures do not lock; quiet for maxLock, the strikes are forgotten.
	l.fail(at(time.Hour), "user:bob@1")
	l.fail(at(time.Hour), "user:bob@1")
	if got, _ := l.blocked(at(time.Hour), "user:bob@1"); got {
		t.Errorf("two failures: got blocked, want not")
	}
	failN(72*time.Second+l.maxLock+time.Minute, "user:rita@1")
	if _, wait := l.blocked(at(72*time.Second+l.maxLock+time.Minute+3*time.Second), "user:rita@1"); wait > time.Minute {
		t.Errorf("after a quiet spell: got a %v lockout, want at most a minute", wait)
	}
}

// The callee's name is masked like the number for roles not allowed raw
// data, in the evidence export and the API; an admin sees it (audited).
func TestNamesMaskedLikeNumbers(t *testing.T) {
	a := newTestApp(t)
	rita := a.login("rita", reviewerPW)
	tok, hash := NewToken()
	if err := a.st.AddAPIToken(context.Background(), "rita", hash, "test"); err != nil {
		t.Fatal(err)
	}
	for _, get := range []func() (int, string, http.Header){
		func() (int, string, http.Header) { return a.get(rita, "/calls/"+blockedID+"/evidence.json") },
		func() (int, string, http.Header) {
			return a.get(a.client(), "/api/calls/"+blockedID, "Authorization", "Bearer "+tok)
		},
	} {
		code, body, _ := get()
		if code != http.StatusOK || contains(body, "Lopez") || !contains(body, `"contact_ref": "M••• L•••"`) {
			t.Errorf("reviewer evidence: got %d, want 200 with the name masked as M••• L•••; %.600s", code, body)
		}
	}
	ada := a.login("ada", adminPW)
	if code, body, _ := a.get(ada, "/calls/"+blockedID+"/evidence.json"); code != http.StatusOK || !contains(body, "Maria Lopez") {
		t.Errorf("admin evidence: got %d, want 200 with the raw name", code)
	}
	for _, tc := range []struct{ in, want string }{{"", ""}, {"Maria Lopez", "M••• L•••"}, {" 王小明 ", "王•••"}} {
		if got := MaskName(tc.in); got != tc.want {
			t.Errorf("MaskName(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A body over the limit is refused 413, before the CSRF check could say 403.
func TestBodyTooLarge(t *testing.T) {
	a := newTestApp(t)
	ada := a.login("ada", adminPW)
	_, page, _ := a.get(ada, "/calls/"+blockedID)
	big := strings.Repeat("x", 2<<20)
	code, body := a.post(ada, "/calls/"+blockedID+"/review", url.Values{"csrf": {csrfOf(t, page)}, "action": {"comment"}, "comment": {big}})
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB review: got %d, want 413; %.200s", code, body)
	}
	code, _ = a.post(a.client(), "/login", url.Values{"name": {"ada"}, "password": {strings.Repeat("p", 64<<10)}})
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("64 KiB login: got %d, want 413", code)
	}
}

// Sandbox calls live apart: not in a campaign's figures, shown in their own
// space, and a sandbox-only campaign is listed apart.
func TestSandboxSpace(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	for i, o := range []agent.Outcome{agent.OutcomeOptOut, agent.OutcomeOptOut, agent.OutcomeCompleted} {
		for _, camp := range []string{"service-followup-en", "draft-x"} {
			rec := &agent.CallRecord{ID: fmt.Sprintf("5a0d%04x%s", i, map[string]string{"draft-x": "1", "service-followup-en": "2"}[camp]),
				Campaign: camp, Business: "B", Number: "+15555550100", Sandbox: true, Outcome: o, AnsweredAt: time.Now()}
			if err := a.st.SaveCall(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	rita := a.login("rita", reviewerPW)
	_, page, _ := a.get(rita, "/campaigns/service-followup-en")
	if !contains(page, `<b>1</b><span>calls</span>`) || contains(page, ">opted_out</text>") || !contains(page, "?space=sandbox") {
		t.Errorf("production dashboard: want 1 call, no sandbox opt-outs, a link to the sandbox space; %.3000s", page)
	}
	_, page, _ = a.get(rita, "/campaigns/service-followup-en?space=sandbox")
	if !contains(page, `<b>3</b><span>calls</span>`) || !contains(page, ">opted_out</text>") {
		t.Errorf("sandbox space: want its 3 calls with the opt-outs; %.3000s", page)
	}
	_, page, _ = a.get(rita, "/campaigns")
	i := strings.Index(page, "Tried in the sandbox only")
	if i < 0 || !strings.Contains(page[i:], "draft-x") || strings.Contains(page[:i], "draft-x") {
		t.Errorf("campaign list: want draft-x under the sandbox-only heading; %.2000s", page)
	}
}
