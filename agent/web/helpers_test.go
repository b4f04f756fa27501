package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"candor/agent"
	"candor/agent/store"
	"candor/agent/store/sqlite"
	"candor/guardrails"
)

const (
	adminPW    = "admin-password-1"
	reviewerPW = "reviewer-password-1"
	rawNumber  = "+14155550123"
	blockedID  = "00c0ffee00000001"
	plainID    = "00c0ffee00000002"
)

// testApp is a server on 127.0.0.1 over a fresh store with an admin "ada",
// a reviewer "rita" and two calls.
type testApp struct {
	t     *testing.T
	st    *sqlite.Store
	srv   *Server
	ts    *httptest.Server
	recs  string
	mu    sync.Mutex
	clock time.Time
	// active counts the sandbox calls in progress (Config.Active).
	active gauge
}

// gauge counts calls in progress, as the process's metrics gauge does.
type gauge struct{ n atomic.Int64 }

func (g *gauge) Start() func() {
	g.n.Add(1)
	var once sync.Once
	return func() { once.Do(func() { g.n.Add(-1) }) }
}

func (a *testApp) now() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.clock
}

func (a *testApp) advance(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.clock = a.clock.Add(d)
}

func newTestApp(t *testing.T) *testApp {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "candor.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, u := range []struct {
		name, pw string
		role     store.Role
	}{{"ada", adminPW, store.RoleAdmin}, {"rita", reviewerPW, store.RoleReviewer}} {
		h, err := hashPassword(u.pw, bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddUser(ctx, u.name, u.role, h); err != nil {
			t.Fatal(err)
		}
	}
	for _, rec := range testCalls() {
		if err := st.SaveCall(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	a := &testApp{t: t, st: st, recs: filepath.Join(dir, "recordings"), clock: time.Now()}
	a.srv, err = New(Config{Store: st, RecordingsDir: a.recs, Now: a.now, Active: &a.active})
	if err != nil {
		t.Fatal(err)
	}
	a.ts = httptest.NewServer(a.srv)
	t.Cleanup(a.ts.Close)
	return a
}

// testCalls are a call with a blocked sentence and hostile callee text, and a plain one.
func testCalls() []*agent.CallRecord {
	t0 := time.Date(2025, 6, 2, 15, 0, 0, 0, time.UTC)
	return []*agent.CallRecord{{
		ID: blockedID, Campaign: "service-followup-en", Business: "Brightwater Plumbing Services LLC", Number: rawNumber, ContactRef: "Maria Lopez",
		StartedAt: t0, AnsweredAt: t0.Add(2 * time.Second), EndedAt: t0.Add(40 * time.Second),
		DisclosureText: "Hello, this is an AI assistant for Brightwater Plumbing.", DisclosureStart: t0.Add(2 * time.Second),
		DisclosureEnd: t0.Add(9 * time.Second), DisclosureComplete: true,
		Outcome: agent.OutcomeCompleted, EndReason: agent.EndReason("completed"),
		Turns: []agent.Turn{
			{Index: 0, Speaker: "agent", Text: "Hello, this is an AI assistant for Brightwater Plumbing.", At: t0.Add(2 * time.Second), Fixed: true},
			{Index: 1, Speaker: "callee", Text: "<script>alert(1)</script>", At: t0.Add(12 * time.Second)},
			{Index: 2, Speaker: "agent", Text: "I can only tell you what is in our records.", At: t0.Add(14 * time.Second), Fixed: true},
			{Index: 3, Speaker: "callee", Text: "ok bye", At: t0.Add(20 * time.Second)},
		},
		Events: []guardrails.Event{
			{Kind: guardrails.EventDisclose, Turn: 1},
			{Kind: guardrails.EventBlocked, Turn: 2, Category: guardrails.CategoryClaimsHuman, Rule: "claims to be human",
				Text: "Don't worry, I'm a real person.", Replacement: "I can only tell you what is in our records."},
		},
		Answers:     []agent.SurveyAnswer{{QuestionID: "satisfaction", Value: "4", Raw: "four"}},
		LatenciesMS: []int64{420, 380, 910},
	}, {
		ID: plainID, Campaign: "other", Business: "B", Number: "+14155550199",
		StartedAt: t0.Add(-48 * time.Hour), Outcome: agent.OutcomeNoAnswer,
	}}
}

// client is a browser-like client with its own cookie jar that does not
// follow redirects.
func (a *testApp) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches path and returns the status and body.
func (a *testApp) get(c *http.Client, path string, header ...string) (int, string, http.Header) {
	a.t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.ts.URL+path, nil)
	if err != nil {
		a.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func (a *testApp) post(c *http.Client, path string, form url.Values) (int, string) {
	a.t.Helper()
	resp, err := c.PostForm(a.ts.URL+path, form)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// csrfOf reads the CSRF token from a page's form.
func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field in page: %.300s", body)
	}
	return m[1]
}

// tryLogin submits the login form and returns the status.
func (a *testApp) tryLogin(c *http.Client, name, pw string) int {
	a.t.Helper()
	_, body, _ := a.get(c, "/login")
	code, _ := a.post(c, "/login", url.Values{"csrf": {csrfOf(a.t, body)}, "name": {name}, "password": {pw}})
	return code
}

// login returns a client logged in as name.
func (a *testApp) login(name, pw string) *http.Client {
	a.t.Helper()
	c := a.client()
	if code := a.tryLogin(c, name, pw); code != http.StatusSeeOther {
		a.t.Fatalf("login %s: got status %d, want 303", name, code)
	}
	return c
}

func contains(body, s string) bool { return strings.Contains(body, s) }

var _ Store = (*sqlite.Store)(nil)
