// Package web serves candor's pages for QA reviewers and administrators and
// a small JSON API: the call list with filters, each call's transcript with
// its guardrail events, disclosure proof, latencies, recording and review
// actions, evidence and do-not-call exports, and campaign dashboards.
//
// Pages are server-rendered with html/template from embedded files (no CDN,
// no build step); charts and waveforms are SVG drawn by the server. Every
// route but /login and /static/ needs a session cookie or a Bearer API
// token; forms carry a per-session CSRF token; failed logins lock out an
// account, per client address, with backoff; phone numbers are masked except for
// admins, and each view of a raw number is written to the audit log.
//
// Serve runs the app with /metrics and, given a Twilio account, Twilio's
// media streams and status callbacks on one listener; NewAccount prepares
// the accounts `candor user add` creates.
package web

import (
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/carrier"
	"candor/agent/store"
	"candor/agent/telephony/webrtc"
	"candor/prompts"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Store is what the web app needs of candor's store (*sqlite.Store).
type Store interface {
	UserByName(ctx context.Context, name string) (store.User, error)
	CreateSession(ctx context.Context, tokenHash string, userID int64, csrf string, expires time.Time) error
	SessionByHash(ctx context.Context, tokenHash string) (store.WebSession, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	UserByAPIToken(ctx context.Context, tokenHash string) (store.User, error)

	// Account administration (the admin page).
	AddUser(ctx context.Context, name string, role store.Role, passwordHash string) (store.User, error)
	ListUsers(ctx context.Context) ([]store.User, error)
	SetUserDisabled(ctx context.Context, name string, disabled bool) error
	SetUserRole(ctx context.Context, name string, role store.Role) error
	AddAPIToken(ctx context.Context, name, tokenHash, label string) error
	ListAPITokens(ctx context.Context) ([]store.APIToken, error)
	RevokeAPIToken(ctx context.Context, id int64) (store.APIToken, error)

	ReviewCalls(ctx context.Context, f store.ReviewFilter) ([]store.ReviewSummary, error)
	// CallPage is one page of the call list.
	CallPage(ctx context.Context, f store.PageFilter) (store.CallPage, error)
	Call(ctx context.Context, id string) (*agent.CallRecord, error)
	AddReview(ctx context.Context, r store.Review) (store.Review, error)
	Reviews(ctx context.Context, callID string) ([]store.Review, error)
	Audit(ctx context.Context, entries ...store.AuditEntry) error
	AuditLog(ctx context.Context, limit int) ([]store.AuditEntry, error)
	ListDNC(ctx context.Context, business string) ([]agent.OptOut, error)

	Campaigns(ctx context.Context) ([]string, error)
	// ProductionCampaigns and CampaignFacts feed the dashboards (through
	// report.Compute, as for `candor report` and /metrics).
	ProductionCampaigns(ctx context.Context) ([]string, error)
	CampaignFacts(ctx context.Context, campaign string, sandbox bool) (store.CampaignFacts, error)
	// CampaignProgress feeds a campaign's progress bar.
	CampaignProgress(ctx context.Context, campaign string, now time.Time) (store.Progress, error)
}

// Config configures a Server. Store is required.
type Config struct {
	Store Store
	// RecordingsDir holds call recordings named <callid>.wav ("" for none).
	RecordingsDir string
	// Secure marks cookies Secure (set when serving TLS).
	Secure bool
	// SessionTTL is how long a login lasts (default 12 hours).
	SessionTTL time.Duration
	// LoginLimit failed logins per LoginWindow for one account from one
	// client address (and 4 times as many for one account from anywhere)
	// lock that out, for LoginWindow the first time and twice as long each
	// time after (default 5 per minute). Other accounts behind the same
	// address are not affected.
	LoginLimit  int
	LoginWindow time.Duration
	// Campaign looks up a campaign by name for the dashboard's question texts
	// (default prompts.Example; never a file path taken from a URL).
	Campaign func(name string) (*prompts.Campaign, error)
	// Campaigns are the campaigns whose businesses the do-not-call export's
	// ?business= may name, by id, display name or registered name in any
	// case (store.ResolveBusiness; default: the embedded examples).
	Campaigns []*prompts.Campaign
	// Now is the clock (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger

	// Hub feeds the live view (default: a new one; pass the same hub as the
	// Observer of calls this process places to show them live).
	Hub *Hub
	// CallStore saves sandbox calls (default: Store, when it is one).
	CallStore agent.Store
	// NewResponder makes a sandbox call's responder (nil: the controller's
	// default, the campaign script).
	NewResponder func(c *prompts.Campaign) (agent.Responder, error)
	// Voice provides speech for spoken sandbox calls (nil: typed only).
	Voice *carrier.Speech
	// WebRTC chooses the network of spoken sandbox calls (default: loopback).
	WebRTC webrtc.Config
	// SandboxNoInput is how long a sandbox call waits for the callee (default 2 min).
	SandboxNoInput time.Duration
	// SandboxIdle ends a sandbox call whose callee has said nothing for this
	// long (default DefaultSandboxIdle); a designer runs at most
	// MaxSandboxCallsPerOwner at once.
	SandboxIdle time.Duration
	// Active, when set, counts sandbox calls while they run (the process's
	// active-calls gauge): Start is called as one begins, done as it ends.
	Active interface{ Start() (done func()) }
	// Workers, when set, are the dialer workers this process runs (their
	// hub must be Hub): admins may pause and resume them on the campaign page.
	Workers *Workers
	// ProgressEvery is how often a campaign's progress stream looks at the
	// queue (default 1 s).
	ProgressEvery time.Duration
}

// accountLimitFactor: one account from any address may fail this many times
// the per-address limit (a guess spread over many addresses).
const accountLimitFactor = 4

// Server is the web app. It is an http.Handler.
type Server struct {
	cfg   Config
	mux   *http.ServeMux
	pages map[string]*template.Template
	// limiter counts failed logins per account and client address;
	// accounts per account from any address, with a higher limit.
	limiter  *limiter
	accounts *limiter
	// dummyHash is compared against for unknown users, so that a login
	// takes as long whether or not the name exists.
	dummyHash string

	hub       *Hub
	idleTick  time.Duration // how often idle sandbox calls are looked for
	sbMu      sync.Mutex
	sandboxes map[string]*sandboxCall
	// ctx ends with Close: live streams and sandbox calls stop.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

var _ http.Handler = (*Server)(nil)

// New checks cfg, fills its defaults and parses the templates.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("%w: no store", ErrConfig)
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.LoginLimit <= 0 {
		cfg.LoginLimit = 5
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = time.Minute
	}
	if cfg.Campaign == nil {
		cfg.Campaign = prompts.Example
	}
	if cfg.Campaigns == nil {
		camps, err := prompts.Campaigns(nil)
		if err != nil {
			return nil, err
		}
		cfg.Campaigns = camps
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Hub == nil {
		cfg.Hub = NewHub()
	}
	if cfg.CallStore == nil {
		cfg.CallStore, _ = cfg.Store.(agent.Store)
	}
	if cfg.SandboxNoInput <= 0 {
		cfg.SandboxNoInput = 2 * time.Minute
	}
	if cfg.SandboxIdle <= 0 {
		cfg.SandboxIdle = DefaultSandboxIdle
	}
	s := &Server{cfg: cfg, pages: map[string]*template.Template{}, limiter: newLimiter(cfg.LoginLimit, cfg.LoginWindow),
		accounts: newLimiter(accountLimitFactor*cfg.LoginLimit, cfg.LoginWindow),
		hub:      cfg.Hub, sandboxes: map[string]*sandboxCall{}, idleTick: 5 * time.Second}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	h, err := hashPassword("not-a-real-password", bcryptCost)
	if err != nil {
		return nil, err
	}
	s.dummyHash = h
	for _, page := range []string{"login", "calls", "call", "campaigns", "campaign", "error", "live", "sandbox", "sandbox_call", "admin"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/"+page+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", page, err)
		}
		s.pages[page] = t
	}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(staticFiles, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.logout)
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/calls", http.StatusSeeOther) })
	m.HandleFunc("GET /calls", s.callList)
	m.HandleFunc("GET /calls/{id}", s.callPage)
	m.HandleFunc("POST /calls/{id}/review", s.review)
	m.HandleFunc("GET /calls/{id}/evidence.json", s.evidence)
	m.HandleFunc("GET /calls/{id}/audio", s.audio)
	m.HandleFunc("GET /campaigns", s.campaignList)
	m.HandleFunc("GET /campaigns/{name}", s.campaignPage)
	m.HandleFunc("GET /campaigns/{name}/progress", s.progressJSON)
	m.HandleFunc("GET /campaigns/{name}/progress/events", s.progressEvents)
	m.HandleFunc("POST /campaigns/{name}/pause", s.admin(s.pauseCampaign))
	m.HandleFunc("POST /campaigns/{name}/resume", s.admin(s.pauseCampaign))
	m.HandleFunc("GET /dnc.csv", s.admin(s.dncCSV))
	m.HandleFunc("GET /dnc.json", s.admin(s.dncJSON))
	m.HandleFunc("GET /api/me", s.apiMe)
	m.HandleFunc("GET /api/calls", s.apiCalls)
	m.HandleFunc("GET /api/calls/{id}", s.evidence)
	m.HandleFunc("GET /api/dnc", s.admin(s.dncJSON))
	m.HandleFunc("GET /admin", s.admin(s.adminPage))
	m.HandleFunc("POST /admin/users", s.admin(s.adminAddUser))
	m.HandleFunc("POST /admin/users/{name}", s.admin(s.adminUser))
	m.HandleFunc("POST /admin/tokens", s.admin(s.adminCreateToken))
	m.HandleFunc("POST /admin/tokens/{id}/revoke", s.admin(s.adminRevokeToken))
	m.HandleFunc("GET /live", s.livePage)
	m.HandleFunc("GET /live/events", s.liveEvents)
	m.HandleFunc("GET /sandbox", s.designer(s.sandboxPage))
	m.HandleFunc("POST /sandbox", s.designer(s.sandboxStart))
	m.HandleFunc("GET /sandbox/{id}", s.designer(s.sandboxCallPage))
	m.HandleFunc("POST /sandbox/{id}/say", s.designer(s.sandboxSay))
	m.HandleFunc("POST /sandbox/{id}/hangup", s.designer(s.sandboxHangup))
	m.HandleFunc("POST /sandbox/{id}/offer", s.designer(s.sandboxOffer))
	s.mux = m
}

// Hub is the live view's hub (use its Observer for calls this process places).
func (s *Server) Hub() *Hub { return s.hub }

// Close ends live streams and running sandbox calls and waits for the calls
// to be stored.
func (s *Server) Close() error {
	s.cancel()
	s.wg.Wait()
	return nil
}

// principal is who makes a request.
type principal struct {
	User store.User
	// CSRF is the session's form token ("" for API tokens).
	CSRF string
	// SessionHash identifies the session (for logout).
	SessionHash string
}

func (p *principal) admin() bool { return p.User.Role == store.RoleAdmin }

type ctxKey struct{}

func who(r *http.Request) *principal {
	p, _ := r.Context().Value(ctxKey{}).(*principal)
	return p
}

const (
	sessionCookie = "candor_session"
	loginCSRF     = "candor_login_csrf"
)

// public paths need no login.
func public(path string) bool {
	return path == "/login" || path == "/favicon.ico" || strings.HasPrefix(path, "/static/")
}

func isAPI(path string) bool { return path == "/api" || strings.HasPrefix(path, "/api/") }

// ServeHTTP authenticates the request, enforces CSRF on cookie-authenticated
// writes and dispatches it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	if public(r.URL.Path) {
		s.mux.ServeHTTP(w, r)
		return
	}
	p, viaCookie := s.authenticate(r)
	if p == nil {
		if isAPI(r.URL.Path) {
			h.Set("WWW-Authenticate", `Bearer realm="candor"`)
			writeJSONError(w, http.StatusUnauthorized, "authentication required")
			return
		}
		target := "/login"
		if r.Method == http.MethodGet && r.URL.Path != "/" {
			target += "?next=" + url.QueryEscape(r.URL.RequestURI())
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	if !safeMethod(r.Method) {
		// Bound what a form may send (a campaign upload is the largest).
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	}
	if viaCookie && !safeMethod(r.Method) {
		if !s.parseForm(w, r) {
			return
		}
		if !constantEqual(r.PostFormValue("csrf"), p.CSRF) {
			s.fail(w, r, http.StatusForbidden, "missing or wrong CSRF token: reload the page and try again")
			return
		}
	}
	h.Set("Cache-Control", "no-store")
	s.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, p)))
}

// parseForm reads the request's form (multipart or not); a body over the
// limit is answered 413, an unreadable one 400.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(maxMemory)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.fail(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is larger than %d KiB", tooBig.Limit>>10))
		return false
	case err != nil:
		s.fail(w, r, http.StatusBadRequest, "unreadable form")
		return false
	}
	return true
}

// maxMemory is how much of a multipart form is kept in memory (the body
// limit is lower still).
const maxMemory = 2 << 20

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

func constantEqual(a, b string) bool {
	return a != "" && b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// authenticate finds the principal from a Bearer token or the session
// cookie; viaCookie is true for the latter (the browser sends it unasked,
// so writes need the CSRF token).
func (s *Server) authenticate(r *http.Request) (p *principal, viaCookie bool) {
	ctx := r.Context()
	if a := r.Header.Get("Authorization"); a != "" {
		tok, ok := strings.CutPrefix(a, "Bearer ")
		if !ok || tok == "" {
			return nil, false
		}
		u, err := s.cfg.Store.UserByAPIToken(ctx, TokenHash(strings.TrimSpace(tok)))
		if err != nil {
			return nil, false
		}
		return &principal{User: u}, false
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, false
	}
	hash := TokenHash(c.Value)
	ws, err := s.cfg.Store.SessionByHash(ctx, hash)
	if err != nil {
		return nil, false
	}
	return &principal{User: ws.User, CSRF: ws.CSRF, SessionHash: hash}, true
}

// admin wraps a handler that only admins may use.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if p := who(r); p == nil || !p.admin() {
			s.fail(w, r, http.StatusForbidden, "this needs the admin role")
			return
		}
		h(w, r)
	}
}

// loginData is the login page's model.
type loginData struct {
	Next  string
	Error string
	CSRF  string
	Name  string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

// renderLogin sets a fresh double-submit CSRF cookie and shows the form.
func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	// Reuse the browser's token if it has one: a second tab (or a favicon
	// request redirected here) must not invalidate the form already shown.
	tok := ""
	if c, err := r.Cookie(loginCSRF); err == nil && len(c.Value) == 43 {
		tok = c.Value
	} else {
		tok, _ = NewToken()
	}
	http.SetCookie(w, &http.Cookie{Name: loginCSRF, Value: tok, Path: "/login", HttpOnly: true,
		Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	d.CSRF = tok
	s.render(w, r, status, "login", "Log in", d)
}

// safeNext keeps only local paths as a post-login target. Control
// characters are refused: browsers drop tabs and newlines from URLs, so
// "/\t/evil.example" would become the off-site "//evil.example".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/calls"
	}
	return next
}

// limitKey bounds what a login's name adds to the limiter's keys (a name
// longer than any valid one is cut: it matches no account anyway).
func limitKey(name string) string {
	if len(name) > 64 {
		return name[:64]
	}
	return name
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if !s.parseForm(w, r) {
		return
	}
	c, err := r.Cookie(loginCSRF)
	if err != nil || !constantEqual(c.Value, r.PostFormValue("csrf")) {
		s.fail(w, r, http.StatusForbidden, "missing or wrong CSRF token: reload the login page")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	now := s.cfg.Now()
	account := "user:" + strings.ToLower(limitKey(name))
	pair := account + "@" + clientIP(r)
	overPair, waitPair := s.limiter.blocked(now, pair)
	overAcct, waitAcct := s.accounts.blocked(now, account)
	if overPair || overAcct {
		wait := max(waitPair, waitAcct)
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		s.renderLogin(w, r, http.StatusTooManyRequests, loginData{Next: next, Name: name,
			Error: fmt.Sprintf("Too many failed logins for this account. Try again in %s.", wait.Round(time.Second))})
		return
	}
	u, err := s.cfg.Store.UserByName(r.Context(), name)
	hash := s.dummyHash
	if err == nil {
		hash = u.PasswordHash
	}
	if !checkPassword(hash, password) || err != nil || u.Disabled {
		s.limiter.fail(now, pair)
		s.accounts.fail(now, account)
		s.cfg.Logger.Info("login failed", "ip", clientIP(r))
		s.renderLogin(w, r, http.StatusUnauthorized, loginData{Next: next, Name: name, Error: "Wrong name or password."})
		return
	}
	s.limiter.succeed(pair)
	tok, hashTok := NewToken()
	csrf, _ := NewToken()
	if err := s.cfg.Store.CreateSession(r.Context(), hashTok, u.ID, csrf, now.Add(s.cfg.SessionTTL)); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionTTL.Seconds())})
	http.SetCookie(w, &http.Cookie{Name: loginCSRF, Value: "", Path: "/login", MaxAge: -1, HttpOnly: true, Secure: s.cfg.Secure})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if p := who(r); p != nil && p.SessionHash != "" {
		if err := s.cfg.Store.DeleteSession(r.Context(), p.SessionHash); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// page is what every template gets.
type page struct {
	Title string
	User  *store.User
	CSRF  string
	Path  string
	Data  any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	p := page{Title: title, Data: data, Path: r.URL.Path}
	if who := who(r); who != nil {
		p.User, p.CSRF = &who.User, who.CSRF
	}
	var buf strings.Builder
	if err := s.pages[name].Execute(&buf, p); err != nil {
		s.cfg.Logger.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(buf.String()))
}

// fail answers with an error page, or JSON for the API.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if isAPI(r.URL.Path) || strings.HasSuffix(r.URL.Path, ".json") || strings.HasSuffix(r.URL.Path, ".csv") {
		writeJSONError(w, status, msg)
		return
	}
	s.render(w, r, status, "error", http.StatusText(status), msg)
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "not found")
		return
	}
	s.cfg.Logger.Error("request failed", "path", r.URL.Path, "err", err)
	s.fail(w, r, http.StatusInternalServerError, "internal error")
}
